//! Candidate search against its meaning: every filter alone and in random combinations
//! over a seeded store, compared with `CandidateFilter::matches` and `Sort::compare`;
//! paging; the indexes the SQL uses; saved searches.

use std::sync::OnceLock;

use chrono::{Days, Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sportello_core::candidate::EmploymentStatus;
use sportello_core::filter::{Sort, SortKey};
use sportello_core::{CandidateFilter, EducationLevel, Sex};
use sportello_store::{CandidateRecord, CandidateSummary, Matches, Scope, SearchQuery, Store};
use tempfile::TempDir;

use crate::support::*;

const CANDIDATES: usize = 1_000;

/// One store for the whole module: filled once, only read by the tests.
struct Fixture {
    _dir: TempDir,
    store: std::sync::Mutex<Store>,
    /// In insertion order: the store's row ids are 1, 2, 3…
    records: Vec<CandidateRecord>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let (dir, mut store) = new_store();
        let mut records = demo_records(11, CANDIDATES);
        // Spread the update times over 60 days, so "updated since" splits them.
        for (i, r) in records.iter_mut().enumerate() {
            r.updated_at = server_time() - Duration::hours((i as i64 * 37) % (60 * 24));
        }
        // A few hand-made oddities: accents, domicile elsewhere, codes in odd case.
        records[0].candidate.residence.as_mut().unwrap().comune = "Forlì".into();
        records[1].candidate.other.driving_licences = vec![" cqc".into()];
        records[2].candidate.personal.birth_date = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
        store
            .write(|tx| tx.upsert_branches(&demo_branches()))
            .unwrap();
        store.bulk_upsert_candidates(&records).unwrap();
        Fixture {
            _dir: dir,
            store: std::sync::Mutex::new(store),
            records,
        }
    })
}

/// Whether the scope lets the operator see the candidate's branch.
fn visible(scope: &Scope, r: &CandidateRecord) -> bool {
    match scope {
        Scope::All => true,
        Scope::Branches(codes) => codes.contains(&r.candidate.branch),
    }
}

/// The ids of the matches in order, by the oracle: within the scope, `matches`, then
/// `Sort::compare` with the row id as tie-break in the sort's direction.
fn oracle(filter: &CandidateFilter, sort: Sort, reference: NaiveDate) -> Vec<i64> {
    oracle_in(filter, &Scope::All, sort, reference)
}

fn oracle_in(
    filter: &CandidateFilter,
    scope: &Scope,
    sort: Sort,
    reference: NaiveDate,
) -> Vec<i64> {
    let fx = fixture();
    let mut hits: Vec<(i64, &CandidateRecord)> = fx
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (i as i64 + 1, r))
        .filter(|(_, r)| visible(scope, r) && filter.matches(&r.candidate, r.updated_at, reference))
        .collect();
    let descending = sort.normalised().descending;
    hits.sort_by(|(ia, a), (ib, b)| {
        sort.compare((&a.candidate, a.updated_at), (&b.candidate, b.updated_at))
            .then_with(|| if descending { ib.cmp(ia) } else { ia.cmp(ib) })
    });
    hits.into_iter().map(|(id, _)| id).collect()
}

fn search(filter: &CandidateFilter, sort: Sort, offset: u64, limit: u64) -> (u64, Vec<i64>) {
    search_in(filter, &Scope::All, sort, offset, limit)
}

/// The total and the page's ids; every row's summary is checked against its record.
fn search_in(
    filter: &CandidateFilter,
    scope: &Scope,
    sort: Sort,
    offset: u64,
    limit: u64,
) -> (u64, Vec<i64>) {
    let store = fixture().store.lock().unwrap();
    let page = store
        .search(&SearchQuery {
            filter: filter.clone(),
            scope: scope.clone(),
            reference: reference_date(),
            sort,
            offset,
            limit,
        })
        .unwrap();
    for found in &page.rows {
        check_summary(found.id, &found.summary);
        assert_eq!(found.record, None, "a page never reads the records");
    }
    (page.total, page.rows.iter().map(|f| f.id).collect())
}

/// The summary a search returns is the record's, as `CandidateSummary::of` defines it.
fn check_summary(id: i64, summary: &CandidateSummary) {
    let record = &fixture().records[id as usize - 1];
    assert_eq!(
        *summary,
        CandidateSummary::of(record),
        "the summary columns of row {id} say what its record says"
    );
}

