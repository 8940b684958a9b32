//! Developer entry points. Each installs what is missing before doing its work, so the
//! same command works on a fresh Debian/Ubuntu machine and on CI.
//!
//!   cargo xtask run      build and start Sportello in demo mode (the desktop app, or
//!                        the headless demo without a display)
//!   cargo xtask test     formatting, lints and every test
//!   cargo xtask bench    the benchmarks the issues ask for (release build)

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Debian packages the build and the tests need, with why. The one list to extend.
const DEBIAN_PACKAGES: &[(&str, &str)] = &[
    (
        "build-essential",
        "C compiler for SQLCipher and OpenSSL (vendored)",
    ),
    ("perl", "OpenSSL's vendored build scripts"),
    ("pkg-config", "finding system libraries"),
    (
        "libreoffice-calc-nogui",
        "tests open spreadsheets with soffice",
    ),
    (
        "libreoffice-writer-nogui",
        "tests convert CVs to .doc, .odt and .pdf with soffice",
    ),
    ("qpdf", "tests check every generated PDF with qpdf --check"),
    (
        "ca-certificates",
        "the CAs a PostgreSQL over TLS is checked against",
    ),
    (
        "postgresql",
        "the central server's production database; its tests start a cluster",
    ),
    (
        "poppler-utils",
        "tests read PDFs back with pdffonts, pdftotext, pdfinfo, pdftoppm",
    ),
    (
        "libwebkit2gtk-4.1-dev",
        "the desktop app's webview (Tauri 2)",
    ),
    ("libgtk-3-dev", "the desktop app's window (Tauri 2)"),
    (
        "libayatana-appindicator3-dev",
        "the desktop app's tray support (Tauri 2)",
    ),
    ("librsvg2-dev", "icons in the desktop app (Tauri 2)"),
    ("libsoup-3.0-dev", "the webview's HTTP stack (Tauri 2)"),
    (
        "nodejs",
        "builds and tests the UI (ui/, Node.js 20.19 or later)",
    ),
    (
        "python3-venv",
        "the virtual environment Schemathesis is installed in (issue 14)",
    ),
    ("xvfb", "a display for the desktop end-to-end tests"),
    (
        "webkit2gtk-driver",
        "WebKitWebDriver, driven by tauri-driver in the end-to-end tests",
    ),
];

/// The UI's toolchain: Vite needs Node.js 20.19 or later.
const NODE_MIN: (u32, u32) = (20, 19);

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(&args[1..]),
        Some("install") => install(),
        _ => {
            eprintln!("usage: cargo xtask <run|test|bench [NAME]|install>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

fn install() -> Result {
    install_debian_packages()?;
    install_cargo_tool("cargo-nextest", &["nextest", "--version"])?;
    install_cargo_binary("tauri-driver")?;
    install_schemathesis()?;
    install_ui()
}

/// Schemathesis, the property-based API tester the centrale's contract test runs
/// (issue 14). Pinned: a new release may add checks.
const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// A Python venv under target/tools/schemathesis, skipped when it already holds
/// the pinned version.
fn install_schemathesis() -> Result {
    let venv = root().join("target/tools/schemathesis");
    let bin = venv.join("bin/schemathesis");
    let present = Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(SCHEMATHESIS_VERSION));
    if present {
        return Ok(());
    }
    let mut venv_cmd = Command::new("python3");
    venv_cmd.args(["-m", "venv"]).arg(&venv);
    step("python3 -m venv target/tools/schemathesis", venv_cmd)?;
    let mut pip = Command::new(venv.join("bin/pip"));
    pip.args(["install", "--quiet"])
        .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}"))
        // anyio 4.15 compiles its own source at import time, which CPython 3.11 can
        // abort ("AST constructor recursion depth mismatch") when Schemathesis imports
        // it from a worker thread: seen once as a runtime error of the contract test.
        .arg("anyio<4.15");
    step("pip install schemathesis", pip)
}

/// With a display: builds the desktop app (debug, the profile the tests build too) and
/// opens it in demo mode. Without one: the headless demo through the CLI.
fn run(extra: &[String]) -> Result {
    install()?;
    let data_dir = root().join("target/demo-data");
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| env::var_os(v).is_some_and(|d| !d.is_empty()));
    if !has_display && !cfg!(any(windows, target_os = "macos")) {
        println!("==> nessun display (DISPLAY/WAYLAND_DISPLAY): demo senza finestra");
        return headless_demo(&data_dir, extra);
    }
    step(
        "build (desktop app, debug)",
        cargo(&["build", "--package", "sportello-desktop"]),
    )?;
    println!(
        "\nSportello: app desktop in modalità dimostrativa. Dati in {}\n",
        data_dir.display()
    );
    let mut cmd = Command::new(root().join("target/debug/sportello-desktop"));
    cmd.arg("--demo")
        .args(extra)
        .env("SPORTELLO_DATA_DIR", &data_dir);
    step("sportello-desktop --demo", cmd)
}

