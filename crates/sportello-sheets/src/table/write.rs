//! Writing a table: constant-memory sheets and a criteria sheet, into a file the caller
//! owns (the app writes it beside its target and renames it after the audit entry).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use super::{Error, Result};

/// Data rows per sheet: Excel's 1,048,576 rows less the header.
pub const MAX_DATA_ROWS_PER_SHEET: u32 = 1_048_575;

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on the length of a sheet name.
const MAX_SHEET_NAME_CHARS: usize = 31;
/// Column widths, in characters: never narrower nor wider than these.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;
/// The width of a date shown dd/mm/yyyy.
const DATE_CHARS: usize = 10;
/// Italian readers expect day first; the locale tag keeps readers in other locales
/// (LibreOffice in en-US) from swapping day and month.
const DATE_FORMAT: &str = "[$-410]dd/mm/yyyy";
/// Excel's built-in "Text" number format: what is typed in such a cell stays text.
const TEXT_FORMAT: &str = "@";
/// Faster than the default level 6 for a few per cent more bytes (rust_xlsxwriter's
/// own advice; Excel itself writes level 3).
const ZIP_LEVEL: u8 = 3;

/// One column of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
}

/// One cell; the variant decides how it is stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    /// A string cell (names, labels): always text, whatever it looks like.
    Text(&'a str),
    /// A string cell in the text format (codici fiscali, phone numbers, CAP): text, and
    /// an operator who retypes it in Excel keeps it as typed, leading zeros included.
    /// Costs more to write than [`Cell::Text`] (rust_xlsxwriter looks the format up for
    /// every formatted cell), so only codes get it.
    Code(&'a str),
    Number(f64),
    /// A real Excel date, shown dd/mm/yyyy.
    Date(NaiveDate),
}

/// The document properties (File → Properties).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Properties {
    pub title: String,
    pub subject: String,
    pub author: String,
    pub company: String,
    pub comment: String,
}

/// What to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpec {
    /// The first data sheet's name; further sheets add " (2)", " (3)"…
    pub sheet_name: String,
    pub columns: Vec<Column>,
    pub properties: Properties,
    /// Data rows per sheet; [`MAX_DATA_ROWS_PER_SHEET`] unless a test wants less.
    pub rows_per_sheet: u32,
}

/// A table being written. Rows go to disk as they come (rust_xlsxwriter's constant
/// memory mode, its scratch files in the given folder); the workbook is written to the
/// output file by [`TableWriter::finish`].
pub struct TableWriter {
    workbook: Workbook,
    spec: TableSpec,
    header: Format,
    text: Format,
    date: Format,
    /// Indexes (in the workbook) of the data sheets so far.
    sheets: Vec<usize>,
    /// The next row to write in the current sheet (0 is the header).
    row: u32,
    rows_total: u64,
    /// The widest value of each column so far, in characters.
    widths: Vec<usize>,
    out: File,
}

impl std::fmt::Debug for TableWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableWriter")
            .field("sheets", &self.sheets.len())
            .field("rows_total", &self.rows_total)
            .finish_non_exhaustive()
    }
}

