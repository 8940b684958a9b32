//! `cargo xtask bench sync`: the sync issue's figures — initial sync of 100,000
//! candidates over loopback (client in a child process, so its peak RSS is its own),
//! incremental sync of 100 changed records, push of 1,000 queued mutations.

use std::time::Instant;

use chrono::Utc;
use sportello_centrale::seed::{SeedOptions, seed};
use sportello_centrale::{Config, serve};
use sportello_core::candidate::Contacts;
use sportello_protocol::sync::{Mutation, MutationBatch};
use sportello_store::Store;
use sportello_sync::{Client, ClientConfig, Edit, SyncReport, engine, local, session, sync_once};

use crate::{ms, peak_rss_mb};

pub(crate) const SYNC_CHILD: &str = "sync-child";

fn config() -> ClientConfig {
    ClientConfig {
        page_size: 5_000,
        batch_size: 500,
        ..ClientConfig::default()
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

pub(crate) fn sync(count: usize) {
    println!("== sync: {count} candidates over loopback");
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("centrale.db");
    let opts = SeedOptions {
        citizens: count,
        branches: 3,
        seed: 1,
        reference: Utc::now().date_naive(),
    };
    let started = Instant::now();
    let report = seed(&db, &opts, Utc::now()).expect("seed");
    println!(
        "seed the sandbox            {:>9.0} ms",
        ms(started.elapsed())
    );
    let master = report
        .users
        .iter()
        .find(|u| u.role == "master")
        .expect("a master")
        .clone();
    let rt = runtime();
    let server = rt.block_on(serve(Config::new(&db))).expect("serve");
    let url = server.url();
    let data_dir = dir.path().join("client");

    // 1. Initial sync in a child process.
    let child = std::process::Command::new(std::env::current_exe().expect("bench binary"))
        .args([SYNC_CHILD, &url, &master.username, &master.password])
        .arg(&data_dir)
        .output()
        .expect("run the sync child");
    assert!(
        child.status.success(),
        "sync child failed: {}",
        String::from_utf8_lossy(&child.stderr)
    );
    eprint!("{}", String::from_utf8_lossy(&child.stderr));
    println!(
        "initial sync as `sportello sync` {}  (targets ≤ 10000 ms, ≤ 300 MB)",
        String::from_utf8_lossy(&child.stdout).trim()
    );

    let client = Client::new(&url, config()).expect("client");
    let profile = sportello_app::Profile::new(Some(data_dir), &master.username).expect("profile");
    let mut store = Store::open(&profile.store_dir(), &master.password).expect("open");
    assert_eq!(store.candidate_count().expect("count") as usize, count);

    // 2. 100 records changed on the server by someone else.
    let cfs: Vec<String> = store
        .candidates_matching_keywords(&sportello_core::keywords::KeywordQuery::parse(""))
        .expect("all");
    rt.block_on(async {
        let s = session::login(&client, &master.username, &master.password, None)
            .await
            .expect("login");
        let mutations = cfs[..100]
            .iter()
            .enumerate()
            .map(|(i, cf)| {
                let version = store.candidate(cf).expect("read").expect("cached").version;
                Mutation::edit_contacts(
                    i as i64 + 1,
                    cf,
                    version,
                    &Contacts {
                        phone: Some(format!("0550{i:06}")),
                        ..Contacts::default()
                    },
                )
            })
            .collect();
        let batch = MutationBatch {
            client_id: uuid::Uuid::new_v4(),
            mutations,
        };
        client.push(&s.token, &batch).await.expect("push");
    });
    let started = Instant::now();
    let r = rt
        .block_on(sync_once(&client, &mut store, &|_| {}))
        .expect("sync");
    println!(
        "incremental sync, 100 changed {:>7.0} ms  ({} records, target ≤ 500 ms)",
        ms(started.elapsed()),
        r.pulled
    );

    // 3. 1,000 local changes queued, then pushed.
    store
        .write(|tx| {
            for (i, cf) in cfs[200..1_200].iter().enumerate() {
                let edit = Edit::Contacts(Contacts {
                    email: Some(format!("bench{i}@esempio.it")),
                    ..Contacts::default()
                });
                local::record_edit(tx, &master.username, cf, &edit, Utc::now())?;
            }
            Ok::<_, sportello_sync::Error>(())
        })
        .expect("queue");
    let token = store.session().expect("session").expect("logged in").token;
    let started = Instant::now();
    let mut report = SyncReport::default();
    rt.block_on(engine::push(
        &client,
        &mut store,
        &token,
        &mut report,
        &|_| {},
    ))
    .expect("push");
    println!(
        "push of 1,000 mutations     {:>9.0} ms  ({} applied, target ≤ 3000 ms)",
        ms(started.elapsed()),
        report.applied
    );
    rt.block_on(server.shutdown()).expect("shutdown");
}

/// The child: what an operator runs, `sportello login` then `sportello sync`, through
/// the same use cases (store created at login, default page size, fasce-deboli
/// follow-up); prints both times and the child's peak RSS.
pub(crate) fn sync_child(args: &[String]) {
    let (url, user, password) = (&args[0], &args[1], &args[2]);
    let data_dir = std::path::PathBuf::from(&args[3]);
    let rt = runtime();
    let profile = sportello_app::Profile::new(Some(data_dir), user).expect("profile");
    let started = Instant::now();
    let (mut store, _) = rt
        .block_on(sportello_app::sync::login(
            &profile,
            Some(url),
            password,
            None,
        ))
        .expect("login");
    let login = started.elapsed();
    let started = Instant::now();
    let summary = rt
        .block_on(sportello_app::sync::sync(&mut store, &|_| {}))
        .expect("sync");
    println!(
        "{:>9.0} ms  ({} records in {} pages; login and store creation {:.0} ms before it; peak RSS {:.0} MB)",
        ms(started.elapsed()),
        summary.pulled,
        summary.pages,
        ms(login),
        peak_rss_mb()
    );
}
