//! End-to-end: the fasce-deboli flow of seed 000 in the real app against the demo's
//! in-process sandbox server — request the participants file, wait until FTWeb has
//! it ready and it is in the store, accept the suggestions, declare the rest in bulk,
//! check, upload with its receipt, follow the outcome. Screenshots `fd-*`.
//!
//! The expectations come from outside the screen being tested: the row count FTWeb
//! announced for the request, the receipt PDF read back with `pdftotext`.

use std::process::Command;

use crate::webdriver::Desktop;

/// The sandbox's tipologie formative (domain.md, "FTWeb fasce-deboli file").
const TIPOLOGIE: [&str; 5] = [
    "BASE",
    "PROFESSIONALE",
    "ON_THE_JOB",
    "CONTINUA",
    "DIRITTO_MIRATO",
];

fn number(app: &Desktop, css: &str, attribute: &str) -> Option<u64> {
    app.attribute(css, attribute).and_then(|v| v.parse().ok())
}

/// Fails the test with the screen's error as soon as one is shown.
fn no_error(app: &Desktop, screen: &str) {
    if app.exists(&format!("{screen} .alert-danger")) {
        app.screenshot("fd-errore");
        panic!("{screen}: {}", app.text(&format!("{screen} .alert-danger")));
    }
}

fn pdf_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: `cargo xtask test` installs it");
    assert!(out.status.success(), "pdftotext reads the receipt");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// The receipt `name` in the demo operator's folder (`operators/<user>/ricevute/`).
