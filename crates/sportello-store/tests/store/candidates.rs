//! The candidate cache: bulk upsert, round trips, versions, keyword search, deletion.

use sportello_core::keywords::KeywordQuery;
use sportello_store::{Store, UpsertSummary};

use crate::support::*;

fn count_of(store: &Store, table: &str) -> u64 {
    let report = store.check().unwrap();
    report
        .table_counts
        .iter()
        .find(|t| t.table == table)
        .unwrap_or_else(|| panic!("no table {table}"))
        .rows
}

#[test]
fn bulk_upsert_survives_reopening() {
    let (dir, mut store) = new_store();
    let records = demo_records(7, 3000);
    let summary = store.bulk_upsert_candidates(&records).unwrap();
    assert_eq!(
        summary,
        UpsertSummary {
            written: 3000,
            skipped_stale: 0
        }
    );
    store
        .write(|tx| tx.upsert_branches(&demo_branches()))
        .unwrap();
    let before = store.check().unwrap();
    drop(store);

    let store = Store::open(dir.path(), PASSWORD).unwrap();
    let after = store.check().unwrap();
    assert!(after.quick_check_ok, "{:?}", after.integrity_messages);
    assert_eq!(
        after.table_counts, before.table_counts,
        "every row written in the transaction is there after reopening"
    );
    assert_eq!(store.candidate_count().unwrap(), 3000);
    for r in records.iter().step_by(500) {
        let got = store
            .candidate(&r.candidate.codice_fiscale)
            .unwrap()
            .expect("each written CF can be read back");
        assert_eq!(
            &got, r,
            "the whole SAP record round-trips through the JSON column"
        );
    }
    let mut branches = demo_branches();
    branches.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(store.branches().unwrap(), branches);
}

#[test]
fn record_round_trips_with_its_version_and_child_rows() {
    let (_dir, mut store) = new_store();
    let c = full_candidate("BNCLCU90D42D612X");
    store
        .bulk_upsert_candidates([record(c.clone(), 7)])
        .unwrap();
    let got = store.candidate(&c.codice_fiscale).unwrap().unwrap();
    assert_eq!(got, record(c, 7));
    assert_eq!(
        count_of(&store, "candidate_licences"),
        2,
        "licences b, B, C are stored once each, case folded"
    );
    assert_eq!(count_of(&store, "candidate_languages"), 1);
    assert_eq!(count_of(&store, "candidate_policies"), 1);
    assert_eq!(store.candidate("NONESISTE0000000").unwrap(), None);
}

#[test]
fn an_older_version_never_replaces_a_newer_one() {
    let (_dir, mut store) = new_store();
    let cf = "RSSMRA85T10A562S";
    store
        .bulk_upsert_candidates([record(candidate(cf, "Rossi", "Mario", "cuoco"), 5)])
        .unwrap();

    let stale = store
        .bulk_upsert_candidates([record(candidate(cf, "Rossi", "Mario", "idraulico"), 4)])
        .unwrap();
    assert_eq!(
        stale,
        UpsertSummary {
            written: 0,
            skipped_stale: 1
        }
    );
    check_keywords(&store, "idraulico", &[]);
    check_keywords(&store, "cuoco", &[cf]);

    let newer = store
        .bulk_upsert_candidates([record(candidate(cf, "Rossi", "Mario", "idraulico"), 6)])
        .unwrap();
    assert_eq!(
        newer,
        UpsertSummary {
            written: 1,
            skipped_stale: 0
        }
    );
    assert_eq!(store.candidate(cf).unwrap().unwrap().version, 6);
    check_keywords(&store, "idraulico", &[cf]);
    check_keywords(&store, "cuoco", &[]); // the old text left the index with the old version
    assert_eq!(
        store.candidate_count().unwrap(),
        1,
        "an upsert replaces, it never duplicates"
    );
}

fn check_keywords(store: &Store, query: &str, expect: &[&str]) {
    let got = store
        .candidates_matching_keywords(&KeywordQuery::parse(query))
        .unwrap();
    let mut expect: Vec<String> = expect.iter().map(|s| s.to_string()).collect();
    expect.sort();
    assert_eq!(got, expect, "keyword query {query:?}");
}

#[test]
fn keyword_search_is_italian_aware() {
    const COOK: &str = "AAAAAA80A01D612A";
    const SHOP: &str = "BBBBBB80A41D612B";
    const CAFE: &str = "CCCCCC80A01D612C";
    const BACK: &str = "DDDDDD80A01D612D";
    let (_dir, mut store) = new_store();
    let people = [
        (COOK, "Cuoco di linea presso ristoranti"),
        (SHOP, "Addetta alle vendite e al magazzino"),
        (CAFE, "Perché no: caffè e università"),
        (BACK, "magazzino, vendite; addetto"),
    ];
    let records: Vec<_> = people
        .iter()
        .map(|(cf, cv)| record(candidate(cf, "Prova", "Persona", cv), 1))
        .collect();
    store.bulk_upsert_candidates(&records).unwrap();

    check_keywords(&store, "cuochi", &[COOK]); // inflection: one stem
    check_keywords(&store, "CUOCO ristorante", &[COOK]);
    check_keywords(&store, "cuoco pizzaiolo", &[]); // every word must match
    check_keywords(&store, "caffe", &[CAFE]); // accents folded
    check_keywords(&store, "Università perche", &[CAFE]);
    check_keywords(&store, "addetto vendite", &[SHOP, BACK]); // words: any order
    check_keywords(&store, "\"addetta alle vendite\"", &[SHOP]); // a phrase: adjacent, in order
    check_keywords(&store, "\"vendite addetto\"", &[BACK]);
    check_keywords(&store, "\"addetto vendite\"", &[]);
    check_keywords(&store, "\"cuoco", &[COOK]); // an unclosed quote runs to the end
    check_keywords(&store, "cuoco OR magazzino", &[]); // OR is a word here, not an operator
    check_keywords(&store, "magazz* NOT cuoco", &[]);
    check_keywords(&store, "", &[COOK, SHOP, CAFE, BACK]); // no condition
}