/// Every match in order, read with or without the whole records.
fn all_matches(
    filter: &CandidateFilter,
    scope: &Scope,
    sort: Sort,
    with_records: bool,
) -> Vec<i64> {
    let store = fixture().store.lock().unwrap();
    let mut ids = Vec::new();
    let matches = Matches {
        filter,
        scope,
        reference: reference_date(),
        sort,
        with_records,
    };
    store
        .for_each_match(&matches, |f| {
            check_summary(f.id, &f.summary);
            let record = &fixture().records[f.id as usize - 1].candidate;
            assert_eq!(
                f.record.as_deref(),
                with_records.then_some(record),
                "the record comes exactly when asked for"
            );
            ids.push(f.id);
            Ok::<_, sportello_store::Error>(())
        })
        .unwrap();
    ids
}

/// The store agrees with the oracle: the same total, the same first page, the same
/// complete order.
fn check(filter: &CandidateFilter, sort: Sort) -> usize {
    check_in(filter, &Scope::All, sort)
}

fn check_in(filter: &CandidateFilter, scope: &Scope, sort: Sort) -> usize {
    let expect = oracle_in(filter, scope, sort, reference_date());
    let (total, page) = search_in(filter, scope, sort, 0, 20);
    assert_eq!(
        total as usize,
        expect.len(),
        "total of {filter:?} in {scope:?}"
    );
    assert_eq!(
        page,
        expect[..expect.len().min(20)],
        "first page of {filter:?} in {scope:?} sorted {sort:?}"
    );
    let store = fixture().store.lock().unwrap();
    assert_eq!(
        store
            .count_matching(filter, scope, reference_date())
            .unwrap() as usize,
        expect.len(),
        "count of {filter:?} in {scope:?}"
    );
    drop(store);
    let with_records = expect.len().is_multiple_of(2); // both ways, over many filters
    assert_eq!(
        all_matches(filter, scope, sort, with_records),
        expect,
        "every match, in order, of {filter:?} in {scope:?} sorted {sort:?}"
    );
    expect.len()
}

/// Half the time every branch; else some of them, possibly none or one the store
/// does not hold.
fn random_scope(rng: &mut ChaCha8Rng) -> Scope {
    if rng.random_bool(0.5) {
        return Scope::All;
    }
    let mut codes: Vec<String> = demo_branches().into_iter().map(|b| b.code).collect();
    codes.push("XX99".into());
    let n = rng.random_range(0..codes.len());
    Scope::Branches(codes.choose_multiple(rng, n).cloned().collect())
}

/// Values that actually occur in the data, so random filters select something.
fn random_filter(rng: &mut ChaCha8Rng, fields: &[usize]) -> CandidateFilter {
    let fx = fixture();
    let n2 = rng.random_bool(0.4);
    let some = |rng: &mut ChaCha8Rng| &fx.records[rng.random_range(0..fx.records.len())].candidate;
    let mut f = CandidateFilter::default();
    for field in fields {
        match field {
            0 => f.age_min = Some(rng.random_range(16..60)),
            1 => f.age_max = Some(rng.random_range(18..67)),
            2 => f.education_min = EducationLevel::from_rank(rng.random_range(0..10)),
            3 => {
                let words = [
                    "cuochi",
                    "magazziniere",
                    "\"addetto alle vendite\"",
                    "saldatura tig",
                    "excel",
                    "camerieri sala",
                    "CAFFÈ",
                    "carrello elevatore",
                    "turni",
                    "inesistente",
                ];
                f.keywords = Some(words.choose(rng).unwrap().to_string());
            }
            4 => {
                let codes: Vec<String> = demo_branches().into_iter().map(|b| b.code).collect();
                f.branches = codes
                    .choose_multiple(rng, 1 + usize::from(n2))
                    .cloned()
                    .collect();
            }
            5 => {
                let c = some(rng);
                let place = c
                    .domicile
                    .as_ref()
                    .filter(|_| rng.random_bool(0.5))
                    .or(c.residence.as_ref());
                f.comune = place.map(|a| {
                    if rng.random_bool(0.3) {
                        a.comune.to_uppercase()
                    } else {
                        a.comune.clone()
                    }
                });
            }
            6 => {
                f.provincia = some(rng)
                    .residence
                    .as_ref()
                    .map(|a| a.provincia.to_lowercase())
            }
            7 => f.sex = Some(if rng.random_bool(0.5) { Sex::M } else { Sex::F }),
            8 => f.status = EmploymentStatus::ALL.choose(rng).copied(),
            9 => f.unemployed_months_min = Some(rng.random_range(0..60)),
            10 => f.did_from = Some(reference_date() - Days::new(rng.random_range(0..1800))),
            11 => f.did_to = Some(reference_date() - Days::new(rng.random_range(0..1800))),
            12 => f.income_support = Some(rng.random_bool(0.5)),
            13 => f.collocamento_mirato = Some(rng.random_bool(0.5)),
            14 => {
                f.driving_licences = ["B", "c", "CQC", "A"]
                    .choose_multiple(rng, 1 + usize::from(n2))
                    .map(|s| s.to_string())
                    .collect()
            }
            15 => {
                f.languages = ["en", "FR", "es", "de"]
                    .choose_multiple(rng, 1 + usize::from(n2))
                    .map(|s| s.to_string())
                    .collect()
            }
            16 => {
                f.policy_activity = Some(
                    ["A02", "c06", "B03", "Z99"]
                        .choose(rng)
                        .unwrap()
                        .to_string(),
                )
            }
            17 => {
                f.updated_since =
                    Some(server_time().date_naive() - Days::new(rng.random_range(0..70)))
            }
            _ => unreachable!(),
        }
    }
    f
}

