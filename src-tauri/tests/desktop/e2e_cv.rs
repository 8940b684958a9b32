//! End-to-end: a CV (seed 003, "Curriculum Vitae") on a citizen's sheet in the demo. A
//! scan is refused at once in Italian; a text CV is uploaded with consent and a
//! territory, offline, found by its words in the candidate search; the sync confirms
//! it; its file is saved again and is the same bytes; "Elimina", after its question,
//! takes it from the sheet and the search at once, before any sync.

use crate::e2e_documenti::open_sheet;
use crate::support::{data_env, demo_signed_in};
use crate::webdriver::Desktop;

fn scroll_to(app: &Desktop, css: &str) {
    app.execute(&format!(
        "document.querySelector({css:?}).scrollIntoView({{block: 'center', behavior: 'instant'}})"
    ));
    std::thread::sleep(std::time::Duration::from_millis(300));
}

#[test]
fn a_cv_is_uploaded_found_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    demo_signed_in(&app);
    let cf = open_sheet(&app, None);
    let scan = dir.path().join("scansione.pdf");
    std::fs::write(&scan, sportello_testkit::scanned_pdf()).unwrap();
    let text = dir.path().join("CV Speleologo.pdf");
    let bytes = sportello_testkit::text_pdf(&[
        "Curriculum Vitae",
        "Esperienza come speleologo subacqueo presso le grotte del Carso.",
        "Guida ambientale escursionistica, inglese buono.",
    ]);
    std::fs::write(&text, &bytes).unwrap();

    app.find("#candidate-cv");
    scroll_to(&app, "#candidate-cv");
    app.click("#cv-new");
    app.fill("#cv-form-path", scan.to_str().unwrap());
    app.click("#cv-form-submit");
    let refusal = app.wait("the scan refused", || {
        Some(app.text("#cv-form .alert")).filter(|t| !t.is_empty())
    });
    assert!(refusal.contains("scansione"), "{refusal}");
    app.screenshot("cv-01-scansione");

    app.fill("#cv-form-path", text.to_str().unwrap());
    app.fill("#cv-form-descrizione", "cv numero 1");
    app.click("label[for='cv-form-consenso-si']");
    app.click("label[for='cv-form-territorio-2']");
    app.click("#cv-form-submit");
    app.find("#cv-notice");
    // The citizen may have CVs of the sandbox already: ours is the one of this file.
    let id = app.wait("the new CV in the list", || {
        app.execute(
            "const r = [...document.querySelectorAll('#cv-table tr.cv')].find(r => r.textContent.includes('CV Speleologo.pdf')); return r ? r.dataset.cv : null",
        )
        .as_str()
        .map(str::to_string)
    });
    let row = &format!("#cv-table tr.cv[data-cv='{id}']");
    assert_eq!(app.attribute(row, "data-consenso").as_deref(), Some("si"));
    let line = app.text(row);
    for expected in ["cv numero 1", "CV Speleologo.pdf", "PDF", "Da inviare"] {
        assert!(line.contains(expected), "{expected} in {line}");
    }
    scroll_to(&app, "#candidate-cv");
    app.screenshot("cv-02-caricato");

    // Found by its words, offline.
    app.click("#nav-candidates");
    app.fill("#f-keywords", "speleologo subacqueo");
    app.click("#f-search");
    app.find(&format!(".results-data[data-cf='{cf}']"));

    // The sync confirms it; the file saved again is the same bytes.
    app.click("#nav-dashboard");
    app.click("#sync-now");
    app.find("#sync-done");
    open_sheet(&app, Some(&cf));
    app.find(row);
    app.wait("confirmed by the server", || {
        (!app.text(row).contains("Da inviare")).then_some(())
    });
    let out = dir.path().join("salvato.pdf");
    scroll_to(&app, row);
    app.click(&format!("{row} .cv-save"));
    app.fill("#cv-save-form-path", out.to_str().unwrap());
    app.click("#cv-save-form-create");
    app.find("#cv-save-form-done");
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    app.screenshot("cv-03-salvato");

    scroll_to(&app, row);
    app.click(&format!("{row} .cv-delete"));
    app.click(&format!("{row} .cv-delete-yes"));
    app.find("#cv-notice");
    app.wait("the CV gone from the sheet", || {
        (!app.exists(row)).then_some(())
    });
    app.click("#nav-candidates");
    app.fill("#f-keywords", "speleologo subacqueo");
    app.click("#f-search");
    app.wait("nobody found by its words", || {
        (app.attribute("#results-count", "data-total").as_deref() == Some("0")).then_some(())
    });
}
