//! Developer entry points. Each installs what is missing before doing its work, so the
//! same command works on a fresh Debian/Ubuntu machine and on CI.
//!
//!   cargo xtask run      build and start Sportello in demo mode
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
    ("qpdf", "tests check every generated PDF with qpdf --check"),
    (
        "poppler-utils",
        "tests read PDFs back with pdffonts, pdftotext, pdfinfo, pdftoppm",
    ),
];

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
    Ok(())
}

fn run(extra: &[String]) -> Result {
    install()?;
    step(
        "build (release)",
        cargo(&["build", "--release", "--package", "sportello-cli"]),
    )?;
    let sportello = root().join("target/release/sportello");
    let data_dir = root().join("target/demo-data");
    println!("\nSportello: demo headless (l'app desktop arriverà con la sua issue).");
    println!("Dati dimostrativi in {}\n", data_dir.display());
    let mut cmd = Command::new(sportello);
    cmd.arg("--data-dir").arg(&data_dir).arg("demo").args(extra);
    step("sportello demo", cmd)
}

fn test() -> Result {
    install()?;
    step("format", cargo(&["fmt", "--all", "--check"]))?;
    step(
        "lint",
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "doc tests",
        cargo(&["test", "--workspace", "--doc", "--locked"]),
    )?;
    step(
        "tests",
        cargo(&[
            "nextest",
            "run",
            "--workspace",
            "--locked",
            "--no-fail-fast",
        ]),
    )
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
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let mut cmd = if is_root {
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
