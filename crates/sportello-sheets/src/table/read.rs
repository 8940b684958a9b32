//! Reading a workbook back as typed values, sheet by sheet: how the tests check what
//! an export wrote, and what a later import reads.

use std::path::Path;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use super::{Error, Result};
use crate::fasce_deboli::guard;

/// A cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// A cell holding a date (a serial number in a date format).
    Date(NaiveDate),
    Bool(bool),
    /// Anything else (errors, times, durations), as calamine shows it.
    Other(String),
}

/// One sheet: its name and its rows from the first, as a rectangle (short rows are
/// padded with [`Value::Empty`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetValues {
    pub name: String,
    pub rows: Vec<Vec<Value>>,
}

/// Every sheet of an xlsx file, in order, after the same guard as
/// [`crate::fasce_deboli::read_filled`] (a refusal is [`Error::Refused`]).
pub fn read_workbook(path: &Path) -> Result<Vec<SheetValues>> {
    let bytes = guard::read_bounded(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    guard::inspect(&bytes)?;
    let mut workbook = Xlsx::new(Cursor::new(bytes.as_slice()))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name)?;
        // calamine's range starts at the first used cell; tables start at A1.
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Value>> = (0..top).map(|_| Vec::new()).collect();
        for row in range.rows() {
            let mut values: Vec<Value> = (0..left).map(|_| Value::Empty).collect();
            values.extend(row.iter().map(value));
            rows.push(values);
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        for row in &mut rows {
            row.resize(width, Value::Empty);
        }
        sheets.push(SheetValues { name, rows });
    }
    Ok(sheets)
}

fn value(cell: &Data) -> Value {
    match cell {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => Value::Date(t.date()),
            _ => Value::Other(dt.to_string()),
        },
        other => Value::Other(other.to_string()),
    }
}
