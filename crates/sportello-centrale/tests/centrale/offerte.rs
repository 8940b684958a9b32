//! Offers, interests and refusals: the push kinds, the pull, the REST operations of
//! seed 001, and the scope of each.

use chrono::{Days, Utc};
use reqwest::StatusCode;
use sportello_core::offerte::{AzioneOfferta, DatiOfferta, StatoInteresse, StatoOfferta};
use sportello_protocol::ErrorCode;
use sportello_protocol::offerte::{
    CambioStatoInteresse, CambioStatoOfferta, InserimentoMassivo, Interesse, NuovoRifiuto, Offerta,
    Offerte, PaginaInteressi, Proposta, Rifiuto, StatoTrasmissione, paths,
};
use sportello_protocol::sync::{Change, Mutation, MutationKind, MutationResult};
use uuid::Uuid;

use crate::support::{Sandbox, candidates, ok, problem};

struct Fixture {
    sb: Sandbox,
    /// The operatore of the first branch, and of the second.
    op: String,
    other: String,
    master: String,
    mine: Vec<String>,
    theirs: Vec<String>,
}

async fn fixture() -> Fixture {
    let sb = Sandbox::start(200, 2).await;
    let (a, b) = (sb.branches()[0].clone(), sb.branches()[1].clone());
    let master = sb.login("master", None).await.token;
    let (all, _) = sb.pull_from(&master, None, 5000).await;
    let (mine, theirs): (Vec<_>, Vec<_>) =
        candidates(&all).into_iter().partition(|(_, br)| *br == a);
    let op = sb
        .login(&format!("operatore.{}", a.to_lowercase()), None)
        .await
        .token;
    let other = sb
        .login(&format!("operatore.{}", b.to_lowercase()), None)
        .await
        .token;
    Fixture {
        sb,
        op,
        other,
        master,
        mine: mine.into_iter().map(|c| c.0).collect(),
        theirs: theirs.into_iter().map(|c| c.0).collect(),
    }
}

pub(crate) fn offers(changes: &[Change]) -> Vec<Offerta> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::Offerta { offerta, .. } => Some((**offerta).clone()),
            _ => None,
        })
        .collect()
}

pub(crate) fn interests(changes: &[Change]) -> Vec<Interesse> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::Interesse { interesse, .. } => Some((**interesse).clone()),
            _ => None,
        })
        .collect()
}

pub(crate) fn refusals(changes: &[Change]) -> Vec<Rifiuto> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::Rifiuto { rifiuto, .. } => Some((**rifiuto).clone()),
            _ => None,
        })
        .collect()
}

/// A valid new offer of `branch` (Firenze's comune as its sede).
fn dati(branch: &str) -> DatiOfferta {
    let fine = Utc::now().date_naive() + Days::new(30);
    DatiOfferta {
        filiale: branch.into(),
        tipo_offerta: "PRESELEZIONE".into(),
        tipo_contratto: "TEMPO_DETERMINATO".into(),
        qualifica: "Magazziniere".into(),
        descrizione_qualifica: "Carico e scarico".into(),
        esperienza_richiesta: false,
        descrizione_esperienza: None,
        posti: 3,
        modalita_lavoro: "FULL_TIME".into(),
        sedi: vec!["D612".into()],
        scadenza: fine,
        fine_pubblicazione: fine,
        requisiti: Default::default(),
        titolo_studio_minimo: None,
        patenti: vec![],
        lingue: vec![],
    }
}

fn m(
    kind: MutationKind,
    seq: i64,
    key: Uuid,
    base: Option<i64>,
    payload: &impl serde::Serialize,
) -> Mutation {
    Mutation::offerte(kind, seq, key, base, payload)
}