impl TableWriter {
    /// Starts a table that [`TableWriter::finish`] writes to `out` (an empty file);
    /// rows wait in scratch files in `scratch_dir` (the output's folder keeps personal
    /// data on the disk the operator chose).
    pub fn create(out: File, scratch_dir: &Path, spec: TableSpec) -> Result<TableWriter> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(scratch_dir)?;
        workbook.set_zip_compression_level(ZIP_LEVEL);
        let p = &spec.properties;
        workbook.set_properties(
            &DocProperties::new()
                .set_title(&p.title)
                .set_subject(&p.subject)
                .set_author(&p.author)
                .set_company(&p.company)
                .set_comment(&p.comment),
        );
        let widths = spec
            .columns
            .iter()
            .map(|c| header_width(&c.header))
            .collect();
        let mut writer = TableWriter {
            workbook,
            header: Format::new().set_bold().set_num_format(TEXT_FORMAT),
            text: Format::new().set_num_format(TEXT_FORMAT),
            date: Format::new().set_num_format(DATE_FORMAT),
            sheets: Vec::new(),
            row: 0,
            rows_total: 0,
            widths,
            out,
            spec,
        };
        writer.start_sheet()?;
        Ok(writer)
    }

    /// Data rows written so far, over all sheets.
    pub fn rows_written(&self) -> u64 {
        self.rows_total
    }

    /// Appends a row: one cell per column, in the columns' order.
    pub fn write_row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        if cells.len() != self.spec.columns.len() {
            return Err(Error::RowWidth {
                expected: self.spec.columns.len(),
                got: cells.len(),
            });
        }
        if self.row > self.spec.rows_per_sheet {
            self.start_sheet()?;
        }
        let row = self.row;
        let index = *self.sheets.last().expect("a sheet is started at creation");
        let sheet = self.workbook.worksheet_from_index(index)?;
        for (col, cell) in cells.iter().enumerate() {
            let width = write_cell(sheet, row, col_num(col), *cell, &self.text, &self.date)?;
            let widest = &mut self.widths[col];
            *widest = (*widest).max(width);
        }
        self.row += 1;
        self.rows_total += 1;
        Ok(())
    }

    /// Adds the criteria sheet (two columns with a bold header), lays out the data
    /// sheets (widths, frozen header, autofilter) and writes the whole workbook to the
    /// output file, flushed (syncing it is the owner's choice).
    pub fn finish(
        mut self,
        criteria_sheet: &str,
        criteria_header: [&str; 2],
        criteria: &[(String, String)],
    ) -> Result<Finished> {
        let last_col = col_num(self.spec.columns.len().saturating_sub(1));
        let widths: Vec<f64> = self
            .widths
            .iter()
            .map(|w| (*w).clamp(MIN_WIDTH, MAX_WIDTH) as f64 + 1.0)
            .collect();
        let sheet_count = self.sheets.len();
        for (n, &index) in self.sheets.iter().enumerate() {
            let rows = if n + 1 == sheet_count {
                self.row - 1
            } else {
                self.spec.rows_per_sheet
            };
            let sheet = self.workbook.worksheet_from_index(index)?;
            for (col, width) in widths.iter().enumerate() {
                sheet.set_column_width(col_num(col), *width)?;
            }
            sheet.set_freeze_panes(1, 0)?;
            sheet.autofilter(0, 0, rows, last_col)?;
        }

        let sheet = self.workbook.add_worksheet();
        sheet.set_name(criteria_sheet)?;
        for (col, text) in criteria_header.iter().enumerate() {
            sheet.write_string_with_format(0, col_num(col), *text, &self.header)?;
        }
        let mut criteria_widths = criteria_header.map(header_width);
        for (i, (name, value)) in criteria.iter().enumerate() {
            let row = u32::try_from(i + 1).map_err(|_| Error::Write("too many criteria".into()))?;
            for (col, text) in [name, value].into_iter().enumerate() {
                let text = clip(text);
                sheet.write_string(row, col_num(col), text)?;
                criteria_widths[col] = criteria_widths[col].max(text.chars().count());
            }
        }
        for (col, width) in criteria_widths.iter().enumerate() {
            sheet.set_column_width(col_num(col), (*width).clamp(MIN_WIDTH, 100) as f64 + 1.0)?;
        }
        // The data opens first.
        self.workbook.worksheet_from_index(0)?.set_active(true);

        {
            let mut out = BufWriter::new(&mut self.out);
            self.workbook.save_to_writer(&mut out)?;
            out.flush()?;
        }
        let bytes = self.out.metadata()?.len();
        Ok(Finished {
            rows: self.rows_total,
            sheets: sheet_count,
            bytes,
        })
    }

    /// A new data sheet with the header row.
    fn start_sheet(&mut self) -> Result<()> {
        let number = self.sheets.len() + 1;
        let name = sheet_name(&self.spec.sheet_name, number);
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        for (col, column) in self.spec.columns.iter().enumerate() {
            sheet.write_string_with_format(0, col_num(col), clip(&column.header), &self.header)?;
        }
        self.sheets.push(self.workbook.worksheets().len() - 1);
        self.row = 1;
        Ok(())
    }
}

/// What a finished table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finished {
    pub rows: u64,
    /// Data sheets (more than one past Excel's row limit).
    pub sheets: usize,
    pub bytes: u64,
}

