//! End-to-end (issue 8): the candidate's documents, the SAPs of a whole search and the
//! receipts, through the real app. Files are named in the forms' path fields, so no
//! native dialog opens; every PDF is read back with qpdf and poppler, and one page of
//! each kind is rendered next to the screenshots (`target/e2e-screenshots/`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use chrono::Utc;
use sportello_app::Profile;
use sportello_app::demo::sandbox::{self as demo, BRANCHES, CITIZENS, SEED};
use sportello_app::documents::{self, ReceiptRequest};
use sportello_core::{Candidate, CandidateFilter};
use sportello_store::AuditAction;

use crate::support::{data_dir, data_env, matching};
use crate::webdriver::Desktop;

/// The demo citizens matching `filter` today, by the oracle, by codice fiscale.
fn expected(filter: &CandidateFilter) -> BTreeMap<String, Candidate> {
    matching(SEED, CITIZENS, BRANCHES, filter)
        .into_iter()
        .map(|c| (c.codice_fiscale.clone(), c))
        .collect()
}

/// Runs a PDF/poppler tool; a missing tool fails the test and says who installs it.
fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed ({e}): `cargo xtask test` installs qpdf and poppler-utils")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// A PDF that qpdf finds sound and poppler can read; returns its text.
fn valid_pdf(path: &Path) -> String {
    let file = path.to_str().unwrap();
    tool("qpdf", &["--check", file]);
    let info = tool("pdfinfo", &[file]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && !l.ends_with(" 0")),
        "{file} has pages: {info}"
    );
    tool("pdftotext", &["-enc", "UTF-8", file, "-"])
}

/// Renders the first page at 60 dpi beside the screenshots, to be looked at.
fn render_first_page(app: &Desktop, pdf: &Path, name: &str) {
    let prefix = app.shots.join(name);
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
}

/// Waits for `done` or fails with the error the form shows.
fn wait_done(app: &Desktop, form: &str, done: &str) {
    app.wait(done, || {
        if app.exists(&format!("{form} .alert-danger")) {
            panic!(
                "{form} failed: {}",
                app.text(&format!("{form} .alert-danger"))
            );
        }
        app.exists(done).then_some(())
    });
}

