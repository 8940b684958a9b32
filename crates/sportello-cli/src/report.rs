//! `sportello report`: the daily cross-branch reports of super and master users —
//! listed and shown from the store (offline too: each sync brings the new ones), asked
//! for a past day, exported to Excel or PDF.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use sportello_app::report::{self, Formato, ReportView};
use sportello_app::{AppError, Profile};

use crate::sync::runtime;

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The reports kept, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One report (AAAA-MM-GG): a row per count, a column per branch and the total.
    Show {
        giorno: String,
        #[arg(long)]
        json: bool,
    },
    /// Asks the server for the report of a past day (AAAA-MM-GG) and shows it.
    Request {
        giorno: String,
        #[arg(long)]
        json: bool,
    },
    /// Writes a kept report to an Excel (.xlsx: a sheet per list) or PDF file.
    Export {
        giorno: String,
        /// The file to write; .pdf writes a PDF, anything else Excel.
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        overwrite: bool,
    },
}

fn print(v: &ReportView, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(v).expect("views serialise")
        );
        return;
    }
    println!(
        "{} (generato il {}{})",
        v.titolo,
        v.generato,
        if v.programmato { "" } else { ", su richiesta" }
    );
    if let Some(c) = &v.campagna {
        println!("{c}");
    }
    let codes: Vec<String> = v.filiali.iter().map(|f| format!("{:>8}", f.code)).collect();
    println!("{:<44}{} {:>8}", "", codes.join(""), "Totale");
    for (i, voce) in v.voci.iter().enumerate() {
        let values: Vec<String> = v
            .filiali
            .iter()
            .map(|f| format!("{:>8}", f.valori[i]))
            .collect();
        println!("{voce:<44}{} {:>8}", values.join(""), v.totale[i]);
    }
}

pub fn run(cmd: ReportCommand, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    match cmd {
        ReportCommand::List { json } => {
            let all = report::elenco(&store)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&all).expect("rows serialise")
                );
            } else if all.is_empty() {
                println!(
                    "Nessun report: arrivano con la sincronizzazione (utenze super e master)."
                );
            } else {
                for r in &all {
                    println!(
                        "{}  {}  nuovi cittadini {:>5}  nuovi interessi {:>5}  da valutare {:>5}{}",
                        r.giorno,
                        r.titolo,
                        r.cittadini_nuovi,
                        r.interessi_nuovi,
                        r.interessi_da_valutare,
                        if r.letto { "" } else { "  (nuovo)" }
                    );
                }
            }
        }
        ReportCommand::Show { giorno, json } => {
            let v = report::apri(&mut store, report::parse_day(&giorno)?)?;
            print(&v, json);
        }
        ReportCommand::Request { giorno, json } => {
            let day = report::parse_day(&giorno)?;
            let v = runtime()?.block_on(report::chiedi(&mut store, day))?;
            print(&v, json);
        }
        ReportCommand::Export {
            giorno,
            out,
            overwrite,
        } => {
            let formato = Formato::of_path(&out);
            let operator = profile.user().to_string();
            let done = report::esporta(
                &mut store,
                &operator,
                report::parse_day(&giorno)?,
                formato,
                &out,
                overwrite,
            )?;
            println!("Report scritto in {} ({} byte)", done.file, done.bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}
