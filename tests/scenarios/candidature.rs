//! Seed 003's "Candidature" at the desk, across two clients: an operator records a
//! citizen's application offline (the requirement declared) and walks it through every
//! CPI outcome; the same application made on the other client, offline too, is refused
//! (once per citizen and offer) and named on its Cruscotto; an outcome set on an older
//! version comes back outdated; "Non inviata all'azienda" needs its reason; the lists'
//! filters ("Includi Storico", outcome, dates) and the Excel export read back.

use chrono::{Days, Utc};
use sportello_app::candidature::{self, FiltroCandidature};
use sportello_app::sync as app;
use sportello_core::cpi::agenda::ora_locale;
use sportello_core::offerte::StatoOfferta;
use sportello_protocol::offerte::Offerta;
use sportello_sheets::table::{Value, read_workbook};
use sportello_store::OfferteFilter;

use crate::support::{quiet, seeded, synced};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_goes_through_every_outcome_across_two_clients() {
    let dir = tempfile::tempdir().unwrap();
    let reference = Utc::now().date_naive();
    let (seeded, server) = seeded(dir.path(), (120, 2, 21), reference).await;
    let url = server.url();
    let op = seeded.users.iter().find(|u| u.role == "operatore").unwrap();
    let master = seeded.users.iter().find(|u| u.role == "master").unwrap();
    let branch = op.branches[0].clone();

    let (da, db_) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = synced(da.path(), &url, op, None).await;
    let mut b = synced(db_.path(), &url, master, Some("tutte")).await;

    // The sandbox's applications arrived; the default list hides the final ones.
    let storico = FiltroCandidature {
        includi_storico: true,
        ..FiltroCandidature::default()
    };
    let all = candidature::elenco(&a, &storico).unwrap();
    assert!(all.iter().any(|c| c.esito == "inviata_azienda"), "{all:?}");
    let open_ones = candidature::elenco(&a, &FiltroCandidature::default()).unwrap();
    assert!(!open_ones.is_empty() && open_ones.len() < all.len());
    assert!(open_ones.iter().all(|c| !c.esito.contains("inviata")));

    // An offer of the operatore's branch still taking applications, a citizen not yet
    // applied to it.
    let oggi = ora_locale(Utc::now()).date();
    let offerta: Offerta = a
        .offerte(&OfferteFilter::default())
        .unwrap()
        .iter()
        .map(|r| serde_json::from_str::<Offerta>(&r.record).unwrap())
        .find(|o| {
            o.dati.filiale == branch
                && o.stato.al(o.dati.fine_pubblicazione, oggi) == StatoOfferta::Pubblicata
                && o.dati.scadenza >= oggi
        })
        .expect("an open offer");
    let aperte = candidature::offerte_aperte(&a, &branch).unwrap();
    assert!(aperte.iter().any(|o| o.id == offerta.id.to_string()));
    assert!(
        aperte.iter().all(|o| {
            chrono::NaiveDate::parse_from_str(&o.scadenza, "%d/%m/%Y").is_ok_and(|d| d >= oggi)
                && o.filiale == branch
        }),
        "only the CPI's offers still taking applications"
    );
    let taken: Vec<String> = all
        .iter()
        .filter(|c| c.offerta == offerta.id.to_string())
        .map(|c| c.codice_fiscale.clone())
        .collect();
    let cf = sportello_demo::Generator::new(21, reference)
        .candidates(120, &seeded.branches)
        .filter(|c| c.branch == branch && !taken.contains(&c.codice_fiscale))
        .map(|c| c.codice_fiscale)
        .next()
        .unwrap();

    // Offline on both: the requirement must be declared; both apply; one wins.
    assert!(candidature::candida(&mut a, &cf, &offerta.codice, false, None).is_err());
    let mine = candidature::candida(&mut a, &cf, &offerta.codice, true, None).unwrap();
    assert_eq!((mine.esito.as_str(), mine.in_attesa), ("inserita", true));
    assert_eq!(mine.profilo, offerta.dati.qualifica);
    assert!(
        candidature::candida(&mut a, &cf, &offerta.id.to_string(), true, None).is_err(),
        "once per citizen and offer, also offline"
    );
    let theirs = candidature::candida(&mut b, &cf, &offerta.codice, true, None).unwrap();
    let s = app::sync(&mut a, &quiet()).await.unwrap();
    assert_eq!((s.applied, s.rejected), (1, 0), "{s:?}");
    let s = app::sync(&mut b, &quiet()).await.unwrap();
    assert_eq!(s.rejected, 1, "{s:?}");
    let cruscotto = sportello_app::cruscotto::sync_state(&b, None, true).unwrap();
    let problem = cruscotto
        .problems
        .iter()
        .find(|p| p.kind == "candidatura_nuova")
        .expect("named on the Cruscotto");
    assert!(
        problem
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("già candidato"),
        "{problem:?}"
    );
    let per_offer = FiltroCandidature {
        offerta: Some(offerta.codice.clone()),
        ..FiltroCandidature::default()
    };
    let seen = candidature::elenco(&b, &per_offer).unwrap();
    assert!(seen.iter().any(|c| c.id == mine.id));
    assert!(!seen.iter().any(|c| c.id == theirs.id), "the loser left");

    // Every outcome: taken in charge on one client, sent on the other; an outcome set
    // meanwhile on the older version comes back outdated.
    assert_eq!(mine.esiti, ["preso_in_carico"]);
    assert!(candidature::esito(&mut a, &mine.id, "inviata_azienda", "").is_err());
    let c = candidature::esito(&mut a, &mine.id, "preso_in_carico", "").unwrap();
    assert_eq!(c.esiti, ["inviata_azienda", "non_inviata_azienda"]);
    app::sync(&mut a, &quiet()).await.unwrap();
    app::sync(&mut b, &quiet()).await.unwrap();
    assert!(
        candidature::esito(&mut b, &mine.id, "non_inviata_azienda", " ").is_err(),
        "not sent: the reason is needed"
    );
    candidature::esito(&mut b, &mine.id, "inviata_azienda", "CV inoltrato").unwrap();
    candidature::esito(&mut a, &mine.id, "non_inviata_azienda", "Manca la patente").unwrap();
    app::sync(&mut b, &quiet()).await.unwrap();
    let s = app::sync(&mut a, &quiet()).await.unwrap();
    assert_eq!(s.conflicts, 1, "{s:?}");
    let by_cf = FiltroCandidature {
        codice_fiscale: Some(cf.to_lowercase()),
        includi_storico: true,
        ..FiltroCandidature::default()
    };
    let c = candidature::elenco(&a, &by_cf).unwrap();
    assert_eq!(c.len(), 1);
    let c = &c[0];
    assert_eq!(
        (c.esito.as_str(), c.nota.as_str(), c.in_attesa),
        ("inviata_azienda", "CV inoltrato", false)
    );
    assert!(c.esiti.is_empty(), "final");
    assert_eq!(c.storico.len(), 3);
    assert!(
        c.storico[2].contains("Inviata all'azienda"),
        "{:?}",
        c.storico
    );
    assert!(candidature::esito(&mut a, &c.id, "non_inviata_azienda", "x").is_err());

    // The lists: final ones only with "Includi Storico" (or asked by outcome), dates.
    let by_cf_open = FiltroCandidature {
        includi_storico: false,
        ..by_cf.clone()
    };
    assert!(candidature::elenco(&a, &by_cf_open).unwrap().is_empty());
    let sent = FiltroCandidature {
        esito: Some("inviata_azienda".into()),
        ..by_cf_open.clone()
    };
    assert_eq!(candidature::elenco(&a, &sent).unwrap().len(), 1);
    let tomorrow = FiltroCandidature {
        dal: oggi.checked_add_days(Days::new(1)),
        ..by_cf.clone()
    };
    assert!(candidature::elenco(&a, &tomorrow).unwrap().is_empty());
    let backwards = FiltroCandidature {
        dal: Some(oggi),
        al: oggi.checked_sub_days(Days::new(1)),
        ..by_cf.clone()
    };
    assert!(candidature::elenco(&a, &backwards).is_err());

    // The export, read back: the application with its outcome and note.
    let out = dir.path().join("candidature.xlsx");
    let done = candidature::esporta(
        &mut a,
        &op.username,
        &per_offer_storico(&offerta.codice),
        &out,
        false,
    )
    .unwrap();
    assert!(done.bytes > 0);
    let sheets = read_workbook(&out).unwrap();
    assert_eq!(sheets[0].name, "Candidature");
    let text = |v: &Value| match v {
        Value::Text(t) => t.clone(),
        other => format!("{other:?}"),
    };
    let header: Vec<String> = sheets[0].rows[0].iter().map(text).collect();
    assert_eq!(header[0], "Codice offerta");
    let row = sheets[0]
        .rows
        .iter()
        .find(|r| r.iter().any(|v| text(v) == cf))
        .expect("the application exported");
    let cells: Vec<String> = row.iter().map(text).collect();
    assert!(
        cells.contains(&"Inviata all'azienda".to_string()),
        "{cells:?}"
    );
    assert!(cells.contains(&"CV inoltrato".to_string()), "{cells:?}");
    assert!(
        candidature::esporta(&mut a, &op.username, &per_offer, &out, false).is_err(),
        "an existing file is not replaced unasked"
    );
}

fn per_offer_storico(codice: &str) -> FiltroCandidature {
    FiltroCandidature {
        offerta: Some(codice.into()),
        includi_storico: true,
        ..FiltroCandidature::default()
    }
}