#[test]
fn demo_sap_cv_xml_and_sap_for_all_results() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("documenti");
    std::fs::create_dir_all(&out).unwrap();
    let app = Desktop::launch(home.path(), &data_env(home.path()), &[]);
    app.click("#login-demo");
    app.click("#scope-submit");
    app.find("#dashboard-candidates");

    app.click("#nav-candidates");
    app.fill("#f-age-min", "25");
    app.fill("#f-age-max", "45");
    app.fill("#f-keywords", "magazziniere");
    app.click("#f-search");
    let want = expected(&CandidateFilter {
        age_min: Some(25),
        age_max: Some(45),
        keywords: Some("magazziniere".into()),
        ..Default::default()
    });
    assert!(
        !want.is_empty(),
        "the demo has warehouse workers aged 25-45"
    );
    app.wait("the filtered count", || {
        (app.attribute("#results-count", "data-total") == Some(want.len().to_string()))
            .then_some(())
    });

    // One candidate: SAP, SAP XML and an anonymous CV from the sheet.
    let cf = app
        .attribute(".results-data[data-cf]", "data-cf")
        .expect("a result row names its candidate");
    let person = &want[&cf].personal;
    app.click(".results-data[data-cf]");
    app.find("#sheet h1");

    app.click("#doc-sap");
    let sap = out.join("scheda.pdf");
    app.fill("#doc-form-path", sap.to_str().unwrap());
    app.click("#doc-form-create");
    wait_done(&app, "#doc-form", "#doc-form-done");
    app.screenshot("11-stampa-sap");
    assert_eq!(
        app.attribute("#doc-form-done", "data-file").as_deref(),
        sap.to_str()
    );
    let text = valid_pdf(&sap);
    assert!(text.contains(&cf), "the SAP names its candidate");
    assert!(text.contains("Sezione 1") && text.contains("Pagina 1 di"));
    let fonts = tool("pdffonts", &[sap.to_str().unwrap()]);
    assert!(fonts.contains("Titillium"), "the font is embedded: {fonts}");
    render_first_page(&app, &sap, "11-stampa-sap-pagina1");

    app.click("#doc-sap-xml");
    let xml_path = out.join("scheda.xml");
    app.fill("#doc-form-path", xml_path.to_str().unwrap());
    app.click("#doc-form-create");
    wait_done(&app, "#doc-form", "#doc-form-done");
    let xml = std::fs::read_to_string(&xml_path).unwrap();
    assert!(xml.starts_with("<?xml") && xml.contains("<lavoratore"));
    assert!(xml.contains(&cf), "the XML carries the codice fiscale");

    app.click("#doc-cv");
    // bootstrap-italia draws the checkbox on its label, which takes the click; a click
    // that lands while the form is still being laid out is lost, so click until the
    // box is ticked (never once it is: a second click would untick it).
    app.wait("the CV set to anonymous", || {
        let ticked =
            app.execute("return document.getElementById('cv-anonymous')?.checked === true");
        if ticked == serde_json::Value::Bool(true) {
            return Some(());
        }
        if app.exists("label[for=cv-anonymous]") {
            app.click("label[for=cv-anonymous]");
        }
        None
    });
    let cv = out.join("cv-anonimo.pdf");
    app.fill("#doc-form-path", cv.to_str().unwrap());
    app.click("#doc-form-create");
    wait_done(&app, "#doc-form", "#doc-form-done");
    app.screenshot("12-cv-anonimo");
    let text = valid_pdf(&cv).to_lowercase();
    for personal in [&cf, &person.surname, &person.name] {
        assert!(
            !text.contains(&personal.to_lowercase()),
            "an anonymous CV does not show {personal}:\n{text}"
        );
    }

    // The Libretto formativo, and the activity lists on the sheet.
    app.click("#doc-libretto");
    let libretto = out.join("libretto.pdf");
    app.fill("#doc-form-path", libretto.to_str().unwrap());
    app.click("#doc-form-create");
    wait_done(&app, "#doc-form", "#doc-form-done");
    let text = valid_pdf(&libretto);
    assert!(text.contains("Libretto formativo del cittadino"), "{text}");
    assert!(text.contains(&cf), "the libretto names its citizen");
    app.find("#candidate-activities");
    app.find("#activities-gg, #activities-gg-none");
    app.find("#activities-150, #activities-150-none");

    // Every match of the search: one SAP each, named by codice fiscale.
    app.click("#sheet-back");
    app.click("#sap-batch-open");
    let folder = out.join("schede");
    app.fill("#sap-batch-path", folder.to_str().unwrap());
    app.click("#sap-batch-start");
    wait_done(&app, "#sap-batch", "#sap-batch-summary");
    app.screenshot("13-sap-per-tutti");
    assert_eq!(
        app.attribute("#sap-batch-summary", "data-candidates"),
        Some(want.len().to_string())
    );
    let names: BTreeSet<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let wanted: BTreeSet<String> = want.keys().map(|cf| format!("{cf}.pdf")).collect();
    assert_eq!(
        names, wanted,
        "one PDF per match and nothing else (no staging folder left)"
    );
    for name in &names {
        let text = valid_pdf(&folder.join(name));
        assert!(text.contains(name.trim_end_matches(".pdf")), "{name}");
    }

    // Each file is in the audit log of the demo operator's store.
    let master = sportello_centrale::seed::demo_users(
        &sportello_demo::branches(BRANCHES)
            .into_iter()
            .map(|b| b.code)
            .collect::<Vec<_>>(),
        SEED,
    )
    .into_iter()
    .find(|u| u.role == "master")
    .unwrap();
    let profile = Profile::new(
        Some(demo::demo_dir(&data_dir(home.path()))),
        &master.username,
    )
    .unwrap();
    let store = sportello_app::store::open(&profile, &master.password).unwrap();
    let kinds: Vec<(AuditAction, String)> = store
        .audit_entries(5)
        .unwrap()
        .into_iter()
        .map(|e| {
            let kind = e.event.details["kind"].as_str().unwrap_or_default().into();
            (e.event.action, kind)
        })
        .collect();
    let export = |kind: &str| (AuditAction::Export, kind.to_string());
    assert_eq!(
        kinds,
        [
            export("sap_batch"),
            export("libretto_pdf"),
            export("cv_pdf"),
            export("sap_xml"),
            export("sap_pdf")
        ],
        "the five documents, newest first"
    );

    // All 5,000 in one PDF, stopped after the first progress report: nothing is left.
    let last_audit = store.audit_entries(1).unwrap()[0].id;
    app.click("#f-reset");
    app.wait("every citizen", || {
        (app.attribute("#results-count", "data-total") == Some(CITIZENS.to_string())).then_some(())
    });
    app.click("label[for=sap-batch-merged]");
    let merged = out.join("tutte.pdf");
    app.fill("#sap-batch-path", merged.to_str().unwrap());
    app.click("#sap-batch-start");
    // The first report comes from the worker, so the batch is running and cancellable.
    app.wait("the first progress report", || {
        app.text("#sap-batch [aria-live]")
            .contains(" di ")
            .then_some(())
    });
    app.click("#sap-batch-cancel");
    wait_done(&app, "#sap-batch", "#sap-batch-cancelled");
    app.screenshot("14-sap-annullata");
    assert!(!merged.exists(), "a cancelled batch writes no file");
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sportello"))
        .collect();
    assert!(left.is_empty(), "no temporary file is left: {left:?}");
    assert_eq!(
        store.audit_entries(1).unwrap()[0].id,
        last_audit,
        "a cancelled batch is not in the audit log: it exported nothing"
    );

    // SAPs are prints, not submissions: they issue no receipt.
    app.click("#nav-receipts");
    app.find("#receipts-none");
    app.screenshot("14b-ricevute-vuote");
}

