//! PDF, read with lopdf 0.47 (pure Rust, bounded nesting, page-tree and reference
//! cycles detected, decompression against a limit). On top of it:
//!
//! - the cross-reference table is rebuilt by scanning the file for objects, never
//!   read as written: lopdf parses an object once for every entry that names its
//!   offset, and keeps every copy until the load ends, so a table naming one large
//!   object a hundred thousand times would cost a hundred thousand copies;
//! - at most [`MAX_OGGETTI`] objects are kept (object streams can unpack millions
//!   from a few megabytes), and object and cross-reference streams inflate to at most
//!   [`MAX_FLUSSO_INDICE`] each while loading;
//! - page and font streams decompress to at most [`MAX_FLUSSO`] bytes each, and the
//!   pages read together to at most [`MAX_CONTENUTO`] (a page of a bomb is refused);
//! - at most [`MAX_PAGINE`] pages are read;
//! - an encrypted file is opened only when what lopdf copies of it first is bounded
//!   ([`copie_cifrate`]), and it keeps at most [`MAX_OGGETTI`] objects too;
//! - a font's ToUnicode map is checked before lopdf parses it ([`tounicode`]): lopdf
//!   expands every range of it code by code;
//! - the page's operators are read one at a time (`Content::decode_iter`), not
//!   collected, and only the text operators are interpreted here (lopdf's own
//!   `extract_text` joins lines without spaces and fails on one bad font).
//!
//! Text in form XObjects and annotations is not read: CV writers put the body's text
//! in the page's content.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

use lopdf_lettura::content::Content;
use lopdf_lettura::{
    DecompressError, Dictionary, Document, Encoding, Error, LoadOptions, Object, ObjectId,
};

use super::{Raccolta, RifiutoCv};

mod tounicode;

/// Pages read: a CV is one to five; the rest of a longer file is not a CV's.
const MAX_PAGINE: usize = 50;
/// One stream, decompressed: a page of a CV is 5–100 KB of operators.
const MAX_FLUSSO: usize = 8 * 1024 * 1024;
/// An object stream (about 100 objects, tens of KB) or a cross-reference stream
/// (5–7 bytes an object), decompressed while loading.
const MAX_FLUSSO_INDICE: usize = 2 * 1024 * 1024;
/// Objects kept: a CV has hundreds, a long illustrated report tens of thousands.
const MAX_OGGETTI: usize = 200_000;
/// All pages' operators together.
const MAX_CONTENUTO: usize = 64 * 1024 * 1024;
/// What lopdf may copy of an encrypted file before parsing it: a genuine file's
/// objects are copied once, about its size.
const MAX_COPIE_CIFRATE: usize = 4 * sportello_core::cpi::cv::MAX_BYTES as usize;
/// A gap in a `TJ` array wider than this (thousandths of the font size) is a space
/// between words; narrower ones are kerning.
const SPAZIO_IN_TJ: f32 = 200.0;

/// A PDF ends with `%%EOF` within its last kilobyte (as Acrobat requires): without
/// it the upload was cut short.
const FINE_ENTRO: usize = 1024;

pub(super) fn leggi(bytes: &[u8], raccolta: &mut Raccolta) -> Result<(), RifiutoCv> {
    let coda = &bytes[bytes.len().saturating_sub(FINE_ENTRO)..];
    if !coda.windows(5).any(|w| w == b"%%EOF") {
        return Err(RifiutoCv::danneggiato());
    }
    let doc = carica(bytes)?;
    if doc.is_encrypted() && !doc.was_encrypted() {
        // Encrypted and not opened with the empty password lopdf tries.
        return Err(RifiutoCv::illeggibile("è protetto da password"));
    }
    let mut codifiche = Codifiche::default();
    let mut restante = MAX_CONTENUTO;
    let mut pagine = 0;
    for pagina in doc.page_iter().take(MAX_PAGINE) {
        pagine += 1;
        leggi_pagina(&doc, pagina, &mut codifiche, &mut restante, raccolta)?;
        if raccolta.piena() {
            break;
        }
    }
    if pagine == 0 {
        return Err(RifiutoCv::danneggiato());
    }
    Ok(())
}

thread_local! {
    /// Objects loaded so far by this thread (each reading has its own thread).
    static OGGETTI: Cell<usize> = const { Cell::new(0) };
}

