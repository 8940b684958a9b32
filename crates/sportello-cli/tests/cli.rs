//! The `sportello` binary as a user runs it: arguments, environment, stdin, exit codes.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn sportello(data_dir: &Path, args: &[&str], password: Option<&str>, stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sportello"));
    cmd.args(args)
        .env("SPORTELLO_DATA_DIR", data_dir)
        .env("SPORTELLO_USER", "mario.rossi")
        .env_remove("SPORTELLO_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(p) = password {
        cmd.env("SPORTELLO_PASSWORD", p);
    }
    let mut child = cmd.spawn().expect("the sportello binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn cf_check_json_contract() {
    let dir = tempfile::tempdir().unwrap();
    let out = sportello(
        dir.path(),
        &["cf", "check", "--json", "RSSMRA85T10A562S", "-"],
        None,
        "rssmra85t10a562t\n\n",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "an invalid code among the inputs exits with 1"
    );
    let json: Value = serde_json::from_str(&text(&out.stdout)).expect("stdout is one JSON array");
    let items = json.as_array().unwrap();
    assert_eq!(
        items.len(),
        2,
        "one object per input; blank stdin lines are skipped"
    );

    let valid = items[0].as_object().unwrap();
    let mut keys: Vec<_> = valid.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "birth_date",
            "birthplace_code",
            "birthplace_name",
            "errors",
            "input",
            "normalized",
            "omocode",
            "province",
            "sex",
            "valid"
        ],
        "a valid code has exactly the contract's keys"
    );
    assert_eq!(valid["birth_date"], "1985-12-10");
    assert_eq!(valid["sex"], "M");
    assert_eq!(valid["province"], "PI");
    assert_eq!(valid["omocode"], false);

    let invalid = &items[1];
    assert_eq!(
        invalid["input"], "rssmra85t10a562t",
        "input is echoed as given"
    );
    assert_eq!(invalid["normalized"], "RSSMRA85T10A562T");
    assert_eq!(invalid["valid"], false);
    assert_eq!(invalid["errors"][0]["code"], "wrong_check_character");
    assert!(
        invalid["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains('S'),
        "the message names the expected character"
    );
}

#[test]
fn cf_check_all_valid_exits_zero_with_a_readable_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = sportello(dir.path(), &["cf", "check", "RSSMRA85T10A562S"], None, "");
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("RSSMRA85T10A562S") && stdout.contains("10/12/1985"),
        "{stdout}"
    );
}

#[test]
fn usage_errors_exit_with_two() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        sportello(dir.path(), &["cf", "check"], None, "")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        sportello(dir.path(), &["nonsense"], None, "").status.code(),
        Some(2)
    );
}

#[test]
fn store_init_then_check_with_right_and_wrong_password() {
    let dir = tempfile::tempdir().unwrap();
    let init = sportello(dir.path(), &["store", "init"], Some("Segreta123"), "");
    assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));

    let again = sportello(dir.path(), &["store", "init"], Some("Segreta123"), "");
    assert_eq!(
        again.status.code(),
        Some(1),
        "a second init must not clobber the store"
    );

    let check = sportello(
        dir.path(),
        &["store", "check", "--json"],
        Some("Segreta123"),
        "",
    );
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let report: Value = serde_json::from_str(&text(&check.stdout)).unwrap();
    assert_eq!(report["integrity_ok"], true);

    let wrong = sportello(dir.path(), &["store", "check"], Some("Sbagliata123"), "");
    assert_eq!(
        wrong.status.code(),
        Some(1),
        "a wrong password is a user error"
    );
    let stderr = text(&wrong.stderr);
    assert!(
        stderr.contains("password errata"),
        "clear message, got: {stderr}"
    );
    assert!(
        !stderr.to_lowercase().contains("sqlcipher") && !stderr.contains("database"),
        "no library noise: {stderr}"
    );
}

#[test]
fn missing_password_without_a_terminal_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = sportello(dir.path(), &["store", "check"], None, "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("SPORTELLO_PASSWORD"));
}

#[test]
fn demo_loads_citizens_into_an_encrypted_store() {
    let dir = tempfile::tempdir().unwrap();
    let out = sportello(
        dir.path(),
        &["demo", "--citizens", "300", "--json"],
        None,
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(report["candidates_total"], 300);
    assert!(
        report["sample_keyword_hits"].as_u64().unwrap() > 0,
        "the sample search finds someone"
    );
    let again = sportello(
        dir.path(),
        &["demo", "--citizens", "300", "--json"],
        None,
        "",
    );
    let report: Value = serde_json::from_str(&text(&again.stdout)).unwrap();
    assert_eq!(
        report["candidates_total"], 300,
        "loading the same demo twice does not duplicate anyone"
    );
}

#[test]
fn errors_say_what_is_wrong_and_the_cli_names_the_command_to_type() {
    let dir = tempfile::tempdir().unwrap();
    let out = sportello(dir.path(), &["store", "check"], Some("Segreta123"), "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("nessun archivio locale") && stderr.contains("Come fare: `sportello login"),
        "the app's words, then the CLI's hint: {stderr}"
    );
    let init = sportello(dir.path(), &["store", "init"], Some("Segreta123"), "");
    assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
    let sync = sportello(dir.path(), &["sync"], Some("Segreta123"), "");
    let stderr = text(&sync.stderr);
    assert!(
        stderr.contains("nessuna sessione") && stderr.contains("Come fare: `sportello login`"),
        "{stderr}"
    );
}

#[test]
fn output_piped_into_a_reader_that_stops_early_ends_quietly() {
    use std::io::Read;
    // Far more than a pipe holds, into a reader that closes after the first byte (as
    // `| head` does).
    let mut child = Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(["cf", "check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..20_000 {
            if writeln!(stdin, "RSSMRA80A01H501U").is_err() {
                break;
            }
        }
    });
    let mut first = [0u8; 1];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
