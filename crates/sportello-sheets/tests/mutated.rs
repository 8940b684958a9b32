//! Valid workbooks mutated (truncated, bytes flipped, counts and references inflated
//! inside the XML and re-zipped): the reader answers or refuses, never panics, and
//! its peak allocation stays under 1 GB (a counting global allocator).

use std::alloc::System;
use std::io::{Cursor, Read, Write};

use cap::Cap;
use proptest::prelude::*;
use sportello_sheets::fasce_deboli::read_filled;

const GB: usize = 1 << 30;

/// Counts what is live and refuses past 1 GB (the test binary then aborts: a failure).
#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, GB);

/// A small valid xlsx with a shared string table, built by hand (zip + XML).
fn valid_workbook() -> Vec<u8> {
    const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let parts = [
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets><sheet name="Foglio1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/sharedStrings.xml",
            format!(
                r#"<?xml version="1.0"?><sst xmlns="{NS}" count="2" uniqueCount="2"><si><t>Codice fiscale</t></si><si><t>RSSMRA80A01H501U</t></si></sst>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0"?><worksheet xmlns="{NS}"><dimension ref="A1:B3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>7</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>8</v></c></row><row r="3"><c r="A3"><v>3</v></c></row></sheetData></worksheet>"#
            ),
        ),
    ];
    zip_parts(
        &parts
            .iter()
            .map(|(n, t)| (n.to_string(), t.clone().into_bytes()))
            .collect::<Vec<_>>(),
    )
}

fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().to_string(), data)
        })
        .collect()
}

/// Replaces the `n`-th run of digits in the XML of part `part` by `value`.
fn inflate(bytes: &[u8], part: usize, n: usize, value: u64) -> Vec<u8> {
    let mut parts = unzip(bytes);
    let idx = part % parts.len();
    let text = String::from_utf8_lossy(&parts[idx].1).into_owned();
    let runs: Vec<(usize, usize)> = digit_runs(&text);
    if let Some(&(s, e)) = runs.get(n % runs.len().max(1)) {
        let new = format!("{}{}{}", &text[..s], value, &text[e..]);
        parts[idx].1 = new.into_bytes();
    }
    zip_parts(&parts)
}

fn digit_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((s, i));
        } else {
            i += 1;
        }
    }
    runs
}

fn assert_bounded(bytes: &[u8]) {
    let _ = read_filled(bytes);
    let peak = ALLOCATOR.max_allocated();
    assert!(peak < GB, "peak allocation {peak} bytes");
}

proptest! {
    // A fixed seed: CI runs the same cases every time (a new finding is reproduced by
    // changing the seed locally, never by a red run no one can repeat).
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5350_4f52_5445_4c4c),
        ..ProptestConfig::default()
    })]

    #[test]
    fn truncated(cut in 0usize..2000) {
        let book = valid_workbook();
        assert_bounded(&book[..cut.min(book.len())]);
    }

    #[test]
    fn bytes_flipped(flips in proptest::collection::vec((0usize..2000, any::<u8>()), 1..8)) {
        let mut book = valid_workbook();
        let len = book.len();
        for (at, b) in flips {
            book[at % len] ^= b;
        }
        assert_bounded(&book);
    }

    #[test]
    fn numbers_inflated_in_the_xml(part in 0usize..5, n in 0usize..40, value in prop_oneof![Just(u64::MAX), Just(4_294_967_295u64), Just(1_048_576u64), 0u64..20_000_000]) {
        assert_bounded(&inflate(&valid_workbook(), part, n, value));
    }
}

#[test]
fn the_valid_workbook_is_read() {
    // The mutations start from a workbook the reader accepts up to its header check.
    let result = read_filled(&valid_workbook());
    assert!(result.is_ok() || result.unwrap_err().code.as_str() == "INTESTAZIONE_NON_TROVATA");
}
