//! Offers offline: made, published, proposed, followed and refused without a network,
//! shown at once, sent once, and settled when the server moved on meanwhile.

use chrono::{Days, Utc};
use sportello_core::offerte::{AzioneOfferta, DatiOfferta, StatoInteresse, StatoOfferta};
use sportello_protocol::offerte::{
    CambioStatoInteresse, Interesse, NuovoRifiuto, Offerta, Rifiuto, StatoTrasmissione,
};
use sportello_protocol::sync::{Mutation, MutationBatch, MutationKind, MutationResult};
use sportello_store::{MutationState, Store};
use sportello_sync::offerte::{Cambio, record};
use sportello_sync::{Resolution, local, session, sync_once};
use uuid::Uuid;

use crate::support::*;

fn dati(branch: &str) -> DatiOfferta {
    let fine = Utc::now().date_naive() + Days::new(30);
    DatiOfferta {
        filiale: branch.into(),
        tipo_offerta: "PRESELEZIONE".into(),
        tipo_contratto: "TEMPO_INDETERMINATO".into(),
        qualifica: "Cuoco".into(),
        descrizione_qualifica: "Cucina tradizionale".into(),
        esperienza_richiesta: false,
        descrizione_esperienza: None,
        posti: 1,
        modalita_lavoro: "PART_TIME".into(),
        sedi: vec!["G999".into()],
        scadenza: fine,
        fine_pubblicazione: fine,
        requisiti: Default::default(),
        titolo_studio_minimo: None,
        patenti: vec![],
        lingue: vec![],
    }
}

fn change(store: &mut Store, c: Cambio) -> i64 {
    store.write(|tx| record(tx, &c, Utc::now())).unwrap().seq
}

fn shown_offer(store: &Store, id: Uuid) -> Offerta {
    serde_json::from_str(
        &store
            .offerta(&id.to_string())
            .unwrap()
            .expect("shown")
            .record,
    )
    .unwrap()
}