#[test]
fn keyword_search_agrees_with_the_core_oracle() {
    let (_dir, mut store) = new_store();
    let records = demo_records(3, 400);
    store.bulk_upsert_candidates(&records).unwrap();
    let texts: Vec<(String, String)> = records
        .iter()
        .map(|r| {
            (
                r.candidate.codice_fiscale.clone(),
                r.candidate.keyword_text(),
            )
        })
        .collect();

    // Queries made of real indexed terms: single terms, pairs, and two-term phrases.
    let mut queries = vec![];
    for (_, text) in texts.iter().step_by(37) {
        let terms: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
        if terms.len() < 4 {
            continue;
        }
        let word = |i: usize| vec![terms[i % terms.len()].to_owned()];
        queries.push(KeywordQuery {
            groups: vec![word(0)],
        });
        queries.push(KeywordQuery {
            groups: vec![word(1), word(3)],
        });
        queries.push(KeywordQuery {
            groups: vec![vec![terms[1].to_owned(), terms[2].to_owned()]],
        });
        queries.push(KeywordQuery {
            groups: vec![vec![terms[2].to_owned(), terms[1].to_owned()]],
        });
    }
    assert!(queries.len() > 20, "enough queries to mean something");
    let mut non_trivial = 0;
    for q in &queries {
        let got = store.candidates_matching_keywords(q).unwrap();
        let mut expect: Vec<String> = texts
            .iter()
            .filter(|(_, text)| q.matches(text))
            .map(|(cf, _)| cf.clone())
            .collect();
        expect.sort();
        assert_eq!(
            got, expect,
            "FTS5 and KeywordQuery::matches must agree on {:?}",
            q.groups
        );
        non_trivial += usize::from(!got.is_empty() && got.len() < texts.len());
    }
    assert!(non_trivial > 10, "the queries must actually discriminate");
}

#[test]
fn deleting_a_candidate_removes_it_everywhere() {
    let (_dir, mut store) = new_store();
    let keep = full_candidate("KEEPKE90D42D612X");
    let gone = full_candidate("GONEGO90D42D612X");
    store
        .bulk_upsert_candidates([record(keep.clone(), 1), record(gone.clone(), 1)])
        .unwrap();
    check_keywords(
        &store,
        "pasticcera",
        &[&keep.codice_fiscale, &gone.codice_fiscale],
    );

    let deleted = store
        .write(|tx| tx.delete_candidates(&[gone.codice_fiscale.as_str(), "NONESISTE0000000"]))
        .unwrap();
    assert_eq!(deleted, 1, "only existing candidates count");
    assert_eq!(store.candidate(&gone.codice_fiscale).unwrap(), None);
    check_keywords(&store, "pasticcera", &[&keep.codice_fiscale]);
    check_keywords(&store, "", &[&keep.codice_fiscale]);
    assert_eq!(
        count_of(&store, "candidate_licences"),
        2,
        "child rows go with their candidate"
    );
    assert_eq!(count_of(&store, "candidate_policies"), 1);

    // And it can come back.
    store
        .bulk_upsert_candidates([record(gone.clone(), 2)])
        .unwrap();
    check_keywords(
        &store,
        "pasticcera",
        &[&keep.codice_fiscale, &gone.codice_fiscale],
    );
    assert!(store.check().unwrap().quick_check_ok);
}

#[test]
fn branches_are_upserted_by_code() {
    let (_dir, mut store) = new_store();
    let mut branches = demo_branches();
    store.write(|tx| tx.upsert_branches(&branches)).unwrap();
    branches[0].name = "Filiale rinominata".into();
    store
        .write(|tx| tx.upsert_branches(&branches[..1]))
        .unwrap();
    branches.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(
        store.branches().unwrap(),
        branches,
        "one row per code, the latest values"
    );
}

/// A record written twice in one call: its first write inserts a new row (which skips
/// the lookups of a replacement), the second must still replace, not add.
#[test]
fn a_record_written_twice_in_one_call_is_replaced() {
    let (_dir, mut store) = new_store();
    let cf = "RSSMRA85T10A562S";
    let mut second = full_candidate(cf);
    second.other.driving_licences = vec!["AM".into()];
    let first = candidate(cf, "Rossi", "Mario", "idraulico");
    store
        .bulk_upsert_candidates([record(first, 1), record(second, 2)])
        .unwrap();
    assert_eq!(store.candidate(cf).unwrap().unwrap().version, 2);
    check_keywords(&store, "idraulico", &[]);
    check_keywords(&store, "pasticcera", &[cf]);
    assert_eq!(
        count_of(&store, "candidate_licences"),
        1,
        "only the second's licence"
    );
    assert_eq!(store.candidate_count().unwrap(), 1);
    assert!(store.check().unwrap().quick_check_ok);
}
