//! "Curriculum Vitae" (seed 003): the files accepted (pdf, doc, docx, odt, at most
//! 5 MB, with text and not a scan), the consent to search, the one-year retention with
//! its warning 15 days before, the "Storico Utilizzi", and the agencies' requests to see
//! a consenting citizen's full CV.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Seed 003: "dimensione massima di 5MB".
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
/// Fewer letters than this in the extracted text: an image, not a text (**assumed**
/// threshold: a CV of a few lines has hundreds).
pub const MIN_LETTERE: usize = 40;
/// The most characters kept of a CV's text: about 60 pages of dense text, far more
/// than any CV, and a bound on what the search index stores for one.
pub const MAX_CARATTERI: usize = 200_000;
/// Warned this many days before deletion (seed 003: "15 giorni prima").
pub const GIORNI_AVVISO: u64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatoCv {
    Pdf,
    Doc,
    Docx,
    Odt,
}

impl FormatoCv {
    pub fn estensione(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Doc => "doc",
            Self::Docx => "docx",
            Self::Odt => "odt",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Doc => "application/msword",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Odt => "application/vnd.oasis.opendocument.text",
        }
    }
}

/// Why a file is not accepted, in Italian.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemaCv {
    Estensione,
    TroppoGrande {
        bytes: u64,
    },
    /// The content is not what the name says.
    Contenuto,
    /// No text could be read: a scan.
    Scansione,
}

impl ProblemaCv {
    pub fn messaggio(&self) -> String {
        match self {
            Self::Estensione => "Sono ammessi i file con estensione pdf, doc, docx, odt.".into(),
            Self::TroppoGrande { bytes } => format!(
                "Il file pesa {:.1} MB: la dimensione massima è 5 MB.",
                *bytes as f64 / 1_048_576.0
            ),
            Self::Contenuto => "Il contenuto del file non corrisponde alla sua estensione.".into(),
            Self::Scansione => {
                "Il file non contiene testo leggibile: va caricato un documento con un testo e non un'immagine (scansione).".into()
            }
        }
    }
}

/// The format of a file named `nome` of `size` bytes whose first bytes are `head`
/// (a few KB: a zip's first entry names must be there), judged by its name and by its
/// content, which must agree.
pub fn formato(nome: &str, size: u64, head: &[u8]) -> Result<FormatoCv, ProblemaCv> {
    let ext = nome
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let dichiarato = match ext.as_str() {
        "pdf" => FormatoCv::Pdf,
        "doc" => FormatoCv::Doc,
        "docx" => FormatoCv::Docx,
        "odt" => FormatoCv::Odt,
        _ => return Err(ProblemaCv::Estensione),
    };
    if size > MAX_BYTES {
        return Err(ProblemaCv::TroppoGrande { bytes: size });
    }
    let contains = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    let ok = match dichiarato {
        FormatoCv::Pdf => head.starts_with(b"%PDF-"),
        FormatoCv::Doc => head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        FormatoCv::Docx => head.starts_with(b"PK\x03\x04") && contains(b"word/"),
        // The OpenDocument rule: the first entry is "mimetype", stored, with the type.
        FormatoCv::Odt => {
            head.starts_with(b"PK\x03\x04")
                && head.get(30..38) == Some(b"mimetype")
                && contains(b"application/vnd.oasis.opendocument.text")
        }
    };
    if ok {
        Ok(dichiarato)
    } else {
        Err(ProblemaCv::Contenuto)
    }
}

/// Whether the text extracted from a CV is a text (else the file is a scan).
pub fn ha_testo(testo: &str) -> bool {
    testo.chars().filter(|c| c.is_alphabetic()).count() >= MIN_LETTERE
}

/// The day a CV is deleted: one year after its last upload, update or use.
pub fn scadenza(ultimo_evento: NaiveDate) -> NaiveDate {
    ultimo_evento
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX)
}

/// Where a CV is in its retention on `oggi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conservazione {
    Attivo,
    /// Deleted on its `scadenza` unless updated or used before.
    InScadenza,
    Scaduto,
}

pub fn conservazione(ultimo_evento: NaiveDate, oggi: NaiveDate) -> Conservazione {
    let fine = scadenza(ultimo_evento);
    if oggi >= fine {
        Conservazione::Scaduto
    } else if fine
        .checked_sub_days(Days::new(GIORNI_AVVISO))
        .is_some_and(|avviso| oggi >= avviso)
    {
        Conservazione::InScadenza
    } else {
        Conservazione::Attivo
    }
}

/// "Storico Utilizzi": what was done with a CV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipoUtilizzo {
    Caricamento,
    Aggiornamento,
    Utilizzo,
}