/// One small sheet of a [`write_sheets`] workbook: a header and its rows, in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct SmallSheet<'a> {
    pub name: &'a str,
    pub columns: Vec<&'a str>,
    pub rows: Vec<Vec<Cell<'a>>>,
}

/// A workbook of a few small tables, a sheet each, laid out as [`TableWriter`] lays out
/// its own (bold frozen header, autofilter, fitted widths): for a report's lists.
pub fn write_sheets(sheets: &[SmallSheet<'_>], properties: &Properties) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&properties.title)
            .set_subject(&properties.subject)
            .set_author(&properties.author)
            .set_company(&properties.company)
            .set_comment(&properties.comment),
    );
    let header = Format::new().set_bold().set_num_format(TEXT_FORMAT);
    let text = Format::new().set_num_format(TEXT_FORMAT);
    let date = Format::new().set_num_format(DATE_FORMAT);
    for spec in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(spec.name, 1))?;
        let mut widths: Vec<usize> = spec.columns.iter().map(|h| header_width(h)).collect();
        for (col, title) in spec.columns.iter().enumerate() {
            sheet.write_string_with_format(0, col_num(col), clip(title), &header)?;
        }
        for (r, cells) in spec.rows.iter().enumerate() {
            if cells.len() != spec.columns.len() {
                return Err(Error::RowWidth {
                    expected: spec.columns.len(),
                    got: cells.len(),
                });
            }
            let row = u32::try_from(r + 1).map_err(|_| Error::Write("too many rows".into()))?;
            for (col, cell) in cells.iter().enumerate() {
                let width = write_cell(sheet, row, col_num(col), *cell, &text, &date)?;
                widths[col] = widths[col].max(width);
            }
        }
        for (col, width) in widths.iter().enumerate() {
            sheet.set_column_width(
                col_num(col),
                (*width).clamp(MIN_WIDTH, MAX_WIDTH) as f64 + 1.0,
            )?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let last_row = u32::try_from(spec.rows.len()).unwrap_or(u32::MAX);
        sheet.autofilter(
            0,
            0,
            last_row,
            col_num(spec.columns.len().saturating_sub(1)),
        )?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn col_num(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// "Candidati", "Candidati (2)"…, within Excel's 31 characters.
fn sheet_name(base: &str, number: usize) -> String {
    let suffix = if number == 1 {
        String::new()
    } else {
        format!(" ({number})")
    };
    let keep = MAX_SHEET_NAME_CHARS - suffix.chars().count();
    let base: String = base.chars().take(keep).collect();
    format!("{base}{suffix}")
}

/// A header is bold: it needs about a tenth more room than plain text.
fn header_width(header: &str) -> usize {
    let n = header.chars().count();
    n + n.div_ceil(10)
}

/// Text within Excel's cell limit. Longer text is cut rather than failing an export of
/// many rows on one overlong value.
/// Excel counts UTF-16 units, which never outnumber a text's UTF-8 bytes.
fn clip(text: &str) -> &str {
    if text.len() <= MAX_CELL_CHARS {
        return text;
    }
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS {
            return &text[..at];
        }
    }
    text
}

/// Writes one cell; returns its displayed width in characters.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: Cell<'_>,
    text: &Format,
    date: &Format,
) -> Result<usize> {
    Ok(match cell {
        Cell::Empty => 0,
        Cell::Text(s) => {
            let s = clip(s);
            sheet.write_string(row, col, s)?;
            s.chars().count()
        }
        Cell::Code(s) => {
            let s = clip(s);
            sheet.write_string_with_format(row, col, s, text)?;
            s.chars().count()
        }
        Cell::Number(n) => {
            sheet.write_number(row, col, n)?;
            number_width(n)
        }
        Cell::Date(d) => {
            let when = ExcelDateTime::from_ymd(
                u16::try_from(d.year())
                    .map_err(|_| Error::Write(format!("date out of range: {d}")))?,
                d.month() as u8,
                d.day() as u8,
            )?;
            sheet.write_datetime_with_format(row, col, &when, date)?;
            DATE_CHARS
        }
    })
}

