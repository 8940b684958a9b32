//! Passwords, and what reaches the disk.

use std::io::Read;

use sportello_store::{Error, Store};

use crate::support::*;

#[test]
fn right_password_opens_wrong_one_is_refused() {
    let (dir, mut store) = new_store();
    store.write(|tx| tx.set_meta("note", "scritto")).unwrap();
    drop(store);

    let store = Store::open(dir.path(), PASSWORD).expect("the creating password opens the store");
    assert_eq!(store.meta("note").unwrap().as_deref(), Some("scritto"));
    drop(store);

    for wrong in ["sportello2026", "Sportello2027", "", "Sportello2026 "] {
        let err =
            Store::open(dir.path(), wrong).expect_err("only the exact password opens the store");
        assert!(
            matches!(err, Error::WrongPassword),
            "{wrong:?} must give WrongPassword, not {err:?}"
        );
    }
    assert!(
        matches!(
            Store::open_or_create(dir.path(), "altra"),
            Err(Error::WrongPassword)
        ),
        "open_or_create must not replace a store whose password it does not know"
    );
}

#[test]
fn missing_and_existing_stores_are_reported() {
    let dir = temp_dir();
    let missing = dir.path().join("operators/mario");
    assert!(matches!(
        Store::open(&missing, PASSWORD),
        Err(Error::NotFound { .. })
    ));
    Store::open_or_create(&missing, PASSWORD)
        .expect("open_or_create creates the folder and the store");
    assert!(matches!(
        Store::create(&missing, PASSWORD),
        Err(Error::AlreadyExists { .. })
    ));
    Store::open_or_create(&missing, PASSWORD).expect("and opens it the second time");
}

#[test]
fn a_key_file_left_by_an_interrupted_create_does_not_block_a_new_one() {
    let dir = temp_dir();
    drop(Store::create(dir.path(), "prima").unwrap());
    std::fs::remove_file(dir.path().join(sportello_store::DB_FILE)).unwrap();
    // As if `create` had written store.key and crashed before store.db existed.
    Store::create(dir.path(), PASSWORD).expect("a lone key file protects no data and is replaced");
    Store::open(dir.path(), PASSWORD).expect("the new key file matches the new password");
}

#[test]
fn database_file_is_not_plain_sqlite() {
    let (dir, store) = new_store();
    drop(store);
    let db = dir.path().join(sportello_store::DB_FILE);
    let mut header = [0u8; 16];
    std::fs::File::open(&db)
        .unwrap()
        .read_exact(&mut header)
        .unwrap();
    assert_ne!(
        &header, b"SQLite format 3\0",
        "an encrypted file must not start with SQLite's plaintext header"
    );

    let plain = rusqlite::Connection::open(&db).unwrap();
    let err = plain
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .expect_err("SQLite without the key must not read the schema");
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase),
        "{err}"
    );
}

#[test]
fn no_personal_data_in_plaintext_on_disk() {
    let (dir, mut store) = new_store();
    let mut c = candidate(
        "QGLZBD90D42D612K",
        "Quaglierini",
        "Zebedea",
        "Saldatrice subacquea certificata",
    );
    c.contacts.email = Some("zebedea.quaglierini@example.org".into());
    store
        .bulk_upsert_candidates(&[record(c.clone(), 1)])
        .unwrap();
    store.bulk_upsert_candidates(demo_records(11, 300)).unwrap();
    store
        .write(|tx| {
            tx.enqueue_mutation(
                "candidate.note",
                &c.codice_fiscale,
                Some(1),
                &serde_json::json!({"nota": "Zebedea"}),
            )
        })
        .unwrap();
    store
        .write(|tx| tx.set_meta("session_token", "tok-SEGRETISSIMO-42"))
        .unwrap();

    let wal = dir.path().join("store.db-wal");
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert!(
        wal_len > 0,
        "the store is open and written to, so the WAL holds data: the check below must see it"
    );

    let needles: Vec<String> = [
        c.codice_fiscale.as_str(),
        "Quaglierini",
        "Zebedea",
        "saldatric", // the stem the keyword index holds
        "subacque",
        "zebedea.quaglierini@example.org",
        "tok-SEGRETISSIMO-42",
        PASSWORD,
        "codice_fiscale", // any JSON record or the schema in clear would contain it
        "CREATE TABLE",
    ]
    .iter()
    .flat_map(|n| [n.to_string(), n.to_lowercase(), n.to_uppercase()])
    .collect();
    let check_dir = |when: &str| {
        for name in file_names(dir.path()) {
            let bytes = std::fs::read(dir.path().join(&name)).unwrap();
            for needle in &needles {
                assert!(
                    !contains(&bytes, needle.as_bytes()),
                    "{when}: {name} contains {needle:?} in plaintext; every page, WAL frame included, must be encrypted"
                );
            }
        }
    };
    check_dir("while open");
    assert_eq!(
        file_names(dir.path()),
        ["store.db", "store.db-shm", "store.db-wal", "store.key"],
        "no temporary or journal files besides the WAL (temp_store = MEMORY)"
    );
    drop(store);
    check_dir("after closing (WAL checkpointed into the database)");
}

#[test]
fn key_file_holds_no_secret() {
    let (dir, store) = new_store();
    drop(store);
    let text = std::fs::read_to_string(dir.path().join(sportello_store::KEY_FILE)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).expect("store.key is JSON");
    for field in [
        "format",
        "kdf",
        "m_cost_kib",
        "t_cost",
        "p_cost",
        "salt",
        "key_check",
    ] {
        assert!(json.get(field).is_some(), "store.key must say {field}");
    }
    assert_eq!(json["kdf"], "argon2id");
    assert_eq!(json["m_cost_kib"], 65536, "RFC 9106's Argon2id memory cost");
    assert!(!text.contains(PASSWORD));
}

const QUIET_TEST: &str = "encryption::wrong_password_and_damage_print_nothing";

#[test]
fn wrong_password_and_damage_print_nothing() {
    if let Some((role, dir)) = child_role() {
        assert_eq!(role, "open-badly");
        let err = Store::open(&dir.join("sound"), "sbagliata").unwrap_err();
        assert!(matches!(err, Error::WrongPassword), "{err:?}");
        let err = Store::open(&dir.join("damaged"), PASSWORD).unwrap_err();
        assert!(matches!(err, Error::Corrupt { .. }), "{err:?}");
        return;
    }
    let dir = temp_dir();
    drop(Store::create(&dir.path().join("sound"), PASSWORD).unwrap());
    drop(Store::create(&dir.path().join("damaged"), PASSWORD).unwrap());
    damage_page(
        &dir.path().join("damaged").join(sportello_store::DB_FILE),
        1,
    );

    let output = spawn_self(QUIET_TEST, "open-badly", dir.path())
        .wait_with_output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the child's checks failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("1 passed"),
        "the child must have run the test: {stdout}"
    );
    assert!(
        stderr.trim().is_empty(),
        "SQLCipher must not print to the terminal on a wrong password or a damaged page; it printed:\n{stderr}"
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
