//! Push: exactly-once, conflicts, rejections, scope.

use reqwest::StatusCode;
use serde_json::json;
use sportello_core::candidate::Contacts;
use sportello_protocol::sync::{
    AnnotationKind, Change, FasciaDeboleDeclaration, Mutation, MutationBatch, MutationResult,
    NewAnnotation,
};
use sportello_protocol::{ErrorCode, paths};
use uuid::Uuid;

use crate::support::{Sandbox, candidates, problem};

struct Fixture {
    sb: Sandbox,
    token: String,
    /// Codici fiscali of the operatore's branch, and of another branch.
    mine: Vec<String>,
    theirs: Vec<String>,
}

async fn fixture() -> Fixture {
    let sb = Sandbox::start(120, 2).await;
    let a = sb.branches()[0].clone();
    let master = sb.login("master", None).await;
    let (all, _) = sb.pull_from(&master.token, None, 1000).await;
    let (mine, theirs): (Vec<_>, Vec<_>) = candidates(&all).into_iter().partition(|(_, b)| *b == a);
    let op = sb
        .login(&format!("operatore.{}", a.to_lowercase()), None)
        .await;
    Fixture {
        sb,
        token: op.token,
        mine: mine.into_iter().map(|c| c.0).collect(),
        theirs: theirs.into_iter().map(|c| c.0).collect(),
    }
}

fn contacts(mobile: &str, email: Option<&str>) -> Contacts {
    Contacts {
        phone: None,
        mobile: Some(mobile.into()),
        email: email.map(Into::into),
    }
}

