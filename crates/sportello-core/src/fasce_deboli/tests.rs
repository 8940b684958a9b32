//! Data-driven: each case is a few rows and the issues expected, written as
//! `row column CODE` lines.

use super::*;
use crate::Sex;
use crate::candidate::{
    AdministrativeData, Contacts, EducationTitle, OtherInformation, PersonalData,
};
use crate::codice_fiscale::CodiceFiscale;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn categories() -> Vec<Category> {
    [
        (
            "SVA",
            "privo di impiego regolarmente retribuito da almeno 6 mesi",
        ),
        ("SVB", "età compresa tra 15 e 24 anni"),
        ("SVC", "privo di diploma"),
        ("SVD", "età superiore a 50 anni"),
        ("MSV", "molto svantaggiato"),
        (
            "DIS",
            "lavoratore con disabilità (L. 68/1999, collocamento mirato)",
        ),
    ]
    .into_iter()
    .map(|(code, label)| Category {
        code: code.into(),
        label: label.into(),
    })
    .collect()
}

fn cf(surname: &str, name: &str) -> String {
    CodiceFiscale::compute(surname, name, day(1990, 5, 17), Sex::M, "H501")
        .unwrap()
        .as_str()
        .to_string()
}

/// A cell from a short notation: `""` empty, `#1` number, `?t`/`?f` booleans, text.
fn cell(s: &str) -> Cell {
    match s {
        "" => Cell::Empty,
        "?t" => Cell::Bool(true),
        "?f" => Cell::Bool(false),
        _ => match s.strip_prefix('#') {
            Some(n) => Cell::Number(n.parse().unwrap()),
            None => Cell::Text(s.to_string()),
        },
    }
}

/// Rows of `CF | project | aula | flag | category` under a header in row 1; `known`
/// restricts the participants; `expect` lists `row column CODE` per issue.
fn check(rows: &[[&str; 5]], known: Option<&[(&str, &str)]>, expect: &str) -> Report {
    let header_cells: Vec<Cell> = [
        "Codice fiscale",
        "Codice progetto",
        "Aula omogenea",
        "Fascia debole",
        "Categoria",
    ]
    .iter()
    .map(|h| Cell::Text(h.to_string()))
    .collect();
    let mut sheet = vec![header_cells];
    sheet.extend(
        rows.iter()
            .map(|r| r.iter().map(|c| cell(c)).collect::<Vec<_>>()),
    );
    let header = find_header(&sheet, 1).expect("header");
    let cats = categories();
    let known: Option<HashSet<(String, String)>> = known.map(|k| {
        k.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    });
    let ctx = Context {
        categories: &cats,
        known: known.as_ref(),
        reference: day(2026, 3, 2),
    };
    let report = check_rows(
        &header,
        sheet
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, r)| (i as u32 + 1, r.as_slice())),
        &ctx,
    );
    let got: Vec<String> = report
        .issues
        .iter()
        .map(|i| format!("{} {} {}", i.row, i.column, i.code.as_str()))
        .collect();
    let want: Vec<String> = expect
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    assert_eq!(got, want, "issues of {rows:?}");
    for i in &report.issues {
        assert!(
            !i.message.is_empty(),
            "every issue explains itself in Italian"
        );
    }
    report
}

#[test]
fn flags_and_categories() {
    let a = cf("Rossi", "Mario");
    let a = a.as_str();
    check(
        &[
            [a, "P1", "NO", "SI", "SVA"],
            [a, "P2", "NO", "sì", "svb"],
            [a, "P3", "NO", "x", "età compresa tra 15 e 24 anni"],
            [a, "P4", "NO", "#1", "Eta compresa tra 15 e 24 ANNI"],
            [a, "P5", "NO", "?t", "DIS"],
            [a, "P6", "NO", "no", ""],
            [a, "P7", "NO", "#0", ""],
            [a, "P8", "NO", "?f", ""],
            [a, "P9", "NO", "FALSO", ""],
            [a, "P10", "SI", "", ""],
        ],
        None,
        "",
    );
}

#[test]
fn each_error_code() {
    let a = cf("Rossi", "Mario");
    let a = a.as_str();
    let report = check(
        &[
            ["RSSMRA90E17H501X", "P1", "SI", "SI", "SVA"],
            ["", "P1", "SI", "NO", ""],
            [a, "", "SI", "NO", ""],
            [a, "P1", "SI", "forse", ""],
            [a, "P2", "SI", "SI", ""],
            [a, "P3", "SI", "NO", "SVA"],
            [a, "P4", "SI", "", "SVA"],
            [a, "P5", "SI", "SI", "XYZ"],
            [a, "P6", "NO", "", ""],
            ["", "", "", "", ""],
        ],
        None,
        "2 Codice fiscale CF_NON_VALIDO
         3 Codice fiscale CF_NON_VALIDO
         4 Codice progetto PROGETTO_MANCANTE
         5 Fascia debole FLAG_NON_VALIDO
         6 Categoria CATEGORIA_MANCANTE
         7 Categoria CATEGORIA_SENZA_FLAG
         8 Categoria CATEGORIA_SENZA_FLAG
         9 Categoria CATEGORIA_SCONOSCIUTA
         10 Fascia debole FLAG_NON_INDICATO",
    );
    assert_eq!(report.rows_total, 9, "the blank row is not counted");
    assert_eq!(
        (
            report.rows_ok,
            report.rows_with_errors,
            report.rows_with_warnings
        ),
        (1, 8, 1)
    );
}

