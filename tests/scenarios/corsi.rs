//! Seed 004's catalogue across two clients: a training provider (the agency's master,
//! acting for its training arm) and the regional office (a `validatore`), each with its
//! own store, meeting only through the server. The provider works offline — a draft
//! saved, edited and sent for validation, two more imported from a file LibreOffice
//! wrote (a wrong file first: nothing saved) — and syncs; the office validates one and
//! sends one back; a cancel the provider made on a course validated meanwhile comes
//! back as a conflict and changes nothing; the provider duplicates the validated
//! course; the catalogue is exported to Excel and PDF.

use std::sync::Arc;

use chrono::{Days, Utc};
use sportello_app::Profile;
use sportello_app::corsi::{self, CorsiFiltro, CorsoForm, SegmentoView};
use sportello_app::sync as app;
use sportello_centrale::ManualClock;
use sportello_centrale::seed::{SeedOptions, seed};
use sportello_sheets::table::{Value, read_workbook};

use crate::support::{quiet, start};

fn form(identificativo: &str, inizio: &str, fine: &str) -> CorsoForm {
    CorsoForm {
        tipologia: "aggiornamento_professionale".into(),
        codice_accreditamento: "A0999".into(),
        identificativo: identificativo.into(),
        titolo: "Paghe e contributi: aggiornamento 2027".into(),
        denominazione_ente: "Agenzia Demo Formazione srl".into(),
        indirizzo_ente: "Via Roma 12".into(),
        comune: "Padova (PD)".into(),
        cap: "35122".into(),
        mail_ente: "formazione@agenzia.example".into(),
        telefono_ente: "049 8765432".into(),
        ore: "40".into(),
        inizio: inizio.into(),
        fine: fine.into(),
        costo: "1.250,00".into(),
        esito: "A".into(),
        finalita: vec![
            SegmentoView {
                testo: "Obiettivo: ".into(),
                grassetto: true,
                ..SegmentoView::default()
            },
            SegmentoView {
                testo: "le novità normative dell’anno.".into(),
                ..SegmentoView::default()
            },
        ],
        ..CorsoForm::default()
    }
}

fn date(days: u64) -> String {
    (Utc::now().date_naive() + Days::new(days))
        .format("%d/%m/%Y")
        .to_string()
}

