//! A legacy `.xls`: its compound-file container opened with the `cfb` crate (which
//! checks the sector chains calamine's own reader trusts), the `Workbook`/`Book`
//! stream read with a bound, then its BIFF records walked the way calamine walks
//! them: from the start and from every sheet's offset (BOUNDSHEET), bounding the
//! DIMENSIONS calamine reserves room for and the position of every cell it places.

use std::io::{Cursor, Read};

use super::{
    MAX_CELLS, MAX_FILE_BYTES, MAX_ROWS, Refusal, SheetExtent, not_a_spreadsheet,
    too_large_dimensions,
};

const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const EOF: u16 = 0x000A;
const MULRK: u16 = 0x00BD;
const MULBLANK: u16 = 0x00BE;
/// Records whose data starts with the cell's row and column (u16 each).
const CELLS: [u16; 10] = [
    0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6, 0x00FD, MULRK, MULBLANK,
];

pub(super) fn scan(bytes: &[u8]) -> Result<(), Refusal> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| not_a_spreadsheet())?;
    let name = ["Workbook", "Book"].into_iter().find(|n| file.is_stream(n));
    // No workbook stream: an encrypted OOXML (`EncryptedPackage`), refused by the
    // reader as such, or nothing calamine will read as a sheet.
    let Some(name) = name else {
        return Ok(());
    };
    let stream = file.open_stream(name).map_err(|_| not_a_spreadsheet())?;
    let mut biff = Vec::new();
    stream
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut biff)
        .map_err(|_| not_a_spreadsheet())?;
    let mut sheets = Vec::new();
    walk(&biff, 0, &mut sheets)?;
    for offset in sheets {
        walk(&biff, offset, &mut Vec::new())?;
    }
    Ok(())
}

/// Walks records from `start` to EOF (or the end of the stream), collecting the
/// sheet offsets of BOUNDSHEET records.
fn walk(biff: &[u8], start: usize, sheets: &mut Vec<usize>) -> Result<(), Refusal> {
    let mut extent = SheetExtent::default();
    let mut at = start;
    while let Some(header) = biff.get(at..at.saturating_add(4)) {
        let typ = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let data = &biff[at + 4..(at + 4 + len).min(biff.len())];
        match typ {
            EOF if at > start => return Ok(()),
            BOUNDSHEET if data.len() >= 4 => {
                sheets.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize);
            }
            DIMENSIONS => dimensions(data)?,
            t if CELLS.contains(&t) && data.len() >= 4 => {
                let row = u64::from(u16::from_le_bytes([data[0], data[1]]));
                let col = u64::from(u16::from_le_bytes([data[2], data[3]]));
                extent.grow(row, col)?;
                if (t == MULRK || t == MULBLANK) && data.len() >= 6 {
                    let last = &data[data.len() - 2..];
                    extent.grow(row, u64::from(u16::from_le_bytes([last[0], last[1]])))?;
                }
            }
            _ => {}
        }
        at += 4 + len;
    }
    Ok(())
}

/// calamine reserves rows × columns of a DIMENSIONS record (BIFF5: u16 rows, BIFF8:
/// u32 rows) and subtracts first from last without checking their order.
fn dimensions(data: &[u8]) -> Result<(), Refusal> {
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            data[i],
            data[i + 1],
            data[i + 2],
            data[i + 3],
        ]))
    };
    let (first_row, last_row, last_col) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(10)),
        _ => return Ok(()),
    };
    if first_row > last_row
        || last_row > MAX_ROWS + 1
        || last_row.saturating_mul(last_col.max(1)) > MAX_CELLS
    {
        return Err(too_large_dimensions(&format!(
            "{last_row} righe per {last_col} colonne"
        )));
    }
    Ok(())
}
