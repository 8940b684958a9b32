//! `sportello fasce-deboli controlla|importa` over a corpus of messy and hostile files,
//! the messy ones written by a third-party writer (LibreOffice, from CSV) as xlsx, ods
//! and xls, each with the result an operator must get.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::{Value, json};
use sportello_app::Profile;
use sportello_store::{FdCategory, FdParticipant, FdRequest, FdRequestState, Store};

const USER: &str = "operatore.fd";
const PASSWORD: &str = "Fasce2026!";

fn sportello(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("SPORTELLO_DATA_DIR", data_dir)
        .env("SPORTELLO_USER", USER)
        .env("SPORTELLO_PASSWORD", PASSWORD)
        .output()
        .expect("the sportello binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A store with the server's categories and a downloaded file of four participant
/// rows (three people, two projects).
fn prepared_store(data_dir: &Path) {
    let profile = Profile::new(Some(data_dir.to_owned()), USER).unwrap();
    let mut store = Store::create(&profile.store_dir(), PASSWORD).unwrap();
    let categories: Vec<FdCategory> = [
        ("DIS", "Persona con disabilità"),
        (
            "SVA",
            "Senza impiego regolarmente retribuito da almeno sei mesi",
        ),
        ("SVB", "Età compresa tra i 15 e i 24 anni"),
        ("SVD", "Età superiore ai 50 anni"),
    ]
    .into_iter()
    .map(|(code, label)| FdCategory {
        code: code.into(),
        label: label.into(),
        source: "Reg. UE 651/2014".into(),
    })
    .collect();
    store.fd_replace_lists(&categories, &[], &[]).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    store
        .fd_save_request(&FdRequest {
            id: "r-1".into(),
            server_id: None,
            anno: 2019,
            tipologie: vec!["FG".into()],
            email: None,
            stato: FdRequestState::Pronto,
            requested_at: at,
            completed_at: Some(at),
            righe: Some(4),
            errore: None,
            downloaded_at: None,
        })
        .unwrap();
    let row = |cf: &str, progetto: &str, cognome: &str, nome: &str| FdParticipant {
        anno: 2019,
        codice_fiscale: cf.into(),
        codice_progetto: progetto.into(),
        tipologia: "FG".into(),
        titolo: "Magazziniere".into(),
        data_inizio: NaiveDate::from_ymd_opt(2019, 3, 4).unwrap(),
        aula_omogenea: false,
        cognome: cognome.into(),
        nome: nome.into(),
        fascia_debole: None,
        categoria: None,
    };
    store
        .fd_store_download(
            "r-1",
            &[
                row("RSSMRA85T10A562S", "P1", "Rossi", "Mario"),
                row("RSSMRA85T10A562S", "P2", "Rossi", "Mario"),
                row("BNCLCU90A41F205Z", "P1", "Bianchi", "Lucia"),
                row("VRDGPP80A01H501U", "P2", "Verdi", "Giuseppe"),
            ],
            at,
        )
        .unwrap();
}

/// LibreOffice turns `csv` into `ext` (xlsx, ods, xls) in `dir`.
fn convert(dir: &Path, csv: &Path, ext: &str) -> PathBuf {
    let filter = match ext {
        "xlsx" => "xlsx:Calc MS Excel 2007 XML",
        "ods" => "ods:calc8",
        "xls" => "xls:MS Excel 97",
        other => panic!("{other}"),
    };
    let status = Command::new(sportello_testkit::soffice())
        .arg(format!(
            "-env:UserInstallation=file://{}/lo-profile",
            dir.display()
        ))
        .args([
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            filter,
        ])
        .arg("--outdir")
        .arg(dir)
        .arg(csv)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "soffice converts to {ext}");
    let out = csv.with_extension(ext);
    assert!(out.is_file(), "{} written", out.display());
    out
}

/// Title rows above the header, headers in another order, in capitals, with a
/// hyphen or a double space, an extra column; codici fiscali in lower case with spaces; flags as Sì, x,
/// 0 and blank; a category as its label and one as a lower-case code.
const MESSY: &str = "\
Forma.Temp - Elenco partecipanti 2019,,,,,,,
Estratto il 12 marzo 2020,,,,,,,
,,,,,,,
NOTE,FASCIA-DEBOLE,codice fiscale,CATEGORIA,Codice Progetto,Cognome,Nome,aula  omogenea
richiamare,Sì,rss mra85t10a562s,Età superiore ai 50 anni,P1,Rossi,Mario,no
,x,RSSMRA85T10A562S,sva,P2,Rossi,Mario,NO
,0,bnclcu90a41f205z,,P1,Bianchi,Lucia,No
,,VRDGPP80A01H501U,,P2,Verdi,Giuseppe,NO
";

#[test]
fn messy_files_from_a_third_party_writer_read_the_same_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    prepared_store(dir.path());
    let csv = dir.path().join("partecipanti-compilato.csv");
    std::fs::write(&csv, MESSY).unwrap();
    for ext in ["xlsx", "ods", "xls"] {
        let file = convert(dir.path(), &csv, ext);
        let out = sportello(
            dir.path(),
            &[
                "fasce-deboli",
                "controlla",
                file.to_str().unwrap(),
                "--json",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{ext}: {}", text(&out.stderr));
        let report: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
        assert_eq!(report["file"], format!("partecipanti-compilato.{ext}"));
        assert_eq!(report["header_row"], 4, "{ext}");
        assert_eq!(report["rows_total"], 4, "{ext}");
        assert_eq!(report["rows_with_errors"], 0, "{ext}: {}", report["issues"]);
        assert_eq!(report["rows_with_warnings"], 1, "{ext}");
        assert_eq!(
            report["declared"],
            json!({"SI": 2, "NO": 1, "non_indicato": 1}),
            "{ext}"
        );
        assert_eq!(report["by_category"], json!({"SVA": 1, "SVD": 1}), "{ext}");
        assert_eq!(report["issues"][0]["code"], "FLAG_NON_INDICATO", "{ext}");
        assert_eq!(report["issues"][0]["row"], 8, "{ext}: the sheet's own row");
        assert_eq!(report["refused"], Value::Null);
    }

    // The same file imports whole into the working copy.
    let file = csv.with_extension("ods");
    let out = sportello(
        dir.path(),
        &["fasce-deboli", "importa", file.to_str().unwrap(), "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(report["accepted"], true);
    assert_eq!(report["imported"], 4);
}

#[test]
fn hostile_files_are_refused_with_their_code_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    prepared_store(dir.path());
    let letter = dir.path().join("lettera.xlsx");
    std::fs::write(&letter, "Gentile operatore, in allegato il file.").unwrap();
    let no_header_csv = dir.path().join("rubrica.csv");
    std::fs::write(&no_header_csv, "Nome,Telefono\nMario,055 123456\n").unwrap();
    let no_header = convert(dir.path(), &no_header_csv, "xlsx");
    let encrypted = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../sportello-sheets/src/fasce_deboli/fixtures/cifrato.xlsx");
    let huge = dir.path().join("enorme.xlsx");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(50 * 1024 * 1024 + 1).unwrap();
    let cases = [
        (letter, "NON_UN_FOGLIO_DI_CALCOLO"),
        (no_header, "INTESTAZIONE_NON_TROVATA"),
        (encrypted, "FILE_CIFRATO"),
        (huge, "FILE_TROPPO_GRANDE"),
    ];
    for (file, code) in cases {
        let path = file.to_str().unwrap();
        let out = sportello(dir.path(), &["fasce-deboli", "controlla", path, "--json"]);
        assert_eq!(out.status.code(), Some(1), "{code}: {}", text(&out.stderr));
        let report: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
        assert_eq!(report["refused"]["code"], code);
        assert!(!report["refused"]["message"].as_str().unwrap().is_empty());
        assert_eq!(report["rows_total"], 0);

        let out = sportello(dir.path(), &["fasce-deboli", "importa", path, "--json"]);
        assert_eq!(out.status.code(), Some(1), "{code}");
        let report: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
        assert_eq!(report["accepted"], false, "{code}");
        assert_eq!(report["imported"], 0, "{code}");
    }
    // Nothing was declared by any of them.
    let profile = Profile::new(Some(dir.path().to_owned()), USER).unwrap();
    let store = Store::open(&profile.store_dir(), PASSWORD).unwrap();
    assert!(
        store
            .fd_partecipanti(2019)
            .unwrap()
            .iter()
            .all(|p| p.fascia_debole.is_none() && p.categoria.is_none())
    );
}
