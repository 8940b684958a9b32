//! Word 97–2003 (.doc, [MS-DOC]): an OLE2 compound file. The `WordDocument` stream
//! starts with the FIB, which names the table stream (`0Table` or `1Table`) and where
//! in it the CLX is; the CLX's piece table maps the document's characters to runs of
//! the `WordDocument` stream, each either 8-bit (CP1252, "compressed") or UTF-16.
//!
//! Every offset and count read is checked against the stream it points into, and the
//! pieces together may not claim more bytes than the stream holds, so a crafted table
//! cannot make the reading longer than the file.

use std::io::{Cursor, Read};

use super::{FormatoCv, MAX_CV_BYTES, Raccolta, RifiutoCv};

/// `wIdent` of a Word binary document.
const WORD_IDENT: u16 = 0xA5EC;
/// `nFib` of Word 97; earlier versions (Word 6, Word 95) have another layout.
const NFIB_WORD97: u16 = 0x00C1;
const F_ENCRYPTED: u16 = 0x0100;
const F_WHICH_TBL_STM: u16 = 0x0200;
const F_OBFUSCATED: u16 = 0x8000;
/// Index of `fcClx`/`lcbClx` among the FIB's (fc, lcb) pairs.
const CLX_PAIR: usize = 33;
/// Fields nested deeper than this are read as if they were not fields.
const MAX_CAMPI_ANNIDATI: usize = 32;

pub(super) fn leggi(
    dal_nome: FormatoCv,
    bytes: &[u8],
    raccolta: &mut Raccolta,
) -> Result<(), RifiutoCv> {
    let mut ole =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| RifiutoCv::danneggiato())?;
    // An encrypted .docx is an OLE file holding the encrypted package.
    if ole.is_stream("EncryptedPackage") {
        return Err(protetto());
    }
    if dal_nome != FormatoCv::Doc || !ole.is_stream("WordDocument") {
        return Err(RifiutoCv::FormatoNonAmmesso);
    }
    let parola = flusso(&mut ole, "WordDocument")?;
    let fib = Fib::di(&parola)?;
    let tabella = flusso(&mut ole, fib.tabella)?;
    let clx = tratto(&tabella, fib.fc_clx, fib.lcb_clx)?;
    let pezzi = pezzi(clx)?;
    let occupati: usize = pezzi.iter().map(|p| p.byte).sum();
    if occupati > parola.len() {
        return Err(RifiutoCv::danneggiato());
    }
    let mut campi = Campi::default();
    for pezzo in &pezzi {
        pezzo.leggi(&parola, &mut campi, raccolta)?;
        if raccolta.piena() {
            break;
        }
    }
    Ok(())
}

fn protetto() -> RifiutoCv {
    RifiutoCv::illeggibile("è protetto da password")
}

/// A stream of the compound file, at most as long as the largest CV.
fn flusso(ole: &mut cfb::CompoundFile<Cursor<&[u8]>>, nome: &str) -> Result<Vec<u8>, RifiutoCv> {
    let mut letto = Vec::new();
    ole.open_stream(nome)
        .and_then(|s| s.take(MAX_CV_BYTES as u64 + 1).read_to_end(&mut letto))
        .map_err(|_| RifiutoCv::danneggiato())?;
    Ok(letto)
}

/// `len` bytes at `at` of `bytes`, or the file is damaged.
fn tratto(bytes: &[u8], at: usize, len: usize) -> Result<&[u8], RifiutoCv> {
    at.checked_add(len)
        .and_then(|fine| bytes.get(at..fine))
        .ok_or_else(RifiutoCv::danneggiato)
}

