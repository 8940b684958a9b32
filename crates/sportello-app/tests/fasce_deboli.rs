//! The offline half of the fasce-deboli flow through the use cases: a downloaded
//! participants file in the store, export for filling, a filled file imported all or
//! nothing, the check report's contract, suggestions accepted only where nothing was
//! declared.

use std::collections::BTreeSet;

use chrono::{Local, NaiveDate, TimeZone, Utc};
use sportello_app::fasce_deboli::{self as fd, DeclarationInput, GridFilter};
use sportello_core::Candidate;
use sportello_core::fasce_deboli::{Category, Flag};
use sportello_sheets::fasce_deboli::{Participant, read_filled, write_participants};
use sportello_store::{
    AuditAction, CandidateRecord, FdCategory, FdParticipant, FdRequest, FdRequestState, Store,
};

const PASSWORD: &str = "Sportello2026";
const ANNO: i32 = 2019;

fn now() -> chrono::DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap()
}

fn server_categories() -> Vec<FdCategory> {
    [
        ("DIS", "Persona con disabilità"),
        ("MSV", "Lavoratore molto svantaggiato"),
        (
            "SVA",
            "Senza impiego regolarmente retribuito da almeno sei mesi",
        ),
        ("SVB", "Età compresa tra i 15 e i 24 anni"),
        (
            "SVC",
            "Senza diploma di scuola media superiore o professionale",
        ),
        ("SVD", "Età superiore ai 50 anni"),
    ]
    .into_iter()
    .map(|(code, label)| FdCategory {
        code: code.into(),
        label: label.into(),
        source: "Reg. UE 651/2014".into(),
    })
    .collect()
}

fn categories() -> Vec<Category> {
    server_categories()
        .into_iter()
        .map(|c| Category {
            code: c.code,
            label: c.label,
        })
        .collect()
}

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
    candidates: Vec<Candidate>,
}

/// A store with demo candidates, the server's categories and a downloaded file whose
/// participants are those candidates (plus two people the cache does not know), two
/// projects with different start dates.
fn fixture(count: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("store"), PASSWORD).unwrap();
    let branches = sportello_demo::branches(2);
    store.write(|tx| tx.upsert_branches(&branches)).unwrap();
    let codes: Vec<String> = branches.into_iter().map(|b| b.code).collect();
    let candidates: Vec<Candidate> = sportello_demo::Generator::new(11, now().date_naive())
        .candidates(count, &codes)
        .collect();
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    store
        .bulk_upsert_candidates(candidates.iter().map(|c| CandidateRecord {
            candidate: c.clone(),
            version: 1,
            updated_at: at,
        }))
        .unwrap();
    store
        .fd_replace_lists(&server_categories(), &[], &[])
        .unwrap();
    let request = FdRequest {
        id: "r-1".into(),
        server_id: Some("00000000-0000-0000-0000-000000000001".into()),
        anno: ANNO,
        tipologie: vec!["FG".into()],
        email: None,
        stato: FdRequestState::Pronto,
        requested_at: at,
        completed_at: Some(at),
        righe: None,
        errore: None,
        downloaded_at: None,
    };
    store.fd_save_request(&request).unwrap();
    let mut rows: Vec<FdParticipant> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| participant(&c.codice_fiscale, &c.personal.surname, &c.personal.name, i))
        .collect();
    rows.push(participant("RSSMRA85T10A562S", "Rossi", "Mario", 0));
    rows.push(participant("BNCLCU90A41F205Z", "Bianchi", "Lucia", 1));
    store.fd_store_download("r-1", &rows, at).unwrap();
    Fixture {
        dir,
        store,
        candidates,
    }
}

