//! Round trips through calamine, and the hostile files of issue 7.

use std::io::Write;

use chrono::NaiveDate;
use sportello_core::fasce_deboli::{Category, Cell, Column, Flag};

use super::*;

fn categories() -> Vec<Category> {
    vec![
        Category {
            code: "SVA".into(),
            label: "privo di impiego regolarmente retribuito da almeno 6 mesi".into(),
        },
        Category {
            code: "DIS".into(),
            label: "lavoratore con disabilità (L. 68/1999, collocamento mirato)".into(),
        },
    ]
}

fn participant(i: usize) -> Participant {
    Participant {
        anno: 2025,
        codice_progetto: format!("FT25-{:04}", i / 3),
        tipologia_formativa: "BASE".into(),
        titolo_corso: "Sicurezza sul lavoro".into(),
        data_inizio_corso: NaiveDate::from_ymd_opt(2025, 3, 1 + (i % 20) as u32).unwrap(),
        aula_omogenea: i.is_multiple_of(2),
        codice_fiscale: format!("RSSMRA90E17H50{i}X"),
        cognome: "Rossi".into(),
        nome: "Mario".into(),
        fascia_debole: match i % 3 {
            0 => Some(Flag::Si),
            1 => Some(Flag::No),
            _ => None,
        },
        categoria: i.is_multiple_of(3).then(|| "SVA".to_string()),
    }
}

#[test]
fn participants_round_trip() {
    let rows: Vec<Participant> = (0..7).map(participant).collect();
    let bytes = write_participants(&rows, &categories()).unwrap();
    let sheet = read_filled(&bytes).expect("our own file reads back");
    assert_eq!(sheet.sheet, PARTICIPANTS_SHEET);
    assert_eq!(sheet.header.row, 1);
    assert_eq!(
        sheet.header.columns.len(),
        Column::ALL.len(),
        "every column is recognised"
    );
    assert_eq!(sheet.rows.len(), rows.len());
    for ((n, cells), p) in sheet.rows.iter().zip(&rows) {
        let col = |c: Column| &cells[sheet.header.columns[&c]];
        assert_eq!(col(Column::Anno), &Cell::Number(p.anno as f64), "row {n}");
        assert_eq!(
            col(Column::CodiceProgetto),
            &Cell::Text(p.codice_progetto.clone())
        );
        assert_eq!(
            col(Column::DataInizioCorso),
            &Cell::Date(p.data_inizio_corso),
            "dates are real dates"
        );
        assert_eq!(
            col(Column::AulaOmogenea),
            &Cell::Text(if p.aula_omogenea { "SI" } else { "NO" }.into())
        );
        assert_eq!(
            col(Column::CodiceFiscale),
            &Cell::Text(p.codice_fiscale.clone())
        );
        let flag = p
            .fascia_debole
            .map_or(Cell::Empty, |f| Cell::Text(f.as_str().into()));
        assert_eq!(col(Column::FasciaDebole), &flag);
        let cat = p.categoria.clone().map_or(Cell::Empty, Cell::Text);
        assert_eq!(col(Column::Categoria), &cat);
    }
    // The workbook is protected, with the to-fill columns unlocked and drop-downs.
    let sheet_xml = entry(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet_xml.contains("<sheetProtection"),
        "locked by a protection"
    );
    assert!(!sheet_xml.contains("password="), "without password");
    assert_eq!(
        sheet_xml.matches("<dataValidation ").count(),
        2,
        "flag and category lists"
    );
    assert!(
        sheet_xml.contains("\"SVA,DIS\""),
        "categories from the server's list"
    );
    let workbook = entry(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("name=\"Istruzioni\""));
}

fn entry(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn outcome_round_trip() {
    let rows = vec![
        Outcome {
            codice_fiscale: "A".into(),
            codice_progetto: "P".into(),
            acquisito: true,
            motivo: String::new(),
        },
        Outcome {
            codice_fiscale: "B".into(),
            codice_progetto: "P".into(),
            acquisito: false,
            motivo: "Categoria «X» sconosciuta.".into(),
        },
    ];
    assert_eq!(read_outcome(&write_outcome(&rows).unwrap()).unwrap(), rows);
}

#[test]
fn header_below_title_rows_on_another_sheet() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .set_name("Note")
        .unwrap()
        .write_string(0, 0, "nulla")
        .unwrap();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Elenco partecipanti 2025").unwrap();
    for (j, h) in [
        "CODICE FISCALE",
        "Codice Progetto",
        "fascia_debole",
        "Categoria",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(3, j as u16 + 1, *h).unwrap();
    }
    ws.write_number(4, 3, 1).unwrap();
    let sheet = read_filled(&wb.save_to_buffer().unwrap()).unwrap();
    assert_eq!((sheet.sheet.as_str(), sheet.header.row), ("Sheet2", 4));
    assert_eq!(sheet.rows[0].0, 5, "spreadsheet row numbers");
    assert_eq!(
        sheet.rows[0].1[sheet.header.columns[&Column::FasciaDebole]],
        Cell::Number(1.0)
    );
}