async fn record(f: &Fixture, cf: &str) -> sportello_protocol::sync::CandidateRecord {
    let (changes, _) = f.sb.pull_from(&f.token, None, 5000).await;
    changes
        .into_iter()
        .find_map(|c| match c {
            Change::Candidate { record, .. } if record.sap.codice_fiscale == cf => Some(*record),
            _ => None,
        })
        .expect("the candidate is in scope")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_batch_twice_is_applied_once() {
    let f = fixture().await;
    let cf = f.mine[0].clone();
    let client = Uuid::new_v4();
    let note = NewAnnotation {
        id: Uuid::new_v4(),
        kind: AnnotationKind::EsitoColloquio,
        text: "Esito positivo".into(),
        occurred_on: None,
    };
    let batch = vec![
        Mutation::edit_contacts(
            1,
            &cf,
            1,
            &contacts("3331234567", Some("Mario.Rossi@Esempio.it")),
        ),
        Mutation::add_annotation(2, &cf, &note),
        Mutation::set_fascia_debole(
            3,
            &cf,
            2,
            &FasciaDeboleDeclaration {
                fascia_debole: true,
                categoria: Some("sva".into()),
            },
        ),
    ];
    let first = f.sb.push(&f.token, client, batch.clone()).await;
    let versions: Vec<i64> = first
        .iter()
        .map(|r| match r {
            MutationResult::Applied { version, .. } => *version,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(versions, [2, 1, 3]);
    let second = f.sb.push(&f.token, client, batch.clone()).await;
    assert_eq!(first, second, "a replay answers the stored outcomes");
    let r = record(&f, &cf).await;
    assert_eq!(r.version, 3, "applied once: two edits, two versions");
    assert_eq!(
        r.sap.contacts.email.as_deref(),
        Some("mario.rossi@esempio.it")
    );
    assert_eq!(
        r.fascia_debole,
        Some(FasciaDeboleDeclaration {
            fascia_debole: true,
            categoria: Some("SVA".into())
        })
    );
    let (changes, _) = f.sb.pull_from(&f.token, None, 5000).await;
    let notes = changes
        .iter()
        .filter(|c| matches!(c, Change::Annotation { annotation, .. } if annotation.id == note.id))
        .count();
    assert_eq!(notes, 1, "the annotation exists once");

    // A batch that overlaps: the old part is replayed, the new part applied.
    let mut overlap = batch[2..].to_vec();
    overlap.push(Mutation::edit_contacts(
        4,
        &cf,
        3,
        &contacts("3339999999", None),
    ));
    let out = f.sb.push(&f.token, client, overlap).await;
    assert_eq!(out[0], first[2]);
    assert!(matches!(out[1], MutationResult::Applied { version: 4, .. }));

    // The same seq with another mutation is refused, not applied.
    let other = Mutation::edit_contacts(4, &cf, 4, &contacts("3330000000", None));
    let out = f.sb.push(&f.token, client, vec![other]).await;
    let MutationResult::Rejected { errors, .. } = &out[0] else {
        panic!("{out:?}")
    };
    assert_eq!(errors[0].code, "mutazione_diversa");
    assert_eq!(record(&f, &cf).await.version, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_base_version_conflicts_and_changes_nothing() {
    let f = fixture().await;
    let cf = f.mine[1].clone();
    let (c1, c2) = (Uuid::new_v4(), Uuid::new_v4());
    let ok =
        f.sb.push(
            &f.token,
            c1,
            vec![Mutation::edit_contacts(
                1,
                &cf,
                1,
                &contacts("3331111111", None),
            )],
        )
        .await;
    assert!(matches!(ok[0], MutationResult::Applied { version: 2, .. }));
    let stale =
        f.sb.push(
            &f.token,
            c2,
            vec![Mutation::edit_contacts(
                1,
                &cf,
                1,
                &contacts("3332222222", None),
            )],
        )
        .await;
    let MutationResult::Conflict { server, .. } = &stale[0] else {
        panic!("{stale:?}")
    };
    assert_eq!(server.version, 2);
    assert_eq!(
        server.sap.contacts.mobile.as_deref(),
        Some("3331111111"),
        "the conflict carries the server's data"
    );
    let stale_fd =
        f.sb.push(
            &f.token,
            c2,
            vec![Mutation::set_fascia_debole(
                2,
                &cf,
                1,
                &FasciaDeboleDeclaration {
                    fascia_debole: false,
                    categoria: None,
                },
            )],
        )
        .await;
    assert!(matches!(stale_fd[0], MutationResult::Conflict { .. }));
    let r = record(&f, &cf).await;
    assert_eq!(
        (r.version, r.sap.contacts.mobile.as_deref(), r.fascia_debole),
        (2, Some("3331111111"), None)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_mutations_are_rejected_with_field_errors() {
    let f = fixture().await;
    let cf = f.mine[2].clone();
    let client = Uuid::new_v4();
    let fd = |flag: bool, cat: Option<&str>| FasciaDeboleDeclaration {
        fascia_debole: flag,
        categoria: cat.map(Into::into),
    };
    let mut no_base = Mutation::edit_contacts(9, &cf, 1, &Contacts::default());
    no_base.base_version = None;
    let empty_note = NewAnnotation {
        id: Uuid::new_v4(),
        kind: AnnotationKind::Nota,
        text: "   ".into(),
        occurred_on: None,
    };
    let batch = vec![
        Mutation::edit_contacts(
            1,
            &cf,
            1,
            &Contacts {
                phone: Some("12ab".into()),
                mobile: None,
                email: Some("non-una-mail".into()),
            },
        ),
        Mutation::set_fascia_debole(2, &cf, 1, &fd(true, None)),
        Mutation::set_fascia_debole(3, &cf, 1, &fd(true, Some("XYZ"))),
        Mutation::set_fascia_debole(4, &cf, 1, &fd(false, Some("SVA"))),
        Mutation::add_annotation(5, &cf, &empty_note),
        Mutation::edit_contacts(6, "RSSMRA85T10A562S", 1, &Contacts::default()),
        Mutation::edit_contacts(7, &f.theirs[0], 1, &Contacts::default()),
        no_base,
    ];
    let out = f.sb.push(&f.token, client, batch).await;
    let errors: Vec<Vec<(String, String)>> = out
        .iter()
        .map(|r| match r {
            MutationResult::Rejected { errors, .. } => errors
                .iter()
                .map(|e| (e.field.clone(), e.code.clone()))
                .collect(),
            other => panic!("expected a rejection: {other:?}"),
        })
        .collect();
    let e = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        errors[0],
        e(&[
            ("payload.phone", "formato_non_valido"),
            ("payload.email", "formato_non_valido")
        ])
    );
    assert_eq!(errors[1], e(&[("payload.categoria", "obbligatorio")]));
    assert_eq!(errors[2], e(&[("payload.categoria", "sconosciuto")]));
    assert_eq!(errors[3], e(&[("payload.categoria", "incoerente")]));
    assert_eq!(errors[4], e(&[("payload.text", "obbligatorio")]));
    assert_eq!(errors[5], e(&[("key", "non_trovato")]));
    assert_eq!(
        errors[6],
        e(&[("key", "non_trovato")]),
        "another branch's candidate is refused, not ignored"
    );
    let rejection = |r: &MutationResult| match r {
        MutationResult::Rejected { errors, .. } => serde_json::to_value(errors).unwrap(),
        other => panic!("expected a rejection: {other:?}"),
    };
    assert_eq!(
        rejection(&out[5]),
        rejection(&out[6]),
        "an unknown codice fiscale and another branch's look the same"
    );
    assert_eq!(errors[7], e(&[("base_version", "obbligatorio")]));
    assert_eq!(record(&f, &cf).await.version, 1, "nothing was applied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_batches_and_foreign_clients_are_refused() {
    let f = fixture().await;
    let cf = f.mine[0].clone();
    let client = Uuid::new_v4();
    let m = |seq| Mutation::edit_contacts(seq, &cf, 1, &Contacts::default());
    let mut unknown_kind = m(1);
    unknown_kind.kind = "cancella_tutto".into();
    let mut bad_payload = m(3);
    bad_payload.payload = json!({"mobile": 42});
    let batch = MutationBatch {
        client_id: client,
        mutations: vec![unknown_kind, m(2), bad_payload],
    };
    let refused = problem(
        f.sb.post(paths::MUTATIONS, Some(&f.token), &batch).await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    let fields: Vec<&str> = refused.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["mutations[0]", "mutations[2]"],
        "each bad shape is named"
    );
    assert_eq!(
        record(&f, &cf).await.version,
        1,
        "a refused batch applies nothing"
    );
    let too_many = MutationBatch {
        client_id: client,
        mutations: (1..=501).map(m).collect(),
    };
    problem(
        f.sb.post(paths::MUTATIONS, Some(&f.token), &too_many).await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    problem(
        f.sb.post(paths::MUTATIONS, Some(&f.token), &json!({"client_id": "x"}))
            .await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    problem(
        f.sb.post(paths::MUTATIONS, None, &too_many).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;

    f.sb.push(&f.token, client, vec![m(1)]).await;
    let other = f.sb.login("master", None).await;
    let stolen = MutationBatch {
        client_id: client,
        mutations: vec![m(2)],
    };
    problem(
        f.sb.post(paths::MUTATIONS, Some(&other.token), &stolen)
            .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
}

/// Order is the client's business: a seq below one already applied is answered per
/// mutation (a replay, or a rejection when that seq was never seen), not by refusing
/// the whole batch.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seqs_out_of_order_are_answered_per_mutation() {
    let f = fixture().await;
    let cf = f.mine[1].clone();
    let client = Uuid::new_v4();
    let five = Mutation::edit_contacts(5, &cf, 1, &Contacts::default());
    let three = Mutation::edit_contacts(3, &cf, 1, &Contacts::default());
    let out =
        f.sb.push(&f.token, client, vec![five.clone(), three, five])
            .await;
    assert!(
        matches!(out[0], MutationResult::Applied { seq: 5, .. }),
        "{out:?}"
    );
    match &out[1] {
        MutationResult::Rejected { seq: 3, errors, .. } => assert_eq!(errors[0].field, "seq"),
        other => panic!("seq 3 after 5 is rejected: {other:?}"),
    }
    assert_eq!(
        out[2], out[0],
        "the repeated mutation gets its stored outcome"
    );
    assert_eq!(record(&f, &cf).await.version, 2, "applied once");
}
