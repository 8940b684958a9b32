//! Seeding: deterministic, valid, more than ten branches.

use std::collections::HashSet;

use chrono::Utc;
use sportello_centrale::db::Location;
use sportello_centrale::seed::{SeedOptions, seed};

use crate::support::reference;

/// (codice fiscale, branch, SAP JSON) and (username, role, branches).
type Rows = Vec<(String, String, String)>;

fn dump(db: &Location) -> (Rows, Rows) {
    crate::support::read_db(db, |tx| {
        let candidates = tx.query_map(
            "SELECT codice_fiscale, branch, sap FROM candidates ORDER BY codice_fiscale",
            (),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let memberships: Vec<(String, String, String)> = tx.query_map(
            "SELECT u.username, u.role, b.branch FROM users u JOIN user_branches b USING (username)
             ORDER BY u.username, b.branch",
            (),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let mut users: Rows = Vec::new();
        for (username, role, branch) in memberships {
            match users.last_mut() {
                Some(last) if last.0 == username => last.2 = format!("{},{branch}", last.2),
                _ => users.push((username, role, branch)),
            }
        }
        Ok((candidates, users))
    })
}

#[test]
fn same_seed_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let opts = |s| SeedOptions {
        citizens: 400,
        branches: 12,
        seed: s,
        reference: reference(),
    };
    let database = |name: &str| {
        let folder = dir.path().join(name);
        std::fs::create_dir_all(&folder).unwrap();
        sportello_testkit::postgres::test_database(&folder)
    };
    let (at, bt, ct) = (database("a"), database("b"), database("c"));
    let a = seed(&at, &opts(5), Utc::now()).unwrap();
    let b = seed(&bt, &opts(5), Utc::now()).unwrap();
    seed(&ct, &opts(6), Utc::now()).unwrap();
    assert_eq!(
        a.users, b.users,
        "users and passwords are derived from the seed"
    );
    let (da, db, dc) = (dump(&at), dump(&bt), dump(&ct));
    assert_eq!(da, db, "same seed, same citizens and users");
    assert_ne!(da.0, dc.0, "another seed, other citizens");

    assert_eq!(a.branches.len(), 12);
    assert!(
        a.branches.contains(&"FI02".to_string()) && a.branches.contains(&"PO02".to_string()),
        "{:?}",
        a.branches
    );
    assert_eq!(
        a.users.len(),
        2 + 12 + 1,
        "a master, a super, an operatore per branch, the regional office"
    );
    let unique: HashSet<_> = da.0.iter().map(|c| &c.0).collect();
    assert_eq!(unique.len(), 400);
    for (cf, branch, sap) in &da.0 {
        assert!(
            sportello_core::codice_fiscale::check(cf, reference())
                .errors
                .is_empty(),
            "{cf} is valid"
        );
        let c: sportello_core::Candidate = serde_json::from_str(sap).unwrap();
        assert_eq!((&c.codice_fiscale, &c.branch), (cf, branch));
    }

    let again = seed(&at, &opts(5), Utc::now());
    assert!(again.is_err(), "a seeded database is not seeded twice");
}

/// The sandbox's documents to sign: every state of seed 003 in every branch (in
/// progress at each step, concluded by the citizen and by the operator, annulled with
/// a reason, replaced by a named practice), each a trail the core accepts.
#[test]
fn documents_to_sign_in_every_state() {
    use sportello_core::cpi::documenti::{Annullamento, AzioneDocumento, Passo, Traccia};
    use sportello_protocol::documenti::Documento;

    let dir = tempfile::tempdir().unwrap();
    let db = sportello_testkit::postgres::test_database(dir.path());
    let opts = SeedOptions {
        citizens: 200,
        branches: 3,
        seed: 9,
        reference: reference(),
    };
    let report = seed(&db, &opts, Utc::now()).unwrap();
    let docs: Vec<Documento> = crate::support::read_db(&db, |tx| {
        tx.query_map("SELECT record FROM documenti", (), |r| {
            r.get::<_, String>(0)
        })
    })
    .iter()
    .map(|j| serde_json::from_str(j).unwrap())
    .collect();
    assert_eq!(
        docs.len(),
        report.branches.len() * sportello_centrale::seed::DOCUMENTI_PER_FILIALE
    );
    let numbers: HashSet<i64> = docs.iter().map(|d| d.numero).collect();
    assert_eq!(numbers.len(), docs.len(), "one practice number each");
    for branch in &report.branches {
        let mine: Vec<&Documento> = docs.iter().filter(|d| &d.filiale == branch).collect();
        let states: HashSet<&str> = mine
            .iter()
            .map(|d| match (&d.traccia.annullato, d.traccia.passi.last()) {
                (Some(_), _) => "Annullato",
                (None, Some(p)) => p.passo.etichetta(),
                (None, None) => "senza passi",
            })
            .collect();
        for state in [
            "Documento Inserito",
            "Preso In Carico",
            "Firmato Cittadino",
            "Firmato Operatore",
            "Annullato",
        ] {
            assert!(states.contains(state), "{branch}: {state} in {states:?}");
        }
        let replaced = mine
            .iter()
            .find_map(|d| match &d.traccia.annullato.as_ref()?.annullamento {
                Annullamento::Sostituito { pratica } => Some(pratica.clone()),
                Annullamento::Motivo { .. } => None,
            })
            .expect("a replaced practice");
        assert!(
            mine.iter().any(|d| d.numero.to_string() == replaced),
            "the replacement it names exists"
        );
        for d in &mine {
            // Every trail replays through the core's rules.
            let mut again = Traccia::nuovo(d.traccia.tipo, d.creato_il);
            for p in &d.traccia.passi[1..] {
                let azione = match p.passo {
                    Passo::PresoInCarico => AzioneDocumento::PrendiInCarico,
                    Passo::FirmatoCittadino => AzioneDocumento::FirmaCittadino,
                    _ => AzioneDocumento::FirmaOperatore,
                };
                again.applica(&azione, p.quando).unwrap();
            }
            assert_eq!(again.passi, d.traccia.passi);
        }
    }
}