fn receipt_path(data_dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let operators = data_dir.join("demo").join("operators");
    std::fs::read_dir(&operators)
        .unwrap_or_else(|e| panic!("{}: {e}", operators.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("ricevute").join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("receipt {name} in an operator's ricevute folder"))
}

#[test]
fn fasce_deboli_from_request_to_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let env = vec![(
        "SPORTELLO_DATA_DIR",
        dir.path().join("sportello").display().to_string(),
    )];
    let app = Desktop::launch(dir.path(), &env, &[]);
    app.click("#login-demo");
    app.click("#scope-submit");
    app.find("#dashboard-candidates");

    // 1. Richiesta: every tipologia of the open campaign (the default year).
    app.click("#nav-fasce-deboli");
    app.find("#fd-richiesta");
    for t in TIPOLOGIE {
        // Bootstrap Italia hides the box itself: the label is what one clicks.
        app.click(&format!("label[for=fd-tip-{t}]"));
    }
    app.find("#fd-request-submit:not([disabled])");
    app.screenshot("fd-01-richiesta");
    app.click("#fd-request-submit");
    app.find("#fd-request-message");
    // FTWeb prepares the file after a delay; the screen follows it by itself.
    let rows = app.wait("the participants file in the store", || {
        no_error(&app, "#fd");
        app.exists("#fd-requests tr[data-downloaded=yes]")
            .then(|| number(&app, "#fd-requests tr[data-downloaded=yes]", "data-rows"))
            .flatten()
    });
    assert!(rows > 0, "the demo campaign has participants");
    app.screenshot("fd-02-richiesta-pronta");

    // 2. Compilazione: the grid holds what FTWeb announced.
    app.click("#fd-go-compile");
    let total = app.wait("the grid", || number(&app, "#fd-grid-count", "data-total"));
    assert_eq!(total, rows, "every row of the file is in the grid");
    app.find(".fd-suggestion");
    app.screenshot("fd-03-compilazione");
    let todo_before = number(&app, "#fd-grid-count", "data-todo").unwrap();
    assert_eq!(todo_before, rows, "a fresh file has nothing declared");
    let label = app.text("#fd-accept-all");
    let acceptable: u64 = label
        .rsplit('(')
        .next()
        .and_then(|n| n.trim_end_matches(')').parse().ok())
        .unwrap_or_else(|| panic!("a count in {label:?}"));
    assert!(acceptable > 0, "the demo SAPs support some categories");
    app.click("#fd-accept-all");
    app.wait("the suggestions accepted", || {
        no_error(&app, "#fd-compilazione");
        (number(&app, "#fd-grid-count", "data-todo") == Some(rows - acceptable)).then_some(())
    });
    assert!(
        app.text("#fd-grid-message")
            .contains(&format!("Accettati {acceptable} suggerimenti")),
        "{}",
        app.text("#fd-grid-message")
    );
    // The rest: NO for every row still to fill, as one bulk action.
    app.click("label[for=fd-f-todo]");
    app.wait("only the rows to fill", || {
        (number(&app, "#fd-grid-count", "data-shown") == Some(rows - acceptable)).then_some(())
    });
    app.click("#fd-select-all");
    app.click("#fd-bulk-flag option[value=NO]");
    app.click("#fd-bulk-apply");
    app.wait("every row declared", || {
        no_error(&app, "#fd-compilazione");
        (number(&app, "#fd-grid-count", "data-todo") == Some(0)).then_some(())
    });
    app.click("label[for=fd-f-todo]");
    app.wait("every row shown again", || {
        (number(&app, "#fd-grid-count", "data-shown") == Some(rows)).then_some(())
    });
    app.screenshot("fd-04-compilazione-completa");

    // 3. Controllo: nothing blocks the upload.
    app.click("#fd-step-controllo");
    let errors = app.wait("the check", || number(&app, "#fd-check", "data-errors"));
    assert_eq!(errors, 0, "accepted suggestions and NO make a valid file");
    assert_eq!(number(&app, "#fd-check-totals", "data-rows"), Some(rows));
    assert_eq!(app.text("#fd-check-si"), acceptable.to_string());
    app.screenshot("fd-05-controllo");

    // 4. Caricamento: the upload id and the receipt PDF.
    app.click("#fd-to-upload");
    app.click("#fd-upload");
    app.wait("the upload", || {
        no_error(&app, "#fd-caricamento");
        app.exists("#fd-upload-done").then_some(())
    });
    assert_eq!(
        app.attribute("#fd-upload-done", "data-sent").as_deref(),
        Some("yes")
    );
    let server_id = app
        .attribute("#fd-upload-done", "data-server-id")
        .filter(|s| !s.is_empty())
        .expect("FTWeb's id of the upload");
    assert_eq!(app.text("#fd-upload-id"), server_id);
    let name = app
        .attribute("#fd-upload-done", "data-receipt")
        .filter(|n| !n.is_empty())
        .expect("the receipt's file name");
    let receipt = receipt_path(&dir.path().join("sportello"), &name);
    assert!(
        std::fs::read(&receipt).unwrap().starts_with(b"%PDF"),
        "{} is a PDF",
        receipt.display()
    );
    let text = pdf_text(&receipt);
    assert!(text.contains(&server_id), "the receipt names the upload id");
    assert!(
        text.contains("Caricamento file fasce deboli"),
        "the receipt's title: {text}"
    );
    app.find("#fd-open-receipt");
    app.screenshot("fd-06-caricamento");

    // 5. Esito: followed until FTWeb has processed the file.
    app.click("#fd-step-esito");
    app.wait("the outcome", || {
        no_error(&app, "#fd-esito");
        (app.attribute("#fd-outcome", "data-state").as_deref() == Some("elaborato")
            && number(&app, "#fd-outcome", "data-acquired").is_some())
        .then_some(())
    });
    assert_eq!(number(&app, "#fd-outcome", "data-rows"), Some(rows));
    assert_eq!(
        number(&app, "#fd-outcome", "data-acquired"),
        Some(rows),
        "every row acquired"
    );
    assert_eq!(number(&app, "#fd-outcome", "data-rejected"), Some(0));
    app.find("#fd-outcome-all");
    app.find("#fd-deadlines li[data-days]");
    app.screenshot("fd-07-esito");
}
