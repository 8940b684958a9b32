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
