//! `sportello login|sync|status|candidates annotate|logout` as a user runs them, against
//! the sandbox server started in this process.

use std::path::Path;
use std::process::{Command, Output};

use chrono::{Local, NaiveDate, Utc};
use sportello_centrale::seed::{SeedOptions, seed};
use sportello_centrale::{Config, serve};

fn run(data: &Path, url: &str, user: &str, password: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("SPORTELLO_DATA_DIR", data)
        .env("SPORTELLO_USER", user)
        .env("SPORTELLO_PASSWORD", password)
        .env("SPORTELLO_SERVER", url)
        .output()
        .expect("the sportello binary runs")
}

async fn sportello(data: &Path, url: &str, user: &str, password: &str, args: &[&str]) -> Output {
    let (data, url, user, password) = (
        data.to_owned(),
        url.to_string(),
        user.to_string(),
        password.to_string(),
    );
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&data, &url, &user, &password, &args)
    })
    .await
    .unwrap()
}

/// A sandbox database of `citizens` in `branches`, seeded in `dir`: its path and demo
/// users.
async fn seeded(
    dir: &Path,
    citizens: usize,
    branches: usize,
    seed_value: u64,
) -> (std::path::PathBuf, sportello_centrale::seed::SeedReport) {
    let db = dir.join("centrale.db");
    let opts = SeedOptions {
        citizens,
        branches,
        seed: seed_value,
        reference: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    };
    let path = db.clone();
    let report = tokio::task::spawn_blocking(move || seed(&path, &opts, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    (db, report)
}

/// One operator's CLI on one data folder, signed in to `url`.
struct Cli {
    data: std::path::PathBuf,
    url: String,
    user: sportello_centrale::seed::SeededUser,
}

impl Cli {
    fn new(
        data: std::path::PathBuf,
        url: &str,
        user: &sportello_centrale::seed::SeededUser,
    ) -> Self {
        Self {
            data,
            url: url.to_string(),
            user: user.clone(),
        }
    }

    async fn run(&self, args: &[&str]) -> Output {
        sportello(
            &self.data,
            &self.url,
            &self.user.username,
            &self.user.password,
            args,
        )
        .await
    }

    /// The command's `--json` answer; it must succeed.
    async fn json(&self, args: &[&str]) -> serde_json::Value {
        let o = self.run(args).await;
        assert!(o.status.success(), "{}", text(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sync_edit_status_logout_and_offline() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 150, 2, 9).await;
    let user = seeded.users.iter().find(|u| u.role == "operatore").unwrap();
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let data = dir.path().join("data");
    let go = |args: &'static [&'static str]| {
        sportello(&data, &url, &user.username, &user.password, args)
    };

    let out = go(&["login"]).await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Accesso eseguito"), "{}", text(&out));
    let out = go(&["sync", "--json"]).await;
    assert!(out.status.success(), "{}", text(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(summary["pulled"].as_u64().unwrap() > 0);

    let out = go(&["status", "--json"]).await;
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "online",
        "last_sync_at",
        "pending_mutations",
        "rejected",
        "conflicts",
        "scope",
        "records",
    ] {
        assert!(status.get(key).is_some(), "status has {key}: {status}");
    }
    assert_eq!(status["online"], true);
    assert_eq!(status["scope"], format!("filiale:{}", user.branches[0]));
    let cached = status["records"]["candidates"].as_u64().unwrap();
    assert!(cached > 0);

    let out = go(&["candidates", "search", "--json", "--limit", "1"]).await;
    let page: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cf = page["rows"][0]["codice_fiscale"]
        .as_str()
        .unwrap()
        .to_string();
    let cf: &'static str = Box::leak(cf.into_boxed_str());
    let args: &'static [&'static str] = Box::leak(
        vec![
            "candidates",
            "annotate",
            cf,
            "Colloquio svolto",
            "--kind",
            "esito_colloquio",
        ]
        .into_boxed_slice(),
    );
    let out = go(args).await;
    assert!(out.status.success(), "{}", text(&out));
    let out = go(&["logout"]).await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "refused with a change waiting: {}",
        text(&out)
    );
    assert!(text(&out).contains("non ancora inviate"), "{}", text(&out));

    let out = go(&["sync"]).await;
    assert!(text(&out).contains("1 applicate"), "{}", text(&out));
    let out = go(&["status", "--json"]).await;
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["pending_mutations"], 0);
    assert_eq!(status["records"]["annotations"], 1);

    // The server goes away: login works on the cache, sync says "unavailable" (exit 3).
    server.shutdown().await.unwrap();
    let out = go(&["login"]).await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Dati aggiornati al"), "{}", text(&out));
    let out = go(&["sync"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let out = go(&["logout"]).await;
    assert!(out.status.success(), "nothing waits: {}", text(&out));
}

/// Over HTTPS: without the agency's CA the login says the server is not trusted and
/// how to fix it; with `--ca-cert` it signs in, and the CA is remembered for `sync`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_and_sync_over_https_with_the_agency_ca() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 40, 1, 3).await;
    let user = seeded.users.iter().find(|u| u.role == "operatore").unwrap();
    let agency = sportello_testkit::agency_pki(dir.path(), &["127.0.0.1"]);
    let (tls, ca_file) = (agency.server, agency.ca_file);
    let mut config = Config::new(&db);
    config.tls = Some(tls);
    let server = serve(config).await.unwrap();
    let url = server.url();
    assert!(url.starts_with("https://"), "{url}");
    let data = dir.path().join("data");

    let out = sportello(&data, &url, &user.username, &user.password, &["login"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("autorità non riconosciuta"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("--ca-cert"),
        "the CLI names its option: {}",
        text(&out)
    );

    let ca = ca_file.to_str().unwrap();
    let out = sportello(
        &data,
        &url,
        &user.username,
        &user.password,
        &["login", "--ca-cert", ca],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out));
    let out = sportello(
        &data,
        &url,
        &user.username,
        &user.password,
        &["sync", "--json"],
    )
    .await;
    assert!(out.status.success(), "the CA is remembered: {}", text(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(summary["pulled"].as_u64().unwrap() > 0, "{summary}");
}

/// `sportello utenti` as a master runs it: a new operatore with a one-time password
/// changed at the first access, disabled and enabled, moved to another branch (its
/// next sync asks for a login, which drops the old branch's data).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_master_manages_accounts_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 120, 2, 11).await;
    let master = seeded.users.iter().find(|u| u.role == "master").unwrap();
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let data = dir.path().join("data");
    let (first, second) = (seeded.branches[0].clone(), seeded.branches[1].clone());
    let as_user = |user: &str, password: &str, args: Vec<String>, new_password: Option<&str>| {
        let (data, url, user, password) = (
            data.clone(),
            url.clone(),
            user.to_string(),
            password.to_string(),
        );
        let new_password = new_password.map(str::to_string);
        async move {
            tokio::task::spawn_blocking(move || {
                let mut cmd = Command::new(env!("CARGO_BIN_EXE_sportello"));
                cmd.args(&args)
                    .env("SPORTELLO_DATA_DIR", &data)
                    .env("SPORTELLO_USER", &user)
                    .env("SPORTELLO_PASSWORD", &password)
                    .env("SPORTELLO_SERVER", &url);
                if let Some(p) = new_password {
                    cmd.env("SPORTELLO_NEW_PASSWORD", p);
                }
                cmd.output().unwrap()
            })
            .await
            .unwrap()
        }
    };
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let master_does = |a: &[&str]| as_user(&master.username, &master.password, args(a), None);
    let ok = |o: &Output| assert!(o.status.success(), "{}", text(o));

    ok(&master_does(&["login"]).await);
    let out = master_does(&["utenti", "list", "--json"]).await;
    ok(&out);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The regional office's account is not the agency's.
    let agency = seeded
        .users
        .iter()
        .filter(|u| u.role != "validatore")
        .count();
    assert_eq!(list["righe"].as_array().unwrap().len(), agency);
    assert_eq!(list["puo_creare"], true);

    let out = as_user(
        &master.username,
        &master.password,
        args(&[
            "utenti",
            "new",
            "mario.rossi",
            "--ruolo",
            "operatore",
            "--filiali",
            &first,
            "--json",
        ]),
        Some("Inizio2026x"),
    )
    .await;
    ok(&out);
    let made: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (made["primo_accesso"].clone(), made["ruolo"].clone()),
        (true.into(), "operatore".into())
    );

    // The initial password lost before the first access: the master gives another.
    let out = as_user(
        &master.username,
        &master.password,
        args(&["utenti", "reset", "mario.rossi", "--json"]),
        Some("Altra2026xy"),
    )
    .await;
    ok(&out);
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again["primo_accesso"], true);
    let lost = as_user(
        "mario.rossi",
        "Inizio2026x",
        args(&["password"]),
        Some("Rossi2026ok"),
    )
    .await;
    assert!(!lost.status.success(), "the lost one no longer works");

    // First access: the one-time password must be replaced, even with no store yet.
    let out = as_user("mario.rossi", "Altra2026xy", args(&["login"]), None).await;
    assert!(!out.status.success());
    assert!(text(&out).contains("password"), "{}", text(&out));
    ok(&as_user(
        "mario.rossi",
        "Altra2026xy",
        args(&["password"]),
        Some("Rossi2026ok"),
    )
    .await);
    let mario = |a: &[&str]| as_user("mario.rossi", "Rossi2026ok", args(a), None);
    ok(&mario(&["login"]).await);
    ok(&mario(&["sync"]).await);
    let status = |o: Output| -> serde_json::Value {
        assert!(o.status.success(), "{}", text(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    assert_eq!(
        status(mario(&["status", "--json"]).await)["scope"],
        format!("filiale:{first}")
    );

    // Disabled: refused with its reason; enabled again: in.
    ok(&master_does(&["utenti", "disable", "mario.rossi"]).await);
    let out = mario(&["sync"]).await;
    assert!(!out.status.success(), "{}", text(&out));
    let out = as_user("mario.rossi", "Rossi2026ok", args(&["login"]), None).await;
    assert!(text(&out).contains("disabilitata"), "{}", text(&out));
    ok(&master_does(&["utenti", "enable", "mario.rossi"]).await);
    ok(&mario(&["login"]).await);

    // Moved: the next sync asks for a login; after it only the new branch is kept.
    ok(&master_does(&["utenti", "branches", "mario.rossi", &second]).await);
    let out = mario(&["sync"]).await;
    assert!(!out.status.success(), "the session ended: {}", text(&out));
    ok(&mario(&["login"]).await);
    ok(&mario(&["sync"]).await);
    assert_eq!(
        status(mario(&["status", "--json"]).await)["scope"],
        format!("filiale:{second}")
    );
    let out = mario(&["candidates", "search", "--json", "--limit", "500"]).await;
    let page = status(out);
    let rows = page["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| r["branch"] == second.as_str()),
        "only the new branch's candidates are left"
    );

    // A super reads; an operatore is told the list is not for them.
    let sup = seeded.users.iter().find(|u| u.role == "super").unwrap();
    let sup_does = |a: &[&str]| as_user(&sup.username, &sup.password, args(a), None);
    ok(&sup_does(&["login"]).await);
    let out = sup_does(&["utenti", "list", "--json"]).await;
    let theirs = status(out);
    assert_eq!(theirs["puo_creare"], false);
    assert!(
        theirs["righe"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["modificabile"] == false)
    );
    let out = sup_does(&["utenti", "disable", "mario.rossi"]).await;
    assert!(!out.status.success());
    let out = mario(&["utenti", "list"]).await;
    assert!(!out.status.success());
    assert!(text(&out).contains("riservato"), "{}", text(&out));
}

/// `sportello configurazione pad`: a super user makes its branches not selectable all
/// at once and is warned of the provinces left without one; an operatore of one of
/// them sees the change after its next sync, offline too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_super_user_configures_the_pad_and_the_operatore_sees_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 120, 2, 12).await;
    let sup = seeded.users.iter().find(|u| u.role == "super").unwrap();
    let op = seeded
        .users
        .iter()
        .find(|u| u.role == "operatore" && u.branches[0] == sup.branches[0])
        .unwrap();
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let data = dir.path().join("data");
    let json = |o: Output| -> serde_json::Value {
        assert!(o.status.success(), "{}", text(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let op_does =
        |a: &'static [&'static str]| sportello(&data, &url, &op.username, &op.password, a);
    assert!(op_does(&["login"]).await.status.success());
    assert!(op_does(&["sync"]).await.status.success());
    let before = json(op_does(&["configurazione", "pad", "--json"]).await);
    assert_eq!(before["filiali"][0]["selezionabile"], true);
    assert_eq!(before["modificabile"], false);

    let sup_does =
        |a: &'static [&'static str]| sportello(&data, &url, &sup.username, &sup.password, a);
    assert!(sup_does(&["login"]).await.status.success());
    let out = sup_does(&["configurazione", "pad", "--tutte", "no"]).await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("non selezionabile"), "{}", text(&out));
    assert!(
        text(&out).contains("Attenzione: nessuna filiale selezionabile"),
        "{}",
        text(&out)
    );
    let now = json(sup_does(&["configurazione", "pad", "--json"]).await);
    assert!(
        now["filiali"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["selezionabile"] == false
                && f["modifica"].as_str().unwrap().ends_with("super"))
    );
    let out = op_does(&["configurazione", "pad", "--disabilita", "FI01"]).await;
    assert!(!out.status.success(), "an operatore cannot change it");

    assert!(op_does(&["sync"]).await.status.success());
    server.shutdown().await.unwrap();
    let after = json(op_does(&["configurazione", "pad", "--json"]).await);
    assert_eq!(after["filiali"][0]["code"], op.branches[0].as_str());
    assert_eq!(
        after["filiali"][0]["selezionabile"], false,
        "pulled with the branch"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_super_user_receives_reads_and_exports_the_daily_report() {
    use sportello_centrale::db::report::giorno_di;
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 150, 2, 13).await;
    let sup = seeded.users.iter().find(|u| u.role == "super").unwrap();
    let op = seeded.users.iter().find(|u| u.role == "operatore").unwrap();
    let mut config = Config::new(&db);
    // Made as soon as the server starts: it is past midnight.
    config.report_at = chrono::NaiveTime::MIN;
    let server = serve(config).await.unwrap();
    let yesterday = giorno_di(Utc::now()) - chrono::Days::new(1);
    let made = |user: String| {
        server
            .state()
            .read(move |tx| sportello_centrale::db::report::exists(tx, &user, yesterday))
    };
    let mut tries = 0;
    while !made(sup.username.clone()).await.unwrap() {
        tries += 1;
        assert!(tries < 200, "the worker made no report");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let url = server.url();
    let data = dir.path().join("data");
    let json = |o: Output| -> serde_json::Value {
        assert!(o.status.success(), "{}", text(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let day = yesterday.to_string();
    let sup_does = |a: Vec<&str>| {
        let a: Vec<String> = a.into_iter().map(String::from).collect();
        let (data, url, user, password) = (
            data.clone(),
            url.clone(),
            sup.username.clone(),
            sup.password.clone(),
        );
        async move {
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            sportello(&data, &url, &user, &password, &a).await
        }
    };
    assert!(sup_does(vec!["login"]).await.status.success());
    let out = sup_does(vec!["sync"]).await;
    assert!(
        text(&out).contains("Report giornalieri arrivati: 1"),
        "{}",
        text(&out)
    );
    let list = json(sup_does(vec!["report", "list", "--json"]).await);
    assert_eq!(list[0]["giorno"], day.as_str());
    assert_eq!(list[0]["letto"], false);

    // Offline from here: the report was kept.
    server.shutdown().await.unwrap();
    let shown = json(sup_does(vec!["report", "show", &day, "--json"]).await);
    let codes: Vec<&str> = shown["filiali"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    let mut own: Vec<&str> = sup.branches.iter().map(String::as_str).collect();
    own.sort();
    assert_eq!(codes, own);
    let voci = shown["voci"].as_array().unwrap();
    let citizens = voci.iter().position(|v| v == "Cittadini seguiti").unwrap();
    let total = shown["totale"][citizens].as_u64().unwrap();
    let per_branch: u64 = shown["filiali"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["valori"][citizens].as_u64().unwrap())
        .sum();
    assert_eq!(total, per_branch);
    assert!(total > 0 && total < 150, "only the super user's branches");
    let list = json(sup_does(vec!["report", "list", "--json"]).await);
    assert_eq!(list[0]["letto"], true, "opened");

    let xlsx = dir.path().join("report.xlsx");
    let pdf = dir.path().join("report.pdf");
    for out in [&xlsx, &pdf] {
        let o = sup_does(vec![
            "report",
            "export",
            &day,
            "--out",
            out.to_str().unwrap(),
        ])
        .await;
        assert!(o.status.success(), "{}", text(&o));
    }
    let sheets = sportello_sheets::table::read_workbook(&xlsx).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Sintesi", "Interessi", "Offerte", "Andamento 30 giorni"]
    );
    let sintesi = &sheets[0].rows;
    let row = sintesi
        .iter()
        .find(|r| r[0] == sportello_sheets::table::Value::Text("Cittadini seguiti".into()))
        .unwrap();
    assert_eq!(
        row.last().unwrap(),
        &sportello_sheets::table::Value::Number(total as f64)
    );
    assert_eq!(
        sheets[3].rows.len(),
        1 + 30 * own.len(),
        "30 days per branch"
    );
    let words = sportello_testkit::pdftotext(&pdf);
    assert!(
        words.contains(&format!(
            "Report giornaliero cross-filiale del {}",
            yesterday.format("%d/%m/%Y")
        )),
        "{words}"
    );
    assert!(
        words.contains("Cittadini seguiti") && words.contains(own[0]),
        "{words}"
    );
    assert!(
        words.contains("ultimi 30 giorni"),
        "a chart per branch: {words}"
    );

    // An operatore gets no report.
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let op_does =
        |a: &'static [&'static str]| sportello(&data, &url, &op.username, &op.password, a);
    assert!(op_does(&["login"]).await.status.success());
    let out = op_does(&["sync"]).await;
    assert!(
        out.status.success() && !text(&out).contains("Report giornalieri"),
        "{}",
        text(&out)
    );
    let none = json(op_does(&["report", "list", "--json"]).await);
    assert_eq!(none, serde_json::json!([]));
}

/// Seed 004 through the CLI: the provider (the master) creates a draft, requests its
/// validation and syncs; the regional office syncs, finds it in its queue (`--json`),
/// validates it; the provider sees it validated and duplicates it; an import of a
/// wrong file saves nothing and exits 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_walks_from_the_provider_to_the_regional_office_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 100, 2, 19).await;
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let user = |n: &str| {
        seeded
            .users
            .iter()
            .find(|u| u.username == n)
            .unwrap()
            .clone()
    };
    let (ente, regione) = (user("master"), user("regione"));
    let (data_e, data_r) = (dir.path().join("ente"), dir.path().join("regione"));
    let as_user = |data: &std::path::Path, u: &sportello_centrale::seed::SeededUser, a: &[&str]| {
        let a: Vec<String> = a.iter().map(|x| x.to_string()).collect();
        let (data, url, name, password) = (
            data.to_owned(),
            url.clone(),
            u.username.clone(),
            u.password.clone(),
        );
        async move {
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            sportello(&data, &url, &name, &password, &a).await
        }
    };
    let as_ente = |a: &[&str]| as_user(&data_e, &ente, a);
    let as_regione = |a: &[&str]| as_user(&data_r, &regione, a);
    let json = |o: Output| -> serde_json::Value {
        assert!(o.status.success(), "{}", text(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    assert!(as_ente(&["login"]).await.status.success());
    let out = as_ente(&["sync"]).await;
    assert!(
        text(&out).contains("Catalogo dei corsi aggiornato"),
        "{}",
        text(&out)
    );
    let day = |d: u64| {
        (Utc::now().date_naive() + chrono::Days::new(d))
            .format("%d/%m/%Y")
            .to_string()
    };
    let (inizio, fine) = (day(30), day(40));
    let made = json(
        as_ente(&[
            "corsi",
            "new",
            "--tipologia",
            "formazione_salute_sicurezza",
            "--identificativo",
            "SIC-CLI",
            "--titolo",
            "Sicurezza: rischio basso",
            "--ore",
            "8",
            "--inizio",
            &inizio,
            "--fine",
            &fine,
            "--costo",
            "80,00",
            "--esito",
            "A",
            "--finalita",
            "Formazione generale dei lavoratori.",
            "--json",
        ])
        .await,
    );
    assert_eq!(made["riga"]["stato"], "bozza");
    assert_eq!(
        made["riga"]["ente"], "Agenzia Demo Formazione srl",
        "the provider's details from its courses"
    );
    let id = made["riga"]["id"].as_str().unwrap().to_string();
    let wrong = as_ente(&[
        "corsi",
        "new",
        "--tipologia",
        "formazione_salute_sicurezza",
        "--identificativo",
        "SIC-2",
        "--titolo",
        "x",
        "--ore",
        "8",
        "--inizio",
        &inizio,
        "--fine",
        &fine,
        "--costo",
        "80",
        "--esito",
        "F",
        "--finalita",
        "y",
    ])
    .await;
    assert!(!wrong.status.success());
    assert!(
        text(&wrong).contains("Esito non previsto"),
        "{}",
        text(&wrong)
    );
    assert!(as_ente(&["corsi", "request", &id]).await.status.success());
    assert!(
        !as_ente(&["corsi", "edit", &id, "--ore", "9"])
            .await
            .status
            .success(),
        "locked"
    );
    assert!(as_ente(&["sync"]).await.status.success());

    assert!(as_regione(&["login"]).await.status.success());
    assert!(as_regione(&["sync"]).await.status.success());
    let queue = json(as_regione(&["corsi", "list", "--da-validare", "--json"]).await);
    assert_eq!(queue["validatore"], true);
    let ours = queue["righe"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.as_str())
        .cloned();
    assert!(ours.is_some(), "{queue}");
    assert!(
        as_regione(&["corsi", "validate", &id])
            .await
            .status
            .success()
    );
    assert!(as_regione(&["sync"]).await.status.success());

    assert!(as_ente(&["sync"]).await.status.success());
    let shown = json(as_ente(&["corsi", "show", &id, "--json"]).await);
    assert_eq!(
        (
            shown["riga"]["stato"].as_str(),
            shown["utilizzabile"].as_bool()
        ),
        (Some("validato"), Some(true))
    );
    let (inizio2, fine2) = (day(70), day(71));
    let copy = json(
        as_ente(&[
            "corsi",
            "duplicate",
            &id,
            "--inizio",
            &inizio2,
            "--fine",
            &fine2,
            "--identificativo",
            "SIC-CLI-2",
            "--json",
        ])
        .await,
    );
    assert_eq!(copy["riga"]["stato"], "bozza");
    assert_eq!(copy["riga"]["titolo"], "Sicurezza: rischio basso");
    assert_ne!(copy["riga"]["id"], id.as_str());

    // A file that is not a spreadsheet: refused whole, nothing saved.
    let bad = dir.path().join("corsi.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 not really a workbook").unwrap();
    let before =
        json(as_ente(&["corsi", "list", "--miei", "--cancellato", "", "--json"]).await)["righe"]
            .as_array()
            .unwrap()
            .len();
    let out = as_ente(&["corsi", "import", bad.to_str().unwrap()]).await;
    assert!(!out.status.success());
    assert!(text(&out).contains("non si può leggere"), "{}", text(&out));
    let after =
        json(as_ente(&["corsi", "list", "--miei", "--cancellato", "", "--json"]).await)["righe"]
            .as_array()
            .unwrap()
            .len();
    assert_eq!(before, after);
    server.shutdown().await.unwrap();
}

/// Seed 003's appointments through the CLI: an operatore syncs, lists the desks
/// (`--json`), asks a desk's free slots, books one for a citizen of the CPI, prints the
/// receipt, sends the booking; the agenda of that day shows it confirmed; a time the
/// desk does not offer is refused with its reason and books nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_appointment_is_booked_printed_and_sent_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 100, 2, 29).await;
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let op = seeded
        .users
        .iter()
        .find(|u| u.role == "operatore")
        .unwrap()
        .clone();
    let cli = Cli::new(dir.path().join("op"), &url, &op);
    assert!(cli.run(&["login"]).await.status.success());
    assert!(cli.run(&["sync"]).await.status.success());
    let desks = cli.json(&["agenda", "sportelli", "--json"]).await;
    let desk = desks
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["nome"].as_str().unwrap().contains("Accoglienza"))
        .expect("the sandbox's desks");
    let id = desk["id"].as_str().unwrap().to_string();
    let branch = desk["filiale"].as_str().unwrap().to_string();
    let tomorrow = (Local::now().date_naive() + chrono::Days::new(1)).to_string();
    let free = cli
        .json(&[
            "agenda",
            "slot",
            &id,
            "--tipo",
            "stesura_cv",
            "--dal",
            &tomorrow,
            "--giorni",
            "14",
            "--json",
        ])
        .await;
    let slot = free[0].as_str().expect("a free slot").to_string();
    // A citizen of the desk's CPI (the operatore's).
    let page = cli
        .json(&["candidates", "search", "--json", "--limit", "1"])
        .await;
    let cf = page["rows"][0]["codice_fiscale"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(page["rows"][0]["branch"], branch.as_str());

    let off = cli
        .run(&[
            "agenda",
            "book",
            &cf,
            "--sportello",
            &id,
            "--tipo",
            "stesura_cv",
            "--inizio",
            &format!("{}T06:10:00", &slot[..10]),
        ])
        .await;
    assert!(
        !off.status.success() && text(&off).contains("non sono un orario libero"),
        "{}",
        text(&off)
    );
    let booked = cli
        .json(&[
            "agenda",
            "book",
            &cf,
            "--sportello",
            &id,
            "--tipo",
            "stesura_cv",
            "--inizio",
            &slot,
            "--json",
        ])
        .await;
    assert_eq!(booked["in_attesa"], true);
    let pdf = dir.path().join("ricevuta.pdf");
    let out = cli
        .run(&[
            "agenda",
            "receipt",
            booked["id"].as_str().unwrap(),
            "--out",
            pdf.to_str().unwrap(),
        ])
        .await;
    assert!(out.status.success(), "{}", text(&out));
    let receipt = sportello_testkit::pdftotext(&pdf);
    assert!(
        receipt.contains("Colloquio per stesura curriculum vitae"),
        "{receipt}"
    );
    assert!(receipt.contains("45 minuti"), "{receipt}");

    assert!(cli.run(&["sync"]).await.status.success());
    let day = cli
        .json(&[
            "agenda",
            "show",
            "--dal",
            &slot[..10],
            "--sportello",
            &id,
            "--json",
        ])
        .await;
    let found = day[0]["prenotazioni"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == booked["id"])
        .expect("in the day's agenda")
        .clone();
    assert_eq!(found["in_attesa"], false, "confirmed by the server");
    assert_eq!(found["stato"], "prenotato");
    let mine = cli.json(&["agenda", "list", &cf, "--json"]).await;
    let ids: Vec<&serde_json::Value> = mine.as_array().unwrap().iter().map(|p| &p["id"]).collect();
    assert_eq!(
        ids.iter().filter(|i| ***i == booked["id"]).count(),
        1,
        "the booking once among the citizen's"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_desk_is_opened_and_its_agenda_printed_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 60, 1, 31).await;
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let op = seeded
        .users
        .iter()
        .find(|u| u.role == "operatore")
        .unwrap()
        .clone();
    let cli = Cli::new(dir.path().join("op"), &url, &op);
    assert!(cli.run(&["login"]).await.status.success());
    assert!(cli.run(&["sync"]).await.status.success());
    let branch = cli.json(&["agenda", "sportelli", "--json"]).await[0]["filiale"]
        .as_str()
        .unwrap()
        .to_string();
    let desk = |chiusura: &str| {
        serde_json::json!({
            "filiale": branch,
            "nome": "Sportello Orientamento serale",
            "indirizzo": "Via dei Servi 3",
            "email": "serale@cpi.example.it",
            "telefono": "055 123456",
            "disponibilita": {
                "settimana": [{"giorno": "Wed", "dalle": "17:00:00", "alle": chiusura,
                               "eventi": ["ricerca_lavoro"]}],
                "eccezioni": []
            }
        })
        .to_string()
    };
    let file = dir.path().join("sportello.json");
    std::fs::write(&file, desk("16:00:00")).unwrap();
    let wrong = cli.run(&["agenda", "desk", file.to_str().unwrap()]).await;
    assert!(!wrong.status.success());
    assert!(
        text(&wrong).contains("deve seguire quello di apertura"),
        "{}",
        text(&wrong)
    );
    std::fs::write(&file, "{\"filiale\": ").unwrap();
    assert!(
        !cli.run(&["agenda", "desk", file.to_str().unwrap()])
            .await
            .status
            .success()
    );
    std::fs::write(&file, desk("19:00:00")).unwrap();
    let saved = cli
        .json(&["agenda", "desk", file.to_str().unwrap(), "--json"])
        .await;
    assert_eq!(saved["nome"], "Sportello Orientamento serale");
    assert!(cli.run(&["sync"]).await.status.success());

    // The server took it: a Wednesday evening slot is offered and booked.
    let free = cli
        .json(&[
            "agenda",
            "slot",
            saved["id"].as_str().unwrap(),
            "--tipo",
            "ricerca_lavoro",
            "--giorni",
            "8",
            "--json",
        ])
        .await;
    let slot = free[0].as_str().expect("a Wednesday slot").to_string();
    assert!(slot.ends_with("T17:00:00"), "{slot}");
    let page = cli
        .json(&["candidates", "search", "--json", "--limit", "1"])
        .await;
    let cf = page["rows"][0]["codice_fiscale"].as_str().unwrap();
    let booked = cli
        .json(&[
            "agenda",
            "book",
            cf,
            "--sportello",
            saved["id"].as_str().unwrap(),
            "--tipo",
            "ricerca_lavoro",
            "--inizio",
            &slot,
            "--json",
        ])
        .await;
    let pdf = dir.path().join("agenda.pdf");
    let printed = cli
        .run(&[
            "agenda",
            "print",
            "--dal",
            &slot[..10],
            "--giorni",
            "1",
            "--sportello",
            saved["id"].as_str().unwrap(),
            "--out",
            pdf.to_str().unwrap(),
        ])
        .await;
    assert!(printed.status.success(), "{}", text(&printed));
    let agenda = sportello_testkit::pdftotext(&pdf);
    assert!(agenda.contains("Agenda degli appuntamenti"), "{agenda}");
    assert!(agenda.contains("Sportello Orientamento serale"), "{agenda}");
    assert!(agenda.contains(cf), "{agenda}");
    assert!(agenda.contains("17:00–17:30"), "{agenda}");
    assert!(
        agenda.contains(booked["cittadino"].as_str().unwrap()),
        "{agenda}"
    );
    let again = cli
        .run(&[
            "agenda",
            "print",
            "--dal",
            &slot[..10],
            "--out",
            pdf.to_str().unwrap(),
        ])
        .await;
    assert!(
        !again.status.success(),
        "an existing file is not overwritten"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_application_is_recorded_decided_and_exported_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 100, 1, 33).await;
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let op = seeded
        .users
        .iter()
        .find(|u| u.role == "operatore")
        .unwrap()
        .clone();
    let cli = Cli::new(dir.path().join("op"), &url, &op);
    assert!(cli.run(&["login"]).await.status.success());
    assert!(cli.run(&["sync"]).await.status.success());

    // An open offer (published, deadline ahead) and a citizen not applied to it.
    let offers = cli
        .json(&["offerte", "list", "--stato", "pubblicata", "--json"])
        .await;
    let today = Local::now().date_naive();
    let offer = offers
        .as_array()
        .unwrap()
        .iter()
        .find(|o| {
            chrono::NaiveDate::parse_from_str(o["scadenza"].as_str().unwrap(), "%d/%m/%Y")
                .is_ok_and(|d| d >= today)
        })
        .expect("an open offer")["codice"]
        .as_str()
        .unwrap()
        .to_string();
    let applied = cli
        .json(&[
            "candidature",
            "list",
            "--offerta",
            &offer,
            "--storico",
            "--json",
        ])
        .await;
    let taken: Vec<&str> = applied
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["codice_fiscale"].as_str().unwrap())
        .collect();
    let page = cli
        .json(&["candidates", "search", "--json", "--limit", "50"])
        .await;
    let cf = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["codice_fiscale"].as_str().unwrap())
        .find(|cf| !taken.contains(cf))
        .unwrap()
        .to_string();

    let undeclared = cli
        .run(&["candidature", "apply", &cf, "--offerta", &offer])
        .await;
    assert!(!undeclared.status.success());
    assert!(
        text(&undeclared).contains("dichiarare"),
        "{}",
        text(&undeclared)
    );
    let c = cli
        .json(&[
            "candidature",
            "apply",
            &cf,
            "--offerta",
            &offer,
            "--dichiara-requisiti",
            "--json",
        ])
        .await;
    let id = c["id"].as_str().unwrap().to_string();
    assert_eq!(
        (c["esito"].as_str(), c["in_attesa"].as_bool()),
        (Some("inserita"), Some(true))
    );
    cli.json(&["candidature", "set", &id, "preso_in_carico", "--json"])
        .await;
    let no_reason = cli
        .run(&["candidature", "set", &id, "non_inviata_azienda"])
        .await;
    assert!(!no_reason.status.success(), "{}", text(&no_reason));
    cli.json(&[
        "candidature",
        "set",
        &id,
        "non_inviata_azienda",
        "--nota",
        "Manca la patente C",
        "--json",
    ])
    .await;
    assert!(cli.run(&["sync"]).await.status.success());

    let mine = cli
        .json(&["candidature", "list", "--cittadino", &cf, "--json"])
        .await;
    assert!(
        mine.as_array().unwrap().is_empty(),
        "final: only with --storico"
    );
    let mine = cli
        .json(&[
            "candidature",
            "list",
            "--cittadino",
            &cf,
            "--storico",
            "--json",
        ])
        .await;
    let c = &mine[0];
    assert_eq!(c["esito"], "non_inviata_azienda");
    assert_eq!(c["nota"], "Manca la patente C");
    assert_eq!(c["in_attesa"], false, "confirmed by the server");
    assert_eq!(c["storico"].as_array().unwrap().len(), 3);

    let out = dir.path().join("candidature.xlsx");
    let written = cli
        .run(&[
            "candidature",
            "export",
            "--cittadino",
            &cf,
            "--storico",
            "--out",
            out.to_str().unwrap(),
        ])
        .await;
    assert!(written.status.success(), "{}", text(&written));
    let sheets = sportello_sheets::table::read_workbook(&out).unwrap();
    let cells: Vec<String> = sheets[0].rows[1].iter().map(|v| format!("{v:?}")).collect();
    assert!(cells.iter().any(|c| c.contains(&offer)), "{cells:?}");
    assert!(
        cells.iter().any(|c| c.contains("Manca la patente C")),
        "{cells:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_to_the_cpi_is_written_and_answered_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 60, 1, 35).await;
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let op = seeded
        .users
        .iter()
        .find(|u| u.role == "operatore")
        .unwrap()
        .clone();
    let cli = Cli::new(dir.path().join("op"), &url, &op);
    assert!(cli.run(&["login"]).await.status.success());
    assert!(cli.run(&["sync"]).await.status.success());
    let open = cli.json(&["agenda", "contatti", "--json"]).await;
    assert_eq!(
        open.as_array().unwrap().len(),
        1,
        "the sandbox's waiting request"
    );

    let page = cli
        .json(&["candidates", "search", "--json", "--limit", "1"])
        .await;
    let cf = page["rows"][0]["codice_fiscale"]
        .as_str()
        .unwrap()
        .to_string();
    let empty = cli
        .run(&[
            "agenda",
            "contatta",
            &cf,
            "--tipo",
            "stesura_cv",
            "--testo",
            " ",
        ])
        .await;
    assert!(!empty.status.success());
    assert!(
        text(&empty).contains("Scrivere il testo"),
        "{}",
        text(&empty)
    );
    let c = cli
        .json(&[
            "agenda",
            "contatta",
            &cf,
            "--tipo",
            "stesura_cv",
            "--testo",
            "Posso venire solo il sabato mattina.",
            "--json",
        ])
        .await;
    assert_eq!(c["in_attesa"], true);
    assert!(cli.run(&["sync"]).await.status.success());
    let id = c["id"].as_str().unwrap().to_string();
    cli.json(&[
        "agenda",
        "rispondi",
        &id,
        "--testo",
        "Sabato 12 alle 10:00, sportello Accoglienza.",
        "--json",
    ])
    .await;
    let again = cli
        .run(&["agenda", "rispondi", &id, "--testo", "Altro"])
        .await;
    assert!(!again.status.success(), "answered once: {}", text(&again));
    assert!(cli.run(&["sync"]).await.status.success());
    let open = cli.json(&["agenda", "contatti", "--json"]).await;
    assert!(
        !open
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id.as_str())
    );
    let all = cli.json(&["agenda", "contatti", "--tutte", "--json"]).await;
    let c = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id.as_str())
        .unwrap();
    assert_eq!(
        c["risposta"],
        "Sabato 12 alle 10:00, sportello Accoglienza."
    );
    assert_eq!(c["in_attesa"], false, "confirmed by the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cv_is_uploaded_requested_answered_and_saved_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, seeded) = seeded(dir.path(), 60, 1, 36).await;
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let op = seeded
        .users
        .iter()
        .find(|u| u.role == "operatore")
        .unwrap()
        .clone();
    let cli = Cli::new(dir.path().join("op"), &url, &op);
    assert!(cli.run(&["login"]).await.status.success());
    assert!(cli.run(&["sync"]).await.status.success());
    let page = cli
        .json(&["candidates", "search", "--json", "--limit", "1"])
        .await;
    let cf = page["rows"][0]["codice_fiscale"]
        .as_str()
        .unwrap()
        .to_string();
    let scan = dir.path().join("scansione.pdf");
    std::fs::write(&scan, sportello_testkit::scanned_pdf()).unwrap();
    let refused = cli
        .run(&["cv", "add", &cf, scan.to_str().unwrap(), "--consenso"])
        .await;
    assert!(!refused.status.success());
    assert!(text(&refused).contains("scansione"), "{}", text(&refused));
    let big = dir.path().join("grande.pdf");
    std::fs::write(&big, vec![b' '; 5 * 1024 * 1024 + 1]).unwrap();
    let too_big = cli.run(&["cv", "add", &cf, big.to_str().unwrap()]).await;
    assert!(text(&too_big).contains("5 MB"), "{}", text(&too_big));

    let pdf = dir.path().join("CV Rossi.pdf");
    let bytes = sportello_testkit::text_pdf(&[
        "Curriculum Vitae",
        "Pizzaiolo con forno a legna, dieci anni di esperienza in pizzeria.",
    ]);
    std::fs::write(&pdf, &bytes).unwrap();
    let c = cli
        .json(&[
            "cv",
            "add",
            &cf,
            pdf.to_str().unwrap(),
            "--descrizione",
            "cv numero 1",
            "--territorio",
            "tutti",
            "--cpi",
            "--json",
        ])
        .await;
    assert_eq!(
        (c["in_attesa"].clone(), c["consenso"].clone()),
        (true.into(), false.into())
    );
    assert_eq!(c["territori"].as_array().unwrap().len(), 11);
    let id = c["id"].as_str().unwrap().to_string();
    let no_consent = cli
        .run(&[
            "cv",
            "request",
            &id,
            "--azienda",
            "GPI S.P.A.",
            "--posizione",
            "PIZZAIOLO",
        ])
        .await;
    assert!(
        text(&no_consent).contains("consenso"),
        "{}",
        text(&no_consent)
    );
    cli.json(&[
        "cv",
        "edit",
        &id,
        "--consenso",
        "--descrizione",
        "cv numero 1",
        "--json",
    ])
    .await;
    let c = cli
        .json(&[
            "cv",
            "request",
            &id,
            "--azienda",
            "GPI S.P.A.",
            "--posizione",
            "PIZZAIOLO",
            "--json",
        ])
        .await;
    let richiesta = c["richieste"][0]["id"].as_str().unwrap().to_string();
    assert!(cli.run(&["sync"]).await.status.success());
    let c = cli
        .json(&["cv", "answer", &id, &richiesta, "accettata", "--json"])
        .await;
    assert_eq!(c["richieste"][0]["stato"], "ACCETTATA");
    let again = cli
        .run(&["cv", "answer", &id, &richiesta, "rifiutata"])
        .await;
    assert!(!again.status.success(), "answered once: {}", text(&again));
    assert!(cli.run(&["sync"]).await.status.success());
    let all = cli.json(&["cv", "list", &cf, "--json"]).await;
    let c = &all.as_array().unwrap()[0];
    assert_eq!(c["in_attesa"], false);
    assert_eq!(c["richieste"][0]["stato"], "ACCETTATA");
    let history = cli.run(&["cv", "history", &id]).await;
    assert!(
        text(&history).contains("Curriculum caricato."),
        "{}",
        text(&history)
    );

    // Saved from another operator's computer: downloaded, checked, audited.
    let other = Cli::new(dir.path().join("op2"), &url, &op);
    assert!(other.run(&["login"]).await.status.success());
    assert!(other.run(&["sync"]).await.status.success());
    let out = dir.path().join("salvato.pdf");
    let saved = other
        .run(&["cv", "save", &id, "--out", out.to_str().unwrap()])
        .await;
    assert!(saved.status.success(), "{}", text(&saved));
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let deleted = cli.run(&["cv", "delete", &id]).await;
    assert!(deleted.status.success(), "{}", text(&deleted));
    assert!(cli.run(&["sync"]).await.status.success());
    assert!(other.run(&["sync"]).await.status.success());
    let left = other.json(&["cv", "list", &cf, "--json"]).await;
    assert!(left.as_array().unwrap().is_empty(), "deleted everywhere");
}