fn participant(cf: &str, cognome: &str, nome: &str, i: usize) -> FdParticipant {
    let (progetto, inizio) = if i.is_multiple_of(2) {
        ("P-2019-001", NaiveDate::from_ymd_opt(2019, 3, 4).unwrap())
    } else {
        ("P-2019-002", NaiveDate::from_ymd_opt(2019, 9, 16).unwrap())
    };
    FdParticipant {
        anno: ANNO,
        codice_fiscale: cf.into(),
        codice_progetto: progetto.into(),
        tipologia: "FG".into(),
        titolo: "Addetto alla logistica".into(),
        data_inizio: inizio,
        aula_omogenea: i.is_multiple_of(3),
        cognome: cognome.into(),
        nome: nome.into(),
        fascia_debole: None,
        categoria: None,
    }
}

/// The working copy as rows for the file writer, with `edit` applied to each.
fn filled(store: &Store, edit: impl Fn(usize, &mut Participant)) -> Vec<u8> {
    let mut rows: Vec<Participant> = store
        .fd_partecipanti(ANNO)
        .unwrap()
        .into_iter()
        .map(|p| Participant {
            anno: p.anno,
            codice_progetto: p.codice_progetto,
            tipologia_formativa: p.tipologia,
            titolo_corso: p.titolo,
            data_inizio_corso: p.data_inizio,
            aula_omogenea: p.aula_omogenea,
            codice_fiscale: p.codice_fiscale,
            cognome: p.cognome,
            nome: p.nome,
            fascia_debole: p.fascia_debole,
            categoria: p.categoria,
        })
        .collect();
    for (i, r) in rows.iter_mut().enumerate() {
        edit(i, r);
    }
    write_participants(&rows, &categories()).unwrap()
}

fn declarations(store: &Store) -> Vec<(String, String, Option<Flag>, Option<String>)> {
    store
        .fd_partecipanti(ANNO)
        .unwrap()
        .into_iter()
        .map(|p| {
            (
                p.codice_fiscale,
                p.codice_progetto,
                p.fascia_debole,
                p.categoria,
            )
        })
        .collect()
}

#[test]
fn export_for_filling_writes_the_working_copy_and_records_it() {
    let mut f = fixture(30);
    let out = f.dir.path().join("da-compilare.xlsx");
    let report =
        fd::export_for_filling(&mut f.store, "mario.rossi", None, &out, false, now()).unwrap();
    assert_eq!(report.anno, ANNO);
    assert_eq!(report.rows, 32);
    let sheet = read_filled(&std::fs::read(&out).unwrap()).unwrap();
    let cfs: BTreeSet<String> = sheet
        .rows
        .iter()
        .map(|(_, cells)| {
            cells[sheet.header.columns[&sportello_core::fasce_deboli::Column::CodiceFiscale]].text()
        })
        .collect();
    let expected: BTreeSet<String> = f
        .store
        .fd_partecipanti(ANNO)
        .unwrap()
        .into_iter()
        .map(|p| p.codice_fiscale)
        .collect();
    assert_eq!(cfs, expected);
    let audit = f.store.audit_entries(10).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].event.action, AuditAction::Export);
    assert_eq!(audit[0].event.operator, "mario.rossi");
    assert_eq!(audit[0].event.details["kind"], "fasce_deboli_xlsx");
    assert_eq!(audit[0].event.details["rows"], 32);

    let again = fd::export_for_filling(&mut f.store, "mario.rossi", None, &out, false, now());
    assert!(
        matches!(again, Err(sportello_app::AppError::FileExists(_))),
        "{again:?}"
    );
    assert_eq!(
        f.store.audit_entries(10).unwrap().len(),
        1,
        "a refused write leaves no audit entry"
    );
    let left: Vec<_> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sportello-"))
        .collect();
    assert!(left.is_empty(), "no temporary file: {left:?}");
}