fn number_width(n: f64) -> usize {
    // Excel's General format shows up to 11 significant characters.
    format!("{n}").len().min(11)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_stay_within_excel_limits() {
        assert_eq!(sheet_name("Candidati", 1), "Candidati");
        assert_eq!(sheet_name("Candidati", 2), "Candidati (2)");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, 12).chars().count(), 31);
    }

    #[test]
    fn a_workbook_of_small_sheets_reads_back_sheet_by_sheet() {
        use crate::table::{Value, read_workbook};
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let sheets = [
            SmallSheet {
                name: "Sintesi",
                columns: vec!["Voce", "FI01", "Totale"],
                rows: vec![vec![
                    Cell::Text("Cittadini"),
                    Cell::Number(3.0),
                    Cell::Number(3.0),
                ]],
            },
            SmallSheet {
                name: "Andamento",
                columns: vec!["Giorno", "Filiale"],
                rows: vec![vec![Cell::Date(day), Cell::Code("FI01")]],
            },
        ];
        let bytes = write_sheets(&sheets, &Properties::default()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xlsx");
        std::fs::write(&path, bytes).unwrap();
        let read = read_workbook(&path).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].name, "Sintesi");
        assert_eq!(read[0].rows[1][2], Value::Number(3.0));
        assert_eq!(read[1].name, "Andamento");
        assert_eq!(
            read[1].rows[1],
            vec![Value::Date(day), Value::Text("FI01".into())]
        );
        let ragged = [SmallSheet {
            name: "X",
            columns: vec!["a", "b"],
            rows: vec![vec![Cell::Empty]],
        }];
        assert!(matches!(
            write_sheets(&ragged, &Properties::default()),
            Err(Error::RowWidth {
                expected: 2,
                got: 1
            })
        ));
    }

    fn part(file: &Path, name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(File::open(file).unwrap()).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn header_is_bold_frozen_filtered_and_properties_are_set() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.xlsx");
        let spec = TableSpec {
            sheet_name: "Candidati".into(),
            columns: vec![
                Column {
                    header: "Codice fiscale".into(),
                },
                Column {
                    header: "Nascita".into(),
                },
            ],
            properties: Properties {
                title: "Elenco".into(),
                author: "mario.rossi".into(),
                company: "Agenzia Demo".into(),
                ..Default::default()
            },
            rows_per_sheet: MAX_DATA_ROWS_PER_SHEET,
        };
        let mut w = TableWriter::create(File::create(&target).unwrap(), dir.path(), spec).unwrap();
        let born = NaiveDate::from_ymd_opt(1985, 12, 10).unwrap();
        w.write_row(&[Cell::Code("RSSMRA85T10A562S"), Cell::Date(born)])
            .unwrap();
        w.write_row(&[Cell::Code("0551234567"), Cell::Empty])
            .unwrap();
        let written = w.finish("Criteri", ["Criterio", "Valore"], &[]).unwrap();
        assert_eq!((written.rows, written.sheets), (2, 1));
        let sheet = part(&target, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains(r#"state="frozen""#),
            "header frozen: {sheet}"
        );
        assert!(
            sheet.contains(r#"<autoFilter ref="A1:B3"/>"#),
            "autofilter over header and rows"
        );
        assert!(sheet.contains("<cols>"), "fitted column widths");
        let styles = part(&target, "xl/styles.xml");
        assert!(styles.contains("<b/>"), "a bold font for the header");
        assert!(styles.contains(r#"formatCode="@""#) && styles.contains("dd/mm/yyyy"));
        let core = part(&target, "docProps/core.xml");
        assert!(
            core.contains("<dc:title>Elenco</dc:title>")
                && core.contains("<dc:creator>mario.rossi</dc:creator>")
        );
        assert!(part(&target, "docProps/app.xml").contains("<Company>Agenzia Demo</Company>"));
    }

    #[test]
    fn overlong_text_is_clipped_on_a_character_boundary() {
        let text = "è".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(clip(&text).chars().count(), MAX_CELL_CHARS);
        assert_eq!(clip("breve"), "breve");
        // An emoji is two UTF-16 units, which is what Excel (and rust_xlsxwriter) count.
        let emoji = "😀".repeat(MAX_CELL_CHARS / 2 + 3);
        let clipped = clip(&emoji);
        assert_eq!(clipped.encode_utf16().count(), MAX_CELL_CHARS - 1);
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook
            .add_worksheet()
            .write_string(0, 0, clipped)
            .unwrap();
    }
}