/// The demo operator and password (`sportello_app::demo::PASSWORD`): the store the
/// `demo` command creates is opened with them by the search and the export.
const DEMO_USER: &str = "demo";
const DEMO_PASSWORD: &str = "Demo2026";

/// The demo through the CLI: a store filled with demo citizens, a search, an export.
fn headless_demo(data_dir: &Path, extra: &[String]) -> Result {
    step(
        "build (CLI)",
        cargo(&["build", "--locked", "--package", "sportello-cli"]),
    )?;
    headless_steps(data_dir, extra)
}

/// The demo's steps with the CLI already built (`target/debug/sportello`).
fn headless_steps(data_dir: &Path, extra: &[String]) -> Result {
    let sportello = root().join("target/debug/sportello");
    let cli = |args: &[&str]| {
        let mut cmd = Command::new(&sportello);
        cmd.arg("--data-dir")
            .arg(data_dir)
            .args(["--user", DEMO_USER])
            .args(args)
            .env("SPORTELLO_PASSWORD", DEMO_PASSWORD)
            .env_remove("SPORTELLO_USER");
        cmd
    };
    let mut demo = cli(&["demo"]);
    demo.args(extra);
    step("sportello demo", demo)?;
    let search = [
        "--age-min",
        "25",
        "--age-max",
        "45",
        "--keywords",
        "magazziniere",
    ];
    let mut args = vec!["candidates", "search", "--limit", "10"];
    args.extend(search);
    step("sportello candidates search", cli(&args))?;
    let out = data_dir.join(HEADLESS_EXPORT);
    let out_text = out.display().to_string();
    let mut args = vec!["candidates", "export", "--overwrite", "--out", &out_text];
    args.extend(search);
    step("sportello candidates export", cli(&args))?;
    println!(
        "\nArchivio cifrato: {}",
        data_dir.join("operators/demo").display()
    );
    println!("Esportazione Excel: {}", out.display());
    Ok(())
}

/// The file the headless demo exports.
const HEADLESS_EXPORT: &str = "magazzinieri-25-45.xlsx";

fn test() -> Result {
    install()?;
    step("format", cargo(&["fmt", "--all", "--check"]))?;
    step("ui: type check and component tests", npm(&["test"]))?;
    step(
        "doc tests (workspace crates linted by Clippy as they build)",
        linted(&["test", "--workspace", "--doc", "--locked"]),
    )?;
    // The PostgreSQL cluster the tests start (some always use it, the second leg
    // only it) lives in a folder of this run, stopped and removed whatever happens.
    let cluster = std::env::temp_dir().join(format!("sportello-pg-test-{}", std::process::id()));
    let mut tests = linted(&[
        "nextest",
        "run",
        "--workspace",
        "--all-targets",
        "--locked",
        "--no-fail-fast",
    ]);
    tests.env("SPORTELLO_TEST_PG_DIR", &cluster);
    let outcome = step("tests", tests).and_then(|()| postgres_leg(&cluster));
    stop_cluster(&cluster);
    outcome?;
    // The README's first command without a display, on a fresh data folder: it broke
    // once unnoticed because nothing ran it.
    let data_dir = root().join("target/headless-demo-check");
    if data_dir.exists() {
        std::fs::remove_dir_all(&data_dir)
            .map_err(|e| format!("cannot clear {}: {e}", data_dir.display()))?;
    }
    // The test build made the CLI binary already (with the tests' features: building
    // the CLI alone would compile much of the workspace again).
    headless_steps(&data_dir, &["--citizens".into(), "2000".into()])?;
    check_headless_export(&data_dir)
}

/// The central server's and the sync suites again, on PostgreSQL, in `cluster`. The
/// same build as the first run (the whole workspace, filtered), so nothing is compiled
/// again.
fn postgres_leg(cluster: &Path) -> Result {
    let mut cmd = linted(&[
        "nextest",
        "run",
        "--workspace",
        "--all-targets",
        "--locked",
        "--no-fail-fast",
        "-E",
        "package(sportello-centrale) | package(sportello-sync)",
    ]);
    cmd.env("SPORTELLO_TEST_BACKEND", "postgres")
        .env("SPORTELLO_TEST_PG_DIR", cluster);
    step("tests on PostgreSQL (server and sync suites)", cmd)
}

