//! An operatore's day with offers, through the use cases both front ends call, against
//! the sandbox server: a new offer checked as typed, published, matched, proposed,
//! followed to the interview's outcome, a refusal filed with its receipt, all offline
//! and then synced.

use chrono::{Days, NaiveDate, Utc};
use sportello_app::offerte::interessi::{self, RifiutoForm};
use sportello_app::offerte::{self, Campo, OfferteFiltro, massivo};
use sportello_app::{Profile, desk, sync};
use sportello_centrale::seed::{SeedOptions, seed};
use sportello_centrale::{Config, serve};

fn noop(_: sync::SyncProgress) {}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// An operatore of a fresh sandbox, signed in and synced once.
async fn operatore() -> (
    sportello_centrale::Server,
    tempfile::TempDir,
    Profile,
    sportello_store::Store,
) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("centrale.db");
    let opts = SeedOptions {
        citizens: 400,
        branches: 2,
        seed: 4,
        reference: Utc::now().date_naive(),
    };
    let path = db.clone();
    let report = tokio::task::spawn_blocking(move || seed(&path, &opts, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    let server = serve(Config::new(&db)).await.unwrap();
    let op = report.users.iter().find(|u| u.role == "operatore").unwrap();
    let p = Profile::new(Some(dir.path().join("data")), &op.username).unwrap();
    let (mut store, _) = desk::sign_in(&p, Some(&server.url()), &op.password)
        .await
        .unwrap();
    sync::sync(&mut store, &noop).await.unwrap();
    (server, dir, p, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offer_from_the_form_to_the_refusal() {
    let (_server, dir, p, mut store) = operatore().await;
    let liste = offerte::liste(&store).unwrap();
    assert!(
        liste
            .tipi_contratto
            .iter()
            .any(|v| v.descrizione == "LAVORO A TEMPO DETERMINATO"),
        "the server's lists"
    );

    // The form, checked as one types.
    let mut form = offerte::nuovo_form(&store).unwrap();
    let branch = form.filiale.clone();
    let provincia = store
        .branches()
        .unwrap()
        .into_iter()
        .find(|b| b.code == branch)
        .unwrap()
        .provincia;
    let codes = |problems: Vec<sportello_app::ErrorItem<Campo>>| {
        problems.into_iter().map(|p| p.code).collect::<Vec<_>>()
    };
    assert_eq!(
        codes(offerte::problemi(&store, &form).unwrap()),
        [
            Campo::TipoOfferta,
            Campo::TipoContratto,
            Campo::ModalitaLavoro,
            Campo::Qualifica,
            Campo::DescrizioneQualifica,
            Campo::Sedi
        ]
    );
    form.sedi = "Atlantide (XX)".into();
    assert_eq!(
        codes(offerte::problemi(&store, &form).unwrap()),
        [Campo::Sedi]
    );
    let home = store
        .branches()
        .unwrap()
        .into_iter()
        .find(|b| b.code == branch)
        .map(|b| format!("{} ({})", b.comune, b.provincia))
        .unwrap();
    form.sedi = home;
    form.tipo_offerta = "PRESELEZIONE".into();
    form.tipo_contratto = "TEMPO_DETERMINATO".into();
    form.modalita_lavoro = "FULL_TIME".into();
    form.qualifica = "Magazziniere".into();
    form.descrizione_qualifica = "Carico, scarico e inventario".into();
    form.esperienza_richiesta = true;
    assert_eq!(
        codes(offerte::problemi(&store, &form).unwrap()),
        [Campo::DescrizioneEsperienza]
    );
    form.descrizione_esperienza = "Un anno in magazzino".into();
    assert!(offerte::problemi(&store, &form).unwrap().is_empty());
    let created = offerte::salva(&mut store, None, &form).unwrap();
    assert_eq!(
        (created.riga.stato.as_str(), created.riga.codice.as_str()),
        ("bozza", "")
    );
    assert!(created.riga.in_attesa);
    let id = created.riga.id.clone();
    let fine = Utc::now().date_naive() + Days::new(20);
    let published = offerte::cambia_stato(&mut store, &id, "pubblica", &day(fine)).unwrap();
    assert_eq!(published.riga.stato, "pubblicata");
    assert!(published.azioni.contains(&"proponi".to_string()));
    assert!(
        offerte::cambia_stato(&mut store, &id, "pubblica", &day(fine)).is_err(),
        "published already"
    );

    // Seed 003's search finds it by qualifica, province and state.
    let found = offerte::elenco(
        &store,
        &OfferteFiltro {
            qualifica: "magazz".into(),
            provincia: provincia.clone(),
            stato: "pubblicata".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(found.iter().any(|o| o.id == id));
    assert!(
        offerte::elenco(
            &store,
            &OfferteFiltro {
                stato: "chiusa".into(),
                ..Default::default()
            }
        )
        .unwrap()
        .iter()
        .all(|o| o.id != id)
    );

    // Matching: best first, every criterion explained; propose to three.
    let fits = interessi::abbinamenti(&store, &id, 0, 20).unwrap();
    assert!(fits.totale >= 3, "{} fit", fits.totale);
    assert!(
        fits.righe
            .iter()
            .all(|r| !r.criteri.is_empty() && r.criteri.iter().all(|c| !c.motivo.is_empty()))
    );
    // The other direction, by the same rule: the offer fits exactly the candidates
    // whose own list of fitting offers names it.
    let all = interessi::abbinamenti(&store, &id, 0, 100_000).unwrap();
    let listed: Vec<&str> = all
        .righe
        .iter()
        .map(|r| r.codice_fiscale.as_str())
        .collect();
    let sample = store
        .search(&sportello_store::SearchQuery {
            filter: Default::default(),
            scope: sportello_app::sync::session_scope(&store).unwrap(),
            reference: Utc::now().date_naive(),
            sort: Default::default(),
            offset: 0,
            limit: 40,
        })
        .unwrap();
    let mut both = 0;
    for c in sample.rows.iter().map(|f| &f.summary) {
        let theirs = interessi::adatte(&store, &c.codice_fiscale, usize::MAX).unwrap();
        let named = theirs.iter().any(|f| f.offerta.id == id);
        assert_eq!(
            named,
            listed.contains(&c.codice_fiscale.as_str()),
            "{}",
            c.codice_fiscale
        );
        both += usize::from(named);
        assert!(theirs.iter().all(|f| f.offerta.stato == "pubblicata"));
    }
    assert!(both > 0, "the sample meets the offer at least once");
    let three: Vec<String> = fits
        .righe
        .iter()
        .take(3)
        .map(|r| r.codice_fiscale.clone())
        .collect();
    assert_eq!(interessi::proponi(&mut store, &id, &three).unwrap(), 3);
    assert_eq!(
        interessi::proponi(&mut store, &id, &three).unwrap(),
        0,
        "already proposed"
    );
    let proposed = interessi::elenco(&store, Some(&id), None).unwrap();
    assert_eq!(proposed.len(), 3);
    assert!(
        proposed
            .iter()
            .all(|i| i.origine == "Proposta dalla filiale" && i.stato == "da_valutare")
    );
    let first = &proposed[0];
    for stato in ["contattato", "colloquio", "assunto"] {
        let moved = interessi::avanza(&mut store, &first.id, stato, "ok").unwrap();
        assert_eq!(moved.stato, stato);
    }
    assert!(
        interessi::avanza(&mut store, &first.id, "contattato", "").is_err(),
        "an outcome is final"
    );
    assert!(
        interessi::avanza(&mut store, &proposed[1].id, "assunto", "").is_err(),
        "hired only after an interview"
    );

    // An annotation of a refusal asks for the communication, until it is filed.
    let refuser = proposed[1].codice_fiscale.clone();
    sync::annotate(
        &mut store,
        &p,
        &refuser,
        sync::parse_annotation_kind("rifiuto_offerta").unwrap(),
        "Non accetta i turni",
        None,
    )
    .unwrap();
    assert_eq!(
        desk::candidate_notes(&store, &refuser)
            .unwrap()
            .rifiuti_da_comunicare,
        1
    );

    // A refusal, offline, with its receipt.
    let refusal = RifiutoForm {
        offerta: id.clone(),
        codice_fiscale: proposed[1].codice_fiscale.clone(),
        data: day(Utc::now().date_naive()),
        motivo: "DISTANZA".into(),
        note: String::new(),
    };
    let (r, receipt) = interessi::rifiuta(&mut store, &p, &refusal).unwrap();
    assert_eq!(r.trasmissione, "in coda");
    assert_eq!(
        desk::candidate_notes(&store, &refuser)
            .unwrap()
            .rifiuti_da_comunicare,
        0
    );
    assert_eq!(receipt.title, "Comunicazione rifiuto dell'offerta");
    assert!(
        interessi::rifiuta(
            &mut store,
            &p,
            &RifiutoForm {
                motivo: "ALTRO".into(),
                ..refusal.clone()
            }
        )
        .is_err()
    );

    // Synced: the code assigned, the work on the server, the refusal transmitted.
    let summary = sync::sync(&mut store, &noop).await.unwrap();
    assert_eq!((summary.rejected, summary.conflicts), (0, 0), "{summary:?}");
    let sheet = offerte::scheda(&store, &id).unwrap();
    assert!(
        sheet.riga.codice.starts_with(&format!("{provincia}-")),
        "{}",
        sheet.riga.codice
    );
    assert!(!sheet.riga.in_attesa);
    assert_eq!(
        offerte::scheda(&store, &sheet.riga.codice).unwrap().riga.id,
        id,
        "found by code too"
    );
    let after = interessi::elenco(&store, Some(&id), None).unwrap();
    assert_eq!(
        after.iter().find(|i| i.id == first.id).unwrap().stato,
        "assunto"
    );
    // The list leaves as xlsx through the export path, recorded in the audit log.
    let out = dir.path().join("interessi.xlsx");
    let written = interessi::esporta(&mut store, &p, Some(&id), &out, false).unwrap();
    assert_eq!(written.rows, 3);
    let sheets = sportello_sheets::table::read_workbook(&out).unwrap();
    assert_eq!(sheets[0].rows.len(), 4, "header and three interests");
    assert!(written.audit_id > 0);
    assert!(
        interessi::esporta(&mut store, &p, Some(&id), &out, false).is_err(),
        "no silent overwrite"
    );
    let sent = interessi::rifiuti(&store, Some(&id), None).unwrap();
    assert_eq!(sent[0].trasmissione, "trasmessa");
    assert!(sent[0].protocollo.starts_with("SFL-"));
}

/// The template written by the app, filled by LibreOffice (from CSV), read back: a
/// wrong row refuses the whole file with (row, column) messages; right, every offer
/// goes in, published, with a receipt carrying the file's SHA-256.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_insert_from_a_file_filled_elsewhere_is_all_or_nothing() {
    let (_server, dir, p, mut store) = operatore().await;
    let branch = offerte::nuovo_form(&store).unwrap().filiale;
    let template = dir.path().join("modello.xlsx");
    massivo::scrivi_modello(&mut store, p.user(), &template, false).unwrap();
    let sheets = sportello_sheets::table::read_workbook(&template).unwrap();
    assert_eq!(sheets[0].name, "Offerte");
    assert_eq!(sheets[1].name, "Istruzioni");
    let header: Vec<String> = sheets[0].rows[0]
        .iter()
        .map(|v| match v {
            sportello_sheets::table::Value::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        })
        .collect();

    let fine = (Utc::now().date_naive() + Days::new(25))
        .format("%Y-%m-%d")
        .to_string();
    let row = |qualifica: &str, posti: &str, sedi: &str| {
        format!(
            "{branch};PRESELEZIONE;LAVORO A TEMPO DETERMINATO;{qualifica};Descrizione;NO;;{posti};FULL_TIME;{sedi};{fine};{fine};NO;SI;NO;NO;4;B;inglese"
        )
    };
    let fill = |rows: &[String], name: &str| {
        sportello_testkit::xlsx_by_libreoffice(dir.path(), name, &header, rows)
    };
    let mut rows: Vec<String> = (0..30)
        .map(|i| row(&format!("Magazziniere {i}"), "2", "Firenze (FI)"))
        .collect();
    rows[4] = row("Cuoco", "0", "Firenze (FI)");
    rows[17] = row("Barista", "1", "Atlantide (XX)");
    let wrong = fill(&rows, "sbagliato");
    let before = offerte::elenco(&store, &OfferteFiltro::default())
        .unwrap()
        .len();
    let refused = massivo::importa(&mut store, &p, &wrong, true).unwrap();
    assert_eq!((refused.righe, refused.inserite), (30, 0));
    let errors: Vec<(u32, &str)> = refused
        .errori
        .iter()
        .map(|e| (e.riga, e.colonna.as_str()))
        .collect();
    assert_eq!(
        errors,
        [(6, "Numero Posti Disponibili"), (19, "Sedi di lavoro")]
    );
    assert!(refused.ricevuta.is_none());
    assert_eq!(
        offerte::elenco(&store, &OfferteFiltro::default())
            .unwrap()
            .len(),
        before,
        "nothing inserted"
    );

    rows[4] = row("Cuoco", "1", "Firenze (FI)");
    rows[17] = row("Sommelier di bordo", "1", "Prato (PO)");
    let right = fill(&rows, "giusto");
    let done = massivo::importa(&mut store, &p, &right, true).unwrap();
    assert_eq!(
        (done.inserite, done.pubblicate),
        (30, 30),
        "{:?}",
        done.errori
    );
    let receipt = done.ricevuta.unwrap();
    let (_, sha) = sportello_app::documents::sha256_file(&right).unwrap();
    assert_eq!(receipt.file.unwrap().sha256, sha);
    let listed = offerte::elenco(
        &store,
        &OfferteFiltro {
            qualifica: "sommelier bordo".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].stato, "pubblicata");
    assert_eq!(listed[0].sedi, "Prato (PO)");
    let sheet = offerte::scheda(&store, &listed[0].id).unwrap();
    assert_eq!(
        (
            sheet.titolo_studio_minimo.as_str(),
            sheet.patenti.as_str(),
            sheet.lingue.as_str()
        ),
        (
            "Diploma di scuola secondaria superiore (maturità)",
            "B",
            "inglese"
        )
    );
    let summary = sync::sync(&mut store, &noop).await.unwrap();
    assert_eq!((summary.applied, summary.rejected), (60, 0), "{summary:?}");
}