fn carica(bytes: &[u8]) -> Result<Document, RifiutoCv> {
    OGGETTI.set(0);
    let opzioni = LoadOptions {
        max_decompressed_size: Some(MAX_FLUSSO_INDICE),
        force_reconstruct: true,
        filter: Some(conta),
        ..LoadOptions::default()
    };
    let cifrato = memchr::memmem::find(bytes, b"/Encrypt").is_some();
    if cifrato && copie_cifrate(bytes) > MAX_COPIE_CIFRATE {
        return Err(troppo_complesso());
    }
    let doc = Document::load_mem_with_options(bytes, opzioni).map_err(rifiuto)?;
    // lopdf does not call the filter on an encrypted file's objects.
    if OGGETTI.get() > MAX_OGGETTI || doc.objects.len() > MAX_OGGETTI {
        return Err(troppo_complesso());
    }
    Ok(doc)
}

fn troppo_complesso() -> RifiutoCv {
    RifiutoCv::illeggibile("è troppo complesso da leggere")
}

/// The bytes lopdf copies from an encrypted file before parsing it: each object from
/// its header `N G obj` to the next `endobj`. Every `obj` is counted (more than the
/// headers lopdf finds, never fewer), so headers without their own `endobj`, each
/// copying the rest of the file, are measured before they are copied.
fn copie_cifrate(bytes: &[u8]) -> usize {
    let mut fini = memchr::memmem::find_iter(bytes, b"endobj").peekable();
    let mut totale = 0usize;
    for inizio in memchr::memmem::find_iter(bytes, b"obj") {
        while fini.next_if(|&fine| fine + 3 <= inizio).is_some() {}
        let Some(&fine) = fini.peek() else { break };
        // The header's number and generation precede `obj`: at most 20 bytes more.
        totale = totale.saturating_add(fine + b"endobj".len() - inizio + 20);
    }
    totale
}

/// lopdf's filter, called on each object as it is parsed: past [`MAX_OGGETTI`] the
/// object is dropped (an object stream, before it is unpacked). lopdf keeps an object
/// of the file's body as it is and a member of an object stream as returned: members
/// are never streams, so a stream is not copied.
fn conta(id: ObjectId, oggetto: &mut Object) -> Option<(ObjectId, Object)> {
    let n = OGGETTI.get() + 1;
    OGGETTI.set(n);
    if n > MAX_OGGETTI {
        return None;
    }
    match oggetto {
        Object::Stream(_) => Some((id, Object::Null)),
        altro => Some((id, altro.clone())),
    }
}

fn rifiuto(e: Error) -> RifiutoCv {
    match e {
        Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => troppo_grande(),
        _ => RifiutoCv::danneggiato(),
    }
}

fn troppo_grande() -> RifiutoCv {
    RifiutoCv::illeggibile("una volta decompresso è troppo grande")
}

fn leggi_pagina<'a>(
    doc: &'a Document,
    pagina: ObjectId,
    codifiche: &mut Codifiche<'a>,
    restante: &mut usize,
    raccolta: &mut Raccolta,
) -> Result<(), RifiutoCv> {
    // A page whose resources cannot be resolved (a cycle) shows no text of its own.
    let font = doc.get_page_fonts(pagina).unwrap_or_else(|_| {
        raccolta.danno();
        BTreeMap::new()
    });
    if !contenuto_raggiungibile(doc, pagina) {
        raccolta.danno();
    }
    for f in font.values() {
        codifiche.prepara(doc, f)?;
    }
    let per_nome: BTreeMap<&[u8], &Encoding<'a>> = font
        .iter()
        .filter_map(|(nome, f)| Some((nome.as_slice(), codifiche.di(f)?)))
        .collect();
    let contenuto = doc
        .get_page_content_with_limit(pagina, (*restante).min(MAX_FLUSSO))
        .map_err(rifiuto)?;
    *restante = restante.saturating_sub(contenuto.len());
    let mut testo = Testo::default();
    for op in Content::decode_iter(&contenuto) {
        // Operators past a syntax error are not read; what came before is kept.
        let Ok(op) = op else {
            raccolta.danno();
            break;
        };
        testo.operatore(&op.operator, &op.operands, &per_nome, raccolta);
        if raccolta.piena() {
            break;
        }
    }
    raccolta.a_capo();
    Ok(())
}

/// Whether the page is a dictionary whose `/Contents`, if any, leads to streams of a
/// known length: a reference cycle or a missing object leaves the page blank, which
/// is damage.
fn contenuto_raggiungibile(doc: &Document, pagina: ObjectId) -> bool {
    let Ok(pagina_dict) = doc.get_dictionary(pagina) else {
        return false;
    };
    let Ok(contenuti) = pagina_dict.get(b"Contents") else {
        return true;
    };
    let flussi = match doc.dereference(contenuti) {
        Ok((_, Object::Array(flussi))) => flussi.iter().collect(),
        Ok((_, singolo)) => vec![singolo],
        Err(_) => return false,
    };
    flussi.into_iter().all(|f| {
        let flusso = match f {
            Object::Reference(id) => doc.get_object(*id),
            diretto => Ok(diretto),
        };
        let Ok(Object::Stream(flusso)) = flusso else {
            return false;
        };
        match flusso.dict.get(b"Length") {
            Ok(lunghezza) => doc
                .dereference(lunghezza)
                .is_ok_and(|(_, l)| l.as_i64().is_ok()),
            Err(_) => true,
        }
    })
}