fn da_validare() -> CorsiFiltro {
    CorsiFiltro {
        da_validare: true,
        ..CorsiFiltro::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_and_the_regional_office_walk_the_catalogue_through_sync() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("centrale.db");
    let opts = SeedOptions {
        citizens: 200,
        branches: 2,
        seed: 19,
        reference: Utc::now().date_naive(),
    };
    let path = db.clone();
    let seeded = tokio::task::spawn_blocking(move || seed(&path, &opts, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    let server = start(&db, Arc::new(ManualClock::new(Utc::now())), None).await;
    let url = server.url();
    let user = |name: &str| seeded.users.iter().find(|u| u.username == name).unwrap();
    let (master, regione) = (user("master"), user("regione"));

    let data_ente = tempfile::tempdir().unwrap();
    let ente = Profile::new(Some(data_ente.path().to_path_buf()), "master").unwrap();
    let (mut e, _) = app::login(&ente, Some(&url), &master.password, None)
        .await
        .unwrap();
    assert!(app::sync(&mut e, &quiet()).await.unwrap().corsi_aggiornati);
    let data_reg = tempfile::tempdir().unwrap();
    let office = Profile::new(Some(data_reg.path().to_path_buf()), "regione").unwrap();
    let (mut r, _) = app::login(&office, Some(&url), &regione.password, None)
        .await
        .unwrap();
    app::sync(&mut r, &quiet()).await.unwrap();
    let queue = corsi::elenco(&r, &da_validare()).unwrap();
    assert!(queue.validatore && queue.ente.is_none());
    let waiting_before = queue.righe.len();
    assert!(waiting_before > 0 && queue.righe.iter().all(|c| c.stato == "in_validazione"));
    assert_eq!(
        r.candidate_count().unwrap(),
        0,
        "the office sees no citizen"
    );

    // Offline at the provider: a draft, edited, sent for validation.
    let mine = corsi::elenco(
        &e,
        &CorsiFiltro {
            solo_miei: true,
            cancellato: String::new(),
            ..CorsiFiltro::default()
        },
    )
    .unwrap();
    assert_eq!(mine.righe.len(), 6, "the seed's six, every state");
    let mut f = form("PAGHE-27", &date(40), &date(60));
    f.codice_accreditamento = String::new();
    let err = corsi::salva(&mut e, None, &f).unwrap_err().to_string();
    assert!(err.contains("Codice accreditamento regionale"), "{err}");
    f.codice_accreditamento = "A0999".into();
    f.esito = "B".into();
    let err = corsi::salva(&mut e, None, &f).unwrap_err().to_string();
    assert!(err.contains("Esito non previsto"), "{err}");
    f.esito = "A".into();
    let draft = corsi::salva(&mut e, None, &f).unwrap();
    assert!(draft.riga.in_attesa && draft.riga.codice.is_empty());
    assert_eq!(draft.azioni, ["salva", "elimina", "richiedi_validazione"]);
    let id = draft.riga.id.clone();
    f.ore = "48".into();
    corsi::salva(&mut e, Some(&id), &f).unwrap();
    let requested = corsi::azione(&mut e, &id, "richiedi_validazione", "")
        .unwrap()
        .unwrap();
    assert_eq!(requested.riga.stato, "in_validazione");
    assert!(
        corsi::salva(&mut e, Some(&id), &f).is_err(),
        "locked once requested"
    );
    assert!(corsi::azione(&mut e, &id, "elimina", "").is_err());

    // Bulk import: a wrong file saves nothing; the right one saves both rows.
    let template = dir.path().join("modello-corsi.xlsx");
    corsi::scrivi_modello(&mut e, "master", &template, false).unwrap();
    let header: Vec<String> = read_workbook(&template).unwrap()[0].rows[0]
        .iter()
        .map(|v| match v {
            Value::Text(t) => t.clone(),
            other => panic!("a header cell: {other:?}"),
        })
        .collect();
    let (start_day, end_day) = (
        (Utc::now().date_naive() + Days::new(30))
            .format("%Y-%m-%d")
            .to_string(),
        (Utc::now().date_naive() + Days::new(35))
            .format("%Y-%m-%d")
            .to_string(),
    );
    let row = |id: &str, tipo: &str, esito: &str| {
        format!(
            "{tipo};;{id};Inglese commerciale;Agenzia Demo Formazione srl;Via Roma 12;Padova;PD;35122;formazione@agenzia.example;049 8765432;30;{start_day};{end_day};300;{esito};Conversazione e lettere commerciali."
        )
    };
    let wrong = sportello_testkit::xlsx_by_libreoffice(
        dir.path(),
        "sbagliato",
        &header,
        &[
            row(
                "ING-1",
                "Preparazione certificazione linguistica (livello minimo B1)",
                "A",
            ),
            row("ING-2", "Esame certificazione informatica", "A"),
        ],
    );
    let before = corsi::elenco(&e, &CorsiFiltro::default())
        .unwrap()
        .righe
        .len();
    let refused = corsi::importa(&mut e, &wrong).unwrap();
    assert_eq!((refused.inserite, refused.righe), (0, 2));
    assert_eq!(refused.errori[0].riga, 3);
    assert_eq!(refused.errori[0].colonna, "Esito/Titolo rilasciato");
    assert_eq!(
        corsi::elenco(&e, &CorsiFiltro::default())
            .unwrap()
            .righe
            .len(),
        before
    );
    let right = sportello_testkit::xlsx_by_libreoffice(
        dir.path(),
        "giusto",
        &header,
        &[
            row(
                "ING-1",
                "Preparazione certificazione linguistica (livello minimo B1)",
                "B",
            ),
            row(
                "ING-2",
                "preparazione_certificazione_linguistica",
                "Attestato risultati di apprendimento",
            ),
        ],
    );
    let done = corsi::importa(&mut e, &right).unwrap();
    assert_eq!(done.inserite, 2, "{:?}", done.errori);

    // Sync: everything applied; the office sees the request (not the imported drafts).
    let s = app::sync(&mut e, &quiet()).await.unwrap();
    assert_eq!((s.applied, s.rejected, s.conflicts), (5, 0, 0), "{s:?}");
    let sent = corsi::scheda(&e, &id).unwrap();
    assert!(!sent.riga.in_attesa && !sent.riga.codice.is_empty());
    assert_eq!(sent.riga.ore, 48);
    app::sync(&mut r, &quiet()).await.unwrap();
    let queue = corsi::elenco(&r, &da_validare()).unwrap();
    assert_eq!(queue.righe.len(), waiting_before + 1);
    assert!(queue.righe.iter().all(|c| c.identificativo != "ING-1"));
    let at_office = corsi::scheda(&r, &id).unwrap();
    assert_eq!(at_office.azioni, ["valida", "rinvia"]);

    // The office validates ours and sends one of the seed's back; meanwhile the
    // provider, not yet synced, cancels the course it last saw as requested.
    corsi::azione(&mut r, &id, "valida", "").unwrap();
    let other = queue.righe.iter().find(|c| c.id != id).unwrap().id.clone();
    assert!(
        corsi::azione(&mut r, &other, "rinvia", "").is_err(),
        "a reason is needed"
    );
    corsi::azione(
        &mut r,
        &other,
        "rinvia",
        "Manca il calendario delle lezioni.",
    )
    .unwrap();
    let s = app::sync(&mut r, &quiet()).await.unwrap();
    assert_eq!((s.applied, s.rejected), (2, 0));
    assert!(
        corsi::scheda(&r, &other).is_err(),
        "a draft again: out of the office's view"
    );

    corsi::azione(&mut e, &id, "cancella", "").unwrap();
    let s = app::sync(&mut e, &quiet()).await.unwrap();
    assert_eq!(s.conflicts, 1, "validated meanwhile: the operator sees it");
    let now = corsi::scheda(&e, &id).unwrap();
    assert_eq!(
        now.riga.stato, "validato",
        "the refused cancel changed nothing"
    );
    assert!(now.utilizzabile);
    let cruscotto = sportello_app::cruscotto::sync_state(&e, None, true).unwrap();
    assert!(
        cruscotto.problems.iter().any(
            |p| p.codice_fiscale == "Corso ".to_string() + &now.riga.codice + " — " + &f.titolo
        ),
        "the Cruscotto names the course: {:?}",
        cruscotto.problems
    );
    let problems = app::problems(&e).unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.codice_fiscale == id && p.kind == "azione_corso"),
        "{problems:?}"
    );

    // Duplicate: every field but the dates; a new draft to validate again.
    let copy = corsi::duplica(&e, &id).unwrap();
    assert_eq!((copy.inizio.as_str(), copy.fine.as_str()), ("", ""));
    assert_eq!(copy.titolo, f.titolo);
    let copy = CorsoForm {
        identificativo: "PAGHE-27-BIS".into(),
        inizio: date(90),
        fine: date(100),
        ..copy
    };
    let dup = corsi::salva(&mut e, None, &copy).unwrap();
    assert_eq!(dup.riga.stato, "bozza");
    assert!(
        corsi::duplica(&e, &dup.riga.id).is_err(),
        "only a validated course"
    );
    app::sync(&mut e, &quiet()).await.unwrap();
    app::sync(&mut r, &quiet()).await.unwrap();
    assert!(
        corsi::scheda(&r, &dup.riga.id).is_err(),
        "a draft is the provider's"
    );
    assert!(
        corsi::scheda(&r, &id).is_ok(),
        "the validated course is everyone's"
    );

    // Export: the list to Excel, the validated catalogue to PDF, both read back.
    let xlsx = dir.path().join("corsi.xlsx");
    let filtro = CorsiFiltro {
        solo_miei: true,
        ..CorsiFiltro::default()
    };
    corsi::esporta(
        &mut e,
        "master",
        &filtro,
        corsi::Formato::Excel,
        &xlsx,
        false,
    )
    .unwrap();
    let sheet = &read_workbook(&xlsx).unwrap()[0];
    let listed = corsi::elenco(&e, &filtro).unwrap().righe.len();
    assert_eq!(sheet.rows.len(), listed + 1);
    assert!(
        sheet
            .rows
            .iter()
            .any(|row| row.contains(&Value::Text("PAGHE-27".into())))
    );
    let pdf = dir.path().join("catalogo.pdf");
    corsi::esporta(
        &mut e,
        "master",
        &CorsiFiltro::default(),
        corsi::Formato::Pdf,
        &pdf,
        false,
    )
    .unwrap();
    let text = sportello_testkit::pdftotext(&pdf);
    assert!(text.contains("Paghe e contributi"), "{text}");
    assert!(
        !text.contains("Inglese commerciale"),
        "drafts are not in the catalogue"
    );
    server.shutdown().await.unwrap();
}