const FIELDS: usize = 18;

fn random_sort(rng: &mut ChaCha8Rng) -> Sort {
    Sort {
        key: *SortKey::ALL.choose(rng).unwrap(),
        descending: rng.random_bool(0.5),
    }
}

#[test]
fn each_filter_alone_agrees_with_the_oracle() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for field in 0..FIELDS {
        for _ in 0..4 {
            let filter = random_filter(&mut rng, &[field]);
            check(&filter, Sort::default());
        }
    }
}

#[test]
fn random_combinations_agree_with_the_oracle() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut non_empty = 0;
    for _ in 0..150 {
        let count = rng.random_range(2..6);
        let fields: Vec<usize> = (0..FIELDS)
            .collect::<Vec<_>>()
            .choose_multiple(&mut rng, count)
            .copied()
            .collect();
        let filter = random_filter(&mut rng, &fields);
        let sort = random_sort(&mut rng);
        let scope = random_scope(&mut rng);
        non_empty += usize::from(check_in(&filter, &scope, sort) > 0);
    }
    assert!(
        non_empty > 40,
        "the generator must produce filters that find someone ({non_empty})"
    );
}

#[test]
fn the_scope_bounds_every_search_whatever_the_filter() {
    let codes: Vec<String> = demo_branches().into_iter().map(|b| b.code).collect();
    let (first, second) = (codes[0].clone(), codes[1].clone());
    let only = |codes: &[&String]| Scope::Branches(codes.iter().map(|c| (*c).clone()).collect());
    let keywords = CandidateFilter {
        keywords: Some("cuochi".into()),
        ..Default::default()
    };
    let everyone = CandidateFilter::default();
    let asks_second = CandidateFilter {
        branches: vec![second.clone()],
        ..Default::default()
    };
    assert!(check_in(&everyone, &only(&[&first]), Sort::default()) > 0);
    assert!(check_in(&keywords, &only(&[&first]), Sort::default()) > 0);
    assert!(
        check_in(&keywords, &only(&[&first]), Sort::default()) < check(&keywords, Sort::default()),
        "a scope of one branch hides the other branches' keyword hits"
    );
    assert_eq!(
        check_in(&asks_second, &only(&[&first]), Sort::default()),
        0,
        "asking for a branch outside the scope finds no one"
    );
    assert_eq!(
        check_in(&everyone, &Scope::Branches(vec![]), Sort::default()),
        0
    );
    assert_eq!(
        check_in(&asks_second, &only(&[&first, &second]), Sort::default()),
        check(&asks_second, Sort::default()),
        "a branch within the scope is found whole"
    );
}

#[test]
fn every_sort_is_total_and_stable_across_pages() {
    let filter = CandidateFilter {
        branches: vec![demo_branches()[0].code.clone()],
        ..Default::default()
    };
    for key in SortKey::ALL {
        for descending in [false, true] {
            let sort = Sort { key, descending };
            let expect = oracle(&filter, sort, reference_date());
            let mut paged = Vec::new();
            let mut offset = 0;
            loop {
                let (total, page) = search(&filter, sort, offset, 37);
                assert_eq!(total as usize, expect.len());
                if page.is_empty() {
                    break;
                }
                offset += page.len() as u64;
                paged.extend(page);
            }
            assert_eq!(
                paged, expect,
                "pages of 37 put together give the whole order by {sort:?}"
            );
            assert_eq!(
                search(&filter, sort, 0, 1000).1,
                expect,
                "asking again gives the same order"
            );
        }
    }
}

