//! Documents: the SAP, the CV and receipts as PDF, and the SAP as XML; the text of an
//! uploaded CV.
//!
//! The only crate that knows printpdf, lopdf and qrcode. What it makes and reads is
//! bytes: files, the audit log and the store are the app layer's business.
//!
//! - [`sap_pdf`]: the SAP in the order of seed 003, A4, header with the agency and the
//!   SAP identifier, footer "Pagina X di Y" with date, time and operator; tables break
//!   between rows and repeat their header. [`batch::sap_each`] and
//!   [`batch::sap_merged`] make many on every core, cancellable, with progress.
//! - [`sap_xml`] / [`parse_sap_xml`]: the SAP with the ministerial element names.
//! - [`cv_pdf`]: a one-or-two-page CV, optionally anonymous.
//! - [`report_pdf`]: a report (fields, count tables, bar charts of a daily trend).
//! - [`receipt_pdf`]: any receipt ([`Receipt`]: fields, count tables, file hash,
//!   acknowledgement id), with a QR code of its number and hash.
//! - [`leggi_cv`]: the other way round, the text of an uploaded CV (PDF, .doc, .docx,
//!   .odt, at most 5 MB) for the keyword search, or why it is refused ([`RifiutoCv`]).
//!
//! Every PDF embeds a subset of Titillium Web (assets/fonts) with a ToUnicode map, so
//! its text can be selected and extracted, accents included.
//!
//! # Measured (`cargo xtask bench docs`, release, 2-core VM shared with other builds,
//! load average about 4.4)
//! - 1,000 typical demo SAPs on one core: 1.37 s (1.4 ms each); a typical SAP is 27 KB
//!   (95th percentile 29 KB), 1–2 pages.
//! - 10,000 SAPs rendered in memory on both cores: 10.2 s; through the app's batch into
//!   a folder (store read, render, one fsync per file, audit, rename): 23.6 s.
//! - printpdf's own stream compression (deflate at the best level) was 40 % of a SAP's
//!   time; the documents here are deflated at level 1 instead (files about 25 % larger).
//!
//! `cargo xtask bench cv` (same VM, load average about 3): [`leggi_cv`] over 10,000 of
//! our CV PDFs (median 18 KB, about 1,300 characters of text) on both cores takes
//! 4.8–6.3 s, 1,600–2,100 files a second (about 1 ms a file a core, its thread
//! included); peak RSS 310 MB with the 10,000 PDFs held in memory.

mod agenda;
pub mod batch;
mod catalogo;
mod cv;
mod font;
mod layout;
mod pdf;
mod receipt;
mod report;
mod sap;
mod testo;
mod words;
mod xml;

pub use agenda::{AgendaDoc, GiornoDoc, agenda_pdf};
pub use catalogo::{CatalogoDoc, CorsoDoc, catalogo_pdf};
pub use cv::{CvOptions, age_band, cv_pdf};
pub use pdf::Issuer;
pub use receipt::{CountTable, Receipt, ReceiptFile, qr_payload, receipt_pdf};
pub use report::{ReportDoc, TrendChart, report_pdf};
pub use sap::{libretto_pdf, sap_pdf};
pub use testo::{FormatoCv, MAX_CV_BYTES, RifiutoCv, TestoCv, leggi_cv};
pub use xml::{parse_sap_xml, sap_xml};

pub type Result<T, E = std::convert::Infallible> = std::result::Result<T, Error<E>>;

#[derive(Debug, thiserror::Error)]
pub enum Error<E = std::convert::Infallible> {
    /// The operator stopped a batch.
    #[error("operazione annullata")]
    Cancelled,
    /// A SAP XML document that cannot be read.
    #[error("SAP XML: {0}")]
    Xml(String),
    /// What a batch's sink returned.
    #[error(transparent)]
    Sink(E),
}
