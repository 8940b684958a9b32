//! Putting laid-out pages into a PDF: header and footer on every page ("Pagina X di
//! Y"), the embedded subset font, document metadata.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use printpdf::{
    Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, PdfWarnMsg,
    date::{Date, Offset, OffsetDateTime, Time},
    font::PdfFont,
    to_lopdf_doc,
};

use crate::font::{Face, fonts};
use crate::layout::{
    ACCENT, CONTENT_BOTTOM, CONTENT_TOP, CONTENT_W, INK, MARGIN_X, MUTED, PAGE_H, PAGE_W, font_id,
    hline, rgb, text, text_right,
};

/// Who made a document, for whom, and when: printed in every header and footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The agency or job centre ("Centro per l'Impiego di Firenze"), top left.
    pub agency: String,
    /// The operator's login, in the footer and as the PDF's author.
    pub operator: String,
    /// Generation time, local with its offset: footer and creation date.
    pub at: DateTime<FixedOffset>,
}

impl Issuer {
    pub(crate) fn footer(&self) -> String {
        format!(
            "Generato il {} alle {} da {}",
            self.at.format("%d/%m/%Y"),
            self.at.format("%H:%M"),
            self.operator
        )
    }
}

/// The header and footer of one document's pages.
#[derive(Debug, Clone)]
pub(crate) struct Chrome {
    pub agency: String,
    pub title: String,
    /// Top right under the title (the SAP identifier, the receipt number).
    pub reference: String,
    pub footer: String,
}

/// Document information (File → Properties).
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub created: DateTime<FixedOffset>,
}

/// One document's pages: in a merged PDF each part numbers its own pages.
#[derive(Debug)]
pub(crate) struct Part {
    pub chrome: Chrome,
    pub pages: Vec<Vec<Op>>,
}

/// The PDF of `parts`, in order.
pub(crate) fn assemble(meta: &Meta, parts: Vec<Part>) -> Vec<u8> {
    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = "Sportello".into();
    info.producer = "Sportello (printpdf)".into();
    info.creation_date = pdf_date(meta.created);
    info.modification_date = pdf_date(meta.created);
    info.metadata_date = pdf_date(meta.created);
    for face in Face::ALL {
        doc.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(fonts().parsed(face).clone()));
    }
    let mut pages = Vec::new();
    for part in parts {
        let total = part.pages.len();
        for (i, content) in part.pages.into_iter().enumerate() {
            let mut ops = chrome_ops(&part.chrome, i + 1, total);
            ops.extend(content);
            pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
        }
    }
    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let options = PdfSaveOptions {
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut pdf = to_lopdf_doc(doc.with_pages(pages), &options, &mut warnings);
    compress(&mut pdf);
    let mut out = Vec::new();
    pdf.save_to(&mut out)
        .expect("writing a PDF to memory cannot fail");
    out
}

/// Deflates every stream at the fastest level: printpdf's own pass uses the best
/// (slowest) one, which took 40 % of a SAP's time; level 1 made a SAP about 40 %
/// faster to write and keeps it far below the 60 KB asked for.
fn compress(pdf: &mut lopdf::Document) {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(DEFLATE_LEVEL));
        let compressed = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish());
        if let Ok(compressed) = compressed
            && compressed.len() + 19 < stream.content.len()
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

const DEFLATE_LEVEL: u32 = 1;

fn chrome_ops(chrome: &Chrome, page: usize, total: usize) -> Vec<Op> {
    let mut ops = Vec::new();
    let right = MARGIN_X + CONTENT_W;
    let top = PAGE_H - 36.0;
    text(
        &mut ops,
        Face::Bold,
        10.0,
        INK,
        MARGIN_X,
        top,
        &chrome.agency,
    );
    text_right(
        &mut ops,
        Face::Bold,
        12.0,
        ACCENT,
        right,
        top,
        &chrome.title,
    );
    text_right(
        &mut ops,
        Face::Regular,
        9.0,
        MUTED,
        right,
        top - 15.0,
        &chrome.reference,
    );
    hline(
        &mut ops,
        rgb(ACCENT),
        1.2,
        MARGIN_X,
        right,
        CONTENT_TOP + 14.0,
    );
    let bottom = CONTENT_BOTTOM - 26.0;
    hline(
        &mut ops,
        rgb(MUTED),
        0.4,
        MARGIN_X,
        right,
        CONTENT_BOTTOM - 12.0,
    );
    text(
        &mut ops,
        Face::Italic,
        7.5,
        MUTED,
        MARGIN_X,
        bottom,
        &chrome.footer,
    );
    let number = format!("Pagina {page} di {total}");
    text_right(&mut ops, Face::Regular, 8.0, INK, right, bottom, &number);
    debug_assert!(PAGE_W > right);
    ops
}

fn pdf_date(at: DateTime<FixedOffset>) -> OffsetDateTime {
    let offset = at.offset().local_minus_utc();
    OffsetDateTime {
        date: Date {
            year: at.year(),
            month: at.month() as u8,
            day: at.day() as u8,
        },
        time: Time {
            hour: at.hour() as u8,
            minute: at.minute() as u8,
            second: at.second() as u8,
            millisecond: 0,
        },
        offset: Offset {
            hours: (offset / 3600) as i8,
            minutes: ((offset % 3600) / 60) as i8,
            seconds: 0,
            milliseconds: 0,
        },
    }
}
