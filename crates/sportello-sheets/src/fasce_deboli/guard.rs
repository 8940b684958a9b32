//! What is checked before calamine sees a file: its size, its kind (by magic bytes),
//! encryption, and for zip-based workbooks the declared uncompressed sizes and, for
//! xlsx, the extent of every sheet (its `<dimension>` and the largest row and column
//! any cell names), streamed through a bounded reader. calamine builds a dense range
//! from the largest cell position, so one cell in XFD1048576 would otherwise cost
//! gigabytes; a zip bomb would cost whatever it inflates to.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::{Refusal, RefusalCode};

mod ole;

/// Files above this are refused (issue 7: 50 MB).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// The sum of the declared uncompressed sizes of a zip-based workbook (**assumed**: a
/// 100,000-row FTWeb file inflates to about 20 MB).
pub const MAX_UNCOMPRESSED_BYTES: u64 = 400 * 1024 * 1024;
/// Cells of the rectangle a sheet spans (**assumed**: the 11 FTWeb columns times
/// Excel's 1,048,576 rows; anything larger is not a participants file).
pub const MAX_CELLS: u64 = 11 * 1_048_576;
/// Rows of a sheet (Excel's limit).
pub const MAX_ROWS: u64 = 1_048_576;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The kind of a workbook that passed the guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Xlsx,
    Ods,
    /// An OLE compound file: a legacy `.xls` (or an encrypted OOXML, refused).
    Ole,
}

pub(super) fn refuse(code: RefusalCode, message: impl Into<String>) -> Refusal {
    Refusal::new(code, message)
}

pub(super) fn not_a_spreadsheet() -> Refusal {
    refuse(
        RefusalCode::NonUnFoglioDiCalcolo,
        "Il file non è un foglio di calcolo (sono accettati .xlsx, .xls e .ods).",
    )
}

pub(crate) fn too_large_dimensions(what: &str) -> Refusal {
    refuse(
        RefusalCode::DimensioniEccessive,
        format!("Il file dichiara dimensioni eccessive ({what}): non è stato letto."),
    )
}

