//! Search and export use cases without a front end: the xlsx read back cell by cell
//! (calamine, through sportello-sheets), opened by LibreOffice, written atomically, and
//! recorded in the audit log.

use std::path::Path;
use std::process::Command;

use chrono::{Local, NaiveDate, TimeZone, Utc};
use sportello_app::search::{
    self, CandidateFilter, DEFAULT_COLUMNS, ExportColumn, ExportRequest, ExportValue, Sort,
    SortKey, Store,
};
use sportello_app::{AppError, ErrorCode};
use sportello_sheets::table::{Value, read_workbook};
use sportello_store::{AuditAction, CandidateSummary, Matches};

fn now() -> chrono::DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap()
}

fn store_with(count: usize) -> (tempfile::TempDir, Store) {
    let (dir, store, _) = sportello_testkit::demo_store(count, 3, 3, now().date_naive());
    (dir, store)
}

/// What the file must hold for these columns: the store's matches, in order, as cells
/// made from each one's whole record (the export itself reads most columns from the
/// candidates' summary rows instead).
fn expected_rows(store: &Store, request: &ExportRequest) -> Vec<Vec<Value>> {
    let today = now().date_naive();
    let mut rows = Vec::new();
    let matches = Matches {
        filter: &request.query.filter,
        scope: &request.query.scope,
        reference: today,
        sort: request.query.sort,
        with_records: false,
    };
    store
        .for_each_match(&matches, |found| {
            let record = store
                .candidate(&found.summary.codice_fiscale)?
                .expect("a match is stored");
            let summary = CandidateSummary::of(&record);
            rows.push(
                request
                    .columns
                    .iter()
                    .map(
                        |c| match c.value(&summary, Some(&record.candidate), today) {
                            ExportValue::Empty => Value::Empty,
                            ExportValue::Text(t) => Value::Text(t.into_owned()),
                            ExportValue::Number(n) => Value::Number(n),
                            ExportValue::Date(d) => Value::Date(d),
                        },
                    )
                    .collect::<Vec<_>>(),
            );
            Ok::<_, sportello_store::Error>(())
        })
        .unwrap();
    rows
}

fn headers(columns: &[ExportColumn]) -> Vec<Value> {
    columns
        .iter()
        .map(|c| Value::Text(c.header().into()))
        .collect()
}

