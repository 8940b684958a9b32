//! docx and odt: a zip of XML parts. Only the part with the body is read
//! (`word/document.xml`, `content.xml`), inflated through a reader that stops at
//! [`MAX_XML`] whatever the zip declares, and walked as a stream of XML events (no
//! tree, no recursion, no entity expansion) with a bound on the nesting.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;

use super::{FormatoCv, Raccolta, RifiutoCv};

/// Entries of the zip: a CV's docx has about 15, an odt about 20 (with pictures and
/// thumbnails a few more); a zip with thousands is not a text document. Checked once
/// the zip crate has read the central directory, which it sizes by the bytes it
/// occupies, not by the count declared (5 MB hold at most about 100,000 entries).
const MAX_VOCI: usize = 5_000;
/// The body's XML once inflated: a 30-page docx with tables is about 2 MB.
const MAX_XML: u64 = 32 * 1024 * 1024;
/// Nesting of XML elements: a docx table inside a table inside a text box is about
/// 30 deep.
const MAX_PROFONDITA: usize = 1_000;

const DOCX_CORPO: &str = "word/document.xml";
const ODT_CORPO: &str = "content.xml";
const ODT_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.text";

pub(super) fn leggi(
    dal_nome: FormatoCv,
    bytes: &[u8],
    raccolta: &mut Raccolta,
) -> Result<FormatoCv, RifiutoCv> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| RifiutoCv::danneggiato())?;
    if zip.len() > MAX_VOCI {
        return Err(RifiutoCv::illeggibile(
            "contiene troppi file al suo interno",
        ));
    }
    let formato = formato(&mut zip)?;
    if formato != dal_nome {
        return Err(RifiutoCv::FormatoNonAmmesso);
    }
    let corpo = if formato == FormatoCv::Docx {
        DOCX_CORPO
    } else {
        ODT_CORPO
    };
    let voce = zip.by_name(corpo).map_err(|_| RifiutoCv::danneggiato())?;
    let xml = BufReader::new(voce.take(MAX_XML + 1));
    if formato == FormatoCv::Docx {
        percorri(xml, &mut Docx::default(), raccolta)?;
    } else {
        percorri(xml, &mut Odt::default(), raccolta)?;
    }
    Ok(formato)
}

/// A docx has its body part; an odt says so in its `mimetype` entry. Any other zip
/// (an .xlsx, an .ods, a zipped folder) is not a CV format.
fn formato(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<FormatoCv, RifiutoCv> {
    if zip.index_for_name(DOCX_CORPO).is_some() {
        return Ok(FormatoCv::Docx);
    }
    let Ok(voce) = zip.by_name("mimetype") else {
        return Err(RifiutoCv::FormatoNonAmmesso);
    };
    let mut mimetype = Vec::new();
    voce.take(ODT_MIMETYPE.len() as u64 + 2)
        .read_to_end(&mut mimetype)
        .map_err(|_| RifiutoCv::danneggiato())?;
    if mimetype.trim_ascii() == ODT_MIMETYPE && zip.index_for_name(ODT_CORPO).is_some() {
        Ok(FormatoCv::Odt)
    } else {
        Err(RifiutoCv::FormatoNonAmmesso)
    }
}

/// What the elements of one XML vocabulary mean for the text, by local name (so that
/// `a:p` in a docx's drawing is a paragraph like `w:p`).
trait Dialetto {
    fn apre(&mut self, nome: &str, raccolta: &mut Raccolta);
    fn chiude(&mut self, nome: &str, raccolta: &mut Raccolta);
    /// Whether the character data met now is text of the document.
    fn nel_testo(&self) -> bool;
}

/// WordprocessingML: the text is in `w:t` runs (and `a:t` in shapes), never in the
/// field codes (`w:instrText`) or deleted runs (`w:delText`).
#[derive(Debug, Default)]
struct Docx {
    dentro_t: usize,
}

impl Dialetto for Docx {
    fn apre(&mut self, nome: &str, raccolta: &mut Raccolta) {
        match nome {
            "t" => self.dentro_t += 1,
            "tab" | "ptab" => raccolta.spazio(),
            "br" | "cr" => raccolta.a_capo(),
            "noBreakHyphen" => raccolta.carattere('-'),
            _ => {}
        }
    }

    fn chiude(&mut self, nome: &str, raccolta: &mut Raccolta) {
        match nome {
            "t" => self.dentro_t = self.dentro_t.saturating_sub(1),
            "p" | "tr" => raccolta.a_capo(),
            "tc" => raccolta.spazio(),
            _ => {}
        }
    }

    fn nel_testo(&self) -> bool {
        self.dentro_t > 0
    }
}

/// OpenDocument text: every character in the body is text but for tracked deletions.
#[derive(Debug, Default)]
struct Odt {
    nel_corpo: usize,
    nelle_modifiche: usize,
}

impl Dialetto for Odt {
    fn apre(&mut self, nome: &str, raccolta: &mut Raccolta) {
        match nome {
            "body" => self.nel_corpo += 1,
            "tracked-changes" => self.nelle_modifiche += 1,
            "s" | "tab" => raccolta.spazio(),
            "line-break" => raccolta.a_capo(),
            _ => {}
        }
    }

    fn chiude(&mut self, nome: &str, raccolta: &mut Raccolta) {
        match nome {
            "body" => self.nel_corpo = self.nel_corpo.saturating_sub(1),
            "tracked-changes" => self.nelle_modifiche = self.nelle_modifiche.saturating_sub(1),
            "p" | "h" | "table-row" => raccolta.a_capo(),
            "table-cell" => raccolta.spazio(),
            _ => {}
        }
    }

    fn nel_testo(&self) -> bool {
        self.nel_corpo > 0 && self.nelle_modifiche == 0
    }
}

/// Walks the XML of `xml` (at most [`MAX_XML`] bytes plus one) into `raccolta`.
fn percorri<R: Read>(
    xml: BufReader<std::io::Take<R>>,
    dialetto: &mut impl Dialetto,
    raccolta: &mut Raccolta,
) -> Result<(), RifiutoCv> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut profondita = 0usize;
    loop {
        buf.clear();
        let evento = match reader.read_event_into(&mut buf) {
            Ok(evento) => evento,
            Err(_) => return Err(errore_xml(reader.get_ref())),
        };
        match evento {
            Event::Start(e) => {
                profondita += 1;
                if profondita > MAX_PROFONDITA {
                    return Err(RifiutoCv::illeggibile("ha una struttura troppo annidata"));
                }
                dialetto.apre(e.local_name().as_ref(), raccolta);
            }
            Event::Empty(e) => {
                dialetto.apre(e.local_name().as_ref(), raccolta);
                dialetto.chiude(e.local_name().as_ref(), raccolta);
            }
            Event::End(e) => {
                profondita = profondita.saturating_sub(1);
                dialetto.chiude(e.local_name().as_ref(), raccolta);
            }
            Event::Text(t) if dialetto.nel_testo() => in_riga(raccolta, &t.xml10_content()),
            Event::CData(t) if dialetto.nel_testo() => in_riga(raccolta, &t.xml10_content()),
            Event::GeneralRef(r) if dialetto.nel_testo() => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    raccolta.carattere(c);
                } else if let Some(s) =
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                {
                    raccolta.testo(s);
                }
            }
            Event::Eof => return fine_xml(reader.get_ref(), profondita),
            _ => {}
        }
        if raccolta.piena() {
            return Ok(());
        }
    }
}