/// Stops the tests' PostgreSQL cluster (as the user it runs as) and removes it.
fn stop_cluster(dir: &Path) {
    let data = dir.join("data");
    if data.is_dir() {
        let pg_ctl = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path().join("bin/pg_ctl"))
            .find(|p| p.is_file());
        if let Some(pg_ctl) = pg_ctl {
            let mut stop = privileged_as_postgres(&pg_ctl);
            stop.args(["stop", "-m", "immediate", "-D"]).arg(&data);
            let _ = stop.status();
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// PostgreSQL runs as `postgres` when the tests run as root.
fn privileged_as_postgres(program: &Path) -> Command {
    if running_as_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

/// The headless demo's export exists and is an xlsx (zip) file.
fn check_headless_export(data_dir: &Path) -> Result {
    let out = data_dir.join(HEADLESS_EXPORT);
    let bytes = std::fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    if !bytes.starts_with(b"PK") {
        return Err(format!("{} is not an xlsx file", out.display()));
    }
    println!("==> headless demo: ok ({} bytes exported)", bytes.len());
    Ok(())
}

fn bench(extra: &[String]) -> Result {
    install()?;
    let mut cmd = cargo(&[
        "run",
        "--release",
        "--locked",
        "--package",
        "sportello-bench",
        "--",
    ]);
    cmd.args(extra);
    step("bench", cmd)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args).current_dir(root());
    cmd
}

/// A cargo command whose workspace crates are compiled by Clippy's driver with
/// `-D warnings`: the lint of `cargo clippy --all-targets` in the test build itself.
/// A separate `cargo clippy` checked every dependency a second time, 14 of CI's
/// minutes. Every build of the test run must use it, or the workspace compiles again.
fn linted(args: &[&str]) -> Command {
    let mut cmd = cargo(args);
    // Beside the toolchain's cargo, as `cargo clippy` finds it; else on the PATH.
    let driver = env::var_os("CARGO")
        .map(PathBuf::from)
        .and_then(|c| Some(c.parent()?.join("clippy-driver")))
        .filter(|d| d.is_file())
        .unwrap_or_else(|| "clippy-driver".into());
    // How `cargo clippy -- -D warnings` hands its arguments to the driver.
    cmd.env("RUSTC_WORKSPACE_WRAPPER", driver).env(
        "CLIPPY_ARGS",
        "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
    );
    cmd
}

fn step(name: &str, mut cmd: Command) -> Result {
    println!("==> {name}");
    let status = cmd
        .status()
        .map_err(|e| format!("{name}: cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

fn install_debian_packages() -> Result {
    if Command::new("dpkg-query")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("==> not a Debian/Ubuntu system: make sure these are installed:");
        for (name, why) in DEBIAN_PACKAGES {
            println!("    {name}: {why}");
        }
        return Ok(());
    }
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .map(|p| p.0)
        .filter(|p| !debian_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("==> installing {}", missing.join(" "));
    step("apt-get update", privileged(&["apt-get", "update", "-q"]))?;
    let mut args = vec!["apt-get", "install", "-y", "-q", "--no-install-recommends"];
    args.extend(&missing);
    step("apt-get install", privileged(&args))
}

fn debian_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

/// apt needs root: use sudo unless we already are root.
fn privileged(args: &[&str]) -> Command {
    let mut cmd = if running_as_root() {
        Command::new(args[0])
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg(args[0]);
        sudo
    };
    cmd.args(&args[1..])
        .env("DEBIAN_FRONTEND", "noninteractive");
    cmd
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn npm(args: &[&str]) -> Command {
    let mut cmd = Command::new(if cfg!(windows) { "npm.cmd" } else { "npm" });
    cmd.args(args).current_dir(root().join("ui"));
    cmd
}

/// Node.js new enough for Vite, and the UI's packages as locked.
fn install_ui() -> Result {
    let version = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| format!("Node.js is needed for the UI (node: {e})"))?;
    let text = String::from_utf8_lossy(&version.stdout);
    let mut parts = text.trim().trim_start_matches('v').split('.');
    let major: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    if (major, minor) < NODE_MIN {
        return Err(format!(
            "Node.js {}.{} or later is needed for the UI, found {}",
            NODE_MIN.0,
            NODE_MIN.1,
            text.trim()
        ));
    }
    let ui = root().join("ui");
    let stamp = ui.join("node_modules/.package-lock.json");
    let fresh = modified(&stamp)
        .is_some_and(|s| modified(&ui.join("package-lock.json")).is_some_and(|l| s >= l));
    if fresh {
        return Ok(());
    }
    step("npm ci (ui)", npm(&["ci", "--no-audit", "--no-fund"]))
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// A binary from crates.io that is not a cargo subcommand (e.g. tauri-driver).
fn install_cargo_binary(krate: &str) -> Result {
    let in_cargo_bin = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .is_some_and(|h| h.join("bin").join(krate).is_file());
    let on_path = Command::new(krate).arg("--help").output().is_ok();
    if in_cargo_bin || on_path {
        return Ok(());
    }
    step(
        &format!("cargo install {krate}"),
        cargo(&["install", "--locked", krate]),
    )
}

fn install_cargo_tool(krate: &str, probe: &[&str]) -> Result {
    let present = cargo(probe).output().is_ok_and(|o| o.status.success());
    if present {
        return Ok(());
    }
    step(
        &format!("cargo install {krate}"),
        cargo(&["install", "--locked", krate]),
    )
}
