//! End-to-end: sign-off of a "Patto di servizio 150" (seed 003, "Documenti da
//! firmare") in the demo. On a citizen's sheet the operator creates the pact, takes it
//! in charge, records the citizen's signature and signs it, offline; the sync brings
//! back the practice number; the steps done are no longer offered, annulment stays;
//! the PDF is read back with its trail.

use crate::support::{data_env, demo_signed_in};
use crate::webdriver::Desktop;

/// The id of the citizen's document whose line contains `text`.
fn documento_with(app: &Desktop, text: &str) -> Option<String> {
    app.execute(&format!(
        "const l = [...document.querySelectorAll('#signing-list .documento')].find(l => l.textContent.includes({text:?})); return l ? l.dataset.documento : null"
    ))
    .as_str()
    .map(str::to_string)
}

/// Opens the sheet of `cf`, or of the first citizen found; returns the citizen.
pub(crate) fn open_sheet(app: &Desktop, cf: Option<&str>) -> String {
    app.click("#nav-candidates");
    app.click("#f-search");
    // The results re-render as they arrive: read the row's citizen until it holds.
    let cf = match cf {
        Some(cf) => cf.to_string(),
        None => app.wait("a citizen in the results", || {
            app.attribute(".results-data[data-cf]", "data-cf")
        }),
    };
    let row = format!(".results-data[data-cf='{cf}']");
    app.find(&row);
    app.click(&row);
    app.find("#sheet h1");
    app.find("#candidate-signing");
    cf
}

#[test]
fn a_patto_di_servizio_is_signed_off() {
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    demo_signed_in(&app);
    let cf = open_sheet(&app, None);

    app.find("#signing-type option[value='patto_servizio_150']");
    app.choose("#signing-type", "patto_servizio_150");
    app.click("#signing-new");
    app.find("#signing-notice");
    let id = app.wait("the new pact, waiting for its number", || {
        documento_with(&app, "attesa di numero")
    });
    let line = format!(".documento[data-documento='{id}']");
    assert!(app.text(&line).contains("Patto di servizio 150"));
    assert!(app.text(&line).contains("Da inviare"));
    assert!(
        !app.exists(&format!("{line} .documento-firma_operatore")),
        "the operator signs only after the citizen"
    );
    for step in ["prendi_in_carico", "firma_cittadino", "firma_operatore"] {
        app.click(&format!("{line} .documento-{step}"));
        app.wait(step, || {
            (!app.exists(&format!("{line} .documento-{step}"))).then_some(())
        });
    }
    app.find(&format!("{line}[data-stato='concluso']"));
    app.execute("document.querySelector('#candidate-signing').scrollIntoView()");
    app.screenshot("documenti-01-patto-firmato");

    app.click("#nav-dashboard");
    app.click("#sync-now");
    app.find("#sync-done");

    open_sheet(&app, Some(&cf));
    app.find(&format!("{line}[data-stato='concluso']"));
    let text = app.text(&line);
    assert!(
        text.contains("Pratica n."),
        "numbered by the server: {text}"
    );
    assert!(!text.contains("Da inviare"), "every step sent: {text}");
    let traccia = app.text(&format!("{line} .documento-traccia"));
    for passo in [
        "Inserito",
        "Preso In Carico",
        "Firmato Cittadino",
        "Firmato Operatore",
    ] {
        assert!(traccia.contains(passo), "{passo} in the trail: {traccia}");
    }
    assert!(
        app.exists(&format!("{line} .documento-annulla"))
            && !app.exists(&format!("{line} .documento-firma_cittadino")),
        "a concluded pact may still be annulled, not signed again"
    );
    app.execute("document.querySelector('#candidate-signing').scrollIntoView()");
    app.screenshot("documenti-02-dopo-sincronizzazione");

    let pdf = dir.path().join("patto.pdf");
    app.click(&format!("{line} .documento-pdf"));
    app.fill("#signing-pdf-form-path", pdf.to_str().unwrap());
    app.click("#signing-pdf-form-create");
    app.find("#signing-pdf-form-done");
    let text = sportello_testkit::pdftotext(&pdf);
    assert!(text.contains("Patto di servizio 150"), "{text}");
    assert!(text.contains(&cf), "{text}");
    assert!(text.contains("Firmato Operatore"), "{text}");
}