impl TipoUtilizzo {
    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Caricamento => "Caricamento",
            Self::Aggiornamento => "Aggiornamento",
            Self::Utilizzo => "Utilizzo",
        }
    }
}

/// An agency's request to see a consenting citizen's full CV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StatoRichiestaCv {
    Richiesta,
    Accettata,
    Rifiutata,
}

impl StatoRichiestaCv {
    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Richiesta => "RICHIESTA",
            Self::Accettata => "ACCETTATA",
            Self::Rifiutata => "RIFIUTATA",
        }
    }

    /// Only a pending request is answered, once.
    pub fn verso(self, next: Self) -> Result<(), &'static str> {
        match (self, next) {
            (Self::Richiesta, Self::Accettata | Self::Rifiutata) => Ok(()),
            (Self::Richiesta, Self::Richiesta) => Err("La richiesta è già in attesa di risposta."),
            _ => Err("La richiesta ha già avuto risposta: non si modifica più."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn odt_head() -> Vec<u8> {
        let mut h = b"PK\x03\x04".to_vec();
        h.resize(30, 0);
        h.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        h
    }

    #[test]
    fn the_name_and_the_content_must_agree() {
        assert_eq!(
            formato("cv.PDF", 10_000, b"%PDF-1.7\n..."),
            Ok(FormatoCv::Pdf)
        );
        assert_eq!(
            formato(
                "cv.doc",
                10_000,
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]
            ),
            Ok(FormatoCv::Doc)
        );
        let docx = [
            b"PK\x03\x04".as_slice(),
            &[0; 26],
            b"[Content_Types].xml...word/document.xml",
        ]
        .concat();
        assert_eq!(formato("cv.docx", 10_000, &docx), Ok(FormatoCv::Docx));
        assert_eq!(
            formato("Curriculum.odt", 10_000, &odt_head()),
            Ok(FormatoCv::Odt)
        );
        assert_eq!(
            formato("cv.jpg", 10_000, b"\xFF\xD8\xFF"),
            Err(ProblemaCv::Estensione)
        );
        assert_eq!(formato("cv", 10_000, b"%PDF-"), Err(ProblemaCv::Estensione));
        assert_eq!(
            formato("cv.pdf", 10_000, b"\xFF\xD8\xFF"),
            Err(ProblemaCv::Contenuto)
        );
        assert_eq!(formato("cv.odt", 10_000, &docx), Err(ProblemaCv::Contenuto));
        assert_eq!(
            formato("cv.docx", 10_000, &odt_head()),
            Err(ProblemaCv::Contenuto)
        );
        assert_eq!(formato("cv.pdf", MAX_BYTES, b"%PDF-"), Ok(FormatoCv::Pdf));
        let big = formato("cv.pdf", MAX_BYTES + 1, b"%PDF-").unwrap_err();
        assert_eq!(
            big,
            ProblemaCv::TroppoGrande {
                bytes: MAX_BYTES + 1
            }
        );
        assert!(big.messaggio().contains("5 MB"));
    }

    #[test]
    fn a_scan_has_no_text() {
        assert!(!ha_testo(""));
        assert!(!ha_testo("  \n 12/03/2020 \u{c} 1 2 3 "));
        assert!(ha_testo(
            "Mario Rossi, magazziniere con esperienza quinquennale nella logistica."
        ));
    }

    #[test]
    fn a_cv_lives_a_year_from_its_last_event_and_is_announced_15_days_before() {
        let last = d(2026, 3, 10);
        assert_eq!(scadenza(last), d(2027, 3, 10));
        assert_eq!(conservazione(last, d(2027, 2, 22)), Conservazione::Attivo);
        assert_eq!(
            conservazione(last, d(2027, 2, 23)),
            Conservazione::InScadenza
        );
        assert_eq!(
            conservazione(last, d(2027, 3, 9)),
            Conservazione::InScadenza
        );
        assert_eq!(conservazione(last, d(2027, 3, 10)), Conservazione::Scaduto);
        // A leap day's year ends on the last day of February.
        assert_eq!(scadenza(d(2028, 2, 29)), d(2029, 2, 28));
    }

    #[test]
    fn a_view_request_is_answered_once() {
        use StatoRichiestaCv as S;
        assert!(S::Richiesta.verso(S::Accettata).is_ok());
        assert!(S::Richiesta.verso(S::Rifiutata).is_ok());
        for done in [S::Accettata, S::Rifiutata] {
            for next in [S::Richiesta, S::Accettata, S::Rifiutata] {
                assert!(done.verso(next).is_err(), "{done:?} → {next:?}");
            }
        }
        assert_eq!(
            serde_json::to_string(&S::Accettata).unwrap(),
            "\"ACCETTATA\""
        );
    }
}
