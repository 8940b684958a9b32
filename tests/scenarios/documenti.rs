//! Seed 003's "documenti da firmare" at the desk, across two operators of the same
//! branch: one creates a Patto di servizio from the SAP offline and walks it to the
//! operator's signature; the other, after a sync, sees the trail as the seed prints it.
//! A DID receipt concludes with the citizen's signature; a pact is annulled with a
//! reason, another replaced by a new practice ("Sostituita dalla pratica N"); a step
//! made on a document changed meanwhile comes back refused and changes nothing; the
//! document prints as a PDF with its trail.

use chrono::Utc;
use sportello_app::documenti;
use sportello_app::sync as app;

use crate::support::{quiet, seeded, synced};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pact_is_signed_annulled_and_replaced_across_two_clients() {
    let dir = tempfile::tempdir().unwrap();
    let reference = Utc::now().date_naive();
    let (seeded, server) = seeded(dir.path(), (120, 2, 18), reference).await;
    let url = server.url();
    let op = seeded.users.iter().find(|u| u.role == "operatore").unwrap();
    let master = seeded.users.iter().find(|u| u.role == "master").unwrap();

    let (da, db_) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = synced(da.path(), &url, op, None).await;
    let mut b = synced(db_.path(), &url, master, Some("tutte")).await;
    // A citizen of the operatore's branch, as the seed generated them, without the
    // documents the seed gives some.
    let cf = sportello_demo::Generator::new(18, reference)
        .candidates(120, &seeded.branches)
        .filter(|c| c.branch == op.branches[0])
        .map(|c| c.codice_fiscale)
        .find(|cf| documenti::elenco(&a, cf).unwrap().is_empty())
        .unwrap();
    assert!(a.candidate(&cf).unwrap().is_some());

    // Offline at the desk: a pact walked to the operator's signature, a DID receipt.
    let patto = documenti::crea(&mut a, &cf, "patto_servizio_150", None).unwrap();
    assert_eq!(patto.azioni, ["prendi_in_carico", "annulla", "sostituisci"]);
    assert!(
        documenti::azione(&mut a, &patto.id, "firma_cittadino", "").is_err(),
        "in order"
    );
    for step in ["prendi_in_carico", "firma_cittadino", "firma_operatore"] {
        documenti::azione(&mut a, &patto.id, step, "").unwrap();
    }
    let did = documenti::crea(&mut a, &cf, "ricevuta_did", None).unwrap();
    documenti::azione(&mut a, &did.id, "prendi_in_carico", "").unwrap();
    let did = documenti::azione(&mut a, &did.id, "firma_cittadino", "").unwrap();
    assert_eq!(did.stato, "concluso");
    assert!(
        !did.azioni.iter().any(|x| x == "firma_operatore"),
        "the citizen's signature concludes it"
    );
    assert!(documenti::azione(&mut a, &did.id, "firma_operatore", "").is_err());
    let s = app::sync(&mut a, &quiet()).await.unwrap();
    assert_eq!((s.applied, s.rejected, s.conflicts), (7, 0, 0), "{s:?}");

    // The other operator sees the trail as seed 003 prints it.
    app::sync(&mut b, &quiet()).await.unwrap();
    let seen = documenti::elenco(&b, &cf).unwrap();
    assert_eq!(seen.len(), 2);
    let p = seen.iter().find(|d| d.id == patto.id).unwrap();
    assert_eq!(p.stato, "concluso");
    assert!(!p.numero.is_empty());
    for step in [
        "Documento Inserito il",
        "Preso In Carico il",
        "Firmato Cittadino il",
        "Firmato Operatore il",
    ] {
        assert!(p.traccia.contains(step), "{}", p.traccia);
    }

    // Annulled by one with a reason while the other, not yet synced, signs nothing more
    // but tries to annul it too: the second comes back refused and changes nothing.
    assert!(
        documenti::azione(&mut b, &patto.id, "annulla", " ").is_err(),
        "a reason is needed"
    );
    documenti::azione(&mut b, &patto.id, "annulla", "annullamento test").unwrap();
    app::sync(&mut b, &quiet()).await.unwrap();
    documenti::azione(&mut a, &patto.id, "annulla", "doppio").unwrap();
    let s = app::sync(&mut a, &quiet()).await.unwrap();
    assert_eq!(s.conflicts, 1, "{s:?}");
    let cruscotto = sportello_app::cruscotto::sync_state(&a, None, true).unwrap();
    let named = format!("Patto di servizio 150 (pratica {}) — {cf}", p.numero);
    assert!(
        cruscotto.problems.iter().any(|x| x.codice_fiscale == named),
        "the Cruscotto names the document: {:?}",
        cruscotto.problems
    );
    let p = documenti::elenco(&a, &cf)
        .unwrap()
        .into_iter()
        .find(|d| d.id == patto.id)
        .unwrap();
    assert_eq!(p.stato, "annullato");
    assert!(p.traccia.ends_with("(annullamento test)"), "{}", p.traccia);

    // A new pact replacing an earlier one: the old says which practice replaced it.
    let first = documenti::crea(&mut a, &cf, "patto_attivazione_gg", None).unwrap();
    app::sync(&mut a, &quiet()).await.unwrap();
    let second = documenti::crea(&mut a, &cf, "patto_attivazione_gg", Some(&first.id)).unwrap();
    app::sync(&mut a, &quiet()).await.unwrap();
    let all = documenti::elenco(&a, &cf).unwrap();
    let second = all.iter().find(|d| d.id == second.id).unwrap();
    let first = all.iter().find(|d| d.id == first.id).unwrap();
    assert_eq!(first.stato, "annullato");
    assert!(
        first
            .traccia
            .ends_with(&format!("(Sostituita dalla pratica {})", second.numero)),
        "{}",
        first.traccia
    );
    assert!(documenti::crea(&mut a, &cf, "patto_attivazione_gg", Some(&first.id)).is_err());

    // Printed with its trail; recorded in the audit log.
    let pdf = dir.path().join("patto.pdf");
    documenti::pdf(&mut a, &op.username, &patto.id, &pdf, false).unwrap();
    let text = sportello_testkit::pdftotext(&pdf);
    assert!(text.contains("Patto di servizio 150"), "{text}");
    assert!(text.contains(&cf), "{text}");
    assert!(text.contains("annullamento test"), "{text}");
    server.shutdown().await.unwrap();
}