fn u16_a(bytes: &[u8], at: usize) -> Result<u16, RifiutoCv> {
    let b = tratto(bytes, at, 2)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_a(bytes: &[u8], at: usize) -> Result<u32, RifiutoCv> {
    let b = tratto(bytes, at, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// What the File Information Block says of the text.
#[derive(Debug)]
struct Fib {
    tabella: &'static str,
    fc_clx: usize,
    lcb_clx: usize,
}

impl Fib {
    fn di(parola: &[u8]) -> Result<Fib, RifiutoCv> {
        if u16_a(parola, 0)? != WORD_IDENT {
            return Err(RifiutoCv::danneggiato());
        }
        if u16_a(parola, 2)? < NFIB_WORD97 {
            return Err(RifiutoCv::illeggibile(
                "è stato salvato con una versione di Word precedente a Word 97",
            ));
        }
        let flag = u16_a(parola, 0x0A)?;
        if flag & (F_ENCRYPTED | F_OBFUSCATED) != 0 {
            return Err(protetto());
        }
        // FibBase (32 bytes), then three arrays, each after its count: csw 16-bit
        // words, cslw 32-bit words, cbRgFcLcb (fc, lcb) pairs.
        let csw = usize::from(u16_a(parola, 32)?);
        let cslw_at = 34 + 2 * csw;
        let cslw = usize::from(u16_a(parola, cslw_at)?);
        let coppie_at = cslw_at + 2 + 4 * cslw;
        let coppie = usize::from(u16_a(parola, coppie_at)?);
        if coppie <= CLX_PAIR {
            return Err(RifiutoCv::danneggiato());
        }
        let clx_at = coppie_at + 2 + 8 * CLX_PAIR;
        Ok(Fib {
            tabella: if flag & F_WHICH_TBL_STM != 0 {
                "1Table"
            } else {
                "0Table"
            },
            fc_clx: u32_a(parola, clx_at)? as usize,
            lcb_clx: u32_a(parola, clx_at + 4)? as usize,
        })
    }
}

/// A run of the document's characters in the `WordDocument` stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pezzo {
    /// Offset in the stream.
    at: usize,
    /// Bytes in the stream: one a character if compressed, else two.
    byte: usize,
    compresso: bool,
}

/// The pieces of the CLX: any number of property runs (Prc, 0x01), then the piece
/// table (Pcdt, 0x02): n+1 character positions, then n 8-byte piece descriptors.
fn pezzi(clx: &[u8]) -> Result<Vec<Pezzo>, RifiutoCv> {
    let mut at = 0;
    while clx.get(at) == Some(&0x01) {
        let grpprl = u16_a(clx, at + 1)? as i16;
        at += 3 + usize::try_from(grpprl).map_err(|_| RifiutoCv::danneggiato())?;
    }
    if clx.get(at) != Some(&0x02) {
        return Err(RifiutoCv::danneggiato());
    }
    let lcb = u32_a(clx, at + 1)? as usize;
    let plc = tratto(clx, at + 5, lcb)?;
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(RifiutoCv::danneggiato());
    }
    let n = (lcb - 4) / 12;
    (0..n).map(|i| pezzo(plc, n, i)).collect()
}

fn pezzo(plc: &[u8], n: usize, i: usize) -> Result<Pezzo, RifiutoCv> {
    let (inizio, fine) = (u32_a(plc, 4 * i)?, u32_a(plc, 4 * (i + 1))?);
    let caratteri = fine
        .checked_sub(inizio)
        .ok_or_else(RifiutoCv::danneggiato)? as usize;
    let fc = u32_a(plc, 4 * (n + 1) + 8 * i + 2)?;
    let compresso = fc & 0x4000_0000 != 0;
    let fc = (fc & 0x3FFF_FFFF) as usize;
    Ok(if compresso {
        Pezzo {
            at: fc / 2,
            byte: caratteri,
            compresso,
        }
    } else {
        Pezzo {
            at: fc,
            byte: caratteri
                .checked_mul(2)
                .ok_or_else(RifiutoCv::danneggiato)?,
            compresso,
        }
    })
}

impl Pezzo {
    fn leggi(
        &self,
        parola: &[u8],
        campi: &mut Campi,
        raccolta: &mut Raccolta,
    ) -> Result<(), RifiutoCv> {
        let bytes = tratto(parola, self.at, self.byte)?;
        if self.compresso {
            for &b in bytes {
                campi.carattere(cp1252(b), raccolta);
            }
        } else {
            let unita = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]));
            for c in char::decode_utf16(unita) {
                campi.carattere(c.unwrap_or(char::REPLACEMENT_CHARACTER), raccolta);
            }
        }
        Ok(())
    }
}

/// The fields open at a point of the text: of each, whether its code (`HYPERLINK
/// "…"`, `PAGE`) is being read, which is not text, or its result, which is.
#[derive(Debug, Default)]
struct Campi {
    nel_codice: Vec<bool>,
    oltre: usize,
}

