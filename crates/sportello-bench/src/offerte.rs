//! Issue 16: matching over a 1,000,000-candidate store, bulk insert of 10,000 offers,
//! and the pull of 100,000 expressions of interest.

use std::time::{Duration, Instant};

use chrono::Utc;
use sportello_centrale::seed::{SeedOptions, seed};
use sportello_centrale::{Config, serve};
use sportello_core::offerte::{Requisiti, Voci};
use sportello_protocol::offerte::{InserimentoMassivo, Offerte, paths};
use sportello_store::Scope;
use sportello_sync::{Client, ClientConfig, session, sync_once};

use crate::search::{cached_store, percentile, reference};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The sandbox's lists, as its migration writes them.
fn voci() -> Voci {
    let v = |codes: &[&str]| {
        codes
            .iter()
            .map(|c| sportello_core::offerte::Voce {
                codice: (*c).into(),
                descrizione: (*c).into(),
            })
            .collect()
    };
    Voci {
        tipi_offerta: v(&["PRESELEZIONE", "PUBBLICHE_AMMINISTRAZIONI"]),
        tipi_contratto: v(&["TEMPO_DETERMINATO", "TEMPO_INDETERMINATO"]),
        modalita_lavoro: v(&["FULL_TIME", "PART_TIME"]),
        motivi_rifiuto: v(&["DISTANZA"]),
    }
}

