//! Issue 14: the committed OpenAPI document is an exact contract. Schemathesis
//! (installed by `cargo xtask install` under `target/tools/schemathesis`) generates
//! requests from `openapi.json`, positive and negative, plus its stateful phase, and
//! checks every answer against the document: no 5xx, schema-valid requests accepted,
//! schema-invalid ones rejected, answers as declared.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use crate::support::Sandbox;

/// Pinned in `xtask/src/main.rs` (`SCHEMATHESIS_VERSION`).
fn schemathesis_bin() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let bin = root.join("target/tools/schemathesis/bin/schemathesis");
    assert!(
        bin.exists(),
        "Schemathesis is missing at {}: run `cargo xtask install` (or `cargo xtask test`, \
         which installs it)",
        bin.display()
    );
    bin
}

/// Hard bound on the whole run; the run itself is bounded by --max-examples.
const HARD_TIMEOUT: Duration = Duration::from_secs(300);

/// Logout and scope switch revoke the bearer token they are called with: in the main
/// run every later case would be a 401 and test nothing, so they get a run (and a
/// token) of their own.
const SESSION_ENDING: &str = "^/api/v1/auth/(logout|scope)$";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_honours_its_openapi_document() {
    let bin = schemathesis_bin();
    let sandbox = Sandbox::start(50, 2).await;
    let main_token = sandbox.login("master", None).await.token;
    // Before the main run: its login cases use up the per-address login limit.
    let own_token = sandbox.login("master", None).await.token;
    let main_run = run(
        &bin,
        &sandbox,
        &main_token,
        &[
            "--exclude-path-regex",
            SESSION_ENDING,
            "--phases",
            "examples,coverage,fuzzing,stateful",
        ],
    )
    .await;
    assert_passed("main run", main_run);
    let ending_run = run(
        &bin,
        &sandbox,
        &own_token,
        &[
            "--include-path-regex",
            SESSION_ENDING,
            // No stateful phase: no link leads to or from these two.
            "--phases",
            "examples,coverage,fuzzing",
        ],
    )
    .await;
    assert_passed("logout and scope", ending_run);
}

async fn run(
    bin: &PathBuf,
    sandbox: &Sandbox,
    token: &str,
    selection: &[&str],
) -> std::process::Output {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sportello-protocol/openapi.json");
    let reports = tempfile::tempdir().unwrap();
    let mut cmd = tokio::process::Command::new(bin);
    let config = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/centrale/schemathesis.toml");
    cmd.arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(&spec)
        .args(["--url", &sandbox.server.url()])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .args(selection)
        .args(["--max-examples", "40"])
        .args(["--seed", "14"])
        .args(["--workers", "2"])
        .arg("--continue-on-failure")
        .arg("--report-dir")
        .arg(reports.path())
        .current_dir(reports.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let child = cmd.spawn().expect("schemathesis starts");
    tokio::time::timeout(HARD_TIMEOUT, child.wait_with_output())
        .await
        .expect("schemathesis finishes within the hard timeout")
        .expect("schemathesis output")
}

fn assert_passed(name: &str, output: std::process::Output) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("Schemathesis, {name}:\n{stdout}");
    assert!(
        output.status.success(),
        "Schemathesis found failures in the {name} ({}):\n{stdout}\n{stderr}",
        output.status
    );
}
