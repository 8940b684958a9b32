//! `sportello candidates …` as an operator runs it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

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

#[test]
fn search_export_and_saved_searches_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let demo = sportello(dir.path(), &["demo", "--citizens", "300"]);
    assert!(demo.status.success(), "{}", text(&demo.stderr));

    let out = sportello(
        dir.path(),
        &[
            "candidates",
            "search",
            "--age-max",
            "40",
            "--sort",
            "age",
            "--limit",
            "5",
            "--json",
            "--save",
            "Giovani",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: Value = serde_json::from_str(&text(&out.stdout)).expect("one JSON object");
    assert_eq!(json["rows"].as_array().unwrap().len(), 5);
    assert!(json["total"].as_u64().unwrap() > 5);
    assert_eq!(json["sort"], "age:asc");

    let saved = sportello(dir.path(), &["candidates", "saved", "--json"]);
    let saved: Value = serde_json::from_str(&text(&saved.stdout)).unwrap();
    assert_eq!(saved[0]["name"], "Giovani");

    let file = dir.path().join("giovani.xlsx");
    let export = sportello(
        dir.path(),
        &[
            "candidates",
            "export",
            "--saved",
            "giovani",
            "--columns",
            "codice_fiscale,surname,mobile",
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));
    let report: Value = serde_json::from_str(&text(&export.stdout)).unwrap();
    assert_eq!(
        report["rows"], json["total"],
        "the export holds the whole saved search"
    );
    assert_eq!(
        report["columns"],
        serde_json::json!(["codice_fiscale", "surname", "mobile"])
    );
    assert!(file.exists());

    let again = sportello(
        dir.path(),
        &["candidates", "export", "--out", file.to_str().unwrap()],
    );
    assert_eq!(
        again.status.code(),
        Some(1),
        "an existing file is a user error"
    );
    assert!(
        text(&again.stderr).contains("esiste già"),
        "{}",
        text(&again.stderr)
    );

    let art9 = sportello(
        dir.path(),
        &[
            "candidates",
            "export",
            "--collocamento-mirato",
            "true",
            "--out",
            dir.path().join("cm.xlsx").to_str().unwrap(),
        ],
    );
    assert_eq!(art9.status.code(), Some(1));
    assert!(
        text(&art9.stderr).contains("art. 9"),
        "{}",
        text(&art9.stderr)
    );
}

#[test]
fn bad_filters_are_user_errors_and_help_lists_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let help = sportello(dir.path(), &["candidates", "search", "--help"]);
    let help = text(&help.stdout);
    for flag in [
        "--age-min",
        "--age-max",
        "--education-min",
        "--keywords",
        "--branch",
        "--comune",
        "--provincia",
        "--sex",
        "--status",
        "--unemployed-months-min",
        "--did-from",
        "--did-to",
        "--income-support",
        "--collocamento-mirato",
        "--licence",
        "--language",
        "--policy",
        "--updated-since",
        "--sort",
        "--limit",
        "--offset",
        "--json",
    ] {
        assert!(
            help.contains(flag),
            "`candidates search --help` lists {flag}"
        );
    }
    let export_help = text(&sportello(dir.path(), &["candidates", "export", "--help"]).stdout);
    for flag in [
        "--out",
        "--columns",
        "--overwrite",
        "--include-special-categories",
    ] {
        assert!(
            export_help.contains(flag),
            "`candidates export --help` lists {flag}"
        );
    }
    assert!(
        sportello(dir.path(), &["demo", "--citizens", "10"])
            .status
            .success()
    );
    let bad = sportello(dir.path(), &["candidates", "search", "--status", "felice"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("stato occupazionale sconosciuto"));
    let usage = sportello(dir.path(), &["candidates", "search", "--age-min", "tanti"]);
    assert_eq!(
        usage.status.code(),
        Some(2),
        "clap's usage errors exit with 2"
    );
}