fn criteria(sheet: &sportello_sheets::table::SheetValues) -> Vec<(String, String)> {
    sheet.rows[1..]
        .iter()
        .map(|r| match (&r[0], &r[1]) {
            (Value::Text(k), Value::Text(v)) => (k.clone(), v.clone()),
            other => panic!("criteria are text: {other:?}"),
        })
        .collect()
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn export_reads_back_cell_by_cell_with_types_and_criteria() {
    let (dir, mut store) = store_with(400);
    let out = dir.path().join("cuochi.xlsx");
    let mut request = ExportRequest::new(
        CandidateFilter {
            age_max: Some(45),
            branches: vec!["FI01".into(), "PO01".into()],
            ..Default::default()
        },
        out.clone(),
    );
    request.query.sort = Sort {
        key: SortKey::Age,
        descending: false,
    };
    request.columns = DEFAULT_COLUMNS.to_vec();
    request.columns.extend([
        ExportColumn::Phone,
        ExportColumn::Cap,
        ExportColumn::DrivingLicences,
    ]);
    let report = search::export_from(&mut store, "mario.rossi", &request, now()).unwrap();

    let expect = expected_rows(&store, &request);
    assert!(
        expect.len() > 50,
        "the filter selects a good part of the store"
    );
    assert_eq!(report.rows as usize, expect.len());
    let sheets = read_workbook(&out).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Candidati", "Criteri"]);
    let data = &sheets[0];
    assert_eq!(
        data.rows[0],
        headers(&request.columns),
        "Italian headers, in the order chosen"
    );
    assert_eq!(data.rows.len(), expect.len() + 1);
    for (i, (got, want)) in data.rows[1..].iter().zip(&expect).enumerate() {
        assert_eq!(
            got,
            want,
            "row {} equals the search result, cell by cell and type by type",
            i + 1
        );
    }
    // Types as a user needs them.
    let col = |c: ExportColumn| request.columns.iter().position(|x| *x == c).unwrap();
    let first = &data.rows[1];
    assert!(matches!(
        first[col(ExportColumn::CodiceFiscale)],
        Value::Text(_)
    ));
    assert!(
        matches!(first[col(ExportColumn::Mobile)], Value::Text(_)),
        "phones are text: no lost zeros"
    );
    assert!(
        matches!(first[col(ExportColumn::BirthDate)], Value::Date(_)),
        "dates are real dates"
    );
    assert!(
        matches!(first[col(ExportColumn::Age)], Value::Number(_)),
        "numbers are numbers"
    );
    assert!(
        data.rows[1..]
            .iter()
            .any(|r| matches!(&r[col(ExportColumn::Phone)], Value::Text(t) if t.starts_with('0'))),
        "a landline keeps its leading zero"
    );

    let c = criteria(&sheets[1]);
    let get = |k: &str| {
        c.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {k:?} in {c:?}"))
    };
    assert_eq!(get("Operatore"), "mario.rossi");
    assert_eq!(get("Data e ora dell'esportazione"), "23/11/2026 10:30:00");
    assert_eq!(get("Ambito (filiali)"), "FI01, PO01");
    assert_eq!(get("Età massima"), "45");
    assert_eq!(get("Ordinamento"), "Età, crescente");
    assert_eq!(get("Righe esportate"), expect.len().to_string());
    assert_eq!(get("Dati particolari (art. 9 GDPR)"), "esclusi");
    assert_eq!(get("File"), "cuochi.xlsx");
}

#[test]
fn every_export_is_in_the_audit_log() {
    let (dir, mut store) = store_with(60);
    let out = dir.path().join("tutti.xlsx");
    let filter = CandidateFilter {
        sex: Some(sportello_core::Sex::F),
        ..Default::default()
    };
    let report = search::export_from(
        &mut store,
        "mario.rossi",
        &ExportRequest::new(filter.clone(), out.clone()),
        now(),
    )
    .unwrap();
    let entries = store.audit_entries(10).unwrap();
    assert_eq!(entries.len(), 1, "one export, one entry");
    let e = &entries[0].event;
    assert_eq!(entries[0].id, report.audit_id);
    assert_eq!(e.action, AuditAction::Export);
    assert_eq!(e.operator, "mario.rossi");
    assert_eq!(e.at, now().with_timezone(&Utc));
    assert_eq!(e.subject, out.display().to_string(), "the file name");
    assert_eq!(e.details["rows"], report.rows);
    assert_eq!(
        e.details["filter"],
        serde_json::to_value(&filter).unwrap(),
        "the filter used"
    );
}

#[test]
fn an_export_holds_only_the_branches_in_the_operators_scope() {
    let (dir, mut store) = store_with(120);
    let out = dir.path().join("ambito.xlsx");
    let mut request = ExportRequest::new(CandidateFilter::default(), out.clone());
    request.query.scope = search::Scope::Branches(vec!["PO01".into()]);
    request.columns = vec![ExportColumn::CodiceFiscale, ExportColumn::Branch];
    let report = search::export_from(&mut store, "op", &request, now()).unwrap();
    let expect = expected_rows(&store, &request);
    let everyone = expected_rows(
        &store,
        &ExportRequest::new(CandidateFilter::default(), out.clone()),
    );
    assert!(
        !expect.is_empty() && expect.len() < everyone.len(),
        "one branch of three: some, not all ({} of {})",
        expect.len(),
        everyone.len()
    );
    let sheets = read_workbook(&out).unwrap();
    assert_eq!(
        sheets[0].rows[1..],
        expect[..],
        "the scoped rows, cell by cell"
    );
    assert!(
        sheets[0].rows[1..]
            .iter()
            .all(|r| r[1] == Value::Text("PO01".into())),
        "nobody from outside the scope"
    );
    assert_eq!(report.rows as usize, expect.len());
    let criteria = criteria(&sheets[1]);
    let scope = criteria
        .iter()
        .find(|(k, _)| k == "Ambito (filiali)")
        .unwrap();
    assert_eq!(scope.1, "PO01");
    let audit = &store.audit_entries(1).unwrap()[0].event;
    assert_eq!(audit.details["scope"], serde_json::json!(["PO01"]));

    // A filter naming a branch outside the scope finds no one.
    let out = dir.path().join("fuori.xlsx");
    let mut outside = ExportRequest::new(
        CandidateFilter {
            branches: vec!["FI01".into()],
            ..Default::default()
        },
        out,
    );
    outside.query.scope = search::Scope::Branches(vec!["PO01".into()]);
    assert_eq!(
        search::export_from(&mut store, "op", &outside, now())
            .unwrap()
            .rows,
        0
    );
}

#[test]
fn special_category_data_needs_an_explicit_request() {
    let (dir, mut store) = store_with(60);
    let refused = |request: &ExportRequest, store: &mut Store| {
        let err = search::export_from(store, "op", request, now()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::DatiParticolariNonRichiesti, "{err}");
        assert!(!request.out.exists(), "nothing is written");
    };
    let mut with_column = ExportRequest::new(CandidateFilter::default(), dir.path().join("a.xlsx"));
    with_column.columns.push(ExportColumn::CollocamentoMirato);
    refused(&with_column, &mut store);
    let by_filter = ExportRequest::new(
        CandidateFilter {
            collocamento_mirato: Some(true),
            ..Default::default()
        },
        dir.path().join("b.xlsx"),
    );
    refused(&by_filter, &mut store);
    assert!(
        store.audit_entries(10).unwrap().is_empty(),
        "refused exports leave no data, so no entry"
    );

    with_column.include_special_categories = true;
    search::export_from(&mut store, "op", &with_column, now()).unwrap();
    let sheets = read_workbook(&with_column.out).unwrap();
    let last = sheets[0].rows[0].len() - 1;
    assert_eq!(
        sheets[0].rows[0][last],
        Value::Text("Collocamento mirato (L. 68/1999)".into())
    );
    assert!(criteria(&sheets[1]).contains(&(
        "Dati particolari (art. 9 GDPR)".into(),
        "inclusi su richiesta dell'operatore".into()
    )));
}

#[test]
fn an_existing_file_is_kept_unless_overwrite_is_asked() {
    let (dir, mut store) = store_with(30);
    let out = dir.path().join("lista.xlsx");
    std::fs::write(&out, b"del collega").unwrap();
    let mut request = ExportRequest::new(CandidateFilter::default(), out.clone());
    let err = search::export_from(&mut store, "op", &request, now()).unwrap_err();
    assert!(matches!(err, AppError::FileExists(_)), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"del collega");
    assert!(store.audit_entries(10).unwrap().is_empty());
    assert!(
        !file_names(dir.path())
            .iter()
            .any(|n| n.starts_with(".sportello-")),
        "no temporary file left"
    );
    request.overwrite = true;
    search::export_from(&mut store, "op", &request, now()).unwrap();
    assert_eq!(read_workbook(&out).unwrap()[0].rows.len(), 31);
}

#[test]
fn a_failed_export_leaves_nothing_behind() {
    let (dir, mut store) = store_with(30);
    // The folder does not exist: nothing can be created, and nothing is.
    let missing = dir.path().join("manca").join("lista.xlsx");
    let err = search::export_from(
        &mut store,
        "op",
        &ExportRequest::new(CandidateFilter::default(), missing.clone()),
        now(),
    )
    .unwrap_err();
    // The computer refused, not the operator's input: a disk error, naming the file.
    assert_eq!(err.code(), ErrorCode::FileNonAccessibile, "{err}");
    assert!(err.to_string().contains("lista.xlsx"), "{err}");
    assert!(!missing.parent().unwrap().exists());
}

#[test]
fn past_the_row_limit_the_table_continues_on_further_sheets() {
    let (dir, mut store) = store_with(25);
    let out = dir.path().join("fogli.xlsx");
    let mut request = ExportRequest::new(CandidateFilter::default(), out.clone());
    request.columns = vec![ExportColumn::CodiceFiscale, ExportColumn::BirthDate];
    request.rows_per_sheet = Some(10);
    let report = search::export_from(&mut store, "op", &request, now()).unwrap();
    assert_eq!(report.sheets, 3);
    let sheets = read_workbook(&out).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Candidati", "Candidati (2)", "Candidati (3)", "Criteri"]
    );
    let expect = expected_rows(&store, &request);
    let got: Vec<Vec<Value>> = sheets[..3]
        .iter()
        .flat_map(|s| {
            assert_eq!(
                s.rows[0],
                headers(&request.columns),
                "each sheet has the header"
            );
            s.rows[1..].to_vec()
        })
        .collect();
    assert_eq!(
        got, expect,
        "the sheets put together hold every row once, in order"
    );
}

