//! Spreadsheets: writing and reading xlsx (and reading xls/ods). The only crate that
//! knows rust_xlsxwriter and calamine; their types stay inside.

pub mod fasce_deboli;
pub mod offerte;
pub mod table;