#[test]
fn a_filled_file_is_imported_whole() {
    let mut f = fixture(20);
    let file = f.dir.path().join("compilato.xlsx");
    std::fs::write(
        &file,
        filled(&f.store, |i, r| match i % 3 {
            0 => {
                r.fascia_debole = Some(Flag::Si);
                r.categoria = Some("SVA".into());
            }
            1 => r.fascia_debole = Some(Flag::No),
            _ => {}
        }),
    )
    .unwrap();
    let report = fd::import_filled(&mut f.store, &file, Utc::now()).unwrap();
    assert!(report.accepted, "{:?}", report.reason);
    assert_eq!(report.anno, Some(ANNO));
    assert_eq!(report.imported, 22);
    assert_eq!(report.check.rows_with_errors, 0);
    let expected_si = (0..22).filter(|i| i % 3 == 0).count();
    assert_eq!(report.check.declared.si, expected_si);
    let stored = declarations(&f.store);
    let si = stored.iter().filter(|d| d.2 == Some(Flag::Si)).count();
    let no = stored.iter().filter(|d| d.2 == Some(Flag::No)).count();
    assert_eq!(si, expected_si);
    assert_eq!(no, (0..22).filter(|i| i % 3 == 1).count());
    assert!(
        stored
            .iter()
            .filter(|d| d.2 == Some(Flag::Si))
            .all(|d| d.3.as_deref() == Some("SVA"))
    );
}

#[test]
fn an_import_with_one_bad_row_changes_nothing() {
    let mut f = fixture(20);
    fd::declare(
        &mut f.store,
        ANNO,
        &[DeclarationInput {
            codice_fiscale: f.candidates[0].codice_fiscale.clone(),
            codice_progetto: "P-2019-001".into(),
            fascia_debole: Some("NO".into()),
            categoria: None,
        }],
        Utc::now(),
    )
    .unwrap();
    let before = declarations(&f.store);
    type Edit = Box<dyn Fn(usize, &mut Participant)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "unknown category",
            Box::new(|i, r| {
                r.fascia_debole = Some(Flag::Si);
                r.categoria = Some(if i == 7 { "XYZ" } else { "SVA" }.into());
            }),
            "CATEGORIA_SCONOSCIUTA",
        ),
        (
            "participant not in the downloaded file",
            Box::new(|i, r| {
                r.fascia_debole = Some(Flag::No);
                if i == 3 {
                    r.codice_fiscale = "VRDGPP80A01H501U".into();
                }
            }),
            "CF_SCONOSCIUTO",
        ),
        (
            "invalid codice fiscale",
            Box::new(|i, r| {
                r.fascia_debole = Some(Flag::No);
                if i == 5 {
                    r.codice_fiscale = "NONVALIDO".into();
                }
            }),
            "CF_NON_VALIDO",
        ),
    ];
    for (what, edit, code) in cases {
        let file = f.dir.path().join("bad.xlsx");
        std::fs::write(&file, filled(&f.store, edit)).unwrap();
        let report = fd::import_filled(&mut f.store, &file, Utc::now()).unwrap();
        assert!(!report.accepted, "{what}: must not be imported");
        assert_eq!(report.imported, 0);
        assert!(report.reason.is_some());
        assert!(
            report.check.issues.iter().any(|i| i.code == code),
            "{what}: {:?}",
            report.check.issues
        );
        assert_eq!(declarations(&f.store), before, "{what}: nothing may change");
    }

    let not_a_sheet = f.dir.path().join("lettera.xlsx");
    std::fs::write(&not_a_sheet, "Gentile utente, in allegato…").unwrap();
    let report = fd::import_filled(&mut f.store, &not_a_sheet, Utc::now()).unwrap();
    assert!(!report.accepted);
    assert_eq!(
        report.check.refused.as_ref().map(|r| r.code),
        Some(fd::FileRefusal::NonUnFoglioDiCalcolo)
    );
    assert_eq!(declarations(&f.store), before);
}

