//! `sportello documenti`: a citizen's documents to sign (seed 003) — list with their
//! trail, create one from the SAP (or replace a practice), take in charge, sign,
//! annul, print. Offline through the outbox; `sportello sync` sends them.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use sportello_app::documenti::{self, DocumentoView};
use sportello_app::{AppError, Profile};

#[derive(Debug, Subcommand)]
pub enum DocumentiCommand {
    /// A citizen's documents, newest first.
    List {
        codice_fiscale: String,
        #[arg(long)]
        json: bool,
    },
    /// A new document: ricevuta_did, patto_servizio_150, patto_attivazione_gg,
    /// programma_ricerca_intensiva.
    New {
        codice_fiscale: String,
        #[arg(long)]
        tipo: String,
        /// The id of the document this one replaces ("Sostituita dalla pratica N").
        #[arg(long)]
        sostituisce: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A step: prendi_in_carico, firma_cittadino, firma_operatore, annulla (with
    /// --motivo).
    Step {
        id: String,
        azione: String,
        #[arg(long, default_value = "")]
        motivo: String,
        #[arg(long)]
        json: bool,
    },
    /// The document as a PDF (recorded in the audit log).
    Pdf {
        id: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        overwrite: bool,
    },
}

fn print(d: &DocumentoView, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(d).expect("views serialise")
        );
        return;
    }
    let numero = if d.numero.is_empty() {
        "(da inviare)"
    } else {
        &d.numero
    };
    println!(
        "{numero:<12} {}  {}  [{}]{}",
        d.data,
        d.tipo_etichetta,
        d.stato,
        if d.in_attesa {
            "  [in attesa di invio]"
        } else {
            ""
        }
    );
    println!("             {}", d.traccia);
    println!("             id {}", d.id);
}

pub fn run(cmd: DocumentiCommand, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    match cmd {
        DocumentiCommand::List {
            codice_fiscale,
            json,
        } => {
            let all = documenti::elenco(&store, &codice_fiscale)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&all).expect("views serialise")
                );
            } else if all.is_empty() {
                println!("Nessun documento.");
            }
            if !json {
                for d in &all {
                    print(d, false);
                }
            }
        }
        DocumentiCommand::New {
            codice_fiscale,
            tipo,
            sostituisce,
            json,
        } => print(
            &documenti::crea(&mut store, &codice_fiscale, &tipo, sostituisce.as_deref())?,
            json,
        ),
        DocumentiCommand::Step {
            id,
            azione,
            motivo,
            json,
        } => print(&documenti::azione(&mut store, &id, &azione, &motivo)?, json),
        DocumentiCommand::Pdf { id, out, overwrite } => {
            let done = documenti::pdf(&mut store, profile.user(), &id, &out, overwrite)?;
            println!("Scritto {} ({} byte).", done.file, done.bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}