/// `soffice` must be there: the test command installs it (xtask's package list).
#[test]
fn libreoffice_opens_the_file_with_the_same_rows() {
    let (dir, mut store) = store_with(120);
    let out = dir.path().join("per libreoffice.xlsx");
    let request = ExportRequest::new(
        CandidateFilter {
            age_min: Some(30),
            ..Default::default()
        },
        out.clone(),
    );
    search::export_from(&mut store, "op", &request, now()).unwrap();
    let profile = dir.path().join("lo-profile");
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir"])
        .arg(dir.path())
        .arg(&out)
        .output()
        .expect("LibreOffice (soffice) must be installed: `cargo xtask test` installs libreoffice-calc-nogui");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let csv = std::fs::read_to_string(dir.path().join("per libreoffice.csv"))
        .expect("soffice wrote the CSV");
    let lines: Vec<&str> = csv.lines().collect();
    let expect = expected_rows(&store, &request);
    assert_eq!(
        lines.len(),
        expect.len() + 1,
        "header and every row, nothing else"
    );
    let header: Vec<String> = DEFAULT_COLUMNS
        .iter()
        .map(|c| format!("\"{}\"", c.header()))
        .collect();
    assert_eq!(lines[0], header.join(","));
    for (line, want) in lines[1..].iter().zip(&expect) {
        let cells: Vec<String> = want
            .iter()
            .map(|v| match v {
                Value::Empty => String::new(),
                Value::Text(t) => format!("\"{t}\""),
                Value::Number(n) => n.to_string(),
                Value::Date(d) => d.format("%d/%m/%Y").to_string(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(
            *line,
            cells.join(","),
            "LibreOffice shows the same row, dates dd/mm/yyyy"
        );
    }
}

#[test]
fn a_page_of_results_and_the_total() {
    let (_dir, store) = store_with(200);
    let request = search::SearchRequest {
        query: search::Query {
            filter: CandidateFilter {
                age_max: Some(35),
                ..Default::default()
            },
            scope: search::Scope::All,
            sort: Sort {
                key: SortKey::BirthDate,
                descending: true,
            },
        },
        offset: 5,
        limit: 10,
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let result = search::search_in(&store, &request, today).unwrap();
    assert!(result.total > 15);
    assert_eq!(result.rows.len(), 10);
    assert!(
        result
            .rows
            .windows(2)
            .all(|w| w[0].birth_date >= w[1].birth_date)
    );
    assert!(result.rows.iter().all(|r| r.age.unwrap() <= 35));
    let too_many = search::SearchRequest {
        limit: 5_000,
        ..request
    };
    assert_eq!(
        search::search_in(&store, &too_many, today)
            .unwrap_err()
            .code(),
        ErrorCode::InputNonValido
    );
}

/// One candidate whose data is written here, exported: every cell as an operator reads
/// it, written out literally (the other export tests compare the file with the same
/// columns computed from whole records).
#[test]
fn a_known_candidate_exports_as_written() {
    use sportello_core::candidate::{Address, EmploymentStatus};
    let (dir, mut store) = store_with(0);
    let mut candidate = sportello_demo::Generator::new(11, now().date_naive())
        .candidates(1, &["FI01".to_string()])
        .next()
        .unwrap();
    candidate.personal.surname = "Bianchi".into();
    candidate.personal.name = "Anna Maria".into();
    candidate.personal.sex = sportello_core::Sex::F;
    candidate.personal.birth_date = NaiveDate::from_ymd_opt(1990, 11, 24).unwrap();
    candidate.residence = Some(Address {
        street: "Via Roma 1".into(),
        cap: "50123".into(),
        comune: "Firenze".into(),
        provincia: "FI".into(),
    });
    candidate.contacts.mobile = Some("3331234567".into());
    candidate.contacts.phone = None;
    candidate.administrative.employment_status = Some(EmploymentStatus::Disoccupato);
    candidate.administrative.unemployment_months = Some(14);
    candidate.administrative.did_date = NaiveDate::from_ymd_opt(2025, 9, 1);
    candidate.other.driving_licences = vec!["B".into(), "C".into()];
    store
        .bulk_upsert_candidates(&[sportello_store::CandidateRecord {
            candidate,
            version: 1,
            updated_at: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
        }])
        .unwrap();
    let out = dir.path().join("una.xlsx");
    let mut request = ExportRequest::new(CandidateFilter::default(), out.clone());
    request.columns = search::parse_columns(
        "surname,name,sex,birth_date,age,comune,provincia,cap,mobile,phone,status,\
         unemployment_months,did_date,driving_licences,branch",
    )
    .unwrap();
    search::export_from(&mut store, "mario.rossi", &request, now()).unwrap();

    let sheets = read_workbook(&out).unwrap();
    let text = |s: &str| Value::Text(s.into());
    let date = |y, m, d| Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
    assert_eq!(
        sheets[0].rows,
        [
            vec![
                text("Cognome"),
                text("Nome"),
                text("Sesso"),
                text("Data di nascita"),
                text("Età"),
                text("Comune di residenza"),
                text("Provincia"),
                text("CAP"),
                text("Cellulare"),
                text("Telefono"),
                text("Stato occupazionale"),
                text("Mesi di disoccupazione"),
                text("Data DID"),
                text("Patenti"),
                text("Filiale"),
            ],
            vec![
                text("Bianchi"),
                text("Anna Maria"),
                text("F"),
                date(1990, 11, 24),
                // 23 November 2026: the birthday is tomorrow.
                Value::Number(35.0),
                text("Firenze"),
                text("FI"),
                text("50123"),
                text("3331234567"),
                Value::Empty,
                text("Disoccupato"),
                Value::Number(14.0),
                date(2025, 9, 1),
                text("B, C"),
                text("FI01"),
            ],
        ]
    );
}
