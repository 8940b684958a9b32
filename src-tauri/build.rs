//! Builds the UI (`ui/dist`, embedded into the binary) when its sources changed, and
//! declares the app's commands so the capability file can grant exactly these.

use std::path::Path;
use std::process::Command;

const COMMANDS: &[&str] = &[
    "startup",
    "start_demo",
    "sign_in",
    "sign_out",
    "session_info",
    "lock",
    "unlock",
    "choose_scope",
    "dashboard",
    "search_options",
    "search_candidates",
    "candidate_sheet",
    "saved_searches",
    "save_search",
    "load_saved_search",
    "delete_saved_search",
    "export_candidates",
    "open_export",
    "reveal_export",
    "get_settings",
    "save_settings",
    "check_password",
    "print_sap",
    "export_sap_xml",
    "print_cv",
    "sap_batch",
    "cancel_sap_batch",
    "receipts",
    "print_receipt",
    "open_document",
    "reveal_document",
    "fd_overview",
    "fd_request",
    "fd_save_participants_file",
    "fd_grid",
    "fd_declare",
    "fd_suggestions",
    "fd_accept_suggestions",
    "fd_export",
    "fd_import",
    "fd_check",
    "fd_upload",
    "fd_open_receipt",
    "fd_outcome",
    "fd_save_outcome",
    "change_expired_password",
    "sync_status",
    "sync_now",
    "switch_scope",
    "candidate_notes",
    "add_annotation",
    "edit_contacts",
    "check_contacts",
    "resolve_conflict",
];

fn main() {
    build_ui();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration");
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