fn refused(bytes: &[u8]) -> RefusalCode {
    read_filled(bytes).expect_err("refused").code
}

#[test]
fn refusals() {
    assert_eq!(refused(b""), RefusalCode::NonUnFoglioDiCalcolo);
    assert_eq!(
        refused(b"%PDF-1.7 not a workbook"),
        RefusalCode::NonUnFoglioDiCalcolo
    );
    assert_eq!(
        refused(b"PK\x03\x04 broken zip"),
        RefusalCode::NonUnFoglioDiCalcolo
    );
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 600]);
    assert_eq!(refused(&ole), RefusalCode::NonUnFoglioDiCalcolo);
    assert_eq!(
        refused(include_bytes!("fixtures/cifrato.xlsx")),
        RefusalCode::FileCifrato,
        "a password-protected workbook says so"
    );
    assert_eq!(
        refused(&vec![b'P'; MAX_FILE_BYTES + 1]),
        RefusalCode::FileTroppoGrande
    );
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "Codice fiscale")
        .unwrap();
    assert_eq!(
        refused(&wb.save_to_buffer().unwrap()),
        RefusalCode::IntestazioneNonTrovata
    );
}

#[test]
fn huge_dimension_is_refused_before_calamine() {
    // "A1 + XFD1048576": two cells, a 17-billion-cell range for calamine.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Codice fiscale").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    assert_eq!(
        refused(&wb.save_to_buffer().unwrap()),
        RefusalCode::DimensioniEccessive
    );
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .large_file(true);
        zip.start_file("xl/workbook.xml", opts).unwrap();
        zip.write_all(b"<workbook/>").unwrap();
        zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..=(MAX_UNCOMPRESSED_BYTES >> 20) {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    let bytes = out.into_inner();
    assert!(
        (bytes.len() as u64) * 50 < MAX_UNCOMPRESSED_BYTES,
        "small on disk: {}",
        bytes.len()
    );
    assert_eq!(refused(&bytes), RefusalCode::DimensioniEccessive);
}

/// `.ods` and `.xls` written by LibreOffice read like the xlsx they came from. Skipped
/// (with a note) where LibreOffice is not installed.
#[test]
fn libreoffice_ods_and_xls_read_back() {
    // Installed by `cargo xtask test` (libreoffice-calc-nogui): missing means a broken setup.
    let soffice = which_soffice()
        .expect("soffice (LibreOffice) must be installed: run `cargo xtask install`");
    let rows: Vec<Participant> = (0..5).map(participant).collect();
    let xlsx = write_participants(&rows, &categories()).unwrap();
    let want = read_filled(&xlsx).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("partecipanti.xlsx");
    std::fs::write(&src, &xlsx).unwrap();
    for ext in ["ods", "xls"] {
        let status = std::process::Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}/profile",
                dir.path().display()
            ))
            .args(["--headless", "--convert-to", ext, "--outdir"])
            .arg(dir.path())
            .arg(&src)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "soffice converts to {ext}");
        let bytes = std::fs::read(dir.path().join(format!("partecipanti.{ext}"))).unwrap();
        let got = read_filled(&bytes).unwrap_or_else(|e| panic!("{ext}: {e}"));
        assert_eq!(got.header, want.header, "{ext}");
        assert_eq!(got.rows, want.rows, "{ext}: same cells, dates as dates");
    }
}

fn which_soffice() -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
        .ok_or(())
}

#[test]
fn ods_with_a_value_repeated_over_the_sheet_is_refused() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Partecipanti"><table:table-row><table:table-cell office:value-type="string"><text:p>Codice fiscale</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    assert_eq!(
        refused(&out.into_inner()),
        RefusalCode::DimensioniEccessive,
        "17 billion cells in 1 KB"
    );
}
