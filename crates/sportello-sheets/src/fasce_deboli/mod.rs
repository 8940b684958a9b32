//! The FTWeb fasce-deboli workbooks (domain.md "FTWeb fasce-deboli file"): the
//! participants file to fill ([`write_participants`]), the outcome file
//! ([`write_outcome`]), and the reading of a filled file into
//! [`sportello_core::fasce_deboli::Cell`] rows ([`read_filled`]) after a guard that
//! refuses hostile files before calamine allocates anything large ([`guard`]).

pub(crate) mod guard;
mod read;
#[cfg(test)]
mod tests;
mod write;

pub use guard::{MAX_CELLS, MAX_FILE_BYTES, MAX_UNCOMPRESSED_BYTES};
pub use read::{FilledSheet, read_filled, read_outcome};
pub use write::{
    OUTCOME_SHEET, Outcome, PARTICIPANTS_SHEET, Participant, write_outcome, write_participants,
};

/// Why a file cannot be read at all (issue 7's refusal codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalCode {
    NonUnFoglioDiCalcolo,
    FileCifrato,
    FileTroppoGrande,
    IntestazioneNonTrovata,
    DimensioniEccessive,
}

impl RefusalCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalCode::NonUnFoglioDiCalcolo => "NON_UN_FOGLIO_DI_CALCOLO",
            RefusalCode::FileCifrato => "FILE_CIFRATO",
            RefusalCode::FileTroppoGrande => "FILE_TROPPO_GRANDE",
            RefusalCode::IntestazioneNonTrovata => "INTESTAZIONE_NON_TROVATA",
            RefusalCode::DimensioniEccessive => "DIMENSIONI_ECCESSIVE",
        }
    }
}

/// A refused file: the code and an Italian message for the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub code: RefusalCode,
    pub message: String,
}

impl Refusal {
    pub(crate) fn new(code: RefusalCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// Writing a workbook failed (a bug or an impossible input, not the operator's fault).
#[derive(Debug, thiserror::Error)]
#[error("scrittura del foglio di calcolo non riuscita: {0}")]
pub struct WriteError(String);

impl From<rust_xlsxwriter::XlsxError> for WriteError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Self(e.to_string())
    }
}
