//! `sportello sap|cv|ricevute`: flags in, one sportello-app call, output.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use chrono::Local;
use clap::{Args, Subcommand};
use sportello_app::documents::{self as app, BatchRequest, CvChoice};
use sportello_app::{AppError, Profile};

use crate::candidates::FilterArgs;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum SapCommand {
    /// The candidate's Scheda Anagrafica Professionale as PDF (recorded in the audit log).
    Pdf(OneArgs),
    /// The candidate's SAP as XML with the ministerial element names (audited).
    Xml(OneArgs),
    /// The citizen's "Libretto formativo" as PDF (audited).
    Libretto(OneArgs),
    /// The citizen's activity lists: Garanzia Giovani, 150/percettori/RDC by interview.
    Attivita {
        codice_fiscale: String,
        #[arg(long)]
        json: bool,
    },
    /// The SAP of every candidate matching the filters: one PDF each in a folder
    /// (named by codice fiscale) and/or one merged PDF (audited).
    Batch(Box<BatchArgs>),
}

#[derive(Debug, Args)]
pub struct OneArgs {
    /// Codice fiscale of the candidate.
    #[arg(value_name = "CF")]
    codice_fiscale: String,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    overwrite: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Folder for one PDF per candidate (CF.pdf).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// One PDF with every SAP.
    #[arg(long, value_name = "FILE.pdf")]
    merged: Option<PathBuf>,
    /// Replace files that exist.
    #[arg(long)]
    overwrite: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CvCommand {
    /// The candidate's CV as PDF (one or two pages; audited).
    Pdf(CvArgs),
}

#[derive(Debug, Args)]
pub struct CvArgs {
    #[command(flatten)]
    one: OneArgs,
    /// Anonymous CV: no name, codice fiscale, contacts, address or birth date (age band
    /// only), for employers before the candidate consents.
    #[arg(long)]
    anonimo: bool,
    /// Leave out the contacts (phone, e-mail).
    #[arg(long)]
    senza_recapiti: bool,
    /// Leave out the codice fiscale.
    #[arg(long)]
    senza_codice_fiscale: bool,
    /// Show the age band instead of the birth date.
    #[arg(long)]
    senza_data_nascita: bool,
    /// Show the province instead of the address.
    #[arg(long)]
    senza_indirizzo: bool,
}

#[derive(Debug, Subcommand)]
pub enum RicevuteCommand {
    /// The receipts kept in the local store, newest first.
    List {
        /// How many.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Print (again) a receipt to a PDF file (audited).
    Pdf {
        /// The receipt number (R-…).
        #[arg(value_name = "NUM")]
        number: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long)]
        overwrite: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn sap(command: SapCommand, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    let user = profile.user();
    match command {
        SapCommand::Pdf(a) => {
            let r = app::sap_pdf(
                &mut store,
                user,
                &a.codice_fiscale,
                &a.out,
                a.overwrite,
                Local::now(),
            )?;
            output::document_report("SAP", &r, a.json);
        }
        SapCommand::Xml(a) => {
            let r = app::sap_xml(
                &mut store,
                user,
                &a.codice_fiscale,
                &a.out,
                a.overwrite,
                Local::now(),
            )?;
            output::document_report("SAP XML", &r, a.json);
        }
        SapCommand::Libretto(a) => {
            let r = app::libretto_pdf(
                &mut store,
                user,
                &a.codice_fiscale,
                &a.out,
                a.overwrite,
                Local::now(),
            )?;
            output::document_report("Libretto formativo", &r, a.json);
        }
        SapCommand::Attivita {
            codice_fiscale,
            json,
        } => attivita(&store, &codice_fiscale, json)?,
        SapCommand::Batch(a) => {
            let a = *a;
            let query = a.filter.resolve(&store)?;
            let request = BatchRequest {
                query,
                out_dir: a.out_dir,
                merged: a.merged,
                overwrite: a.overwrite,
            };
            let quiet = a.json;
            let progress = |p: app::BatchProgress| {
                if !quiet && (p.done.is_multiple_of(100) || p.done == p.total) {
                    eprint!("\rSchede: {}/{}", p.done, p.total);
                    let _ = std::io::stderr().flush();
                }
            };
            // The desktop sets this from its "Annulla" button; Ctrl-C ends the CLI.
            let cancel = AtomicBool::new(false);
            let r = app::sap_batch(&mut store, user, &request, Local::now(), &progress, &cancel)?;
            if !quiet {
                eprintln!();
            }
            output::batch_report(&r, a.json);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn cv(command: CvCommand, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    let CvCommand::Pdf(a) = command;
    let choice = CvChoice {
        anonymous: a.anonimo,
        birth_date: !a.senza_data_nascita,
        codice_fiscale: !a.senza_codice_fiscale,
        contacts: !a.senza_recapiti,
        address: !a.senza_indirizzo,
    };
    let one = &a.one;
    let r = app::cv_pdf(
        &mut store,
        profile.user(),
        &one.codice_fiscale,
        choice,
        &one.out,
        one.overwrite,
        Local::now(),
    )?;
    output::document_report(if a.anonimo { "CV anonimo" } else { "CV" }, &r, one.json);
    Ok(ExitCode::SUCCESS)
}

pub fn ricevute(
    command: RicevuteCommand,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    match command {
        RicevuteCommand::List { limit, json } => {
            output::receipts(&app::receipts(&store, limit)?, json);
        }
        RicevuteCommand::Pdf {
            number,
            out,
            overwrite,
            json,
        } => {
            let r = app::receipt_pdf(
                &mut store,
                profile.user(),
                &number,
                &out,
                overwrite,
                Local::now(),
            )?;
            output::document_report("Ricevuta", &r, json);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn attivita(store: &sportello_app::search::Store, cf: &str, json: bool) -> Result<(), AppError> {
    let a = sportello_app::attivita::liste(store, cf)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&a).expect("views serialise")
        );
        return Ok(());
    }
    println!("Elenco attività Garanzia Giovani");
    if a.garanzia_giovani.is_empty() {
        println!("      nessuna attività");
    }
    for r in &a.garanzia_giovani {
        println!(
            "  {}  {}  {}  {}",
            r.data_proposta, r.azione, r.data_appuntamento, r.soggetto_erogatore
        );
    }
    println!("Elenco attività 150/percettori/RDC");
    if a.colloqui.is_empty() {
        println!("      nessuna attività");
    }
    for c in &a.colloqui {
        println!("  {}", c.colloquio);
        for r in &c.attivita {
            println!(
                "      {}  {}  {}  {}",
                r.tipo_attivita, r.data_proposta, r.data_appuntamento, r.data_fine
            );
        }
    }
    Ok(())
}
