//! Receipts (ricevute) for anything submitted on a citizen's or the agency's behalf:
//! one builder for every kind (fasce-deboli upload, offer refusal, appointment…). The
//! caller says what was submitted as fields and count tables; the receipt adds number,
//! date and time, operator, branch, the file's SHA-256 and the server's acknowledgement
//! id, and a QR code with the number and the hash.

use chrono::{DateTime, FixedOffset};
use printpdf::Op;
use qrcode::{Color as QrColor, EcLevel, QrCode};

use crate::font::Face;
use crate::layout::{CONTENT_W, Col, Flow, INK, MARGIN_X, MUTED, fill_rect, rgb, text};
use crate::pdf::{Chrome, Issuer, Meta, Part, assemble};

/// A file that was submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptFile {
    pub name: String,
    pub bytes: u64,
    /// Lowercase hex.
    pub sha256: String,
}

/// A table of counts ("Righe acquisite: 120").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Everything a receipt says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// Unique; given by the store.
    pub number: String,
    pub issued_at: DateTime<FixedOffset>,
    pub operator: String,
    pub branch: String,
    /// What kind of submission ("Caricamento file fasce deboli").
    pub title: String,
    /// What was submitted, as label and value, in order.
    pub fields: Vec<(String, String)>,
    pub tables: Vec<CountTable>,
    pub file: Option<ReceiptFile>,
    /// The server's acknowledgement id, once it answered.
    pub acknowledgement: Option<String>,
}

/// Each table under its own section ("Nessun dato" when empty); the first column
/// `first_weight` times as wide as the others.
pub(crate) fn count_tables(flow: &mut Flow, tables: &[CountTable], first_weight: f32) {
    for t in tables {
        flow.section(&t.title);
        if t.rows.is_empty() {
            flow.note("Nessun dato");
            continue;
        }
        let cols: Vec<Col> = t
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| Col {
                title: h.clone(),
                weight: if i == 0 { first_weight } else { 1.0 },
            })
            .collect();
        flow.table(&t.title, &cols, &t.rows);
    }
}

/// What the QR code encodes: the receipt number and the file's hash ("-" without a
/// file), one per line.
pub fn qr_payload(r: &Receipt) -> String {
    format!(
        "RICEVUTA {}\nSHA-256 {}",
        r.number,
        r.file.as_ref().map_or("-", |f| f.sha256.as_str())
    )
}

/// The receipt as a PDF; `printed` says who prints it and when (the footer), the body
/// keeps the receipt's own date, time and operator, so a reprint says the same.
pub fn receipt_pdf(r: &Receipt, printed: &Issuer) -> Vec<u8> {
    let meta = Meta {
        title: format!("Ricevuta n. {} — {}", r.number, r.title),
        author: r.operator.clone(),
        subject: r.title.clone(),
        created: printed.at,
    };
    let mut flow = Flow::new();
    flow.paragraph(Face::Bold, 15.0, INK, &r.title);
    flow.section("Ricevuta");
    flow.fields(
        3,
        &[
            ("Numero ricevuta", r.number.clone()),
            (
                "Data e ora",
                r.issued_at.format("%d/%m/%Y %H:%M:%S").to_string(),
            ),
            ("Operatore", r.operator.clone()),
            ("Filiale", r.branch.clone()),
            (
                "Identificativo di ricezione del server",
                r.acknowledgement
                    .clone()
                    .unwrap_or_else(|| "non ancora ricevuto".into()),
            ),
        ],
    );
    if !r.fields.is_empty() {
        flow.section("Dati trasmessi");
        let items: Vec<(&str, String)> = r
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        flow.fields(2, &items);
    }
    count_tables(&mut flow, &r.tables, 1.0);
    flow.section("File trasmesso");
    match &r.file {
        Some(f) => {
            flow.fields(
                2,
                &[
                    ("Nome del file", f.name.clone()),
                    ("Dimensione", format!("{} byte", f.bytes)),
                ],
            );
            flow.fields(1, &[("Impronta SHA-256", f.sha256.clone())]);
        }
        None => flow.note("Nessun file trasmesso"),
    }
    qr_block(&mut flow, r);
    let part = Part {
        chrome: Chrome {
            agency: printed.agency.clone(),
            title: "Ricevuta".into(),
            reference: format!("N. {}", r.number),
            footer: printed.footer(),
        },
        pages: flow.into_pages(),
    };
    assemble(&meta, vec![part])
}

/// The QR code drawn as filled squares (vector, sharp at any zoom), with a caption.
fn qr_block(flow: &mut Flow, r: &Receipt) {
    let payload = qr_payload(r);
    // Medium error correction: the payload is short, and a crumpled receipt still scans.
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .expect("a receipt number and a hash fit in a QR code");
    let modules = code.width();
    let colors = code.to_colors();
    let quiet = 4.0;
    let side = 100.0;
    let unit = side / (modules as f32 + 2.0 * quiet);
    flow.space(8.0);
    flow.block(side + 8.0, |ops: &mut Vec<Op>, top: f32| {
        let x0 = MARGIN_X;
        fill_rect(ops, rgb((1.0, 1.0, 1.0)), x0, top - side, side, side);
        for row in 0..modules {
            // One rectangle per run of dark modules keeps the page small.
            let mut col = 0;
            while col < modules {
                if colors[row * modules + col] != QrColor::Dark {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < modules && colors[row * modules + col] == QrColor::Dark {
                    col += 1;
                }
                let x = x0 + (quiet + start as f32) * unit;
                let y = top - (quiet + row as f32 + 1.0) * unit;
                fill_rect(ops, rgb(INK), x, y, (col - start) as f32 * unit, unit);
            }
        }
        let tx = x0 + side + 12.0;
        let caption = [
            "Codice QR della ricevuta:",
            "contiene il numero della ricevuta e l'impronta SHA-256",
            "del file trasmesso, per verificarne l'integrità.",
        ];
        for (i, line) in caption.iter().enumerate() {
            let y = top - 30.0 - i as f32 * 11.0;
            text(ops, Face::Regular, 8.5, MUTED, tx, y, line);
        }
        debug_assert!(tx < MARGIN_X + CONTENT_W);
    });
}
