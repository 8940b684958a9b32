//! End-to-end: the Offerte area in the demo — seed 003's search, an offer's detail,
//! the fitting candidates with their reasons, a proposal, the candidate's sheet with
//! the offers that fit them and a refusal annotated then communicated, a new offer
//! from the form.

use crate::support::data_env;
use crate::webdriver::Desktop;

#[test]
fn offerte_search_detail_matching_proposal_and_new_offer() {
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    app.click("#login-demo");
    app.click("#scope-submit");
    app.find("#dashboard tbody td");

    app.click("#nav-offerte");
    let listed: usize = app.wait("the published offers", || {
        app.attribute("#offerte-table", "data-count")
            .and_then(|n| n.parse().ok())
    });
    assert!(listed > 0, "the demo has published offers");
    let states: Vec<String> = (1..=listed.min(20))
        .map(|i| {
            app.attribute(
                &format!("#offerte-table tbody tr:nth-child({i}) td[data-stato]"),
                "data-stato",
            )
            .unwrap()
        })
        .collect();
    assert!(
        states.iter().all(|s| s == "pubblicata"),
        "the default search shows published offers: {states:?}"
    );
    app.screenshot("offerte-01-elenco");

    app.click("#offerte-table tbody tr:first-child .offerta-open");
    app.find("#offerta-detail");
    let code = app.text("#offerta-codice");
    assert!(
        code.len() > 3 && code.as_bytes()[2] == b'-',
        "a code like FI-10001: {code}"
    );
    app.screenshot("offerte-02-dettaglio");

    app.click("#of-tab-abbinamenti");
    app.find("#abbinamenti-list .abbinamento");
    assert!(
        app.text("#abbinamenti-list").contains("✓"),
        "each fit says which criteria it meets"
    );
    app.screenshot("offerte-03-abbinamenti");
    // A click on the box lost during a render leaves it unticked: click until ticked.
    app.wait("a candidate chosen", || {
        app.click("#abbinamenti-list .abbinamento-select");
        (app.execute("return document.querySelector('#abbinamenti-list .abbinamento-select')?.checked === true")
            .as_bool()
            == Some(true))
        .then_some(())
    });
    app.click("#abbinamenti-propose");
    let notice = app.wait("the proposal's notice", || {
        Some(app.text("#abbinamenti-notice")).filter(|t| !t.is_empty())
    });
    assert!(notice.contains("proposta a 1 candidato"), "{notice}");
    app.click("#of-tab-interessi");
    app.find("#interessi-table .interesse-row");
    assert!(
        app.text("#interessi-table")
            .contains("Proposta dalla filiale")
    );

    // The candidate's sheet, from the interest: the offer among those that fit them; a
    // refusal annotated there asks for the refusal communication, filed from the sheet.
    app.click("#interessi-table .interesse-row .interesse-open");
    app.find("#sheet h1");
    app.find("#candidate-fits .offerta-adatta");
    assert!(
        app.text("#candidate-fits").contains(&code),
        "the offer fits the candidate it was proposed to"
    );
    app.choose("#note-kind", "rifiuto_offerta");
    app.fill("#note-text", "Non accetta i turni di notte");
    app.click("#note-add");
    app.find("#refusal-reminder");
    app.screenshot("offerte-06-promemoria-rifiuto");
    app.click("#refusal-reminder-file");
    app.find("#candidate-refusal #rf-offerta");
    let offer = app
        .attribute("#rf-offerta option:nth-child(2)", "value")
        .expect("the offers the citizen was in touch with");
    app.choose("#rf-offerta", &offer);
    app.choose("#rf-motivo", "DISTANZA");
    app.click("#rf-send");
    let notice = app.wait("the refusal's receipt", || {
        Some(app.text("#rifiuto-notice")).filter(|t| !t.is_empty())
    });
    assert!(notice.contains("ricevuta"), "{notice}");
    app.wait("the reminder gone", || {
        (!app.exists("#refusal-reminder")).then_some(())
    });
    app.find("#candidate-refusals li");
    app.screenshot("offerte-07-rifiuto-dalla-scheda");
    app.click("#sheet-back");
    app.find("#offerta-detail");
    assert_eq!(
        app.text("#offerta-codice"),
        code,
        "back where the operator left"
    );

    app.click("#of-back");
    // The list redraws as it comes back: a click landing meanwhile is lost.
    app.click_until("#of-new", "#offerta-form");
    app.choose("#f-tipo-offerta", "PRESELEZIONE");
    app.choose("#f-tipo-contratto", "TEMPO_DETERMINATO");
    app.choose("#f-modalita", "FULL_TIME");
    app.fill("#f-qualifica", "Aiuto cuoco");
    app.fill(
        "#f-descrizione",
        "Preparazione degli ingredienti e pulizia della cucina",
    );
    app.fill("#f-sedi", "Atlantide (XX)");
    // The blank field's problem shows first; the typed comune's follows as checked.
    app.wait("the sede's problem, as typed", || {
        app.text("#f-sedi-problem")
            .contains("comune non trovato")
            .then_some(())
    });
    app.screenshot("offerte-04-modulo");
    app.fill("#f-sedi", "Firenze (FI)");
    app.wait("no problem left", || {
        (!app.exists("#f-sedi-problem")).then_some(())
    });
    app.click("#f-save");
    app.find("#offerta-detail[data-stato='bozza']");
    assert!(app.text("#offerta-codice").contains("da inviare"));
    app.click("#of-publish");
    app.find("#offerta-detail[data-stato='pubblicata']");
    app.screenshot("offerte-05-pubblicata");
}
