//! A font's ToUnicode map checked before lopdf parses it. lopdf 0.47 builds a reverse
//! map entry for every code of every `bfrange`, so one line `<00000000> <FFFFFFFF>
//! <0041>` would have it loop four billion times and allocate tens of gigabytes. The
//! ranges are added up here, over-counting whatever is not plainly a range line, and
//! a map spanning more codes than any font has is refused.

use lopdf_lettura::{Dictionary, Document, Object};

use super::{MAX_FLUSSO, RifiutoCv, rifiuto};

/// Codes a ToUnicode map's ranges may span: two-byte CID fonts use at most 65,536,
/// one-byte fonts 256.
const MAX_CODICI: u64 = 1 << 17;

pub(super) fn controlla(doc: &Document, font: &Dictionary) -> Result<(), RifiutoCv> {
    let Ok(Object::Stream(mappa)) = font.get_deref(b"ToUnicode", doc) else {
        return Ok(());
    };
    let mappa = mappa
        .get_plain_content_with_limit(MAX_FLUSSO)
        .map_err(rifiuto)?;
    if codici(&mappa) > MAX_CODICI {
        return Err(RifiutoCv::illeggibile(
            "contiene una tabella dei caratteri anomala",
        ));
    }
    Ok(())
}

/// The codes the `bfrange` sections of `mappa` span, added up.
fn codici(mappa: &[u8]) -> u64 {
    let mut totale = 0u64;
    let mut resto = mappa;
    while let Some(i) = trova(resto, b"beginbfrange") {
        resto = &resto[i + b"beginbfrange".len()..];
        let fine = trova(resto, b"endbfrange").unwrap_or(resto.len());
        totale = totale.saturating_add(intervalli(&resto[..fine]));
        resto = &resto[fine..];
    }
    totale
}

fn trova(bytes: &[u8], parola: &[u8]) -> Option<usize> {
    bytes.windows(parola.len()).position(|w| w == parola)
}

/// The lines of one section: `<lo> <hi>` then a destination, a string or an array.
fn intervalli(sezione: &[u8]) -> u64 {
    let mut totale = 0u64;
    let mut estremi: Vec<u64> = Vec::with_capacity(2);
    let mut at = 0;
    while at < sezione.len() {
        match sezione[at] {
            b'<' => {
                let fine = sezione[at..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(sezione.len(), |p| at + p);
                let valore = esadecimale(&sezione[at + 1..fine]);
                if estremi.len() < 2 {
                    estremi.push(valore);
                } else {
                    totale = totale.saturating_add(ampiezza(&estremi));
                    estremi.clear();
                }
                at = fine + 1;
            }
            b'[' => {
                totale = totale.saturating_add(ampiezza(&estremi));
                estremi.clear();
                at += sezione[at..]
                    .iter()
                    .position(|&b| b == b']')
                    .unwrap_or(sezione.len() - at);
            }
            _ => at += 1,
        }
    }
    totale.saturating_add(ampiezza(&estremi))
}

/// The codes from `lo` to `hi` (none if fewer than two ends were read).
fn ampiezza(estremi: &[u64]) -> u64 {
    match estremi {
        [lo, hi] if hi >= lo => (hi - lo).saturating_add(1),
        _ => 0,
    }
}

/// The value of hex digits (others ignored), saturating: a too-long code counts as
/// the widest.
fn esadecimale(cifre: &[u8]) -> u64 {
    cifre
        .iter()
        .filter_map(|&b| char::from(b).to_digit(16))
        .fold(0u64, |v, d| {
            v.checked_mul(16)
                .and_then(|v| v.checked_add(u64::from(d)))
                .unwrap_or(u64::MAX)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_map_spans_few_codes() {
        let mappa = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
            1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
            2 beginbfchar\n<0003> <0020>\n<0011> <002E>\nendbfchar\n\
            3 beginbfrange\n<0024> <003D> <0041>\n<0044> <0046> [<0061> <0062> <0063>]\n\
            <005D> <005D> <00E8>\nendbfrange\nendcmap\n";
        assert_eq!(codici(mappa), 26 + 3 + 1);
    }

    #[test]
    fn a_range_over_every_code_is_counted_whole() {
        let mappa = b"1 beginbfrange\n<00000000> <FFFFFFFF> <0041>\nendbfrange\n";
        assert_eq!(codici(mappa), 1 << 32);
        // An unterminated section or a missing destination still counts.
        assert_eq!(codici(b"1 beginbfrange <0000> <FFFF>"), 1 << 16);
        assert_eq!(
            codici(b"1 beginbfrange <00> <FF> <41> <0000><FFFF><41> endbfrange"),
            256 + 65_536
        );
    }
}
