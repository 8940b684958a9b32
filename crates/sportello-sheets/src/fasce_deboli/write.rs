//! Writing the participants file and the outcome file.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, Workbook, Worksheet};
use sportello_core::fasce_deboli::{Category, Column, Flag};

use super::WriteError;

/// The sheet FTWeb's file has the participants in.
pub const PARTICIPANTS_SHEET: &str = "Partecipanti";
/// The sheet with the categories and what to fill.
pub const INSTRUCTIONS_SHEET: &str = "Istruzioni";
/// The outcome file's sheet.
pub const OUTCOME_SHEET: &str = "Esito";

/// One row of the participants file: one participant of one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub anno: i32,
    pub codice_progetto: String,
    pub tipologia_formativa: String,
    pub titolo_corso: String,
    pub data_inizio_corso: NaiveDate,
    pub aula_omogenea: bool,
    pub codice_fiscale: String,
    pub cognome: String,
    pub nome: String,
    /// Pre-filled with what was last acquired, if anything.
    pub fascia_debole: Option<Flag>,
    pub categoria: Option<String>,
}

/// One row of the outcome file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub codice_fiscale: String,
    pub codice_progetto: String,
    pub acquisito: bool,
    /// Empty when acquired.
    pub motivo: String,
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, WriteError> {
    Ok(ExcelDateTime::from_ymd(
        u16::try_from(d.year()).map_err(|_| WriteError(format!("anno fuori scala: {d}")))?,
        d.month() as u8,
        d.day() as u8,
    )?)
}

/// The participants workbook: sheet `Partecipanti` (FTWeb's columns, header in row 1,
/// the to-fill columns unlocked, everything else locked by a protection without
/// password, drop-downs on flag and category, real dates) and sheet `Istruzioni`.
pub fn write_participants(
    rows: &[Participant],
    categories: &[Category],
) -> Result<Vec<u8>, WriteError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let open = Format::new().set_unlocked();
    let open_header = Format::new().set_bold().set_background_color("#FFF2CC");

    let ws = wb.add_worksheet();
    ws.set_name(PARTICIPANTS_SHEET)?;
    for (j, c) in Column::ALL.iter().enumerate() {
        let j = j as u16;
        ws.write_string_with_format(
            0,
            j,
            c.header(),
            if c.to_fill() { &open_header } else { &bold },
        )?;
        ws.set_column_width(j, (c.header().len() as f64 + 4.0).max(14.0))?;
        if c.to_fill() {
            ws.set_column_format(j, &open)?;
        }
    }
    for (i, p) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let mut j = 0u16;
        let mut next = || {
            j += 1;
            j - 1
        };
        ws.write_number(r, next(), p.anno)?;
        ws.write_string(r, next(), &p.codice_progetto)?;
        ws.write_string(r, next(), &p.tipologia_formativa)?;
        ws.write_string(r, next(), &p.titolo_corso)?;
        ws.write_datetime_with_format(r, next(), excel_date(p.data_inizio_corso)?, &date)?;
        ws.write_string(r, next(), if p.aula_omogenea { "SI" } else { "NO" })?;
        ws.write_string(r, next(), &p.codice_fiscale)?;
        ws.write_string(r, next(), &p.cognome)?;
        ws.write_string(r, next(), &p.nome)?;
        match p.fascia_debole {
            Some(f) => ws.write_string_with_format(r, next(), f.as_str(), &open)?,
            None => ws.write_blank(r, next(), &open)?,
        };
        match &p.categoria {
            Some(c) => ws.write_string_with_format(r, next(), c, &open)?,
            None => ws.write_blank(r, next(), &open)?,
        };
    }
    let last = rows.len().max(1) as u32;
    let col = |c: Column| Column::ALL.iter().position(|x| *x == c).unwrap_or(0) as u16;
    let flag = DataValidation::new()
        .allow_list_strings(&["SI", "NO"])?
        .set_error_title("Fascia debole")?
        .set_error_message("Indicare SI oppure NO.")?;
    ws.add_data_validation(
        1,
        col(Column::FasciaDebole),
        last,
        col(Column::FasciaDebole),
        &flag,
    )?;
    let codes: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
    if !codes.is_empty() {
        let category = DataValidation::new()
            .allow_list_strings(&codes)?
            .set_error_title("Categoria")?
            .set_error_message("Indicare il codice di una categoria del foglio Istruzioni.")?;
        ws.add_data_validation(
            1,
            col(Column::Categoria),
            last,
            col(Column::Categoria),
            &category,
        )?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.protect();

    let ws = wb.add_worksheet();
    instructions(ws, categories, &bold)?;
    Ok(wb.save_to_buffer()?)
}

fn instructions(
    ws: &mut Worksheet,
    categories: &[Category],
    bold: &Format,
) -> Result<(), WriteError> {
    ws.set_name(INSTRUCTIONS_SHEET)?;
    let lines = [
        "Import massivo fasce deboli: per ogni partecipante indicare nel foglio Partecipanti",
        "- Fascia debole: SI se il partecipante appartiene alle fasce deboli, altrimenti NO;",
        "- Categoria: quando Fascia debole è SI, il codice di una delle categorie qui sotto.",
        "Le altre colonne sono protette e non vanno modificate. Una riga per partecipante e progetto.",
    ];
    for (i, l) in lines.iter().enumerate() {
        ws.write_string(i as u32, 0, *l)?;
    }
    let top = lines.len() as u32 + 1;
    ws.write_string_with_format(top, 0, "Codice", bold)?;
    ws.write_string_with_format(top, 1, "Categoria", bold)?;
    for (i, c) in categories.iter().enumerate() {
        ws.write_string(top + 1 + i as u32, 0, &c.code)?;
        ws.write_string(top + 1 + i as u32, 1, &c.label)?;
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 110)?;
    Ok(())
}

/// The outcome workbook: codice fiscale, codice progetto, esito
/// (`ACQUISITO`/`SCARTATO`), motivo.
pub fn write_outcome(rows: &[Outcome]) -> Result<Vec<u8>, WriteError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(OUTCOME_SHEET)?;
    for (j, h) in OUTCOME_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, &bold)?;
    }
    for (i, o) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &o.codice_fiscale)?;
        ws.write_string(r, 1, &o.codice_progetto)?;
        ws.write_string(r, 2, if o.acquisito { "ACQUISITO" } else { "SCARTATO" })?;
        ws.write_string(r, 3, &o.motivo)?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 12)?;
    ws.set_column_width(3, 80)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(wb.save_to_buffer()?)
}

pub(crate) const OUTCOME_HEADERS: [&str; 4] =
    ["Codice fiscale", "Codice progetto", "Esito", "Motivo"];