#[test]
fn ties_are_broken_by_row_id_in_the_sort_direction() {
    // Everyone of one sex ties on the key: the row id decides, both ways.
    let filter = CandidateFilter {
        sex: Some(Sex::F),
        ..Default::default()
    };
    let asc = search(
        &filter,
        Sort {
            key: SortKey::Sex,
            descending: false,
        },
        0,
        1000,
    )
    .1;
    let desc = search(
        &filter,
        Sort {
            key: SortKey::Sex,
            descending: true,
        },
        0,
        1000,
    )
    .1;
    assert!(
        asc.windows(2).all(|w| w[0] < w[1]),
        "ascending ties by increasing id"
    );
    assert_eq!(desc, asc.iter().rev().copied().collect::<Vec<_>>());
}

#[test]
fn place_codes_and_leap_days_follow_the_oracle() {
    let check_one = |filter: CandidateFilter, who: usize| {
        let ids = oracle(&filter, Sort::default(), reference_date());
        assert!(
            ids.contains(&(who as i64 + 1)),
            "{filter:?} must find record {who}"
        );
        check(&filter, Sort::default());
    };
    check_one(
        CandidateFilter {
            comune: Some("FORLI".into()),
            ..Default::default()
        },
        0,
    );
    check_one(
        CandidateFilter {
            driving_licences: vec!["CQC ".into()],
            ..Default::default()
        },
        1,
    );
    // Born 29/02/2000: 26 on 23/11/2026.
    check_one(
        CandidateFilter {
            age_min: Some(26),
            age_max: Some(26),
            ..Default::default()
        },
        2,
    );
}

#[test]
fn exports_read_their_matches_from_the_search_indexes() {
    let store = fixture().store.lock().unwrap();
    let plan = |filter: CandidateFilter, sort: Sort| {
        store
            .explain_export(&Matches {
                filter: &filter,
                scope: &Scope::All,
                reference: reference_date(),
                sort,
                with_records: false,
            })
            .unwrap()
            .join("\n")
    };
    let assert_plan = |plan: String, expect: &[&str], why: &str| {
        for e in expect {
            assert!(
                plan.contains(e),
                "{why}: expected {e:?} in the plan:\n{plan}"
            );
        }
        assert!(
            !plan.contains("SCAN c\n") && !plan.ends_with("SCAN c"),
            "{why}: no scan of the candidates table:\n{plan}"
        );
        let by_id = expect.iter().any(|e| e.contains("INTEGER PRIMARY KEY"));
        assert!(
            by_id || !plan.contains("INTEGER PRIMARY KEY"),
            "{why}: no row-by-row read of the candidates table:\n{plan}"
        );
    };
    assert_plan(
        plan(
            CandidateFilter {
                branches: vec!["FI01".into()],
                status: Some(EmploymentStatus::Disoccupato),
                age_max: Some(29),
                ..Default::default()
            },
            Sort::default(),
        ),
        &[
            "COVERING INDEX candidates_search_branch (branch=? AND employment_status=? AND birth_date>?",
        ],
        "branch + status + age is one range of the branch index",
    );
    assert_plan(
        plan(
            CandidateFilter {
                status: Some(EmploymentStatus::Disoccupato),
                age_min: Some(50),
                ..Default::default()
            },
            Sort::default(),
        ),
        &["COVERING INDEX candidates_search_status (employment_status=? AND birth_date<?"],
        "status + age is one range of the status index",
    );
    assert_plan(
        plan(
            CandidateFilter {
                keywords: Some("cuochi".into()),
                sex: Some(Sex::F),
                ..Default::default()
            },
            Sort::default(),
        ),
        &[
            "candidate_keywords VIRTUAL TABLE",
            "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
        ],
        "keyword hits are looked up by row id, never by walking an index",
    );
    assert_plan(
        plan(
            CandidateFilter {
                driving_licences: vec!["C".into()],
                ..Default::default()
            },
            Sort::default(),
        ),
        &[
            "candidate_licences_licence (licence=?)",
            "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
        ],
        "licences come from their own index",
    );
    assert_plan(
        plan(
            CandidateFilter {
                collocamento_mirato: Some(true),
                ..Default::default()
            },
            Sort::default(),
        ),
        &["candidates_collocamento_mirato (collocamento_mirato=?)"],
        "the flag's partial index needs the literal = 1",
    );
    assert_plan(
        plan(CandidateFilter::default(), Sort::default()),
        &["candidates_surname"],
        "the default order is read from its index, not sorted",
    );
}

