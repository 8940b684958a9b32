//! The text of an uploaded CV (seed 003, "Curriculum Vitae"): PDF, Word (.doc, .docx)
//! or OpenDocument (.odt), at most 5 MB, refused without extractable text (a scan).
//! The text is what the keyword search indexes.
//!
//! Every file may have been crafted. The format is told by the content (magic bytes),
//! and the file name's extension must agree. Nothing read is trusted for a size: the
//! zip entries are inflated through a bounded reader, the PDF streams are decompressed
//! against a limit, the Word piece table is checked against the stream it points into.
//! The reading runs on its own thread (see [`isolato`]), whose panic is a refusal.

use std::sync::mpsc;
use std::time::Duration;

mod archivio;
mod doc;
mod pdf;
mod raccolta;

pub(crate) use raccolta::Raccolta;

/// The largest CV accepted (the core's rule, in the reader's type).
pub const MAX_CV_BYTES: usize = sportello_core::cpi::cv::MAX_BYTES as usize;

pub use sportello_core::cpi::cv::FormatoCv;

/// The format a file's name says.
fn dal_nome(nome_file: &str) -> Option<FormatoCv> {
    let estensione = std::path::Path::new(nome_file.trim())
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    [
        FormatoCv::Pdf,
        FormatoCv::Doc,
        FormatoCv::Docx,
        FormatoCv::Odt,
    ]
    .into_iter()
    .find(|f| f.estensione() == estensione)
}

/// A CV's text: whitespace runs collapsed to one space, a paragraph a line, at most
/// 200,000 characters (the rest of a longer file is not read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestoCv {
    pub formato: FormatoCv,
    pub testo: String,
}

/// Why a CV was refused: each displays a sentence for the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RifiutoCv {
    #[error("Il file supera i 5 MB consentiti ({}).", mb(*byte))]
    TroppoGrande { byte: usize },
    #[error("Il file è vuoto.")]
    Vuoto,
    #[error(
        "Il formato del file non è ammesso: si possono caricare solo file PDF, Word (.doc, \
         .docx) o OpenDocument (.odt), con l'estensione che corrisponde al contenuto."
    )]
    FormatoNonAmmesso,
    /// Corrupt, crafted or too complex; the reason is a short Italian phrase.
    #[error("Il file non può essere letto: {0}.")]
    Illeggibile(String),
    #[error(
        "Il file non contiene testo leggibile: sembra una scansione. Caricare un file con \
         il testo selezionabile."
    )]
    SenzaTesto,
}

impl RifiutoCv {
    pub(crate) fn illeggibile(motivo: &str) -> RifiutoCv {
        RifiutoCv::Illeggibile(motivo.to_string())
    }

    pub(crate) fn danneggiato() -> RifiutoCv {
        RifiutoCv::illeggibile("è danneggiato o incompleto")
    }
}

/// "6,2 MB", as the operator reads sizes.
fn mb(byte: usize) -> String {
    format!("{:.1} MB", byte as f64 / (1024.0 * 1024.0)).replace('.', ",")
}

/// The text of the CV `bytes`, uploaded as `nome_file`.
pub fn leggi_cv(nome_file: &str, bytes: &[u8]) -> Result<TestoCv, RifiutoCv> {
    if bytes.len() > MAX_CV_BYTES {
        return Err(RifiutoCv::TroppoGrande { byte: bytes.len() });
    }
    if bytes.is_empty() {
        return Err(RifiutoCv::Vuoto);
    }
    let dal_nome = dal_nome(nome_file).ok_or(RifiutoCv::FormatoNonAmmesso)?;
    let contenitore = Contenitore::di(bytes).ok_or(RifiutoCv::FormatoNonAmmesso)?;
    if !contenitore.puo_essere(dal_nome) {
        return Err(RifiutoCv::FormatoNonAmmesso);
    }
    let bytes = bytes.to_vec();
    isolato(move || {
        let mut raccolta = Raccolta::new();
        let formato = contenitore.leggi(dal_nome, &bytes, &mut raccolta)?;
        raccolta.fine(formato)
    })
}

/// What the magic bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contenitore {
    Pdf,
    /// An OLE2 compound file: a .doc, or an encrypted .docx, or another Office file.
    Ole,
    /// A zip: a .docx, an .odt, or anything else zipped.
    Zip,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Readers accept a PDF header anywhere in the first kilobyte.
const PDF_HEADER_WITHIN: usize = 1024;

