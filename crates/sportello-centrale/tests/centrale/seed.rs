//! Seeding: deterministic, valid, more than ten branches.

use std::collections::HashSet;

use chrono::Utc;
use rusqlite::Connection;
use sportello_centrale::seed::{SeedOptions, seed};

use crate::support::reference;

/// (codice fiscale, branch, SAP JSON) and (username, role, branches).
type Rows = Vec<(String, String, String)>;

fn dump(path: &std::path::Path) -> (Rows, Rows) {
    let conn = Connection::open(path).unwrap();
    let mut c = conn
        .prepare("SELECT codice_fiscale, branch, sap FROM candidates ORDER BY codice_fiscale")
        .unwrap();
    let candidates = c
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut u = conn
        .prepare("SELECT u.username, u.role, group_concat(b.branch) FROM users u JOIN user_branches b USING (username) GROUP BY u.username ORDER BY u.username")
        .unwrap();
    let users = u
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (candidates, users)
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
    let a = seed(&dir.path().join("a.db"), &opts(5), Utc::now()).unwrap();
    let b = seed(&dir.path().join("b.db"), &opts(5), Utc::now()).unwrap();
    seed(&dir.path().join("c.db"), &opts(6), Utc::now()).unwrap();
    assert_eq!(
        a.users, b.users,
        "users and passwords are derived from the seed"
    );
    let (da, db, dc) = (
        dump(&dir.path().join("a.db")),
        dump(&dir.path().join("b.db")),
        dump(&dir.path().join("c.db")),
    );
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
        2 + 12,
        "a master, a super, an operatore per branch"
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

    let again = seed(&dir.path().join("a.db"), &opts(5), Utc::now());
    assert!(again.is_err(), "a seeded database is not seeded twice");
}