/// A file's bytes, at most one byte more than [`MAX_FILE_BYTES`] (so the guard
/// still refuses it as too large without the whole of it in memory).
pub(crate) fn read_bounded(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

pub(crate) fn inspect(bytes: &[u8]) -> Result<Kind, Refusal> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(refuse(
            RefusalCode::FileTroppoGrande,
            format!(
                "Il file pesa {:.1} MB: il massimo è {} MB.",
                bytes.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    if bytes.starts_with(&OLE_MAGIC) {
        ole::scan(bytes)?;
        return Ok(Kind::Ole);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(not_a_spreadsheet());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_a_spreadsheet())?;
    let mut total: u64 = 0;
    let mut parts = Vec::new();
    let (mut xlsx, mut ods) = (false, false);
    let mut content = None;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| not_a_spreadsheet())?;
        total = total.saturating_add(entry.size());
        let name = entry.name().map_err(|_| not_a_spreadsheet())?;
        xlsx |= name == "xl/workbook.xml";
        if name == "content.xml" {
            ods = true;
            content = Some((i, entry.size()));
        }
        if !entry.is_dir() {
            parts.push((i, entry.size()));
        }
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(too_large_dimensions(&format!(
            "{} MB una volta decompresso",
            total / 1_048_576
        )));
    }
    if xlsx {
        // Every part, not only `xl/worksheets/`: calamine follows the workbook's
        // relationships wherever they point (and to whatever name), and reads the
        // shared strings from whichever part they name.
        for (i, declared) in parts {
            let entry = zip.by_index(i).map_err(|_| not_a_spreadsheet())?;
            // A lying header cannot make us inflate more than it declared.
            scan_part(entry.take(declared.saturating_add(1)), declared)?;
        }
        Ok(Kind::Xlsx)
    } else if let (true, Some((i, declared))) = (ods, content) {
        let entry = zip.by_index(i).map_err(|_| not_a_spreadsheet())?;
        scan_ods(entry.take(declared.saturating_add(1)))?;
        Ok(Kind::Ods)
    } else {
        Err(not_a_spreadsheet())
    }
}

/// The extent of the cells of one part, counted the way calamine's cell reader
/// counts them: a `<row r>` sets the row, the end of a row moves to the next one, a
/// `<c r>` sets the column and every cell moves one column on. Elements are matched
/// by local name (`x:row` too), attributes by local name whatever their quoting.
#[derive(Debug, Default)]
pub(super) struct SheetExtent {
    row: u64,
    col: u64,
    max_row: u64,
    max_col: u64,
}

impl SheetExtent {
    /// A row number past Excel's overflows calamine's parser (a panic in debug, a
    /// wrapped row in release): refused even before a cell names it.
    fn row_start(&mut self, e: &BytesStart<'_>) -> Result<(), Refusal> {
        if let Some((r, _)) = attr(e, "r").and_then(|v| cell_ref(&v)) {
            if r > MAX_ROWS {
                return Err(too_large_dimensions(&format!("riga {r}")));
            }
            self.row = r.saturating_sub(1);
        }
        Ok(())
    }

    fn row_end(&mut self) {
        self.row = self.row.saturating_add(1);
        self.col = 0;
    }

    fn cell(&mut self, e: &BytesStart<'_>) -> Result<(), Refusal> {
        if let Some((r, c)) = attr(e, "r").and_then(|v| cell_ref(&v)) {
            self.col = c.saturating_sub(1);
            self.grow(r.saturating_sub(1), c.saturating_sub(1))?;
        } else {
            self.grow(self.row, self.col)?;
        }
        self.col = self.col.saturating_add(1);
        Ok(())
    }

    fn dimension(&mut self, e: &BytesStart<'_>) -> Result<(), Refusal> {
        if let Some(v) = attr(e, "ref") {
            let corners: Vec<_> = v.split(|&b| b == b':').filter_map(cell_ref).collect();
            for &(r, c) in &corners {
                self.grow(r.saturating_sub(1), c.saturating_sub(1))?;
            }
            // calamine subtracts the first corner from the last unchecked.
            if let [(r1, c1), (r2, c2)] = corners[..]
                && (r2 < r1 || c2 < c1)
            {
                return Err(not_a_spreadsheet());
            }
        }
        Ok(())
    }

    /// Takes in the 0-based cell (row, col) and refuses a rectangle from A1 to it
    /// that is too large: calamine's range is dense.
    pub(super) fn grow(&mut self, row: u64, col: u64) -> Result<(), Refusal> {
        self.max_row = self.max_row.max(row.saturating_add(1));
        self.max_col = self.max_col.max(col.saturating_add(1));
        if self.max_row > MAX_ROWS || self.max_row.saturating_mul(self.max_col) > MAX_CELLS {
            return Err(too_large_dimensions(&format!(
                "{} righe per {} colonne",
                self.max_row, self.max_col
            )));
        }
        Ok(())
    }
}

/// The value of the attribute with this local name (the largest if repeated).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<Vec<u8>> {
    e.attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .filter(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned().into_bytes())
        .max_by_key(|v| cell_ref(v).map_or((0, 0), |(r, c)| (r, c)))
}

/// calamine reserves room for `uniqueCount` strings up front; a string costs at
/// least 4 bytes of XML (`<si/>`), so a count beyond that is a lie.
fn check_shared_strings(e: &BytesStart<'_>, part_size: u64) -> Result<(), Refusal> {
    for name in ["uniqueCount", "count"] {
        let Some(v) = attr(e, name) else { continue };
        let n = std::str::from_utf8(&v)
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or(u64::MAX);
        if n > (part_size / 4).min(MAX_CELLS) {
            return Err(too_large_dimensions(&format!("{n} testi dichiarati")));
        }
    }
    Ok(())
}