impl Contenitore {
    fn di(bytes: &[u8]) -> Option<Contenitore> {
        if bytes.starts_with(&OLE_MAGIC) {
            Some(Contenitore::Ole)
        } else if bytes.starts_with(b"PK\x03\x04") {
            Some(Contenitore::Zip)
        } else if bytes[..bytes.len().min(PDF_HEADER_WITHIN)]
            .windows(5)
            .any(|w| w == b"%PDF-")
        {
            Some(Contenitore::Pdf)
        } else {
            None
        }
    }

    /// Whether a file named as `formato` may hold this; an OLE named .docx is let
    /// through so that an encrypted .docx is told apart from a renamed .doc.
    fn puo_essere(self, formato: FormatoCv) -> bool {
        match self {
            Contenitore::Pdf => formato == FormatoCv::Pdf,
            Contenitore::Ole => matches!(formato, FormatoCv::Doc | FormatoCv::Docx),
            Contenitore::Zip => matches!(formato, FormatoCv::Docx | FormatoCv::Odt),
        }
    }

    /// Reads the text into `raccolta` and says which format the content is; a content
    /// of another format than `dal_nome` is refused before its text is read.
    fn leggi(
        self,
        dal_nome: FormatoCv,
        bytes: &[u8],
        raccolta: &mut Raccolta,
    ) -> Result<FormatoCv, RifiutoCv> {
        match self {
            Contenitore::Pdf => pdf::leggi(bytes, raccolta).map(|()| FormatoCv::Pdf),
            Contenitore::Ole => doc::leggi(dal_nome, bytes, raccolta).map(|()| FormatoCv::Doc),
            Contenitore::Zip => archivio::leggi(dal_nome, bytes, raccolta),
        }
    }
}

/// The stack of the reading thread. lopdf bounds its nesting (100 levels), quick-xml
/// and the zip and OLE readers do not recurse on the input; this leaves a wide margin
/// over the default 2 MiB for what recursion remains, and costs only address space.
const PILA: usize = 64 * 1024 * 1024;
/// Past this a reading is abandoned: the slowest hostile file of the tests takes
/// 0.2 s in a debug build.
const TEMPO_MASSIMO: Duration = Duration::from_secs(30);

/// Runs `leggi` on its own thread with a known stack. A panic of a reader (a library
/// meeting a crafted file) is caught there and becomes a refusal (the workspace's
/// profiles unwind: none sets `panic = "abort"`); a reading past
/// [`TEMPO_MASSIMO`] is refused and its thread left to finish on its own, since a
/// thread cannot be stopped: the operator gets an answer either way.
fn isolato(
    leggi: impl FnOnce() -> Result<TestoCv, RifiutoCv> + Send + 'static,
) -> Result<TestoCv, RifiutoCv> {
    let (esito, ricevi) = mpsc::channel();
    std::thread::Builder::new()
        .name("lettura-cv".into())
        .stack_size(PILA)
        .spawn(move || {
            let letto = std::panic::catch_unwind(std::panic::AssertUnwindSafe(leggi));
            let _ = esito.send(letto);
        })
        .map_err(|_| RifiutoCv::illeggibile("il sistema non ha potuto avviarne la lettura"))?;
    match ricevi.recv_timeout(TEMPO_MASSIMO) {
        Ok(Ok(letto)) => letto,
        Ok(Err(_panico)) => Err(RifiutoCv::illeggibile(
            "è danneggiato o costruito in modo anomalo",
        )),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(RifiutoCv::illeggibile("è troppo complesso da leggere"))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(RifiutoCv::danneggiato()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_sentences_for_the_operator() {
        assert_eq!(
            RifiutoCv::TroppoGrande { byte: 6_500_000 }.to_string(),
            "Il file supera i 5 MB consentiti (6,2 MB)."
        );
        assert_eq!(RifiutoCv::Vuoto.to_string(), "Il file è vuoto.");
        assert_eq!(
            RifiutoCv::illeggibile("è protetto da password").to_string(),
            "Il file non può essere letto: è protetto da password."
        );
    }

    #[test]
    fn the_extension_is_read_whatever_its_case() {
        assert_eq!(dal_nome("CV Rossi.PDF"), Some(FormatoCv::Pdf));
        assert_eq!(dal_nome("cv.docx "), Some(FormatoCv::Docx));
        assert_eq!(dal_nome("cv.tar.odt"), Some(FormatoCv::Odt));
        assert_eq!(dal_nome("cv"), None);
        assert_eq!(dal_nome("cv.rtf"), None);
        assert_eq!(dal_nome(".pdf"), None);
    }

    #[test]
    fn a_panicking_reader_is_a_refusal() {
        let esito = isolato(|| panic!("a crafted file"));
        assert!(matches!(esito, Err(RifiutoCv::Illeggibile(_))), "{esito:?}");
    }
}
