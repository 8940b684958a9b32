//! The training-course catalogue (seed 004) as a PDF: each course a section with its
//! fields and its Finalità, on the SAP's pages (header, footer "Pagina X di Y",
//! embedded font).

use crate::font::Face;
use crate::layout::{Flow, INK};
use crate::pdf::{Chrome, Issuer, Meta, Part, assemble};

/// One course: its title, its fields as seed 004 labels them, the Finalità as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsoDoc {
    pub titolo: String,
    pub campi: Vec<(String, String)>,
    pub finalita: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogoDoc {
    pub title: String,
    /// Top right under the title.
    pub reference: String,
    pub fields: Vec<(String, String)>,
    pub corsi: Vec<CorsoDoc>,
}

pub fn catalogo_pdf(c: &CatalogoDoc, printed: &Issuer) -> Vec<u8> {
    let meta = Meta {
        title: c.title.clone(),
        author: printed.operator.clone(),
        subject: c.title.clone(),
        created: printed.at,
    };
    let mut flow = Flow::new();
    flow.paragraph(Face::Bold, 15.0, INK, &c.title);
    let refs: Vec<(&str, String)> = c
        .fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    flow.fields(3, &refs);
    if c.corsi.is_empty() {
        flow.note("Nessun corso");
    }
    for corso in &c.corsi {
        flow.section(&corso.titolo);
        let refs: Vec<(&str, String)> = corso
            .campi
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        flow.fields(3, &refs);
        for line in corso.finalita.lines().filter(|l| !l.trim().is_empty()) {
            flow.paragraph(Face::Regular, 9.0, INK, line);
        }
    }
    let part = Part {
        chrome: Chrome {
            agency: printed.agency.clone(),
            title: "Catalogo corsi".into(),
            reference: c.reference.clone(),
            footer: printed.footer(),
        },
        pages: flow.into_pages(),
    };
    assemble(&meta, vec![part])
}
