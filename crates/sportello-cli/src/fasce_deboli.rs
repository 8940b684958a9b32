//! `sportello fasce-deboli …`: the FTWeb fasce-deboli flow (issue 7), headless.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, Utc};
use clap::{Args, Subcommand};
use sportello_app::fasce_deboli::{self as app, CheckReport, SuggestionRow};
use sportello_app::{AppError, Profile};

#[derive(Debug, Subcommand)]
pub enum FasceDeboliCommand {
    /// Write the participants of a year for filling in Excel or LibreOffice (flag and
    /// category columns unlocked, drop-downs, an "Istruzioni" sheet). Recorded in the
    /// audit log.
    Esporta(EsportaArgs),
    /// Read a filled file (.xlsx, .xls, .ods) into the working copy: all of it or,
    /// when a row cannot be taken, nothing. Exits with 1 when the file is not taken.
    Importa {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check a file row by row, as FTWeb will; exits with 1 when there are errors.
    Controlla {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The categories the SAP data supports for each participant, with the reason.
    /// With --applica, accept the first one for participants not yet declared.
    Suggerisci {
        /// Campaign year (default: the newest downloaded).
        #[arg(long)]
        anno: Option<i32>,
        #[arg(long)]
        applica: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct EsportaArgs {
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
    /// Campaign year (default: the newest downloaded).
    #[arg(long)]
    anno: Option<i32>,
    /// Replace the file if it exists.
    #[arg(long)]
    overwrite: bool,
    #[arg(long)]
    json: bool,
}

pub fn run(
    cmd: FasceDeboliCommand,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    match cmd {
        FasceDeboliCommand::Esporta(a) => {
            let report = app::export_for_filling(
                &mut store,
                profile.user(),
                a.anno,
                &a.out,
                a.overwrite,
                Local::now(),
            )?;
            if a.json {
                print_json(&report);
            } else {
                println!(
                    "Scritti {} partecipanti dell'anno {} in {}.",
                    report.rows, report.anno, report.file
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        FasceDeboliCommand::Importa { file, json } => {
            let report = app::import_filled(&mut store, &file, Utc::now())?;
            if json {
                print_json(&report);
            } else if report.accepted {
                println!(
                    "Importate {} dichiarazioni per l'anno {} da {}.",
                    report.imported,
                    report.anno.unwrap_or_default(),
                    report.file
                );
                print_check(&report.check);
            } else {
                println!(
                    "Il file {} non è stato importato: {}",
                    report.file,
                    report.reason.as_deref().unwrap_or_default()
                );
                print_check(&report.check);
            }
            Ok(if report.accepted {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        FasceDeboliCommand::Controlla { file, json } => {
            let report = app::check_file(&store, &file, Local::now().date_naive())?;
            if json {
                print_json(&report);
            } else {
                print_check(&report);
            }
            Ok(if report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        FasceDeboliCommand::Suggerisci {
            anno,
            applica,
            json,
        } => {
            let anno = app::working_year(&store, anno)?;
            let rows = app::suggest(&store, anno)?;
            let accepted = if applica {
                Some(app::accept_suggestions(&mut store, anno, None, Utc::now())?)
            } else {
                None
            };
            if json {
                print_json(
                    &serde_json::json!({ "anno": anno, "participants": rows, "accepted": accepted }),
                );
            } else {
                print_suggestions(&rows);
                if let Some(n) = accepted {
                    println!(
                        "Accettati {n} suggerimenti (solo partecipanti non ancora dichiarati)."
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_json(value: &impl serde::Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("DTOs serialise")
    );
}

pub fn print_check(r: &CheckReport) {
    if let Some(refused) = &r.refused {
        println!("File rifiutato ({}): {}", refused.code, refused.message);
        return;
    }
    println!(
        "{}: foglio «{}», intestazione alla riga {}.",
        r.file,
        r.sheet.as_deref().unwrap_or_default(),
        r.header_row.unwrap_or_default()
    );
    println!(
        "Righe: {} (corrette {}, con errori {}, con avvisi {}). Fascia debole: SI {}, NO {}, non indicato {}.",
        r.rows_total,
        r.rows_ok,
        r.rows_with_errors,
        r.rows_with_warnings,
        r.declared.si,
        r.declared.no,
        r.declared.non_indicato
    );
    for (code, n) in &r.by_category {
        println!("  categoria {code}: {n}");
    }
    for i in &r.issues {
        let kind = if i.severity == "error" {
            "ERRORE"
        } else {
            "avviso"
        };
        println!(
            "  riga {:>6}  {:<16} {kind}: {}",
            i.row, i.column, i.message
        );
    }
}

fn print_suggestions(rows: &[SuggestionRow]) {
    for r in rows {
        let current = match (&r.fascia_debole, &r.categoria) {
            (Some(f), Some(c)) => format!("dichiarato {f} {c}"),
            (Some(f), None) => format!("dichiarato {f}"),
            _ => "da compilare".into(),
        };
        let suggested = if !r.scheda_presente {
            "scheda SAP non presente nell'archivio".to_string()
        } else if r.suggestions.is_empty() {
            "nessuna categoria suggerita".to_string()
        } else {
            r.suggestions
                .iter()
                .map(|s| format!("{} ({})", s.code, s.reason))
                .collect::<Vec<_>>()
                .join("; ")
        };
        println!(
            "{} {} {} [{}] — {current} — {suggested}",
            r.codice_progetto, r.cognome, r.nome, r.codice_fiscale
        );
    }
}
