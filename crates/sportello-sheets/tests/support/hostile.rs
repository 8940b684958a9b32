//! The hostile corpus (issue 13), generated deterministically: each file is small and
//! declares or places cells far beyond what a participants file holds, in one of the
//! ways calamine 0.38 would have trusted. `tests/hostile/manifest` lists each with the
//! refusal code the reader must answer.

use std::io::{Cursor, Write};

/// (file name, expected refusal code, bytes).
pub fn corpus() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    const DIM: &str = "DIMENSIONI_ECCESSIVE";
    const NON: &str = "NON_UN_FOGLIO_DI_CALCOLO";
    // A1 and a far cell: calamine's dense range spans the two.
    let far = r#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>1</v></c></row>"#;
    vec![
        (
            "foglio_fuori_da_worksheets.xlsx",
            DIM,
            xlsx_at("data/foglio.xml", &sheet(far), &[]),
        ),
        (
            "foglio_con_nome_non_xml.xlsx",
            DIM,
            xlsx_at("foglio.bin", &sheet(far), &[]),
        ),
        (
            "riferimento_tra_apici.xlsx",
            DIM,
            xlsx(&sheet(
                "<row r='1'><c r='A1'><v>1</v></c><c r='XFD1048576'><v>1</v></c></row>",
            )),
        ),
        (
            "uguale_con_spazi.xlsx",
            DIM,
            xlsx(&sheet(
                r#"<row r = "1"><c r = "XFD1048576" ><v>1</v></c></row>"#,
            )),
        ),
        (
            "riferimento_minuscolo.xlsx",
            DIM,
            xlsx(&sheet(
                r#"<row><c r="a1"><v>1</v></c><c r="xfd1048576"><v>1</v></c></row>"#,
            )),
        ),
        ("prefisso_di_namespace.xlsx", DIM, xlsx(&prefixed_sheet())),
        (
            "righe_senza_r.xlsx",
            DIM,
            xlsx(&sheet(&format!(
                "{}<row><c><v>1</v></c></row>",
                "<row></row>".repeat(1_100_000)
            ))),
        ),
        (
            "celle_senza_r.xlsx",
            DIM,
            xlsx(&sheet(&format!(
                r#"<row r="1048576">{}</row>"#,
                "<c><v>1</v></c>".repeat(12)
            ))),
        ),
        (
            "celle_senza_r_dopo_una_lontana.xlsx",
            DIM,
            xlsx(&sheet(
                r#"<row r="1000000"><c r="K1000000"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>"#,
            )),
        ),
        (
            "riga_oltre_excel.xlsx",
            DIM,
            xlsx(&sheet(
                r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="4000000000"><c><v>1</v></c></row>"#,
            )),
        ),
        (
            "colonna_oltre_excel.xlsx",
            DIM,
            xlsx(&sheet(
                r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>"#,
            )),
        ),
        (
            "dimension_enorme.xlsx",
            DIM,
            xlsx(&sheet_with_dimension(
                "A1:XFD1048576",
                r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
            )),
        ),
        (
            "testi_condivisi_unique_count.xlsx",
            DIM,
            xlsx_with(&[("xl/sharedStrings.xml", sst("4000000000"))]),
        ),
        (
            "testi_condivisi_count_enorme.xlsx",
            DIM,
            xlsx_with(&[("xl/sharedStrings.xml", sst_count("18446744073709551615"))]),
        ),
        (
            "testi_condivisi_altrove.xlsx",
            DIM,
            xlsx_with(&[("altrove/testi.xml", sst("2000000000"))]),
        ),
        (
            "non_un_zip.xlsx",
            NON,
            b"PK\x03\x04 non davvero uno zip".to_vec(),
        ),
        ("zip_troncato.xlsx", NON, xlsx(&sheet(far))[..200].to_vec()),
        (
            "xls_dimensions_enormi.xls",
            DIM,
            xls(&[bof(), dimensions(0, 4_000_000_000, 0, 255), eof()]),
        ),
        (
            "xls_dimensions_invertite.xls",
            DIM,
            xls(&[bof(), dimensions(10, 2, 0, 5), eof()]),
        ),
        (
            "xls_cella_lontana.xls",
            DIM,
            xls(&[bof(), number(0, 0), number(65_535, 65_535), eof()]),
        ),
        (
            "xls_mulrk_largo.xls",
            DIM,
            xls(&[bof(), number(0, 0), mulrk(60_000, 0, 255), eof()]),
        ),
        (
            "xls_foglio_nascosto_in_un_record.xls",
            DIM,
            xls_hidden_sheet(),
        ),
        ("xls_contenitore_rotto.xls", NON, broken_cfb()),
        (
            "ods_righe_ripetute.ods",
            DIM,
            ods(
                r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="20"/></table:table-row>"#,
            ),
        ),
        (
            "ods_colonne_ripetute.ods",
            DIM,
            ods(
                r#"<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16000000"/></table:table-row>"#,
            ),
        ),
    ]
}

fn options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
}

fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(*name, options()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A one-sheet workbook whose sheet part is at `target` (relative to `xl/`).
fn xlsx_at(target: &str, sheet_xml: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let mut parts = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>"#.to_string()),
        ("_rels/.rels", format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets><sheet name="Foglio1" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="{target}"/></Relationships>"#)),
    ];
    let path = format!("xl/{target}");
    parts.push((&path, sheet_xml.to_string()));
    parts.extend(extra.iter().map(|(n, t)| (*n, t.clone())));
    zip_of(&parts)
}

fn xlsx(sheet_xml: &str) -> Vec<u8> {
    xlsx_at("worksheets/sheet1.xml", sheet_xml, &[])
}

fn xlsx_with(extra: &[(&str, String)]) -> Vec<u8> {
    xlsx_at(
        "worksheets/sheet1.xml",
        &sheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#),
        extra,
    )
}

fn sheet(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

fn sheet_with_dimension(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="{NS}"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

fn prefixed_sheet() -> String {
    format!(
        r#"<?xml version="1.0"?><x:worksheet xmlns:x="{NS}"><x:sheetData><x:row><x:c x:r="A1"><x:v>1</x:v></x:c><x:c x:r="XFD1048576"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"#
    )
}

fn sst(unique: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><sst xmlns="{NS}" count="1" uniqueCount="{unique}"><si><t>a</t></si></sst>"#
    )
}

fn sst_count(count: &str) -> String {
    format!(r#"<?xml version="1.0"?><sst xmlns="{NS}" count="{count}"><si><t>a</t></si></sst>"#)
}

fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Foglio1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", options()).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

fn bof() -> Vec<u8> {
    // BIFF8, a worksheet substream.
    record(
        0x0809,
        &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    )
}

fn eof() -> Vec<u8> {
    record(0x000A, &[])
}

fn dimensions(first_row: u32, last_row: u32, first_col: u16, last_col: u16) -> Vec<u8> {
    let mut d = first_row.to_le_bytes().to_vec();
    d.extend(last_row.to_le_bytes());
    d.extend(first_col.to_le_bytes());
    d.extend(last_col.to_le_bytes());
    d.extend([0, 0]);
    record(0x0200, &d)
}

fn number(row: u16, col: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend([0, 0]);
    d.extend(1.0f64.to_le_bytes());
    record(0x0203, &d)
}

fn mulrk(row: u16, first_col: u16, last_col: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(first_col.to_le_bytes());
    for _ in first_col..=last_col {
        d.extend([0, 0]);
        d.extend(2u32.to_le_bytes());
    }
    d.extend(last_col.to_le_bytes());
    record(0x00BD, &d)
}

/// A globals substream whose BOUNDSHEET points into the payload of an unknown record,
/// where a sheet substream with a huge DIMENSIONS hides from a walk from the start.
fn xls_hidden_sheet() -> Vec<u8> {
    let hidden: Vec<u8> = [bof(), dimensions(0, 4_000_000_000, 0, 255), eof()].concat();
    let globals_bof = record(
        0x0809,
        &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let boundsheet_len = 4 + 9;
    let offset = globals_bof.len() + boundsheet_len + 4;
    let mut sheet = (offset as u32).to_le_bytes().to_vec();
    sheet.extend([0, 0, 3, 0, b'F', b'1', b'x']);
    let mut stream = globals_bof;
    stream.extend(record(0x0085, &sheet[..9]));
    stream.extend(record(0x1234, &hidden));
    stream.extend(eof());
    xls_stream(&stream)
}

/// A globals substream naming one sheet (BOUNDSHEET), then that sheet's records.
fn xls(records: &[Vec<u8>]) -> Vec<u8> {
    let globals_bof = record(
        0x0809,
        &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let boundsheet_len = 4 + 10;
    let offset = globals_bof.len() + boundsheet_len + eof().len();
    let mut sheet = (offset as u32).to_le_bytes().to_vec();
    sheet.extend([0, 0, 2, 0, b'F', b'1']);
    let stream = [globals_bof, record(0x0085, &sheet), eof(), records.concat()].concat();
    xls_stream(&stream)
}

fn xls_stream(stream: &[u8]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    file.create_stream("Workbook")
        .unwrap()
        .write_all(stream)
        .unwrap();
    file.flush().unwrap();
    let mut bytes = file.into_inner().into_inner();
    // The directory entries' creation and modification times (offsets 100..116 of
    // each 128-byte entry) are the clock's: zeroed so the corpus is reproducible.
    let first_dir = u32::from_le_bytes(bytes[0x30..0x34].try_into().unwrap()) as usize;
    let size = 1usize << bytes[0x1E];
    let sector = (first_dir + 1) * size;
    for entry in bytes[sector..sector + size].chunks_mut(128) {
        entry[100..116].fill(0);
    }
    bytes
}

fn broken_cfb() -> Vec<u8> {
    let mut bytes = xls(&[bof(), eof()]);
    // The sector shift of the header set to 30: a sector of a gigabyte.
    bytes[0x1E] = 30;
    bytes
}