/// The encodings of the fonts met so far, by font dictionary: a font shared by every
/// page is resolved (and its ToUnicode map parsed) once.
#[derive(Default)]
struct Codifiche<'a> {
    note: HashMap<*const Dictionary, Option<Encoding<'a>>>,
}

impl<'a> Codifiche<'a> {
    fn prepara(&mut self, doc: &'a Document, font: &'a Dictionary) -> Result<(), RifiutoCv> {
        let chiave = std::ptr::from_ref(font);
        if self.note.contains_key(&chiave) {
            return Ok(());
        }
        tounicode::controlla(doc, font)?;
        let codifica = match font.get_font_encoding_with_limit(doc, MAX_FLUSSO) {
            Ok(codifica) => Some(codifica),
            Err(Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(troppo_grande());
            }
            // A font whose encoding cannot be read shows no text (lopdf falls back to
            // the standard encoding for most damage).
            Err(_) => None,
        };
        self.note.insert(chiave, codifica);
        Ok(())
    }

    fn di(&self, font: &Dictionary) -> Option<&Encoding<'a>> {
        self.note.get(&std::ptr::from_ref(font))?.as_ref()
    }
}

impl std::fmt::Debug for Codifiche<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Codifiche")
            .field("font", &self.note.len())
            .finish()
    }
}

/// The text state the reading needs: the font, and where the line is, to tell a new
/// line (the baseline moved) from a new word on the same line (it moved along it).
#[derive(Debug, Default)]
struct Testo<'e, 'a> {
    codifica: Option<&'e Encoding<'a>>,
    /// The baseline of the line matrix, in text space.
    y: f32,
    /// The baseline of the last text shown.
    mostrata: Option<f32>,
    /// Whether the position moved since the last text shown.
    spostato: bool,
}

impl<'e, 'a> Testo<'e, 'a> {
    fn operatore(
        &mut self,
        operatore: &str,
        operandi: &[Object],
        font: &BTreeMap<&[u8], &'e Encoding<'a>>,
        raccolta: &mut Raccolta,
    ) {
        let numero = |i: usize| operandi.get(i).and_then(|o| o.as_float().ok());
        match operatore {
            "Tf" => {
                let nome = operandi.first().and_then(|o| o.as_name().ok());
                self.codifica = nome.and_then(|n| font.get(n).copied());
            }
            "BT" => self.sposta(0.0),
            "Td" | "TD" => self.sposta(self.y + numero(1).unwrap_or(0.0)),
            "Tm" => self.sposta(numero(5).unwrap_or(0.0)),
            "T*" => self.a_capo(raccolta),
            "Tj" => self.mostra(operandi.first(), raccolta),
            "'" => {
                self.a_capo(raccolta);
                self.mostra(operandi.first(), raccolta);
            }
            "\"" => {
                self.a_capo(raccolta);
                self.mostra(operandi.get(2), raccolta);
            }
            "TJ" => {
                let parti = operandi.first().and_then(|o| o.as_array().ok());
                for parte in parti.into_iter().flatten() {
                    match parte.as_float() {
                        Ok(n) if n < -SPAZIO_IN_TJ => raccolta.spazio(),
                        Ok(_) => {}
                        Err(_) => self.mostra(Some(parte), raccolta),
                    }
                }
            }
            _ => {}
        }
    }

    fn sposta(&mut self, y: f32) {
        self.y = y;
        self.spostato = true;
    }

    fn a_capo(&mut self, raccolta: &mut Raccolta) {
        raccolta.a_capo();
        self.mostrata = None;
        self.spostato = false;
    }

    fn mostra(&mut self, stringa: Option<&Object>, raccolta: &mut Raccolta) {
        let (Some(codifica), Some(Ok(bytes))) = (self.codifica, stringa.map(Object::as_str)) else {
            return;
        };
        let Ok(testo) = Document::decode_text(codifica, bytes) else {
            return;
        };
        match self.mostrata {
            Some(y) if (y - self.y).abs() > 0.5 => raccolta.a_capo(),
            Some(_) if self.spostato => raccolta.spazio(),
            _ => {}
        }
        self.mostrata = Some(self.y);
        self.spostato = false;
        raccolta.testo(&testo);
    }
}
