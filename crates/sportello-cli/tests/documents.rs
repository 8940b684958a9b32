//! `sportello sap|cv|ricevute …` as an operator runs them.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use sportello_app::Profile;
use sportello_app::documents::{self, CountTableDto, ReceiptRequest};

fn sportello(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("SPORTELLO_DATA_DIR", data_dir)
        .env("SPORTELLO_USER", "demo")
        .env("SPORTELLO_PASSWORD", "Demo2026")
        .output()
        .expect("the sportello binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_str(&text(&out.stdout)).expect("one JSON object")
}

#[test]
fn sap_cv_and_batch_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    ok(&sportello(
        dir.path(),
        &["demo", "--citizens", "60", "--json"],
    ));
    let found = ok(&sportello(
        dir.path(),
        &["candidates", "search", "--limit", "1", "--json"],
    ));
    let cf = found["rows"][0]["codice_fiscale"]
        .as_str()
        .unwrap()
        .to_string();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let file = |n: &str| out.join(n).to_str().unwrap().to_string();
    for (args, name) in [
        (vec!["sap", "pdf"], "sap.pdf"),
        (vec!["sap", "xml"], "sap.xml"),
        (vec!["cv", "pdf"], "cv.pdf"),
        (vec!["cv", "pdf", "--anonimo"], "anonimo.pdf"),
    ] {
        let target = file(name);
        let mut all = args.clone();
        all.extend([cf.as_str(), "--out", target.as_str(), "--json"]);
        let report = ok(&sportello(dir.path(), &all));
        assert_eq!(report["file"], target.as_str());
        assert!(report["audit_id"].as_i64().unwrap() > 0);
    }
    let again = sportello(dir.path(), &["sap", "pdf", &cf, "--out", &file("sap.pdf")]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "an existing file is a user error"
    );
    assert!(text(&again.stderr).contains("esiste già"));

    let batch = ok(&sportello(
        dir.path(),
        &[
            "sap",
            "batch",
            "--age-max",
            "35",
            "--out-dir",
            &file("schede"),
            "--merged",
            &file("tutte.pdf"),
            "--json",
        ],
    ));
    let n = batch["candidates"].as_u64().unwrap() as usize;
    assert!(n > 0);
    assert_eq!(std::fs::read_dir(out.join("schede")).unwrap().count(), n);
    assert!(out.join("tutte.pdf").exists());
    let none = sportello(dir.path(), &["sap", "batch", "--age-max", "35"]);
    assert_eq!(none.status.code(), Some(1), "a batch needs a destination");
}

#[test]
fn receipts_are_listed_and_printed_again() {
    let dir = tempfile::tempdir().unwrap();
    ok(&sportello(
        dir.path(),
        &["demo", "--citizens", "5", "--json"],
    ));
    let empty = sportello(dir.path(), &["ricevute", "list"]);
    assert!(text(&empty.stdout).contains("Nessuna ricevuta"));
    // A submission elsewhere in the app issues the receipt; here it is issued directly.
    let upload = dir.path().join("partecipanti.xlsx");
    std::fs::write(&upload, b"dati").unwrap();
    let profile = Profile::new(Some(dir.path().to_path_buf()), "demo").unwrap();
    let mut store = sportello_app::store::open(&profile, "Demo2026").unwrap();
    let issued = documents::issue_receipt(
        &mut store,
        "demo",
        &ReceiptRequest {
            kind: "fasce_deboli_upload".into(),
            title: "Caricamento file fasce deboli".into(),
            branch: "FI01".into(),
            fields: vec![("Campagna".into(), "2026".into())],
            tables: vec![CountTableDto {
                title: "Righe".into(),
                headers: vec!["Esito".into(), "Numero".into()],
                rows: vec![vec!["ACQUISITO".into(), "1".into()]],
            }],
            file: Some(upload),
            file_hashed: None,
            acknowledgement: Some("ACK-9".into()),
        },
        chrono::Utc::now(),
    )
    .unwrap();
    drop(store);
    let list = ok(&sportello(dir.path(), &["ricevute", "list", "--json"]));
    assert_eq!(list[0]["number"], issued.number.as_str());
    assert_eq!(
        list[0]["file"]["sha256"],
        "5487e4f51ca28daffa99b9f5211adacd0915d38ee58bd5c230f4249afebb4793",
        "SHA-256 of the bytes \"dati\", as sha256sum computes it"
    );
    let human = sportello(dir.path(), &["ricevute", "list"]);
    assert!(text(&human.stdout).contains(&issued.number));
    let pdf = dir.path().join("ricevuta.pdf");
    let report = ok(&sportello(
        dir.path(),
        &[
            "ricevute",
            "pdf",
            &issued.number,
            "--out",
            pdf.to_str().unwrap(),
            "--json",
        ],
    ));
    assert!(report["bytes"].as_u64().unwrap() > 1000);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let missing = sportello(dir.path(), &["ricevute", "pdf", "R-NO", "--out", "x.pdf"]);
    assert_eq!(missing.status.code(), Some(1));
}
