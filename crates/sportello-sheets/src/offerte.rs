//! The bulk-insert template of offers (seed 001: "inserimento massivo di nuove
//! offerte"): sheet `Offerte` with seed 003's labels as headers, drop-downs on the
//! coded fields and the SI/NO ones, real date cells, and sheet `Istruzioni` with what
//! each column takes and the codes of the server's lists. A filled file is read back
//! with [`crate::table::read_workbook`] (the same guard as every file a user opens).

use rust_xlsxwriter::{DataValidation, Format, Workbook};
use sportello_core::offerte::{Voce, Voci};

use crate::fasce_deboli::WriteError;

/// The sheet the offers go in.
pub const OFFERS_SHEET: &str = "Offerte";
pub const INSTRUCTIONS_SHEET: &str = "Istruzioni";

/// The columns, in order: header (seed 003's label), what it takes.
pub const COLUMNS: [(&str, &str); 19] = [
    ("Filiale", "codice della filiale (es. FI01)"),
    (
        "Tipo offerta",
        "codice della lista «Tipo offerta» qui sotto",
    ),
    (
        "Tipo contratto",
        "codice della lista «Tipo contratto» qui sotto",
    ),
    ("Qualifica Professionale", "testo, al massimo 200 caratteri"),
    (
        "Descrizione Estesa della Qualifica",
        "testo, al massimo 4000 caratteri",
    ),
    ("Esperienza Richiesta", "SI o NO"),
    (
        "Descrizione e durata dell'esperienza",
        "obbligatoria con Esperienza Richiesta SI",
    ),
    ("Numero Posti Disponibili", "numero intero da 1 a 9999"),
    (
        "Modalità di Lavoro",
        "codice della lista «Modalità di Lavoro» qui sotto",
    ),
    (
        "Sedi di lavoro",
        "comuni separati da virgola, es. «Prato (PO), Firenze (FI)», o codici catastali",
    ),
    ("Scadenza", "data gg/mm/aaaa, non nel passato"),
    (
        "Data fine pubblicazione",
        "data gg/mm/aaaa, non nel passato",
    ),
    ("Possesso partita IVA", "SI o NO"),
    ("Mezzi di trasporto", "SI o NO"),
    ("Disponibilità alle trasferte", "SI o NO"),
    ("Appartenenza al collocamento mirato", "SI o NO"),
    (
        "Titolo di studio minimo",
        "numero da 0 a 9 della lista qui sotto, o vuoto",
    ),
    ("Patenti", "separate da virgola, es. B, C"),
    ("Lingue", "separate da virgola, es. inglese, francese"),
];

/// Rows with drop-downs and date formats, ready to fill.
const TEMPLATE_ROWS: u32 = 10_000;

/// The template as xlsx bytes; `titoli` the education levels as (rank, label).
pub fn write_template(voci: &Voci, titoli: &[(String, String)]) -> Result<Vec<u8>, WriteError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#FFF2CC");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let text = Format::new().set_num_format("@");

    // Istruzioni first in the code (the drop-downs refer to its cells), second in the book.
    let mut lists: Vec<(&str, Vec<(String, String)>)> = vec![
        ("Tipo offerta", pairs(&voci.tipi_offerta)),
        ("Tipo contratto", pairs(&voci.tipi_contratto)),
        ("Modalità di Lavoro", pairs(&voci.modalita_lavoro)),
        ("Titolo di studio minimo", titoli.to_vec()),
    ];
    let ws = wb.add_worksheet();
    ws.set_name(OFFERS_SHEET)?;
    for (j, (header, _)) in COLUMNS.iter().enumerate() {
        let j = j as u16;
        ws.write_string_with_format(0, j, *header, &bold)?;
        ws.set_column_width(j, (header.chars().count() as f64 + 4.0).max(16.0))?;
    }
    for j in [10u16, 11] {
        ws.set_column_format(j, &date)?;
    }
    for j in [0u16, 1, 2, 8] {
        ws.set_column_format(j, &text)?;
    }
    let yes_no = DataValidation::new()
        .allow_list_strings(&["SI", "NO"])?
        .set_error_title("SI o NO")?
        .set_error_message("Indicare SI oppure NO.")?;
    for j in [5u16, 12, 13, 14, 15] {
        ws.add_data_validation(1, j, TEMPLATE_ROWS, j, &yes_no)?;
    }
    let dates = DataValidation::new()
        .allow_date(rust_xlsxwriter::DataValidationRule::GreaterThan(
            rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
        ))
        .set_error_message("Scrivere una data gg/mm/aaaa.")?;
    ws.add_data_validation(1, 10, TEMPLATE_ROWS, 11, &dates)?;
    // Each coded list: its codes in column A of Istruzioni, from `first` on.
    let mut row = (COLUMNS.len() + 4) as u32;
    let mut ranges = Vec::new();
    for (title, items) in &lists {
        let first = row + 1;
        let last = first + items.len().max(1) as u32 - 1;
        ranges.push((*title, first, last));
        row = last + 2;
    }
    for ((title, first, last), column) in ranges.iter().zip([1u16, 2, 8, 16]) {
        let list = DataValidation::new()
            .allow_list_formula(rust_xlsxwriter::Formula::new(format!(
                "={INSTRUCTIONS_SHEET}!$A${}:$A${}",
                first + 1,
                last + 1
            )))
            .set_error_title(*title)?
            .set_error_message("Scegliere un codice della lista nel foglio Istruzioni.")?;
        ws.add_data_validation(1, column, TEMPLATE_ROWS, column, &list)?;
    }
    ws.set_freeze_panes(1, 0)?;

    let ws = wb.add_worksheet();
    ws.set_name(INSTRUCTIONS_SHEET)?;
    ws.write_string_with_format(
        0,
        0,
        "Inserimento massivo di offerte: una riga per offerta nel foglio Offerte, dalla riga 2.",
        &bold,
    )?;
    ws.write_string(1, 0, "Il file viene controllato riga per riga: se una riga ha errori non viene inserita nessuna offerta.")?;
    ws.write_string_with_format(3, 0, "Colonna", &bold)?;
    ws.write_string_with_format(3, 1, "Cosa indicare", &bold)?;
    for (i, (header, what)) in COLUMNS.iter().enumerate() {
        ws.write_string(4 + i as u32, 0, *header)?;
        ws.write_string(4 + i as u32, 1, *what)?;
    }
    for ((title, items), (_, first, _)) in lists.iter_mut().zip(&ranges) {
        ws.write_string_with_format(first - 1, 0, *title, &bold)?;
        for (i, (code, label)) in items.iter().enumerate() {
            ws.write_string(first + i as u32, 0, code)?;
            ws.write_string(first + i as u32, 1, label)?;
        }
    }
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 90)?;
    Ok(wb.save_to_buffer()?)
}

fn pairs(list: &[Voce]) -> Vec<(String, String)> {
    list.iter()
        .map(|v| (v.codice.clone(), v.descrizione.clone()))
        .collect()
}