/// Streams one part of an xlsx through quick-xml. A part that is not XML stops the
/// scan where quick-xml stops: calamine stops there too.
fn scan_part(reader: impl Read, part_size: u64) -> Result<(), Refusal> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(reader));
    let mut buf = Vec::new();
    let mut extent = SheetExtent::default();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "row" => extent.row_start(&e)?,
                "c" => extent.cell(&e)?,
                "dimension" => extent.dimension(&e)?,
                "sst" => check_shared_strings(&e, part_size)?,
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "row" => {
                    extent.row_start(&e)?;
                    extent.row_end();
                }
                "c" => extent.cell(&e)?,
                "dimension" => extent.dimension(&e)?,
                "sst" => check_shared_strings(&e, part_size)?,
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "row" => extent.row_end(),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// Streams an ODS `content.xml` tag by tag, adding up `number-rows-repeated` and
/// `number-columns-repeated` up to the last cell with a value: calamine expands
/// repeated cells with values, so a single cell repeated over the whole sheet would
/// otherwise become billions of cells.
fn scan_ods(mut reader: impl Read) -> Result<(), Refusal> {
    let mut buf = vec![0u8; 256 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    let mut extent = OdsExtent::default();
    loop {
        let n = reader.read(&mut buf).map_err(|_| not_a_spreadsheet())?;
        if n == 0 {
            return Ok(());
        }
        carry.extend_from_slice(&buf[..n]);
        let mut pos = 0;
        while let Some(lt) = carry[pos..].iter().position(|&b| b == b'<') {
            let start = pos + lt;
            let Some(gt) = carry[start..].iter().position(|&b| b == b'>') else {
                break;
            };
            extent.tag(&carry[start + 1..start + gt])?;
            pos = start + gt + 1;
        }
        let keep = carry[pos..]
            .iter()
            .position(|&b| b == b'<')
            .map_or(carry.len(), |p| pos + p);
        carry.drain(..keep);
        if carry.len() > 4 * 1024 * 1024 {
            return Err(not_a_spreadsheet());
        }
    }
}

#[derive(Debug, Default)]
struct OdsExtent {
    /// Rows of the current table so far, repeats included.
    row: u64,
    row_repeats: u64,
    col: u64,
    row_last_value_col: u64,
    rows: u64,
    cols: u64,
}

impl OdsExtent {
    fn tag(&mut self, tag: &[u8]) -> Result<(), Refusal> {
        let named = |name: &[u8]| {
            tag.starts_with(name)
                && tag
                    .get(name.len())
                    .is_none_or(|b| b.is_ascii_whitespace() || *b == b'/')
        };
        if named(b"table:table") {
            self.row = 0;
        } else if named(b"table:table-row") {
            self.row_repeats = attr_number(tag, b"table:number-rows-repeated=\"").unwrap_or(1);
            self.col = 0;
            self.row_last_value_col = 0;
            if tag.ends_with(b"/") {
                self.end_row()?;
            }
        } else if named(b"/table:table-row") {
            self.end_row()?;
        } else if named(b"table:table-cell") || named(b"table:covered-table-cell") {
            let repeats = attr_number(tag, b"table:number-columns-repeated=\"").unwrap_or(1);
            self.col = self.col.saturating_add(repeats);
            if find(tag, b"office:value-type=").is_some() {
                self.row_last_value_col = self.col;
            }
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), Refusal> {
        self.row = self.row.saturating_add(self.row_repeats);
        if self.row_last_value_col > 0 {
            self.rows = self.rows.max(self.row);
            self.cols = self.cols.max(self.row_last_value_col);
            if self.rows > MAX_ROWS || self.rows.saturating_mul(self.cols) > MAX_CELLS {
                return Err(too_large_dimensions(&format!(
                    "{} righe per {} colonne",
                    self.rows, self.cols
                )));
            }
        }
        self.row_last_value_col = 0;
        Ok(())
    }
}

fn attr_number(tag: &[u8], name: &[u8]) -> Option<u64> {
    let at = find(tag, name)? + name.len();
    let digits = tag[at..].iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&tag[at..at + digits])
        .ok()?
        .parse()
        .ok()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `B12` → (12, 2); `12` (a row) → (12, 0); anything else → None. Letters of
/// either case and any count, as calamine accepts them; values saturate.
fn cell_ref(v: &[u8]) -> Option<(u64, u64)> {
    let letters = v.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &v[letters..];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let row = digits.iter().fold(0u64, |acc, b| {
        acc.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    let col = v[..letters].iter().fold(0u64, |acc, b| {
        acc.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))
    });
    Some((row, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref(b"A1"), Some((1, 1)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_ref(b"7"), Some((7, 0)));
        assert_eq!(cell_ref(b"xfd2"), Some((2, 16_384)));
        assert_eq!(cell_ref(b"A1:B2"), None);
    }

    #[test]
    fn scan_finds_the_extent_across_chunk_borders() {
        let mut xml = String::from("<worksheet><dimension ref=\"A1:K3\"/><sheetData>");
        xml.push_str(&" ".repeat(256 * 1024 - 20));
        xml.push_str(
            "<row r=\"2\"><c r=\"XFD1048576\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
        );
        let err = scan_part(xml.as_bytes(), xml.len() as u64).unwrap_err();
        assert_eq!(err.code, RefusalCode::DimensioniEccessive);
    }
}