#[test]
fn duplicates_conflicts_and_unknown_participants() {
    let a = cf("Rossi", "Mario");
    let b = cf("Bianchi", "Anna");
    let (a, b) = (a.as_str(), b.as_str());
    let spaced = format!("{} {}", &a[..8].to_lowercase(), &a[8..]);
    let report = check(
        &[
            [a, "P1", "NO", "SI", "SVA"],
            [&spaced, "P1", "NO", "si", "sva"],
            [a, "P1", "NO", "NO", ""],
            [a, "P2", "NO", "SI", "SVA"],
            [b, "P1", "NO", "NO", ""],
        ],
        Some(&[(a, "P1"), (a, "P2")]),
        "3 Codice fiscale RIGA_DUPLICATA
         4 Codice fiscale RIGA_IN_CONFLITTO
         6 Codice fiscale CF_SCONOSCIUTO",
    );
    assert_eq!(
        report.declared,
        Declared {
            si: 2,
            no: 1,
            non_indicato: 0
        }
    );
    assert_eq!(report.by_category.get("SVA"), Some(&2));
    assert_eq!(
        report.rows[1].codice_fiscale, a,
        "spaces and lowercase are normalised"
    );
}

#[test]
fn header_is_found_below_titles_and_matched_loosely() {
    let t = |s: &str| Cell::Text(s.into());
    let rows = vec![
        vec![t("Import massivo fasce deboli")],
        vec![],
        vec![
            t("CODICE_FISCALE"),
            t("codice progetto"),
            t("Extra"),
            t("Fàscia  debole"),
            t("categoria."),
        ],
    ];
    let h = find_header(&rows, 1).expect("found in row 3");
    assert_eq!(h.row, 3);
    assert_eq!(
        h.columns[&Column::FasciaDebole],
        3,
        "extra columns are skipped"
    );
    assert!(find_header(&rows[..2], 1).is_none());
}

fn candidate(birth: NaiveDate, months: Option<u32>, level: &str, mirato: bool) -> Candidate {
    Candidate {
        codice_fiscale: cf("Verdi", "Luca"),
        sap_id: None,
        branch: "MI01".into(),
        personal: PersonalData {
            surname: "Verdi".into(),
            name: "Luca".into(),
            sex: Sex::M,
            birth_date: birth,
            citizenship: "000".into(),
            birthplace: "ROMA".into(),
            birthplace_code: "H501".into(),
        },
        residence_permit: None,
        residence: None,
        domicile: None,
        contacts: Contacts::default(),
        administrative: AdministrativeData {
            unemployment_months: months,
            collocamento_mirato: mirato,
            ..Default::default()
        },
        experiences: vec![],
        education: vec![EducationTitle {
            level_code: level.into(),
            course_code: None,
            description: "titolo".into(),
            year: None,
            institute: None,
        }],
        training: vec![],
        languages: vec![],
        it_skills: vec![],
        other: OtherInformation::default(),
        policies: vec![],
        desired_jobs: vec![],
        cv_text: None,
    }
}

#[test]
fn suggestions_in_order_with_reasons() {
    let all: Vec<Category> = ["SVA", "SVB", "SVC", "SVD", "MSV", "DIS"]
        .iter()
        .map(|c| Category {
            code: c.to_string(),
            label: String::new(),
        })
        .collect();
    let start = day(2025, 3, 1);
    let check = |c: &Candidate, want: &str| {
        let got: Vec<String> = suggest(c, start, &all)
            .iter()
            .map(|s| format!("{}: {}", s.code, s.reason))
            .collect();
        let want: Vec<String> = want
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        assert_eq!(got, want);
    };
    check(
        &candidate(day(2002, 1, 1), Some(14), "20", false),
        "MSV: disoccupato da 14 mesi alla data di inizio corso e in un'altra categoria svantaggiata
         SVA: disoccupato da 14 mesi alla data di inizio corso
         SVB: 23 anni alla data di inizio corso
         SVC: nessun diploma di scuola secondaria superiore",
    );
    check(
        &candidate(day(1970, 1, 1), Some(30), "70", true),
        "DIS: iscritto al collocamento mirato (L. 68/1999)
         MSV: disoccupato da 30 mesi alla data di inizio corso (almeno 24)
         SVA: disoccupato da 30 mesi alla data di inizio corso
         SVD: 55 anni alla data di inizio corso (oltre 50)",
    );
    check(&candidate(day(1990, 1, 1), Some(3), "70", false), "");
    let only_sva = &all[..1];
    assert_eq!(
        suggest(
            &candidate(day(2002, 1, 1), Some(14), "20", false),
            start,
            only_sva
        )
        .len(),
        1,
        "only the server's categories"
    );
}

#[test]
fn dates_as_dates_serials_or_text() {
    let d = day(2025, 3, 1);
    for (c, want) in [
        (Cell::Date(d), Some(d)),
        (Cell::Number(45717.0), Some(d)),
        (Cell::Text("01/03/2025".into()), Some(d)),
        (Cell::Text(" 1-3-2025 ".into()), Some(d)),
        (Cell::Text("2025-03-01".into()), Some(d)),
        (Cell::Text("31/02/2025".into()), None),
        (Cell::Text("marzo".into()), None),
        (Cell::Number(0.5), None),
        (Cell::Empty, None),
    ] {
        assert_eq!(c.as_date(), want, "{c:?}");
    }
}