/// The first page (20) of the candidates fitting each of 20 demo offers, over the
/// cached store of `count`, as the Offerte screen asks it.
pub(crate) fn abbinamenti(count: usize) {
    println!("== matching over {count} candidates: first page of 20, p50/p95");
    let (_dir, store) = cached_store(count);
    let generator = sportello_demo::Generator::new(31, reference());
    let branches = sportello_demo::branches(10);
    let offers: Vec<Requisiti> = (0..20u64)
        .map(|i| {
            let mut o = generator.offerta(i, &branches[i as usize % branches.len()], &voci());
            if i % 3 == 0 {
                o.patenti = vec!["B".into()];
                o.lingue = vec!["inglese".into()];
            }
            Requisiti::of(&o)
        })
        .collect();
    let started = Instant::now();
    let first = store
        .abbinamenti(&offers[0], &Scope::All, 0, 20)
        .expect("match");
    println!(
        "first match after opening    {:>8.0} ms  (builds the in-memory copy; {} fit)",
        ms(started.elapsed()),
        first.total
    );
    let mut times = Vec::new();
    let mut fits = 0;
    for round in 0..3 {
        for r in &offers {
            let scope = if round == 1 {
                Scope::Branches(vec!["FI01".into(), "PO01".into()])
            } else {
                Scope::All
            };
            let started = Instant::now();
            let page = store.abbinamenti(r, &scope, 0, 20).expect("match");
            times.push(started.elapsed());
            fits += page.total;
        }
    }
    times.sort();
    println!(
        "first page, {} offers × 3     p50 {:>6.1} ms  p95 {:>6.1} ms  max {:>6.1} ms  ({} fits on average; target p95 ≤ 150 ms)",
        offers.len(),
        ms(percentile(&times, 50)),
        ms(percentile(&times, 95)),
        ms(*times.last().expect("timed")),
        fits / times.len() as u64
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Bulk insert of `offers` through `POST /offerte/massivo` (checked and inserted all
/// or nothing), then a client's pull of `interests` new expressions of interest.
pub(crate) fn server(offers: usize, interests: usize) {
    println!(
        "== offers on the sandbox server (SQLite): bulk insert of {offers}, pull of {interests} interests"
    );
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("centrale.db");
    let opts = SeedOptions {
        citizens: 100_000,
        branches: 3,
        seed: 1,
        reference: Utc::now().date_naive(),
    };
    let report = seed(&db, &opts, Utc::now()).expect("seed");
    let master = report
        .users
        .iter()
        .find(|u| u.role == "master")
        .expect("a master")
        .clone();
    let rt = runtime();
    let mut config = Config::new(&db);
    config.sandbox = true;
    let server = rt.block_on(serve(config)).expect("serve");
    let url = server.url();
    let client = Client::new(
        &url,
        ClientConfig {
            page_size: 5_000,
            ..ClientConfig::default()
        },
    )
    .expect("client");

    let generator = sportello_demo::Generator::new(77, Utc::now().date_naive());
    let branches = sportello_demo::branches(3);
    let rows: Vec<_> = (0..offers as u64)
        .map(|i| {
            let mut d = generator.offerta(i, &branches[i as usize % 3], &voci());
            let later = Utc::now().date_naive() + chrono::Days::new(30);
            d.fine_pubblicazione = later;
            d.scadenza = later;
            d
        })
        .collect();
    let http = reqwest::Client::new();
    let s = rt
        .block_on(session::login(
            &client,
            &master.username,
            &master.password,
            None,
        ))
        .expect("login");
    let started = Instant::now();
    let response = rt
        .block_on(
            http.post(format!("{url}{}", paths::MASSIVO))
                .bearer_auth(&s.token)
                .json(&InserimentoMassivo {
                    offerte: rows,
                    pubblica: true,
                })
                .send(),
        )
        .expect("bulk insert");
    let status = response.status();
    let done: Offerte = rt.block_on(response.json()).expect("an answer");
    println!(
        "bulk insert, check + insert  {:>8.0} ms  ({} offers, HTTP {status}; target ≤ 3000 ms)",
        ms(started.elapsed()),
        done.offerte.len()
    );

    // A client up to date, then the citizens' interests arrive, then it syncs.
    let store_dir = dir.path().join("client");
    let mut store = sportello_store::Store::create(&store_dir, &master.password).expect("store");
    session::adopt(&mut store, &client, &s).expect("adopt");
    rt.block_on(sync_once(&client, &mut store, &|_| {}))
        .expect("first sync");
    let made: serde_json::Value = rt
        .block_on(async {
            http.post(format!(
                "{url}{}",
                sportello_centrale::routes::sandbox::INTERESTS
            ))
            .json(&serde_json::json!({"quanti": interests, "seed": 5}))
            .send()
            .await?
            .json()
            .await
        })
        .expect("interests");
    // The server's share: the same pages read and parsed, not written.
    let token = store.session().expect("session").expect("logged in").token;
    let mut cursor = store
        .sync_cursor(sportello_sync::engine::CURSOR_KEY)
        .expect("cursor")
        .map(|c| c.cursor);
    let started = Instant::now();
    let mut read = 0;
    loop {
        let page = rt
            .block_on(client.changes(&token, cursor.as_deref()))
            .expect("page");
        read += page.changes.len();
        cursor = Some(page.next_cursor);
        if !page.has_more {
            break;
        }
    }
    println!(
        "  pages read, not written    {:>8.0} ms  ({read} records)",
        ms(started.elapsed())
    );
    let started = Instant::now();
    let r = rt
        .block_on(sync_once(&client, &mut store, &|_| {}))
        .expect("sync");
    println!(
        "pull of new interests        {:>8.0} ms  ({} made, {} records pulled in {} pages)",
        ms(started.elapsed()),
        made["creati"],
        r.pulled,
        r.pages
    );
    fitting_offers(&store);
    rt.block_on(server.shutdown()).expect("shutdown");
}

/// The other direction, as a candidate's sheet asks it: every published offer of the
/// store judged for one candidate, the best 50 kept.
fn fitting_offers(store: &sportello_store::Store) {
    let page = store
        .search(&sportello_store::SearchQuery {
            filter: Default::default(),
            scope: Scope::All,
            reference: Utc::now().date_naive(),
            sort: Default::default(),
            offset: 0,
            limit: 20,
        })
        .expect("candidates");
    let mut times = Vec::new();
    let mut fits = 0;
    for found in &page.rows {
        let started = Instant::now();
        let list =
            sportello_app::offerte::interessi::adatte(store, &found.summary.codice_fiscale, 50)
                .expect("fitting offers");
        times.push(started.elapsed());
        fits += list.len();
    }
    times.sort();
    println!(
        "offers fitting a candidate   p50 {:>6.1} ms  p95 {:>6.1} ms  ({} published offers judged, {} kept on average; target p95 ≤ 300 ms)",
        ms(percentile(&times, 50)),
        ms(percentile(&times, 95)),
        store.offerte(&Default::default()).expect("offers").len(),
        fits / times.len().max(1)
    );
}
