//! The CPI desk's agenda (seed 003) as a PDF to print: the period and the desks, then
//! each day with its bookings in time order (a day without bookings says so), on the
//! SAP's pages.

use crate::font::Face;
use crate::layout::{Col, Flow, INK};
use crate::pdf::{Chrome, Issuer, Meta, Part, assemble};

/// One day: its label ("Lunedì 07/12/2026") and its bookings, each
/// `[ora, sportello, cittadino, codice fiscale, colloquio, stato]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiornoDoc {
    pub etichetta: String,
    pub righe: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaDoc {
    pub title: String,
    /// Top right under the title ("07/12/2026 – 13/12/2026").
    pub reference: String,
    pub fields: Vec<(String, String)>,
    pub giorni: Vec<GiornoDoc>,
}

const COLONNE: [(&str, f32); 6] = [
    ("Ora", 0.9),
    ("Sportello", 1.3),
    ("Cittadino", 1.6),
    ("Codice fiscale", 1.5),
    ("Colloquio", 1.8),
    ("Stato", 1.0),
];

pub fn agenda_pdf(a: &AgendaDoc, printed: &Issuer) -> Vec<u8> {
    let meta = Meta {
        title: a.title.clone(),
        author: printed.operator.clone(),
        subject: a.title.clone(),
        created: printed.at,
    };
    let mut flow = Flow::new();
    flow.paragraph(Face::Bold, 15.0, INK, &a.title);
    let refs: Vec<(&str, String)> = a
        .fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    flow.fields(2, &refs);
    let cols: Vec<Col> = COLONNE
        .iter()
        .map(|(title, weight)| Col {
            title: (*title).into(),
            weight: *weight,
        })
        .collect();
    for g in &a.giorni {
        flow.section(&g.etichetta);
        if g.righe.is_empty() {
            flow.note("Nessun appuntamento");
        } else {
            flow.table(&g.etichetta, &cols, &g.righe);
        }
    }
    let part = Part {
        chrome: Chrome {
            agency: printed.agency.clone(),
            title: "Agenda".into(),
            reference: a.reference.clone(),
            footer: printed.footer(),
        },
        pages: flow.into_pages(),
    };
    assemble(&meta, vec![part])
}