fn rejected_fields(r: &MutationResult) -> Vec<String> {
    match r {
        MutationResult::Rejected { errors, .. } => errors
            .iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect(),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_has_offers_and_interests_each_branch_sees_its_own() {
    let f = fixture().await;
    let a = &f.sb.branches()[0];
    let (all, _) = f.sb.pull_from(&f.master, None, 5000).await;
    let (op, _) = f.sb.pull_from(&f.op, None, 5000).await;
    let (every, mine) = (offers(&all), offers(&op));
    assert!(every.len() >= 20, "{} offers", every.len());
    assert!(!mine.is_empty() && mine.len() < every.len());
    assert!(mine.iter().all(|o| o.dati.filiale == *a));
    assert!(every.iter().any(|o| o.stato == StatoOfferta::Bozza));
    assert!(every.iter().any(|o| o.stato == StatoOfferta::Chiusa));
    let today = Utc::now().date_naive();
    assert!(
        every
            .iter()
            .any(|o| o.stato.al(o.dati.fine_pubblicazione, today) == StatoOfferta::Scaduta)
    );
    // Codes are the branch's province and a number, unique.
    let mut codes: Vec<&str> = every.iter().map(|o| o.codice.as_str()).collect();
    assert!(
        codes.iter().all(|c| c.len() > 3 && c.as_bytes()[2] == b'-'),
        "{codes:?}"
    );
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), every.len());
    let seen = interests(&op);
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|i| i.filiale == *a));
    assert!(interests(&all).len() > seen.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offer_made_offline_gets_its_code_once_and_moves_through_its_states() {
    let f = fixture().await;
    let a = f.sb.branches()[0].clone();
    let client = Uuid::new_v4();
    let id = Uuid::new_v4();
    let fine = Utc::now().date_naive() + Days::new(40);
    let batch = vec![
        m(MutationKind::SalvaOfferta, 1, id, None, &dati(&a)),
        m(
            MutationKind::StatoOfferta,
            2,
            id,
            Some(1),
            &AzioneOfferta::Pubblica {
                fine_pubblicazione: fine,
            },
        ),
    ];
    let first = f.sb.push(&f.op, client, batch.clone()).await;
    assert!(
        matches!(first[0], MutationResult::Applied { version: 1, .. }),
        "{first:?}"
    );
    assert!(
        matches!(first[1], MutationResult::Applied { version: 2, .. }),
        "{first:?}"
    );
    // The answer got lost: the same batch again changes nothing.
    assert_eq!(f.sb.push(&f.op, client, batch).await, first);
    let (changes, _) = f.sb.pull_from(&f.op, None, 5000).await;
    let o = offers(&changes)
        .into_iter()
        .find(|o| o.id == id)
        .expect("the new offer");
    assert_eq!(
        (o.version, o.stato, o.dati.fine_pubblicazione),
        (2, StatoOfferta::Pubblicata, fine)
    );
    assert_eq!(o.storico.len(), 2, "{:?}", o.storico);
    assert!(
        o.codice
            .starts_with(&format!("{}-", &f.sb.report.branches[0][..2])),
        "{}",
        o.codice
    );

    // A stale version is outdated and changes nothing; a wrong transition is refused.
    let stale =
        f.sb.push(
            &f.op,
            client,
            vec![m(
                MutationKind::StatoOfferta,
                3,
                id,
                Some(1),
                &AzioneOfferta::Chiudi,
            )],
        )
        .await;
    assert!(
        matches!(stale[0], MutationResult::Outdated { version: 2, .. }),
        "{stale:?}"
    );
    let wrong =
        f.sb.push(
            &f.op,
            client,
            vec![m(
                MutationKind::StatoOfferta,
                4,
                id,
                Some(2),
                &AzioneOfferta::Pubblica {
                    fine_pubblicazione: fine,
                },
            )],
        )
        .await;
    assert_eq!(rejected_fields(&wrong[0]), ["payload.azione:incoerente"]);
    let mut edited = dati(&a);
    edited.posti = 5;
    let edit =
        f.sb.push(
            &f.op,
            client,
            vec![m(MutationKind::SalvaOfferta, 5, id, Some(2), &edited)],
        )
        .await;
    assert!(
        matches!(edit[0], MutationResult::Applied { version: 3, .. }),
        "{edit:?}"
    );
    let close =
        f.sb.push(
            &f.op,
            client,
            vec![m(
                MutationKind::StatoOfferta,
                6,
                id,
                Some(3),
                &AzioneOfferta::Chiudi,
            )],
        )
        .await;
    assert!(matches!(
        close[0],
        MutationResult::Applied { version: 4, .. }
    ));
    let closed_edit =
        f.sb.push(
            &f.op,
            client,
            vec![m(MutationKind::SalvaOfferta, 7, id, Some(4), &edited)],
        )
        .await;
    assert_eq!(rejected_fields(&closed_edit[0]), ["key:incoerente"]);

    // Another branch's operatore cannot see or touch it.
    let other =
        f.sb.push(
            &f.other,
            Uuid::new_v4(),
            vec![m(
                MutationKind::StatoOfferta,
                1,
                id,
                Some(4),
                &AzioneOfferta::Chiudi,
            )],
        )
        .await;
    assert_eq!(rejected_fields(&other[0]), ["key:non_trovato"]);
    let (theirs, _) = f.sb.pull_from(&f.other, None, 5000).await;
    assert!(offers(&theirs).iter().all(|o| o.id != id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_offers_are_rejected_field_by_field() {
    let f = fixture().await;
    let a = f.sb.branches()[0].clone();
    let b = f.sb.branches()[1].clone();
    let mut bad = dati(&a);
    bad.posti = 0;
    bad.tipo_contratto = "NESSUNO".into();
    bad.esperienza_richiesta = true;
    bad.sedi = vec!["Z999".into()];
    let results =
        f.sb.push(
            &f.op,
            Uuid::new_v4(),
            vec![
                m(MutationKind::SalvaOfferta, 1, Uuid::new_v4(), None, &bad),
                m(
                    MutationKind::SalvaOfferta,
                    2,
                    Uuid::new_v4(),
                    None,
                    &dati(&b),
                ),
            ],
        )
        .await;
    assert_eq!(
        rejected_fields(&results[0]),
        [
            "payload.tipo_contratto:formato_non_valido",
            "payload.descrizione_esperienza:formato_non_valido",
            "payload.posti:formato_non_valido",
            "payload.sedi:formato_non_valido"
        ]
    );
    assert_eq!(
        rejected_fields(&results[1]),
        ["payload.filiale:formato_non_valido"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proposals_interest_states_and_refusals() {
    let f = fixture().await;
    let (all, _) = f.sb.pull_from(&f.op, None, 5000).await;
    let today = Utc::now().date_naive();
    let published: Vec<Offerta> = offers(&all)
        .into_iter()
        .filter(|o| o.stato.al(o.dati.fine_pubblicazione, today) == StatoOfferta::Pubblicata)
        .collect();
    let draft = offers(&all)
        .into_iter()
        .find(|o| o.stato == StatoOfferta::Bozza)
        .expect("a draft");
    let offer = &published[0];
    let client = Uuid::new_v4();
    let (i1, i2) = (Uuid::new_v4(), Uuid::new_v4());
    let cf = f
        .mine
        .iter()
        .find(|cf| {
            !interests(&all)
                .iter()
                .any(|i| i.offerta == offer.id && &i.codice_fiscale == *cf)
        })
        .unwrap();
    let propose = |seq, key, offerta: Uuid, cf: &str| {
        m(
            MutationKind::ProponiOfferta,
            seq,
            key,
            None,
            &Proposta {
                offerta,
                codice_fiscale: cf.into(),
            },
        )
    };
    let results =
        f.sb.push(
            &f.op,
            client,
            vec![
                propose(1, i1, offer.id, cf),
                propose(2, i2, offer.id, cf),
                propose(3, Uuid::new_v4(), offer.id, &f.theirs[0]),
                propose(4, Uuid::new_v4(), draft.id, cf),
                m(
                    MutationKind::StatoInteresse,
                    5,
                    i1,
                    Some(1),
                    &CambioStatoInteresse {
                        stato: StatoInteresse::Contattato,
                        nota: Some("Telefonata".into()),
                    },
                ),
                m(
                    MutationKind::StatoInteresse,
                    6,
                    i1,
                    Some(2),
                    &CambioStatoInteresse {
                        stato: StatoInteresse::Assunto,
                        nota: None,
                    },
                ),
                m(
                    MutationKind::StatoInteresse,
                    7,
                    i1,
                    Some(1),
                    &CambioStatoInteresse {
                        stato: StatoInteresse::Colloquio,
                        nota: None,
                    },
                ),
            ],
        )
        .await;
    assert!(
        matches!(results[0], MutationResult::Applied { version: 1, .. }),
        "{results:?}"
    );
    assert_eq!(
        rejected_fields(&results[1]),
        ["payload.codice_fiscale:gia_esistente"]
    );
    assert_eq!(
        rejected_fields(&results[2]),
        ["payload.codice_fiscale:non_trovato"]
    );
    assert_eq!(rejected_fields(&results[3]), ["payload.offerta:incoerente"]);
    assert!(
        matches!(results[4], MutationResult::Applied { version: 2, .. }),
        "{results:?}"
    );
    assert_eq!(rejected_fields(&results[5]), ["payload.stato:incoerente"]);
    assert!(
        matches!(results[6], MutationResult::Outdated { version: 2, .. }),
        "{results:?}"
    );

    let refusal = Uuid::new_v4();
    let rifiuto = |motivo: &str, note: Option<&str>| NuovoRifiuto {
        offerta: offer.id,
        codice_fiscale: cf.clone(),
        data: today,
        motivo: motivo.into(),
        note: note.map(Into::into),
    };
    let results =
        f.sb.push(
            &f.op,
            client,
            vec![
                m(
                    MutationKind::RifiutoOfferta,
                    8,
                    Uuid::new_v4(),
                    None,
                    &rifiuto("NESSUNO", None),
                ),
                m(
                    MutationKind::RifiutoOfferta,
                    9,
                    Uuid::new_v4(),
                    None,
                    &rifiuto("ALTRO", None),
                ),
                m(
                    MutationKind::RifiutoOfferta,
                    10,
                    refusal,
                    None,
                    &rifiuto("distanza", Some("Troppo lontano")),
                ),
            ],
        )
        .await;
    assert_eq!(rejected_fields(&results[0]), ["payload.motivo:sconosciuto"]);
    assert_eq!(rejected_fields(&results[1]), ["payload.note:obbligatorio"]);
    assert!(
        matches!(results[2], MutationResult::Applied { .. }),
        "{results:?}"
    );

    let (changes, _) = f.sb.pull_from(&f.op, None, 5000).await;
    let i = interests(&changes)
        .into_iter()
        .find(|i| i.id == i1)
        .unwrap();
    assert_eq!(
        (i.stato, i.version, i.origine),
        (
            StatoInteresse::Contattato,
            2,
            sportello_core::offerte::OrigineInteresse::PropostaFiliale
        )
    );
    assert_eq!(i.storico[1].nota.as_deref(), Some("Telefonata"));
    let r = refusals(&changes)
        .into_iter()
        .find(|r| r.id == refusal)
        .unwrap();
    assert_eq!(
        (r.motivo.as_str(), r.trasmissione.stato),
        ("DISTANZA", StatoTrasmissione::Trasmesso)
    );
    assert!(r.trasmissione.protocollo.is_some());
    // The other branch sees none of it.
    let (theirs, _) = f.sb.pull_from(&f.other, None, 5000).await;
    assert!(interests(&theirs).iter().all(|x| x.id != i1));
    assert!(refusals(&theirs).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rest_operations_of_seed_001_with_their_scope() {
    let f = fixture().await;
    let a = f.sb.branches()[0].clone();
    let b = f.sb.branches()[1].clone();
    let (all, _) = f.sb.pull_from(&f.master, None, 5000).await;
    let every = offers(&all);
    let mine = every.iter().find(|o| o.dati.filiale == a).unwrap();
    let theirs = every.iter().find(|o| o.dati.filiale == b).unwrap();

    // Lookup by code, detail.
    let found: Offerte = ok(f
        .sb
        .get(
            &format!("{}?codice={}", paths::OFFERTE, mine.codice.to_lowercase()),
            Some(&f.op),
        )
        .await)
    .await;
    assert_eq!(found.offerte, vec![mine.clone()]);
    let none: Offerte = ok(f
        .sb
        .get(&format!("{}?codice=XX-1", paths::OFFERTE), Some(&f.op))
        .await)
    .await;
    assert!(none.offerte.is_empty());
    problem(
        f.sb.get(
            &format!("{}?codice={}", paths::OFFERTE, theirs.codice),
            Some(&f.op),
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
    let detail: Offerta = ok(f
        .sb
        .get(
            &paths::OFFERTA.replace("{id}", &mine.id.to_string()),
            Some(&f.op),
        )
        .await)
    .await;
    assert_eq!(&detail, mine);
    problem(
        f.sb.get(
            &paths::OFFERTA.replace("{id}", &theirs.id.to_string()),
            Some(&f.op),
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
    problem(
        f.sb.get(
            &paths::OFFERTA.replace("{id}", &Uuid::new_v4().to_string()),
            Some(&f.op),
        )
        .await,
        StatusCode::NOT_FOUND,
        ErrorCode::NonTrovato,
    )
    .await;
    problem(
        f.sb.get(&paths::OFFERTA.replace("{id}", "x"), None).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;

    // State and end of publication, with the version it was decided on.
    let draft = every
        .iter()
        .find(|o| o.dati.filiale == a && o.stato == StatoOfferta::Bozza)
        .unwrap();
    let fine = Utc::now().date_naive() + Days::new(10);
    let path = paths::STATO.replace("{id}", &draft.id.to_string());
    let publish = |v| CambioStatoOfferta {
        azione: AzioneOfferta::Pubblica {
            fine_pubblicazione: fine,
        },
        base_version: v,
    };
    problem(
        f.sb.post(&path, Some(&f.op), &publish(draft.version + 1))
            .await,
        StatusCode::CONFLICT,
        ErrorCode::VersioneSuperata,
    )
    .await;
    let done: Offerta = ok(f.sb.post(&path, Some(&f.op), &publish(draft.version)).await).await;
    assert_eq!(
        (done.stato, done.dati.fine_pubblicazione),
        (StatoOfferta::Pubblicata, fine)
    );
    problem(
        f.sb.post(&path, Some(&f.op), &publish(done.version)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    problem(
        f.sb.post(
            &paths::STATO.replace("{id}", &theirs.id.to_string()),
            Some(&f.op),
            &publish(theirs.version),
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;

    // Interests of the agency and of one offer: paged, by branch, by date.
    let page: PaginaInteressi = ok(f
        .sb
        .get(&format!("{}?limite=5", paths::INTERESSI), Some(&f.master))
        .await)
    .await;
    assert_eq!(page.interessi.len(), 5);
    assert!(page.interessi.windows(2).all(|w| w[0].data >= w[1].data));
    let next: PaginaInteressi = ok(f
        .sb
        .get(
            &format!("{}?limite=5&dopo={}", paths::INTERESSI, page.next.unwrap()),
            Some(&f.master),
        )
        .await)
    .await;
    assert!(next.interessi.iter().all(|i| !page.interessi.contains(i)));
    let seen = interests(&all);
    let mut total = Vec::new();
    let mut after = None;
    loop {
        let q = after.map_or(String::new(), |a| format!("&dopo={a}"));
        let p: PaginaInteressi = ok(f
            .sb
            .get(
                &format!("{}?filiale={a}&limite=1000{q}", paths::INTERESSI),
                Some(&f.master),
            )
            .await)
        .await;
        total.extend(p.interessi);
        match p.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(total.len(), seen.iter().filter(|i| i.filiale == a).count());
    let yesterday = Utc::now().date_naive() - Days::new(1);
    let recent: PaginaInteressi = ok(f
        .sb
        .get(
            &format!("{}?dal={yesterday}&limite=1000", paths::INTERESSI),
            Some(&f.master),
        )
        .await)
    .await;
    assert_eq!(
        recent.interessi.len(),
        seen.iter()
            .filter(|i| i.data.date_naive() >= yesterday)
            .count()
    );
    problem(
        f.sb.get(&format!("{}?filiale={b}", paths::INTERESSI), Some(&f.op))
            .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
    problem(
        f.sb.get(&format!("{}?limite=0", paths::INTERESSI), Some(&f.op))
            .await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    let with: &Interesse = seen.iter().find(|i| i.filiale == a).unwrap();
    let of_offer: PaginaInteressi = ok(f
        .sb
        .get(
            &format!(
                "{}?limite=1000",
                paths::INTERESSI_OFFERTA.replace("{id}", &with.offerta.to_string())
            ),
            Some(&f.op),
        )
        .await)
    .await;
    assert_eq!(
        of_offer.interessi.len(),
        seen.iter().filter(|i| i.offerta == with.offerta).count()
    );
    assert!(of_offer.interessi.iter().all(|i| i.offerta == with.offerta));
}

async fn count(sb: &Sandbox, token: &str) -> usize {
    offers(&sb.pull_from(token, None, 5000).await.0).len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_insert_is_all_or_nothing() {
    let f = fixture().await;
    let a = f.sb.branches()[0].clone();
    let before = count(&f.sb, &f.op).await;
    let mut rows: Vec<DatiOfferta> = (0..50).map(|_| dati(&a)).collect();
    rows[37].posti = 0;
    rows[41].filiale = f.sb.branches()[1].clone();
    let refused = problem(
        f.sb.post(
            paths::MASSIVO,
            Some(&f.op),
            &InserimentoMassivo {
                offerte: rows.clone(),
                pubblica: true,
            },
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    let fields: Vec<&str> = refused.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["offerte[37].posti", "offerte[41].filiale"]);
    assert_eq!(count(&f.sb, &f.op).await, before, "nothing inserted");
    rows[37].posti = 1;
    rows[41].filiale = a.clone();
    let done: Offerte = ok(f
        .sb
        .post(
            paths::MASSIVO,
            Some(&f.op),
            &InserimentoMassivo {
                offerte: rows,
                pubblica: true,
            },
        )
        .await)
    .await;
    assert_eq!(done.offerte.len(), 50);
    assert!(
        done.offerte
            .iter()
            .all(|o| o.stato == StatoOfferta::Pubblicata && o.version == 1)
    );
    assert_eq!(count(&f.sb, &f.op).await, before + 50);
    problem(
        f.sb.post(
            paths::MASSIVO,
            Some(&f.op),
            &InserimentoMassivo {
                offerte: vec![],
                pubblica: false,
            },
        )
        .await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn citizens_interests_arrive_over_time_in_the_next_pull() {
    let f = fixture().await;
    let a = f.sb.branches()[0].clone();
    let (before, cursor) = f.sb.pull_from(&f.op, None, 5000).await;
    let made: serde_json::Value = ok(f
        .sb
        .post(
            sportello_centrale::routes::sandbox::INTERESTS,
            None,
            &serde_json::json!({"quanti": 40, "seed": 3}),
        )
        .await)
    .await;
    assert_eq!(made["creati"], 40);
    let (after, _) = f.sb.pull_from(&f.op, Some(cursor), 5000).await;
    let new = interests(&after);
    assert!(
        !new.is_empty() && new.len() < 40,
        "only this branch's: {}",
        new.len()
    );
    assert!(
        new.iter()
            .all(|i| i.filiale == a && i.stato == StatoInteresse::DaValutare)
    );
    let old: Vec<Uuid> = interests(&before).iter().map(|i| i.id).collect();
    assert!(new.iter().all(|i| !old.contains(&i.id)));
    // Each citizen is interested in an offer once.
    let (all, _) = f.sb.pull_from(&f.master, None, 5000).await;
    let mut pairs: Vec<(Uuid, String)> = interests(&all)
        .into_iter()
        .map(|i| (i.offerta, i.codice_fiscale))
        .collect();
    let n = pairs.len();
    pairs.sort();
    pairs.dedup();
    assert_eq!(pairs.len(), n);
}
