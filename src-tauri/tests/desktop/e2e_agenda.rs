//! End-to-end: an appointment (seed 003, "Prenota un appuntamento") in the demo. On a
//! citizen's sheet the operator finds the free slots of a desk of the citizen's CPI,
//! books one offline and prints its receipt; the Agenda shows it on its day, the sync
//! confirms it; the day's agenda is printed.

use crate::e2e_documenti::open_sheet;
use crate::support::{data_env, demo_signed_in};
use crate::webdriver::Desktop;

/// The id of the sheet's booking whose line contains `text`.
fn booking_with(app: &Desktop, list: &str, text: &str) -> Option<String> {
    app.execute(&format!(
        "const l = [...document.querySelectorAll('{list} .appuntamento')].find(l => l.textContent.includes({text:?})); return l ? l.dataset.prenotazione : null"
    ))
    .as_str()
    .map(str::to_string)
}

#[test]
fn an_appointment_is_booked_and_its_receipt_printed() {
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    demo_signed_in(&app);
    let cf = open_sheet(&app, None);

    app.find("#candidate-appointments");
    app.find("#booking-desk option");
    app.find("#booking-type option[value='stesura_cv']");
    app.choose("#booking-type", "stesura_cv");
    app.click("#booking-search");
    app.find("#booking-slot option");
    let slot = app.wait("the first free slot", || {
        app.attribute("#booking-slot option", "value")
    });
    app.click("#booking-confirm");
    app.find("#appointments-notice");
    let orario = &slot[11..16];
    let id = app.wait("the booking on the sheet", || {
        booking_with(&app, "#appointments-list", orario)
    });
    let line = format!("#appointments-list .appuntamento[data-prenotazione='{id}']");
    let text = app.text(&line);
    assert!(text.contains("Da inviare"), "{text}");
    assert!(
        text.contains("Colloquio per stesura curriculum vitae"),
        "{text}"
    );
    app.execute("document.querySelector('#candidate-appointments').scrollIntoView()");
    app.screenshot("agenda-01-prenotato");

    let receipt = dir.path().join("ricevuta.pdf");
    app.click(&format!("{line} .appuntamento-ricevuta"));
    app.fill(&format!("#ricevuta-{id}-path"), receipt.to_str().unwrap());
    app.click(&format!("#ricevuta-{id}-create"));
    app.find(&format!("#ricevuta-{id}-done"));
    let pdf = sportello_testkit::pdftotext(&receipt);
    for expected in [
        "Colloquio per stesura curriculum vitae",
        cf.as_str(),
        "45 minuti",
        orario,
        "Prenotazione registrata allo sportello",
    ] {
        assert!(pdf.contains(expected), "{expected} in the receipt: {pdf}");
    }

    // The Agenda, day by day to the booking's.
    let day = format!(".agenda-giorno[data-giorno='{}']", &slot[..10]);
    let to_the_day = || {
        app.click_until("#nav-agenda", "#agenda .agenda-giorno");
        app.wait("the booking's day", || {
            if app.exists(&day) {
                Some(())
            } else {
                app.click("#agenda-next");
                None
            }
        });
    };
    to_the_day();
    let in_agenda = format!("{day} .appuntamento[data-prenotazione='{id}']");
    assert!(app.text(&in_agenda).contains("Da inviare"));

    app.click("#nav-dashboard");
    app.click("#sync-now");
    app.find("#sync-done");
    to_the_day();
    app.wait("confirmed by the server", || {
        (app.exists(&in_agenda) && !app.text(&in_agenda).contains("Da inviare")).then_some(())
    });
    app.screenshot("agenda-02-giorno-confermato");

    let printed = dir.path().join("agenda.pdf");
    app.click("#agenda-print");
    app.fill("#agenda-pdf-form-path", printed.to_str().unwrap());
    app.click("#agenda-pdf-form-create");
    app.find("#agenda-pdf-form-done");
    let agenda = sportello_testkit::pdftotext(&printed);
    assert!(agenda.contains("Agenda degli appuntamenti"), "{agenda}");
    assert!(agenda.contains(&cf), "{agenda}");

    // From the agenda back to the citizen's sheet.
    app.click(&format!("{in_agenda} .appuntamento-cittadino"));
    app.find("#sheet h1");
    app.find(&format!(
        "#appointments-list .appuntamento[data-prenotazione='{id}']"
    ));
    // The sheet's applications below: the citizen's CPI's open offers to apply to.
    app.find("#candidate-applications");
    app.find("#application-offer option");
    app.find("#applications-table, #applications-none");
    app.execute(
        "document.querySelector('#candidate-applications').scrollIntoView({behavior: 'instant'})",
    );
    std::thread::sleep(std::time::Duration::from_millis(600));
    app.screenshot("agenda-03-candidature-sulla-scheda");
}

/// The Agenda's inbox and a new desk: a citizen's "Contatta CPI" request answered; a
/// desk with its contacts and one weekly window, a wrong window refused in Italian,
/// then saved offline and shown with its hours in words.
#[test]
fn a_desk_is_opened_from_the_agenda() {
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    demo_signed_in(&app);
    app.click("#nav-agenda");
    app.find("#agenda .agenda-giorno");
    // The inbox: a citizen's waiting request, answered.
    let request = app.wait("a waiting request", || {
        app.attribute("#contatti-cpi .contatto", "data-contatto")
    });
    let line = format!(".contatto[data-contatto='{request}']");
    app.click(&format!("{line} .contatto-rispondi"));
    app.fill(
        &format!("#risposta-{request}"),
        "La chiameremo lunedì mattina.",
    );
    app.click(&format!("{line} .contatto-invia"));
    app.find("#contatti-notice");
    app.wait("the request answered, out of the waiting ones", || {
        (!app.exists(&line)).then_some(())
    });
    app.click("#agenda-new-desk");
    app.find("#desk-editor");
    app.fill("#desk-nome", "Sportello serale");
    app.fill("#desk-indirizzo", "Via dei Servi 3");
    app.find("#desk-add-window");
    app.click("#desk-add-window");
    app.find(".desk-fascia");
    // 13:00–09:00: closing before opening.
    app.execute(
        "const [from, to] = document.querySelectorAll('.desk-fascia input[type=time]'); \
         const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set; \
         set.call(from, '13:00'); from.dispatchEvent(new Event('input', {bubbles: true})); \
         set.call(to, '09:00'); to.dispatchEvent(new Event('input', {bubbles: true}));",
    );
    app.click("#desk-save");
    let refused = app.wait("the refusal", || {
        app.exists("#desk-editor .alert")
            .then(|| app.text("#desk-editor .alert"))
    });
    assert!(refused.contains("deve seguire"), "{refused}");
    app.execute(
        "const [from, to] = document.querySelectorAll('.desk-fascia input[type=time]'); \
         const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set; \
         set.call(from, '09:00'); from.dispatchEvent(new Event('input', {bubbles: true})); \
         set.call(to, '13:00'); to.dispatchEvent(new Event('input', {bubbles: true}));",
    );
    app.click("#desk-save");
    app.find("#agenda-notice");
    let info = app.wait("the new desk's hours", || {
        app.exists("#agenda-desk-info")
            .then(|| app.text("#agenda-desk-info"))
            .filter(|t| t.contains("Sportello serale"))
    });
    assert!(info.contains("Lunedì 09:00–13:00"), "{info}");
    app.screenshot("agenda-04-nuovo-sportello");
}