/// Character data is laid out by the XML's elements: a line break in it is a space.
fn in_riga(raccolta: &mut Raccolta, s: &str) {
    for c in s.chars() {
        if c.is_whitespace() {
            raccolta.spazio();
        } else {
            raccolta.carattere(c);
        }
    }
}

/// The reader is given one byte more than [`MAX_XML`]: having read it, the part is
/// larger than that.
fn oltre_il_limite(xml: &BufReader<std::io::Take<impl Read>>) -> bool {
    xml.get_ref().limit() == 0
}

fn errore_xml(xml: &BufReader<std::io::Take<impl Read>>) -> RifiutoCv {
    if oltre_il_limite(xml) {
        troppo_grande()
    } else {
        RifiutoCv::danneggiato()
    }
}

/// The end of the input is the end of the part only if the part ended within the
/// limit and closed every element.
fn fine_xml(xml: &BufReader<std::io::Take<impl Read>>, profondita: usize) -> Result<(), RifiutoCv> {
    if oltre_il_limite(xml) {
        Err(troppo_grande())
    } else if profondita > 0 {
        Err(RifiutoCv::danneggiato())
    } else {
        Ok(())
    }
}

fn troppo_grande() -> RifiutoCv {
    RifiutoCv::illeggibile("una volta decompresso è troppo grande")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx_di(xml: &str) -> String {
        let mut r = Raccolta::new();
        let xml = BufReader::new(xml.as_bytes().take(MAX_XML + 1));
        percorri(xml, &mut Docx::default(), &mut r).unwrap();
        r.fine(FormatoCv::Docx).map(|t| t.testo).unwrap_or_default()
    }

    #[test]
    fn field_codes_and_deletions_are_not_text() {
        let testo = docx_di(concat!(
            r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t xml:space="preserve">Esperienza presso </w:t></w:r>"#,
            r#"<w:r><w:instrText>HYPERLINK "http://esempio.it"</w:instrText></w:r>"#,
            r#"<w:r><w:t>Rossi &amp; Figli</w:t></w:r><w:del><w:r><w:delText>cancellato</w:delText></w:r></w:del></w:p>"#,
            r#"<w:p><w:r><w:t>Magazziniere&#x20;con patente del muletto</w:t><w:tab/><w:t>2019</w:t></w:r></w:p></w:body></w:document>"#,
        ));
        assert_eq!(
            testo,
            "Esperienza presso Rossi & Figli\nMagazziniere con patente del muletto 2019"
        );
    }

    #[test]
    fn an_unclosed_document_is_damaged() {
        let mut r = Raccolta::new();
        let xml = BufReader::new(b"<w:document><w:body><w:p>".take(MAX_XML + 1));
        assert_eq!(
            percorri(xml, &mut Docx::default(), &mut r),
            Err(RifiutoCv::danneggiato())
        );
    }
}
