//! `sportello fasce-deboli …`: the FTWeb fasce-deboli flow (issue 7), headless.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, Utc};
use clap::{Args, Subcommand};
use sportello_app::fasce_deboli::online::{self, RequestDto, UploadDto};
use sportello_app::fasce_deboli::{self as app, CheckReport, SuggestionRow};

use crate::sync::runtime;
use sportello_app::{AppError, Profile};

#[derive(Debug, Subcommand)]
pub enum FasceDeboliCommand {
    /// Ask the server for the participants file of a year (queued when offline).
    Richiedi {
        /// Tipologia formativa (repeat for several).
        #[arg(long = "tipologia", required = true)]
        tipologie: Vec<String>,
        #[arg(long)]
        anno: i32,
        /// An extra address told when the file is ready.
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The requests and where they stand (a ready file is downloaded into the store).
    Stato {
        id: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the participants file of a ready request as the server sends it.
    Scarica {
        id: String,
        #[arg(long, value_name = "FILE.xlsx")]
        out: std::path::PathBuf,
        #[arg(long)]
        overwrite: bool,
    },
    /// Upload a filled file (checked first: nothing with errors is sent); prints the
    /// upload id and writes the receipt PDF.
    Carica {
        file: std::path::PathBuf,
        /// Where to write the receipt (default: the operator's `ricevute` folder,
        /// `ricevuta-<name>-<date-time>.pdf`, as the desktop does).
        #[arg(long, value_name = "FILE.pdf")]
        ricevuta: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The outcome of an upload: acquired and rejected rows with the reason.
    Esito {
        id: String,
        /// Also write the outcome workbook.
        #[arg(long, value_name = "FILE.xlsx")]
        out: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Every upload of the campaigns, with counts, and the deadline with days left.
    Storico {
        #[arg(long)]
        json: bool,
    },
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
    let operator = profile.user().to_string();
    match cmd {
        FasceDeboliCommand::Richiedi {
            tipologie,
            anno,
            email,
            json,
        } => {
            let r = runtime()?.block_on(online::request_file(
                &mut store, &operator, &tipologie, anno, email,
            ))?;
            if json {
                print_json(&r);
            } else {
                print_request(&r);
            }
            Ok(ExitCode::SUCCESS)
        }
        FasceDeboliCommand::Stato { id, json } => {
            let all = runtime()?.block_on(online::requests(&mut store, &operator))?;
            let shown: Vec<_> = all
                .into_iter()
                .filter(|r| {
                    id.as_deref()
                        .is_none_or(|id| r.id == id || r.server_id.as_deref() == Some(id))
                })
                .collect();
            if id.is_some() && shown.is_empty() {
                return Err(AppError::InvalidInput(
                    "nessuna richiesta con questo numero".into(),
                ));
            }
            if json {
                match (&id, shown.first()) {
                    (Some(_), Some(one)) => print_json(one),
                    _ => print_json(&shown),
                }
            } else if shown.is_empty() {
                println!("Nessuna richiesta.");
            } else {
                shown.iter().for_each(print_request);
            }
            Ok(ExitCode::SUCCESS)
        }
        FasceDeboliCommand::Scarica { id, out, overwrite } => {
            let file = runtime()?.block_on(online::download_file(
                &mut store, &operator, &id, &out, overwrite,
            ))?;
            println!("File dei partecipanti scritto in {file}.");
            Ok(ExitCode::SUCCESS)
        }
        FasceDeboliCommand::Carica {
            file,
            ricevuta,
            json,
        } => {
            let receipt_out = match ricevuta {
                Some(path) => path,
                None => {
                    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
                    online::receipt_destination(profile, &stem, Local::now())?
                }
            };
            let report = runtime()?.block_on(online::upload_file(
                &mut store,
                &operator,
                &file,
                Some(&receipt_out),
                Local::now(),
            ))?;
            if json {
                print_json(&report);
            } else if report.sent {
                println!(
                    "Caricamento inviato: {} (identificativo del server {}).",
                    report.upload.id,
                    report.upload.server_id.as_deref().unwrap_or("-")
                );
                if let (Some(r), Some(f)) = (&report.receipt, &report.receipt_file) {
                    println!("Ricevuta n. {} scritta in {f}.", r.number);
                }
            } else {
                println!(
                    "Server non raggiungibile: caricamento {} in coda, partirà alla prossima sincronizzazione.",
                    report.upload.id
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        FasceDeboliCommand::Esito { id, out, json } => {
            let upload = runtime()?.block_on(online::outcome(&mut store, &operator, &id))?;
            let written = match &out {
                Some(out) => Some(online::write_outcome(
                    &mut store, &operator, &id, out, true,
                )?),
                None => None,
            };
            if json {
                print_json(&upload);
            } else {
                print_upload(&upload);
                if let Some(f) = written {
                    println!("Esito scritto in {f}.");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        FasceDeboliCommand::Storico { json } => {
            let history = runtime()?.block_on(online::history(
                &mut store,
                &operator,
                Local::now().date_naive(),
            ))?;
            if json {
                print_json(&history);
            } else {
                for c in &history.campagne {
                    println!(
                        "Campagna {}: scadenza {} ({} giorni){}",
                        c.anno,
                        c.scadenza.format("%d/%m/%Y"),
                        c.giorni_rimasti,
                        c.avviso
                            .as_deref()
                            .map(|a| format!(" — {a}"))
                            .unwrap_or_default()
                    );
                }
                if history.caricamenti.is_empty() {
                    println!("Nessun caricamento.");
                }
                history.caricamenti.iter().for_each(print_upload);
            }
            Ok(ExitCode::SUCCESS)
        }
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
        println!(
            "File rifiutato ({}): {}",
            refused.code_text(),
            refused.message
        );
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

fn print_request(r: &RequestDto) {
    println!(
        "{}  anno {}  {}  {}{}{}",
        r.server_id.as_deref().unwrap_or(&r.id),
        r.anno,
        r.tipologie.join(","),
        r.stato,
        r.righe.map(|n| format!("  {n} righe")).unwrap_or_default(),
        if r.downloaded_at.is_some() {
            "  scaricato"
        } else {
            ""
        }
    );
    if let Some(e) = &r.errore {
        println!("    {e}");
    }
}

fn print_upload(u: &UploadDto) {
    println!(
        "{}  anno {}  {}  {}  {}{}",
        u.server_id.as_deref().unwrap_or(&u.id),
        u.anno,
        u.submitted_at
            .with_timezone(&Local)
            .format("%d/%m/%Y %H:%M"),
        u.file_name,
        u.stato,
        match (u.righe, u.acquisite, u.scartate) {
            (Some(r), Some(a), Some(s)) => format!("  righe {r}, acquisite {a}, scartate {s}"),
            _ => String::new(),
        }
    );
    if let Some(e) = &u.errore {
        println!("    {e}");
    }
    for r in &u.rejected {
        println!(
            "    scartata: {} {} — {}",
            r.codice_fiscale, r.codice_progetto, r.motivo
        );
    }
}
