//! Issue 19: the training-course catalogue at a region's scale — the catalogue
//! received whole after a sync (server answer, every course checked, the store
//! replaced), the same sync when nothing changed (`noto`), and the catalogue's search
//! in the desktop (every kept course parsed and filtered).

use std::time::{Duration, Instant};

use chrono::{Days, Utc};
use sportello_app::Profile;
use sportello_app::corsi::{self, CorsiFiltro};
use sportello_centrale::db::{Db, Location};
use sportello_centrale::seed::{SeedOptions, seed};
use sportello_centrale::{Config, serve};
use sportello_core::corsi::{AzioneCorso, DatiCorso, Esito, Segmento, TipologiaCorso};
use uuid::Uuid;

fn dati(n: usize) -> DatiCorso {
    let inizio = Utc::now().date_naive() + Days::new(10 + (n % 300) as u64);
    DatiCorso {
        tipologia: TipologiaCorso::FormazioneSaluteSicurezza,
        codice_accreditamento: None,
        identificativo: format!("B-{n:06}"),
        titolo: format!("Sicurezza sul lavoro, edizione {n}"),
        denominazione_ente: "Centro Studi Veneto Lavoro".into(),
        codice_fiscale_ente: "04567890126".into(),
        indirizzo_ente: "Fondamenta Nuove 5".into(),
        comune: "Venezia".into(),
        provincia: "VE".into(),
        cap: "30121".into(),
        mail_ente: "corsi@centrostudi.example".into(),
        telefono_ente: "041 5550101".into(),
        ore: 16,
        inizio,
        fine: inizio + Days::new(3),
        costo_centesimi: 12_000,
        esito: Esito::A,
        finalita: vec![Segmento {
            testo: "Formazione generale e specifica dei lavoratori, rischio basso.".into(),
            ..Segmento::default()
        }],
    }
}

fn percentile(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

pub(crate) fn corsi(courses: usize) {
    println!("== course catalogue: {courses} validated courses");
    let dir = tempfile::tempdir().expect("temporary folder");
    let db_path = dir.path().join("centrale.db");
    let now = Utc::now();
    let opts = SeedOptions {
        citizens: 100,
        branches: 2,
        seed: 4,
        reference: now.date_naive(),
    };
    let seeded = seed(&db_path, &opts, now).expect("seed");
    let db = Db::open(&Location::Sqlite(db_path.clone())).expect("open");
    db.write(|tx| {
        for n in 0..courses {
            let mut c =
                sportello_centrale::db::corsi::create(tx, Uuid::new_v4(), dati(n), "ente", now)?;
            c.applica(&AzioneCorso::RichiediValidazione, "ente", now)
                .expect("allowed");
            c.applica(&AzioneCorso::Valida, "regione", now)
                .expect("allowed");
            sportello_centrale::db::corsi::put(tx, &c)?;
        }
        Ok(())
    })
    .expect("courses");
    drop(db);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let server = rt.block_on(serve(Config::new(&db_path))).expect("serve");
    let master = seeded
        .users
        .iter()
        .find(|u| u.role == "master")
        .expect("master");
    let data = tempfile::tempdir().expect("temporary folder");
    let profile = Profile::new(Some(data.path().to_path_buf()), &master.username).expect("profile");
    let (mut store, _) = rt
        .block_on(sportello_app::sync::login(
            &profile,
            Some(&server.url()),
            &master.password,
            None,
        ))
        .expect("login");

    let t = Instant::now();
    let changed = rt.block_on(corsi::ricevi(&mut store)).expect("receive");
    assert!(changed);
    println!(
        "catalogue received whole     {:>8.0} ms  (GET, every course checked, store replaced; target ≤ 3000 ms)",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let mut unchanged = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        assert!(!rt.block_on(corsi::ricevi(&mut store)).expect("receive"));
        unchanged.push(t.elapsed());
    }
    println!(
        "sync, catalogue unchanged    {:>8.1} ms  (p50; p95 {:.1} ms; target ≤ 100 ms)",
        percentile(&mut unchanged, 0.5),
        percentile(&mut unchanged, 0.95)
    );
    for (label, filtro) in [
        ("search, default filter", CorsiFiltro::default()),
        (
            "search, title words",
            CorsiFiltro {
                titolo: "sicurezza edizione 4999".into(),
                ..CorsiFiltro::default()
            },
        ),
    ] {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..20 {
            let t = Instant::now();
            rows = corsi::elenco(&store, &filtro).expect("list").righe.len();
            times.push(t.elapsed());
        }
        println!(
            "{label:<28} {:>8.1} ms  (p50; p95 {:.1} ms; {rows} rows; target p95 ≤ 300 ms)",
            percentile(&mut times, 0.5),
            percentile(&mut times, 0.95)
        );
    }
    rt.block_on(server.shutdown()).expect("shutdown");
}