#[test]
fn saved_searches_round_trip_per_name_without_case() {
    let (_dir, mut store) = new_store();
    let filter = CandidateFilter {
        keywords: Some("cuoco".into()),
        age_max: Some(30),
        ..Default::default()
    };
    let sort = Sort {
        key: SortKey::Age,
        descending: true,
    };
    assert!(
        !store
            .save_search("Cuochi giovani", &filter, sort, server_time())
            .unwrap()
    );
    let later = server_time() + Duration::hours(1);
    let mut other = filter.clone();
    other.age_max = Some(35);
    assert!(
        store
            .save_search("cuochi GIOVANI", &other, sort, later)
            .unwrap(),
        "same name in another case replaces"
    );
    let all = store.saved_searches().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].filter, other);
    assert_eq!(all[0].sort, sort);
    assert_eq!(
        all[0].created_at,
        server_time(),
        "the first creation time is kept"
    );
    assert_eq!(all[0].updated_at, later);
    assert!(
        store
            .write(|tx| tx.delete_saved_search("CUOCHI giovani"))
            .unwrap()
    );
    assert!(store.saved_search("Cuochi giovani").unwrap().is_none());
}

/// The codici fiscali a search finds (sorted by codice fiscale, which is unique) against
/// the oracle over `records`, the store's whole content.
fn agrees_with(store: &Store, records: &[CandidateRecord], filter: &CandidateFilter) -> usize {
    let sort = Sort {
        key: SortKey::CodiceFiscale,
        descending: false,
    };
    let mut expected: Vec<&str> = records
        .iter()
        .filter(|r| filter.matches(&r.candidate, r.updated_at, reference_date()))
        .map(|r| r.candidate.codice_fiscale.as_str())
        .collect();
    expected.sort_unstable();
    let page = store
        .search(&SearchQuery {
            filter: filter.clone(),
            scope: Scope::All,
            reference: reference_date(),
            sort,
            offset: 0,
            limit: u64::MAX,
        })
        .unwrap();
    let found: Vec<&str> = page
        .rows
        .iter()
        .map(|f| f.summary.codice_fiscale.as_str())
        .collect();
    assert_eq!(found, expected, "{filter:?}");
    assert_eq!(page.total, expected.len() as u64, "{filter:?}");
    expected.len()
}

#[test]
fn searches_follow_every_write_whichever_connection_makes_it() {
    let (dir, mut store) = new_store();
    store
        .write(|tx| tx.upsert_branches(&demo_branches()))
        .unwrap();
    let mut records = demo_records(23, 300);
    store.bulk_upsert_candidates(&records).unwrap();
    let filters = [
        CandidateFilter::default(),
        CandidateFilter {
            branches: vec!["FI01".into()],
            ..Default::default()
        },
        CandidateFilter {
            driving_licences: vec!["CE".into()],
            ..Default::default()
        },
        CandidateFilter {
            keywords: Some("palombaro".into()),
            ..Default::default()
        },
        CandidateFilter {
            comune: Some("Borgo Inventato".into()),
            ..Default::default()
        },
    ];
    let check = |store: &Store, records: &[CandidateRecord]| {
        for filter in &filters {
            agrees_with(store, records, filter);
        }
    };
    check(&store, &records); // builds the in-memory index
    assert_eq!(agrees_with(&store, &records, &filters[3]), 0);
    assert_eq!(agrees_with(&store, &records, &filters[4]), 0);

    // Another connection (as the desktop's sync worker) changes, deletes and adds.
    let mut other = Store::open(dir.path(), PASSWORD).unwrap();
    let changed = &mut records[7];
    changed.version = 2;
    changed.candidate.branch = "FI01".into();
    changed.candidate.other.driving_licences = vec!["CE".into()];
    changed.candidate.desired_jobs.push("Palombaro".into());
    changed.candidate.residence.as_mut().unwrap().comune = "Borgo Inventato".into();
    other.bulk_upsert_candidates([changed.clone()]).unwrap();
    let gone = records.remove(11);
    other
        .write(|tx| tx.delete_candidates(&[gone.candidate.codice_fiscale.as_str()]))
        .unwrap();
    let mut added = demo_records(24, 5);
    for (i, r) in added.iter_mut().enumerate() {
        r.candidate.codice_fiscale = format!("ZZZZZZ80A01H50{i}X");
        r.candidate.other.driving_licences = vec!["CE".into()];
    }
    other.bulk_upsert_candidates(&added).unwrap();
    records.extend(added);
    drop(other);
    check(&store, &records);
    assert_eq!(agrees_with(&store, &records, &filters[3]), 1, "new keyword");
    assert_eq!(agrees_with(&store, &records, &filters[4]), 1, "new comune");

    // And this connection's own writes, after a deletion freed a slot.
    let back = gone;
    store.bulk_upsert_candidates([back.clone()]).unwrap();
    records.push(back);
    check(&store, &records);
}