#[test]
fn the_check_report_has_the_contract_keys_and_real_row_numbers() {
    let f = fixture(10);
    let file = f.dir.path().join("controlla.xlsx");
    std::fs::write(
        &file,
        filled(&f.store, |i, r| {
            if i == 2 {
                r.fascia_debole = Some(Flag::Si); // no category: CATEGORIA_MANCANTE
            } else {
                r.fascia_debole = Some(Flag::No);
            }
        }),
    )
    .unwrap();
    let report = fd::check_file(&f.store, &file, now().date_naive()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    let keys: BTreeSet<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = [
        "file",
        "sheet",
        "header_row",
        "rows_total",
        "rows_ok",
        "rows_with_errors",
        "rows_with_warnings",
        "declared",
        "by_category",
        "issues",
        "refused",
    ]
    .into();
    assert_eq!(keys, expected);
    let declared: BTreeSet<&str> = json["declared"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(declared, ["NO", "SI", "non_indicato"].into());
    assert_eq!(json["refused"], serde_json::Value::Null);
    assert_eq!(report.rows_total, 12);
    assert_eq!(report.rows_with_errors, 1);
    let issue = &report.issues[0];
    assert_eq!(issue.code, "CATEGORIA_MANCANTE");
    assert_eq!(issue.severity, "error");
    // Header on row 1, data from row 2: the third data row is row 4.
    assert_eq!(issue.row, 4);
    assert!(report.has_errors());
}

#[test]
fn suggestions_explain_themselves_and_never_replace_a_declaration() {
    let mut f = fixture(60);
    let rows = fd::suggest(&f.store, ANNO).unwrap();
    assert_eq!(rows.len(), 62);
    let unknown: Vec<_> = rows.iter().filter(|r| !r.scheda_presente).collect();
    assert_eq!(unknown.len(), 2, "the two people the cache does not know");
    assert!(unknown.iter().all(|r| r.suggestions.is_empty()));
    for r in rows.iter().filter(|r| r.scheda_presente) {
        let c = f
            .candidates
            .iter()
            .find(|c| c.codice_fiscale == r.codice_fiscale)
            .unwrap();
        let expected: Vec<&str> =
            sportello_core::fasce_deboli::suggest(c, r.data_inizio, &categories())
                .into_iter()
                .map(|s| s.code)
                .collect();
        let got: Vec<&str> = r.suggestions.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(got, expected, "{}", r.codice_fiscale);
        assert!(
            r.suggestions
                .iter()
                .all(|s| !s.reason.is_empty() && !s.label.is_empty())
        );
    }
    let with_suggestion: Vec<_> = rows.iter().filter(|r| !r.suggestions.is_empty()).collect();
    assert!(
        with_suggestion.len() >= 2,
        "demo data must exercise suggestions"
    );

    // The operator has already declared the first one NO: accepting keeps it.
    let first = with_suggestion[0];
    fd::declare(
        &mut f.store,
        ANNO,
        &[DeclarationInput {
            codice_fiscale: first.codice_fiscale.clone(),
            codice_progetto: first.codice_progetto.clone(),
            fascia_debole: Some("NO".into()),
            categoria: None,
        }],
        Utc::now(),
    )
    .unwrap();
    let accepted = fd::accept_suggestions(&mut f.store, ANNO, None, Utc::now()).unwrap();
    assert_eq!(accepted, with_suggestion.len() - 1);
    let grid = fd::participants(&f.store, ANNO, &GridFilter::default()).unwrap();
    for r in &with_suggestion {
        let p = grid
            .iter()
            .find(|p| {
                p.codice_fiscale == r.codice_fiscale && p.codice_progetto == r.codice_progetto
            })
            .unwrap();
        if r.codice_fiscale == first.codice_fiscale {
            assert_eq!(p.fascia_debole.as_deref(), Some("NO"));
            assert_eq!(p.categoria, None);
        } else {
            assert_eq!(p.fascia_debole.as_deref(), Some("SI"));
            assert_eq!(p.categoria.as_deref(), Some(r.suggestions[0].code.as_str()));
        }
    }
    let todo = fd::participants(
        &f.store,
        ANNO,
        &GridFilter {
            da_compilare: true,
            ..GridFilter::default()
        },
    )
    .unwrap();
    assert_eq!(todo.len(), 62 - with_suggestion.len());
}

#[test]
fn declarations_from_the_grid_are_all_or_nothing() {
    let mut f = fixture(5);
    let before = declarations(&f.store);
    let cf = f.candidates[0].codice_fiscale.clone();
    let err = fd::declare(
        &mut f.store,
        ANNO,
        &[
            DeclarationInput {
                codice_fiscale: cf.clone(),
                codice_progetto: "P-2019-001".into(),
                fascia_debole: Some("SI".into()),
                categoria: Some("Età superiore ai 50 anni".into()),
            },
            DeclarationInput {
                codice_fiscale: cf.clone(),
                codice_progetto: "P-2019-999".into(),
                fascia_debole: Some("NO".into()),
                categoria: None,
            },
        ],
        Utc::now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("non trovato"), "{err}");
    assert_eq!(declarations(&f.store), before);
    // A label is taken for its code.
    fd::declare(
        &mut f.store,
        ANNO,
        &[DeclarationInput {
            codice_fiscale: cf.clone(),
            codice_progetto: "P-2019-001".into(),
            fascia_debole: Some("sì".into()),
            categoria: Some("Età superiore ai 50 anni".into()),
        }],
        Utc::now(),
    )
    .unwrap();
    let p = declarations(&f.store)
        .into_iter()
        .find(|d| d.0 == cf)
        .unwrap();
    assert_eq!((p.2, p.3.as_deref()), (Some(Flag::Si), Some("SVD")));
}

#[test]
fn a_new_download_keeps_the_operators_declarations() {
    let mut f = fixture(4);
    let cf = f.candidates[1].codice_fiscale.clone();
    fd::declare(
        &mut f.store,
        ANNO,
        &[DeclarationInput {
            codice_fiscale: cf.clone(),
            codice_progetto: "P-2019-002".into(),
            fascia_debole: Some("SI".into()),
            categoria: Some("SVA".into()),
        }],
        Utc::now(),
    )
    .unwrap();
    let mut again = participant(&cf, "Nuovo", "Cognome", 1);
    again.fascia_debole = Some(Flag::No);
    let summary = f
        .store
        .fd_store_download("r-1", &[again], Utc::now())
        .unwrap();
    assert_eq!(summary.kept_declarations, 1);
    let p = f
        .store
        .fd_partecipanti(ANNO)
        .unwrap()
        .into_iter()
        .find(|p| p.codice_fiscale == cf)
        .unwrap();
    assert_eq!(p.cognome, "Nuovo", "the file's details are taken");
    assert_eq!(
        (p.fascia_debole, p.categoria.as_deref()),
        (Some(Flag::Si), Some("SVA"))
    );
}

#[tokio::test]
async fn an_upload_is_checked_against_the_participants_of_its_own_year() {
    let mut f = fixture(6);
    // A second campaign's file, with one participant the 2019 file does not have.
    let at = Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap();
    f.store
        .fd_save_request(&FdRequest {
            id: "r-2".into(),
            server_id: None,
            anno: 2020,
            tipologie: vec!["FG".into()],
            email: None,
            stato: FdRequestState::Pronto,
            requested_at: at,
            completed_at: Some(at),
            righe: None,
            errore: None,
            downloaded_at: None,
        })
        .unwrap();
    let mut other = participant("VRDGPP80A01H501U", "Verdi", "Giuseppe", 0);
    other.anno = 2020;
    other.codice_progetto = "P-2020-001".into();
    f.store.fd_store_download("r-2", &[other], at).unwrap();

    // The 2019 rows, all declared, plus the 2020 participant's row.
    let mut rows: Vec<Participant> = Vec::new();
    let file = filled(&f.store, |_, r| r.fascia_debole = Some(Flag::No));
    let sheet = read_filled(&file).unwrap();
    assert!(!sheet.rows.is_empty());
    for p in f.store.fd_partecipanti(ANNO).unwrap() {
        rows.push(Participant {
            anno: ANNO,
            codice_progetto: p.codice_progetto,
            tipologia_formativa: p.tipologia,
            titolo_corso: p.titolo,
            data_inizio_corso: p.data_inizio,
            aula_omogenea: p.aula_omogenea,
            codice_fiscale: p.codice_fiscale,
            cognome: p.cognome,
            nome: p.nome,
            fascia_debole: Some(Flag::No),
            categoria: None,
        });
    }
    rows.push(Participant {
        anno: ANNO,
        codice_progetto: "P-2020-001".into(),
        tipologia_formativa: "FG".into(),
        titolo_corso: "Magazziniere".into(),
        data_inizio_corso: NaiveDate::from_ymd_opt(2020, 2, 3).unwrap(),
        aula_omogenea: false,
        codice_fiscale: "VRDGPP80A01H501U".into(),
        cognome: "Verdi".into(),
        nome: "Giuseppe".into(),
        fascia_debole: Some(Flag::No),
        categoria: None,
    });
    let path = f.dir.path().join("misto.xlsx");
    std::fs::write(&path, write_participants(&rows, &categories()).unwrap()).unwrap();
    let before = f.store.fd_caricamenti().unwrap().len();
    let err = fd::online::upload_file(&mut f.store, "mario.rossi", &path, None, now())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("per la campagna"), "{err}");
    assert_eq!(
        f.store.fd_caricamenti().unwrap().len(),
        before,
        "nothing kept or sent"
    );
}

#[test]
fn the_grid_offers_the_years_choices_whatever_the_filter() {
    let mut f = fixture(6);
    let first = f.store.fd_partecipanti(ANNO).unwrap().remove(0);
    fd::declare(
        &mut f.store,
        ANNO,
        &[DeclarationInput {
            codice_fiscale: first.codice_fiscale.clone(),
            codice_progetto: first.codice_progetto.clone(),
            fascia_debole: Some("NO".into()),
            categoria: None,
        }],
        Utc::now(),
    )
    .unwrap();
    let filter = GridFilter {
        progetto: Some("P-2019-002".into()),
        da_compilare: true,
        ..GridFilter::default()
    };
    let grid = fd::overview::grid(&f.store, None, &filter).unwrap();
    assert_eq!(grid.anno, ANNO, "the newest year with participants");
    assert_eq!(
        grid.totale, 8,
        "six candidates and two people the cache lacks"
    );
    assert_eq!(grid.da_compilare, 7, "one row declared");
    assert_eq!(
        grid.progetti,
        vec!["P-2019-001".to_string(), "P-2019-002".to_string()],
        "the filter's choices come from the whole year, not the filtered rows"
    );
    assert_eq!(grid.tipologie, vec!["FG".to_string()]);
    assert!(!grid.righe.is_empty());
    assert!(
        grid.righe
            .iter()
            .all(|r| r.codice_progetto == "P-2019-002" && r.fascia_debole.is_none()),
        "only the filtered rows"
    );
    assert_eq!(grid.righe.len(), 4, "odd rows are in the second project");
    let err = fd::overview::grid(&f.store, Some(2031), &GridFilter::default()).unwrap_err();
    assert!(err.to_string().contains("2031"), "{err}");
}

#[tokio::test]
async fn without_a_server_session_the_overview_is_the_local_state() {
    let mut f = fixture(3);
    let today = now().date_naive();
    let overview = fd::overview::overview(&mut f.store, "mario.rossi", today)
        .await
        .expect("no server session is not a failure: the operator works locally");
    assert!(!overview.online);
    assert!(
        overview
            .offline
            .as_deref()
            .is_some_and(|m| m.contains("nessuna sessione")),
        "{:?}",
        overview.offline
    );
    assert_eq!(overview.anni, vec![ANNO]);
    assert_eq!(overview.richieste.len(), 1);
    assert_eq!(overview.richieste[0].id, "r-1");
    assert_eq!(
        overview
            .categorie
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>(),
        vec!["DIS", "MSV", "SVA", "SVB", "SVC", "SVD"]
    );
    assert!(overview.storico.caricamenti.is_empty());
    assert_eq!(overview.seguito, Default::default());
}
