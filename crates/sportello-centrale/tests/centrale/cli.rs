//! The binary: `seed --json`, `serve` printing its URL, graceful shutdown on SIGTERM.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use uuid::Uuid;

const BIN: &str = env!("CARGO_BIN_EXE_sportello-centrale");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_then_serve_then_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = sportello_testkit::postgres::test_database(dir.path());
    let out = Command::new(BIN)
        .args([
            "seed",
            "--db",
            &db.to_string(),
            "--citizens",
            "50",
            "--branches",
            "2",
            "--seed",
            "3",
            "--json",
        ])
        .arg("--chiave-cv")
        .arg(sportello_testkit::postgres::chiave_cv())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("--json prints JSON");
    let users = report["users"].as_array().unwrap();
    assert_eq!(
        users.len(),
        5,
        "master, super, an operatore, the regional office"
    );
    let master = users.iter().find(|u| u["role"] == "master").unwrap();

    let (mut child, url) = crate::support::serve_binary(&db, Stdio::piped());
    assert!(url.starts_with("http://127.0.0.1:"));

    let http = reqwest::Client::new();
    let login = serde_json::json!({"username": master["username"], "password": master["password"]});
    let s = http
        .post(format!("{url}/api/v1/auth/login"))
        .json(&login)
        .send()
        .await
        .unwrap();
    assert_eq!(s.status(), 200);

    // The 40th citizen's CV, sealed by the seed with the key the server opens it with.
    assert_eq!(report["cv"], 1, "{report}");
    let token = s.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let id = Uuid::from_u64_pair(3, 40);
    let pdf = http
        .get(format!("{url}/api/v1/cv/{id}/file"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));

    stops_on_sigterm(&mut child);
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log).unwrap();
    let request_line = log
        .lines()
        .find(|l| l.contains("/api/v1/auth/login"))
        .expect("one line per request");
    assert!(
        request_line.contains("POST") && request_line.contains(" 200 "),
        "{request_line}"
    );
    assert!(
        !log.contains(master["password"].as_str().unwrap()),
        "no secrets in the log"
    );
}

/// `serve --tls-cert --tls-key` speaks HTTPS with that certificate and stops on SIGTERM
/// as the HTTP server does; one flag alone is a usage error, a missing file an error at
/// start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_over_https() {
    let dir = tempfile::tempdir().unwrap();
    let db = sportello_testkit::postgres::test_database(dir.path());
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let (cert_file, key_file) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_file, cert.pem()).unwrap();
    std::fs::write(&key_file, key.serialize_pem()).unwrap();
    let serve = |extra: &[&std::path::Path], flags: &[&str]| {
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--db", &db.to_string(), "--listen", "127.0.0.1:0"]);
        cmd.arg("--chiave-cv")
            .arg(sportello_testkit::postgres::chiave_cv());
        for (flag, path) in flags.iter().zip(extra) {
            cmd.arg(flag).arg(path);
        }
        cmd
    };

    let half = serve(&[&cert_file], &["--tls-cert"]).output().unwrap();
    assert_eq!(
        half.status.code(),
        Some(2),
        "clap refuses a certificate without its key"
    );
    let missing = dir.path().join("assente.pem");
    let absent = serve(&[&missing, &key_file], &["--tls-cert", "--tls-key"])
        .output()
        .unwrap();
    assert!(!absent.status.success());
    assert!(String::from_utf8_lossy(&absent.stderr).contains("assente.pem"));

    let (mut child, url) = crate::support::serve_binary_with(
        &db,
        Stdio::null(),
        &[
            "--tls-cert".as_ref(),
            cert_file.as_os_str(),
            "--tls-key".as_ref(),
            key_file.as_os_str(),
        ],
    );
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.pem().as_bytes()).unwrap())
        .build()
        .unwrap();
    let health = http
        .get(format!("{url}/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let untrusting = reqwest::Client::new();
    assert!(
        untrusting
            .get(format!("{url}/api/v1/health"))
            .send()
            .await
            .is_err()
    );
    stops_on_sigterm(&mut child);
}

/// SIGTERM: the server shuts down gracefully and exits 0 within seconds.
fn stops_on_sigterm(child: &mut std::process::Child) {
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server stops on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "a graceful shutdown exits 0");
}