fn shown_interest(store: &Store, id: Uuid) -> Interesse {
    serde_json::from_str(
        &store
            .interesse(&id.to_string())
            .unwrap()
            .expect("shown")
            .record,
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offers_made_offline_are_shown_at_once_and_sent_once() {
    let sandbox = Sandbox::start(200, 2).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let first = store.branches().unwrap()[0].clone();
    let branch = first.code.clone();
    assert_eq!(
        store.offerte_voci().unwrap().tipi_offerta.len(),
        0,
        "lists come with an explicit refresh"
    );
    let today = Utc::now().date_naive();
    let published = store
        .offerte(&Default::default())
        .unwrap()
        .into_iter()
        .map(|r| serde_json::from_str::<Offerta>(&r.record).unwrap())
        .find(|o| {
            o.dati.filiale == branch
                && o.stato.al(o.dati.fine_pubblicazione, today) == StatoOfferta::Pubblicata
        })
        .expect("a published seed offer");
    let cf = store
        .candidates_matching_keywords(&sportello_core::keywords::KeywordQuery::parse(""))
        .unwrap()
        .into_iter()
        .find(|cf| {
            store.candidate(cf).unwrap().unwrap().candidate.branch == branch
                && store
                    .interessi(Some(&published.id.to_string()), Some(cf))
                    .unwrap()
                    .is_empty()
        })
        .unwrap();

    // Offline: a new offer, published; a proposal followed to the interview; a refusal.
    let (offer, interest, refusal) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let fine = today + Days::new(20);
    change(
        &mut store,
        Cambio::Salva {
            id: offer,
            dati: dati(&branch),
        },
    );
    change(
        &mut store,
        Cambio::Stato {
            id: offer,
            azione: AzioneOfferta::Pubblica {
                fine_pubblicazione: fine,
            },
        },
    );
    change(
        &mut store,
        Cambio::Proponi {
            id: interest,
            offerta: published.id,
            codice_fiscale: cf.clone(),
        },
    );
    for stato in [StatoInteresse::Contattato, StatoInteresse::Colloquio] {
        change(
            &mut store,
            Cambio::StatoInteresse {
                id: interest,
                cambio: CambioStatoInteresse { stato, nota: None },
            },
        );
    }
    change(
        &mut store,
        Cambio::Rifiuto {
            id: refusal,
            rifiuto: NuovoRifiuto {
                offerta: published.id,
                codice_fiscale: cf.clone(),
                data: today,
                motivo: "ORARIO".into(),
                note: None,
            },
            operatore: "master".into(),
        },
    );
    let o = shown_offer(&store, offer);
    assert_eq!(
        (o.stato, o.version, o.codice.as_str()),
        (StatoOfferta::Pubblicata, 2, "")
    );
    let row = store.offerta(&offer.to_string()).unwrap().unwrap();
    assert_eq!(
        (row.version, row.codice, row.province),
        (0, None, vec!["PO".to_string()])
    );
    let i = shown_interest(&store, interest);
    assert_eq!((i.stato, i.version), (StatoInteresse::Colloquio, 3));
    assert!(
        !i.cognome.is_empty(),
        "the candidate's name, from the cache"
    );
    assert!(
        !store
            .rifiuto(&refusal.to_string())
            .unwrap()
            .unwrap()
            .inviato
    );

    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(
        (report.applied, report.rejected, report.conflicts),
        (6, 0, 0),
        "{report:?}"
    );
    let o = shown_offer(&store, offer);
    assert_eq!(
        (o.stato, o.version, o.dati.fine_pubblicazione),
        (StatoOfferta::Pubblicata, 2, fine)
    );
    assert!(
        o.codice.starts_with(&format!("{}-", first.provincia)),
        "{}",
        o.codice
    );
    let i = shown_interest(&store, interest);
    assert_eq!((i.stato, i.version), (StatoInteresse::Colloquio, 3));
    let r = store.rifiuto(&refusal.to_string()).unwrap().unwrap();
    let r: Rifiuto = {
        assert!(r.inviato);
        serde_json::from_str(&r.record).unwrap()
    };
    assert_eq!(r.trasmissione.stato, StatoTrasmissione::Trasmesso);
    assert_eq!(store.outbox_counts().unwrap().total(), 0);
    assert_same(
        &local_view(&store),
        &sandbox.server_view("master", None).await,
        "after the sync",
    );

    // Nothing is sent twice: another sync applies nothing.
    let again = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(again.applied, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_on_an_old_version_is_set_aside_and_can_be_made_again() {
    let sandbox = Sandbox::start(200, 2).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let today = Utc::now().date_naive();
    let offer = store
        .offerte(&Default::default())
        .unwrap()
        .into_iter()
        .map(|r| serde_json::from_str::<Offerta>(&r.record).unwrap())
        .find(|o| o.stato.al(o.dati.fine_pubblicazione, today) == StatoOfferta::Pubblicata)
        .unwrap();
    // Meanwhile another client republishes it on the server.
    let other = sandbox.client(fast_config());
    let s = session::login(&other, "master", &sandbox.password("master"), None)
        .await
        .unwrap();
    let longer = today + Days::new(60);
    let batch = MutationBatch {
        client_id: Uuid::new_v4(),
        mutations: vec![Mutation::offerte(
            MutationKind::StatoOfferta,
            1,
            offer.id,
            Some(offer.version),
            &AzioneOfferta::Ripubblica {
                fine_pubblicazione: longer,
            },
        )],
    };
    let r = other.push(&s.token, &batch).await.unwrap();
    assert!(
        matches!(r.results[0], MutationResult::Applied { .. }),
        "{r:?}"
    );

    // Offline, on the old version: close it.
    let seq = change(
        &mut store,
        Cambio::Stato {
            id: offer.id,
            azione: AzioneOfferta::Chiudi,
        },
    );
    assert_eq!(shown_offer(&store, offer.id).stato, StatoOfferta::Chiusa);
    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(report.conflicts, 1, "{report:?}");
    let shown = shown_offer(&store, offer.id);
    assert_eq!(
        (shown.stato, shown.dati.fine_pubblicazione),
        (StatoOfferta::Pubblicata, longer),
        "the server's, not the refused change"
    );
    let entry = store
        .mutations(MutationState::Rejected, 10)
        .unwrap()
        .into_iter()
        .find(|e| e.seq == seq)
        .expect("kept for the operator");
    assert!(
        entry
            .last_error
            .as_deref()
            .unwrap()
            .contains("cambiato sul server"),
        "{:?}",
        entry.last_error
    );

    // The operator keeps their change: made again on the current version, it goes.
    store
        .write(|tx| local::resolve_rejected(tx, "master", &entry, Resolution::KeepMine, Utc::now()))
        .unwrap();
    assert_eq!(shown_offer(&store, offer.id).stato, StatoOfferta::Chiusa);
    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!((report.applied, report.conflicts), (1, 0), "{report:?}");
    assert_eq!(shown_offer(&store, offer.id).stato, StatoOfferta::Chiusa);
    assert_same(
        &local_view(&store),
        &sandbox.server_view("master", None).await,
        "after resolving",
    );
}