#[test]
fn receipts_are_listed_and_reprinted() {
    let home = tempfile::tempdir().unwrap();
    let profile = Profile::new(Some(data_dir(home.path())), "mario.rossi").unwrap();
    sportello_app::store::init(&profile, "Corretta2026").unwrap();
    // A submission as the fasce-deboli upload leaves it: the file, its hash, the ack.
    let submitted = home.path().join("compilato.xlsx");
    std::fs::write(&submitted, b"contenuto del file inviato").unwrap();
    let issued = {
        let mut store = sportello_app::store::open(&profile, "Corretta2026").unwrap();
        let request = ReceiptRequest {
            kind: "fasce_deboli_upload".into(),
            title: "Caricamento file fasce deboli (Forma.Temp)".into(),
            branch: "FI01".into(),
            fields: vec![("Anno di riferimento".into(), "2026".into())],
            tables: Vec::new(),
            file: Some(submitted.clone()),
            file_hashed: None,
            acknowledgement: Some("UP-0042".into()),
        };
        documents::issue_receipt(&mut store, "mario.rossi", &request, Utc::now()).unwrap()
    };
    let hash = issued.file.as_ref().unwrap().sha256.clone();

    let app = Desktop::launch(home.path(), &data_env(home.path()), &[]);
    app.fill("#login-username", "mario.rossi");
    app.fill("#login-password", "Corretta2026");
    app.click("#login-submit");
    app.find("#dashboard-candidates");
    app.click("#nav-receipts");
    let row = format!("#receipts-table tr[data-number='{}']", issued.number);
    app.find(&row);
    assert_eq!(
        app.attribute("#receipts-table", "data-count").as_deref(),
        Some("1")
    );
    let shown = app.text(&row);
    assert!(
        shown.contains("Caricamento fasce deboli")
            && shown.contains("compilato.xlsx")
            && shown.contains(&hash[..16])
            && shown.contains("UP-0042"),
        "the row says what was submitted: {shown}"
    );
    app.screenshot("15-ricevute");

    app.click(&format!("{row} .receipt-reprint"));
    let pdf = home.path().join("ricevuta.pdf");
    app.fill("#receipt-form-path", pdf.to_str().unwrap());
    app.click("#receipt-form-create");
    wait_done(&app, "#receipt-form", "#receipt-form-done");
    app.screenshot("16-ristampa-ricevuta");
    let text = valid_pdf(&pdf);
    assert!(text.contains(&issued.number) && text.contains("UP-0042"));
    assert!(
        text.contains(&hash[..32]),
        "the reprint carries the file's hash"
    );
    render_first_page(&app, &pdf, "16-ricevuta-pagina1");
    drop(app);

    let store = sportello_app::store::open(&profile, "Corretta2026").unwrap();
    let last = &store.audit_entries(1).unwrap()[0].event;
    assert_eq!(last.action, AuditAction::Export);
    assert_eq!(last.details["kind"], "receipt_pdf");
    assert_eq!(last.details["receipt"], issued.number.as_str());
}