impl Campi {
    fn carattere(&mut self, c: char, raccolta: &mut Raccolta) {
        match c {
            '\u{13}' if self.nel_codice.len() < MAX_CAMPI_ANNIDATI => self.nel_codice.push(true),
            '\u{13}' => self.oltre += 1,
            '\u{14}' if self.oltre == 0 => {
                if let Some(codice) = self.nel_codice.last_mut() {
                    *codice = false;
                }
            }
            '\u{15}' if self.oltre > 0 => self.oltre -= 1,
            '\u{15}' => {
                self.nel_codice.pop();
            }
            _ if self.nel_codice.contains(&true) => {}
            c => simbolo(c, raccolta),
        }
    }
}

/// Word's special characters: paragraph, line, page and column ends; cell and row
/// ends; the non-breaking and the optional hyphen; anchors of pictures, notes and
/// comments, which are not text.
fn simbolo(c: char, raccolta: &mut Raccolta) {
    match c {
        '\r' | '\u{0B}' | '\u{0C}' | '\u{0E}' => raccolta.a_capo(),
        '\u{07}' | '\t' => raccolta.spazio(),
        '\u{1E}' => raccolta.carattere('-'),
        '\u{01}'..='\u{05}' | '\u{08}' | '\u{1F}' => {}
        c => raccolta.carattere(c),
    }
}

/// A compressed character: Windows-1252, which differs from Latin-1 in 0x80–0x9F.
fn cp1252(b: u8) -> char {
    const ALTI: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => ALTI[usize::from(b - 0x80)],
        b => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letto(testo: &str) -> String {
        let mut campi = Campi::default();
        let mut r = Raccolta::new();
        for c in testo.chars() {
            campi.carattere(c, &mut r);
        }
        r.testo("lettere quante bastano per non sembrare una scansione");
        let t = r.fine(FormatoCv::Doc).unwrap().testo;
        t.trim_end_matches("lettere quante bastano per non sembrare una scansione")
            .trim_end()
            .to_string()
    }

    #[test]
    fn a_field_shows_its_result_not_its_code() {
        assert_eq!(
            letto(
                "Scrivere a \u{13}HYPERLINK \"mailto:a@b.it\"\u{14}a@b.it\u{15} o\r\u{13}PAGE\u{15}"
            ),
            "Scrivere a a@b.it o"
        );
        // Nested: the inner field's code is in the outer one's result.
        assert_eq!(
            letto("\u{13}IF\u{14}sì \u{13}DATE\u{14}oggi\u{15}\u{15} fine"),
            "sì oggi fine"
        );
    }

    #[test]
    fn word_marks_become_separators() {
        assert_eq!(
            letto("Nome\u{7}Mario\u{7}\u{7}\rCognome\u{0B}Rossi\u{1E}Bianchi\u{1}\u{1F}"),
            "Nome Mario\nCognome\nRossi-Bianchi"
        );
    }

    #[test]
    fn compressed_text_is_windows_1252() {
        let s: String = [0x93, b'C', b'i', b'a', b'o', 0x94, b' ', 0xE8, 0x80]
            .into_iter()
            .map(cp1252)
            .collect();
        assert_eq!(s, "“Ciao” è€");
    }

    fn clx(cps: [u32; 2], fc: u32) -> Vec<u8> {
        // A property run first, which is skipped.
        let mut clx = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        clx.extend(16u32.to_le_bytes());
        clx.extend(cps[0].to_le_bytes());
        clx.extend(cps[1].to_le_bytes());
        clx.extend([0, 0]);
        clx.extend(fc.to_le_bytes());
        clx.extend([0, 0]);
        clx
    }

    #[test]
    fn the_piece_table_is_read() {
        let compresso = Pezzo {
            at: 0x400,
            byte: 5,
            compresso: true,
        };
        assert_eq!(pezzi(&clx([0, 5], 0x4000_0800)), Ok(vec![compresso]));
        let utf16 = Pezzo {
            at: 0x800,
            byte: 10,
            compresso: false,
        };
        assert_eq!(pezzi(&clx([0, 5], 0x800)), Ok(vec![utf16]));
    }

    #[test]
    fn a_piece_table_that_runs_backwards_or_past_its_end_is_damaged() {
        assert_eq!(pezzi(&clx([10, 5], 0)), Err(RifiutoCv::danneggiato()));
        let mut troncato = clx([0, 5], 0);
        troncato.pop();
        assert_eq!(pezzi(&troncato), Err(RifiutoCv::danneggiato()));
    }
}
