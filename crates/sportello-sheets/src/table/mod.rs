//! Plain tables as xlsx: a header row and rows of typed cells, streamed to disk in
//! constant memory ([`TableWriter`]), and read back ([`read_workbook`]).
//!
//! What a reader of the file gets (issue 5): a bold, frozen header with an autofilter;
//! column widths fitted to the longest value; dates as real Excel dates shown
//! dd/mm/yyyy; numbers as numbers; text as text cells, and codes (codici fiscali, phone
//! numbers) in the text format as well, so Excel never turns `0551234567` into a
//! number, not even when it is retyped; a sheet of
//! criteria; the document properties. Over Excel's 1,048,576 rows a table continues on
//! further sheets, each with its header.
//!
//! The workbook goes to a file the caller gives: the app writes it beside its target
//! and renames it into place after the audit entry, so an interrupted or failed export
//! leaves nothing behind.
//!
//! The types of rust_xlsxwriter and calamine stay inside this module; their errors
//! become [`Error`] in one `From` each.

mod read;
mod write;

use std::path::PathBuf;

pub use read::{SheetValues, Value, read_workbook};
pub use write::{
    Cell, Column, Finished, MAX_DATA_ROWS_PER_SHEET, Properties, SmallSheet, TableSpec,
    TableWriter, write_sheets,
};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A row does not have one cell per column.
    #[error("a row has {got} cells, the table has {expected} columns")]
    RowWidth { expected: usize, got: usize },

    /// The spreadsheet library refused something (a name, a limit, a write).
    #[error("xlsx: {0}")]
    Write(String),

    /// The file is not a readable xlsx workbook.
    #[error("reading the workbook: {0}")]
    Read(String),

    /// The guard refused the file before calamine read it (see `fasce_deboli`).
    #[error("{0}")]
    Refused(#[from] crate::fasce_deboli::Refusal),
}

impl From<std::io::Error> for Error {
    /// Writing the output file, whose name the caller knows.
    fn from(source: std::io::Error) -> Self {
        Error::Io {
            path: PathBuf::new(),
            source,
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for Error {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        match e {
            rust_xlsxwriter::XlsxError::IoError(source) => Error::Io {
                path: PathBuf::new(),
                source,
            },
            other => Error::Write(other.to_string()),
        }
    }
}

impl From<calamine::XlsxError> for Error {
    fn from(e: calamine::XlsxError) -> Self {
        Error::Read(e.to_string())
    }
}
