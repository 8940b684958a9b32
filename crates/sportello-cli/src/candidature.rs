//! `sportello candidature`: applications to offers (seed 003) — the lists per offer or
//! per citizen with seed 003's filters, a citizen applying (the requirement declared),
//! the CPI's outcome with its note, the Excel export. Offline through the outbox;
//! `sportello sync` sends them and the server decides.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use sportello_app::candidature::{self, CandidaturaView, FiltroCandidature};
use sportello_app::{AppError, Profile};

#[derive(Debug, Args)]
pub struct Filtro {
    /// The offer's code or id.
    #[arg(long)]
    offerta: Option<String>,
    /// The citizen's codice fiscale.
    #[arg(long)]
    cittadino: Option<String>,
    /// Data candidatura da (YYYY-MM-DD).
    #[arg(long)]
    dal: Option<NaiveDate>,
    /// Data candidatura a (YYYY-MM-DD).
    #[arg(long)]
    al: Option<NaiveDate>,
    /// inserita, preso_in_carico, inviata_azienda, non_inviata_azienda.
    #[arg(long)]
    esito: Option<String>,
    /// Also the applications whose outcome is final.
    #[arg(long)]
    storico: bool,
}

impl Filtro {
    fn into_app(self) -> FiltroCandidature {
        FiltroCandidature {
            offerta: self.offerta,
            codice_fiscale: self.cittadino,
            dal: self.dal,
            al: self.al,
            esito: self.esito,
            includi_storico: self.storico,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CandidatureCommand {
    /// The applications, newest first.
    List {
        #[command(flatten)]
        filtro: Filtro,
        #[arg(long)]
        json: bool,
    },
    /// The citizen applies to a published offer, declaring the requirement.
    Apply {
        codice_fiscale: String,
        #[arg(long)]
        offerta: String,
        /// "Dichiaro di essere in possesso del requisito" (required).
        #[arg(long)]
        dichiara_requisiti: bool,
        /// The citizen's CV sent with it (`sportello cv list CF`).
        #[arg(long)]
        cv: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The CPI's outcome: preso_in_carico, inviata_azienda, non_inviata_azienda (with
    /// --nota: why).
    Set {
        id: String,
        esito: String,
        #[arg(long, default_value = "")]
        nota: String,
        #[arg(long)]
        json: bool,
    },
    /// The list as an Excel workbook (in the audit log).
    Export {
        #[command(flatten)]
        filtro: Filtro,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        overwrite: bool,
    },
}

fn json_out<T: serde::Serialize>(v: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("views serialise")
    );
}

fn line(c: &CandidaturaView) {
    println!(
        "{}  {}  {}  {} {}  [{}]{}",
        c.codice_offerta,
        c.data,
        c.profilo,
        c.codice_fiscale,
        c.cittadino,
        c.esito_etichetta,
        if c.in_attesa {
            "  [in attesa di invio]"
        } else {
            ""
        }
    );
    if !c.nota.is_empty() {
        println!("      {}", c.nota);
    }
    println!("      id {}", c.id);
}

pub fn run(
    cmd: CandidatureCommand,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    match cmd {
        CandidatureCommand::List { filtro, json } => {
            let all = candidature::elenco(&store, &filtro.into_app())?;
            if json {
                json_out(&all);
            } else if all.is_empty() {
                println!("Nessuna candidatura con questi criteri.");
            } else {
                all.iter().for_each(line);
            }
        }
        CandidatureCommand::Apply {
            codice_fiscale,
            offerta,
            dichiara_requisiti,
            cv,
            json,
        } => {
            let c = candidature::candida(
                &mut store,
                &codice_fiscale,
                &offerta,
                dichiara_requisiti,
                cv.as_deref(),
            )?;
            if json { json_out(&c) } else { line(&c) }
        }
        CandidatureCommand::Set {
            id,
            esito,
            nota,
            json,
        } => {
            let c = candidature::esito(&mut store, &id, &esito, &nota)?;
            if json { json_out(&c) } else { line(&c) }
        }
        CandidatureCommand::Export {
            filtro,
            out,
            overwrite,
        } => {
            let done = candidature::esporta(
                &mut store,
                profile.user(),
                &filtro.into_app(),
                &out,
                overwrite,
            )?;
            println!("Scritto {} ({} byte).", done.file, done.bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}
