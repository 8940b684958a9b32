//! `sportello offerte|abbinamenti|interessi|rifiuti` as a user runs them, against the
//! sandbox server started in this process.

use std::path::Path;
use std::process::{Command, Output};

use chrono::Utc;
use sportello_centrale::seed::{SeedOptions, seed};
use sportello_centrale::{Config, serve};

fn run(data: &Path, url: &str, user: &str, password: &str, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("SPORTELLO_DATA_DIR", data)
        .env("SPORTELLO_USER", user)
        .env("SPORTELLO_PASSWORD", password)
        .env("SPORTELLO_SERVER", url)
        .output()
        .expect("the sportello binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offer_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("centrale.db");
    let opts = SeedOptions {
        citizens: 300,
        branches: 2,
        seed: 3,
        reference: Utc::now().date_naive(),
    };
    let path = db.clone();
    let report = tokio::task::spawn_blocking(move || seed(&path, &opts, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    let user = report
        .users
        .iter()
        .find(|u| u.role == "operatore")
        .unwrap()
        .clone();
    let server = serve(Config::new(&db)).await.unwrap();
    let url = server.url();
    let data = dir.path().join("data");
    let go = |args: Vec<&str>| {
        let (data, url, user) = (data.clone(), url.clone(), user.clone());
        let args: Vec<String> = args.into_iter().map(String::from).collect();
        async move {
            tokio::task::spawn_blocking(move || {
                run(&data, &url, &user.username, &user.password, &args)
            })
            .await
            .unwrap()
        }
    };
    let json = |o: &Output| -> serde_json::Value {
        assert!(o.status.success(), "{}", text(o));
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
    };
    assert!(go(vec!["login"]).await.status.success());
    assert!(go(vec!["sync"]).await.status.success());

    let voci = json(&go(vec!["offerte", "voci", "--json"]).await);
    assert!(voci["motivi_rifiuto"].as_array().unwrap().len() > 3);
    let bad = go(vec![
        "offerte",
        "new",
        "--tipo-offerta",
        "PRESELEZIONE",
        "--tipo-contratto",
        "NESSUNO",
        "--qualifica",
        "Cuoco",
        "--descrizione",
        "Cucina",
        "--modalita",
        "FULL_TIME",
        "--sedi",
        "Prato (PO)",
    ])
    .await;
    assert!(!bad.status.success());
    assert!(
        text(&bad).contains("Tipo contratto: valore non previsto"),
        "{}",
        text(&bad)
    );
    let made = json(
        &go(vec![
            "offerte",
            "new",
            "--json",
            "--tipo-offerta",
            "PRESELEZIONE",
            "--tipo-contratto",
            "TEMPO_DETERMINATO",
            "--qualifica",
            "Cuoco",
            "--descrizione",
            "Cucina tradizionale",
            "--modalita",
            "FULL_TIME",
            "--sedi",
            "Prato (PO), Firenze (FI)",
            "--patenti",
            "B",
        ])
        .await,
    );
    let id = made["riga"]["id"].as_str().unwrap().to_string();
    assert_eq!(made["riga"]["stato"], "bozza");
    let fine = (Utc::now().date_naive() + chrono::Days::new(15))
        .format("%d/%m/%Y")
        .to_string();
    let published = json(
        &go(vec![
            "offerte",
            "update-state",
            &id,
            "pubblica",
            "--fine",
            &fine,
            "--json",
        ])
        .await,
    );
    assert_eq!(published["riga"]["stato"], "pubblicata");
    let fits = json(&go(vec!["abbinamenti", &id, "--limit", "5", "--json"]).await);
    let first = fits["righe"][0]["codice_fiscale"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        fits["righe"][0]["criteri"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["criterio"] == "Patenti")
    );
    let proposed = go(vec!["abbinamenti", &id, "--proponi", &first]).await;
    assert!(
        text(&proposed).contains("proposta a 1 candidati"),
        "{}",
        text(&proposed)
    );
    // The other direction: the offer is among those that fit that candidate.
    let theirs = json(&go(vec!["abbinamenti", "--candidato", &first, "--json"]).await);
    let this = theirs
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["offerta"]["id"] == id.as_str())
        .expect("the offer fits its first candidate");
    assert_eq!(this["interessato"], true, "proposed just now");
    assert!(
        go(vec!["abbinamenti", &id, "--candidato", &first])
            .await
            .status
            .code()
            == Some(2),
        "one direction at a time"
    );
    let list = json(&go(vec!["interessi", "list", "--offerta", &id, "--json"]).await);
    let interest = list[0]["id"].as_str().unwrap().to_string();
    let moved = json(
        &go(vec![
            "interessi",
            "set",
            &interest,
            "contattato",
            "--nota",
            "Telefonata",
            "--json",
        ])
        .await,
    );
    assert_eq!(moved["stato"], "contattato");
    let refused = go(vec![
        "rifiuti",
        "new",
        "--offerta",
        &id,
        "--cf",
        &first,
        "--motivo",
        "ORARIO",
    ])
    .await;
    assert!(refused.status.success(), "{}", text(&refused));
    assert!(text(&refused).contains("Ricevuta R-"), "{}", text(&refused));

    assert!(go(vec!["sync"]).await.status.success());
    let sheet = json(&go(vec!["offerte", "show", &id, "--json"]).await);
    let code = sheet["riga"]["codice"].as_str().unwrap().to_string();
    assert!(!code.is_empty() && !sheet["riga"]["in_attesa"].as_bool().unwrap());
    let by_code = go(vec!["offerte", "show", &code]).await;
    assert!(
        text(&by_code).contains(&format!("Codice Offerta: {code}")),
        "{}",
        text(&by_code)
    );
    let listed = go(vec![
        "offerte",
        "list",
        "--qualifica",
        "cuoco",
        "--stato",
        "pubblicata",
    ])
    .await;
    assert!(text(&listed).contains(&code), "{}", text(&listed));
    let sent = json(&go(vec!["rifiuti", "list", "--offerta", &code, "--json"]).await);
    assert_eq!(sent[0]["trasmissione"], "trasmessa");
}
