//! Builds the UI (`ui/dist`, embedded into the binary) when its sources changed, and
//! declares the app's commands so the capability file can grant exactly these.
//!
//! The commands are listed once, in the `app_commands!` invocation of `src/lib.rs`:
//! this script reads their names from there, declares them to Tauri and writes the
//! main window's capability (`capabilities/main.json`) granting exactly them.

use std::path::Path;
use std::process::Command;

/// Permissions of the main window besides the app's own commands.
const PLUGIN_PERMISSIONS: &[&str] = &["dialog:allow-save", "dialog:allow-open"];

fn main() {
    build_ui();
    println!("cargo:rerun-if-changed=src/lib.rs");
    let lib = std::fs::read_to_string("src/lib.rs").expect("src/lib.rs");
    let commands = command_names(&lib);
    write_capability(&commands);
    // Tauri keeps the names for the whole build: a build script may leak them.
    let commands: Vec<&'static str> = commands.into_iter().map(|c| &*c.leak()).collect();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands.leak())),
    )
    .expect("tauri build configuration");
}

/// `area::name(...)` lines of the `app_commands! { ... }` invocation, in order.
fn command_names(lib: &str) -> Vec<String> {
    let list = lib
        .split_once("\napp_commands! {\n")
        .and_then(|(_, rest)| rest.split_once("\n}"))
        .map(|(list, _)| list)
        .expect("src/lib.rs invokes app_commands! { ... }");
    let names: Vec<String> = list
        .lines()
        .filter_map(|line| line.trim().split_once("::"))
        .map(|(_, rest)| {
            rest.split('(')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')),
        "unexpected command names in app_commands!: {names:?}"
    );
    names
}

/// The capability granting the main window exactly the listed commands; rewritten
/// only when it changes, so an unchanged list does not rebuild.
fn write_capability(commands: &[String]) {
    let permissions: Vec<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string()))
        .collect();
    let capability = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main",
        "description": "The main window: the app's own commands and the save/open dialogs, \
                        nothing else. Written by build.rs from app_commands! in src/lib.rs.",
        "windows": ["main"],
        "permissions": permissions,
    });
    let text = serde_json::to_string_pretty(&capability).expect("capability JSON") + "\n";
    let path = Path::new("capabilities/main.json");
    if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(path, text).expect("write capabilities/main.json");
    }
}

/// `npm ci` when `ui/node_modules` is missing, then `npm run build` (type check and
/// Vite). Cargo reruns this only when a UI source changes.
fn build_ui() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
    for watched in [
        "src",
        "index.html",
        "package.json",
        "package-lock.json",
        "vite.config.ts",
        "tsconfig.json",
    ] {
        println!("cargo:rerun-if-changed={}", ui.join(watched).display());
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let run = |args: &[&str]| {
        let status = Command::new(npm)
            .args(args)
            .current_dir(&ui)
            .status()
            .unwrap_or_else(|e| panic!("the UI needs Node.js and npm ({npm}: {e})"));
        assert!(status.success(), "`npm {}` failed in ui/", args.join(" "));
    };
    if !ui.join("node_modules").is_dir() {
        run(&["ci", "--no-audit", "--no-fund"]);
    }
    run(&["run", "build"]);
}
