//! Reading a filled file: the guard first, then calamine, then the core's cells.

use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, Xls, XlsError, Xlsx, XlsxError};
use chrono::NaiveDate;
use sportello_core::fasce_deboli::{self, Cell, Header};

use super::guard::{self, Kind, MAX_CELLS, MAX_ROWS};
use super::write::{OUTCOME_HEADERS, OUTCOME_SHEET, Outcome, PARTICIPANTS_SHEET};
use super::{Refusal, RefusalCode};

/// The participants sheet of a filled file.
#[derive(Debug, Clone, PartialEq)]
pub struct FilledSheet {
    pub sheet: String,
    pub header: Header,
    /// Data rows below the header: the spreadsheet's own 1-based row number and the
    /// cells (index 0 is the sheet's first used column, as in `header.columns`).
    pub rows: Vec<(u32, Vec<Cell>)>,
}

impl FilledSheet {
    /// The rows as [`fasce_deboli::check_rows`] takes them.
    pub fn data(&self) -> impl Iterator<Item = (u32, &[Cell])> {
        self.rows.iter().map(|(n, cells)| (*n, cells.as_slice()))
    }
}

fn encrypted() -> Refusal {
    Refusal::new(
        RefusalCode::FileCifrato,
        "Il file è protetto da password: salvarlo senza password e riprovare.",
    )
}

fn unreadable() -> Refusal {
    Refusal::new(
        RefusalCode::NonUnFoglioDiCalcolo,
        "Il file non è un foglio di calcolo leggibile (sono accettati .xlsx, .xls e .ods).",
    )
}

/// The sheets of a workbook, as (name, range) on demand.
enum Book<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Xls(Xls<Cursor<&'a [u8]>>),
    Ods(Ods<Cursor<&'a [u8]>>),
}

impl<'a> Book<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, Refusal> {
        match guard::inspect(bytes)? {
            Kind::Xlsx => Xlsx::new(Cursor::new(bytes))
                .map(Book::Xlsx)
                .map_err(|e| match e {
                    XlsxError::Password => encrypted(),
                    _ => unreadable(),
                }),
            Kind::Ods => Ods::new(Cursor::new(bytes))
                .map(Book::Ods)
                .map_err(|_| unreadable()),
            Kind::Ole => {
                // An encrypted xlsx is an OLE file with an EncryptedPackage stream.
                if let Err(XlsxError::Password) = Xlsx::new(Cursor::new(bytes)) {
                    return Err(encrypted());
                }
                Xls::new(Cursor::new(bytes))
                    .map(Book::Xls)
                    .map_err(|e| match e {
                        XlsError::Password => encrypted(),
                        _ => unreadable(),
                    })
            }
        }
    }

    fn names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    fn range(&mut self, name: &str) -> Result<Range<Data>, Refusal> {
        match self {
            Book::Xlsx(b) => b.worksheet_range(name).map_err(|_| unreadable()),
            Book::Xls(b) => b.worksheet_range(name).map_err(|_| unreadable()),
            Book::Ods(b) => b.worksheet_range(name).map_err(|_| unreadable()),
        }
    }
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => Cell::Date(t.date()),
            None => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => match s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()) {
            Some(d) => Cell::Date(d),
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}

/// The 1-based number of the range's first row, and its rows as cells.
fn rows_of(range: &Range<Data>) -> Result<(u32, Vec<Vec<Cell>>), Refusal> {
    let (h, w) = range.get_size();
    if h as u64 > MAX_ROWS || (h as u64).saturating_mul(w as u64) > MAX_CELLS {
        return Err(guard::too_large_dimensions(&format!(
            "{h} righe per {w} colonne"
        )));
    }
    let first = range.start().map_or(1, |(r, _)| r + 1);
    Ok((
        first,
        range.rows().map(|r| r.iter().map(cell).collect()).collect(),
    ))
}

/// Reads a filled participants file: sheet `Partecipanti` if present, otherwise the
/// first sheet with the header row; the header row is the first of the first 20 rows
/// with the required headers (see [`fasce_deboli::find_header`]).
pub fn read_filled(bytes: &[u8]) -> Result<FilledSheet, Refusal> {
    let mut book = Book::open(bytes)?;
    let names = book.names();
    let preferred = names
        .iter()
        .position(|n| fasce_deboli::fold(n) == fasce_deboli::fold(PARTICIPANTS_SHEET));
    let order: Vec<usize> = preferred
        .into_iter()
        .chain((0..names.len()).filter(|i| Some(*i) != preferred))
        .collect();
    for i in order {
        let range = book.range(&names[i])?;
        let (first, rows) = rows_of(&range)?;
        if let Some(header) = fasce_deboli::find_header(&rows, first) {
            let skip = (header.row - first + 1) as usize;
            let data = rows
                .into_iter()
                .enumerate()
                .skip(skip)
                .map(|(k, cells)| (first + k as u32, cells))
                .collect();
            return Ok(FilledSheet {
                sheet: names[i].clone(),
                header,
                rows: data,
            });
        }
    }
    Err(Refusal::new(
        RefusalCode::IntestazioneNonTrovata,
        "Nessun foglio ha la riga di intestazione con Codice fiscale, Codice progetto, Fascia debole e Categoria nelle prime 20 righe.",
    ))
}

/// Reads an outcome file written by [`super::write_outcome`].
pub fn read_outcome(bytes: &[u8]) -> Result<Vec<Outcome>, Refusal> {
    let mut book = Book::open(bytes)?;
    let names = book.names();
    let name = names
        .iter()
        .find(|n| n.as_str() == OUTCOME_SHEET)
        .or(names.first())
        .cloned()
        .ok_or_else(unreadable)?;
    let (_, rows) = rows_of(&book.range(&name)?)?;
    let mut rows = rows.into_iter();
    let header: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(Cell::text)
        .collect();
    if header != OUTCOME_HEADERS {
        return Err(Refusal::new(
            RefusalCode::IntestazioneNonTrovata,
            "Il file non ha le colonne del file di esito.",
        ));
    }
    Ok(rows
        .filter(|r| !r.iter().all(Cell::is_blank))
        .map(|r| {
            let text = |j: usize| r.get(j).map(Cell::text).unwrap_or_default();
            Outcome {
                codice_fiscale: text(0),
                codice_progetto: text(1),
                acquisito: text(2) == "ACQUISITO",
                motivo: text(3),
            }
        })
        .collect())
}
