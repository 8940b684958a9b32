//! `sportello cv`: a citizen's CVs (seed 003) — list, upload (pdf, doc, docx, odt, at
//! most 5 MB, with text), change, delete, the "Storico Utilizzi", the agencies' view
//! requests and the citizen's answers, the file saved (audited) and the CVs about to
//! expire. Offline through the outbox; `sportello sync` sends them.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use sportello_app::cv::{self, CvView, DatiCvForm};
use sportello_app::{AppError, Profile};

use crate::sync::runtime;

#[derive(Debug, Args)]
pub struct Dati {
    /// "Descrizione" (optional).
    #[arg(long, default_value = "")]
    descrizione: String,
    /// "Consenso alla ricerca": the CV can be found by the keyword search.
    #[arg(long)]
    consenso: bool,
    /// A "Territorio di interesse" (repeat it; `tutti` for every one).
    #[arg(long = "territorio")]
    territori: Vec<String>,
}

impl Dati {
    fn form(self) -> DatiCvForm {
        let territori = if self
            .territori
            .iter()
            .any(|t| t.eq_ignore_ascii_case("tutti"))
        {
            cv::territori()
        } else {
            self.territori
        };
        DatiCvForm {
            descrizione: self.descrizione,
            consenso: self.consenso,
            territori,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CvCommand {
    /// The candidate's CV as PDF, from the SAP (one or two pages; audited).
    Pdf(crate::documents::CvArgs),
    /// The citizen's CVs.
    List {
        codice_fiscale: String,
        #[arg(long)]
        json: bool,
    },
    /// "Nuovo": uploads a CV for the citizen.
    Add {
        codice_fiscale: String,
        file: PathBuf,
        #[command(flatten)]
        dati: Dati,
        /// Uploaded at the desk ("Caricato CPI").
        #[arg(long)]
        cpi: bool,
        #[arg(long)]
        json: bool,
    },
    /// "Modifica": the data (given again whole), and the file with --file.
    Edit {
        id: String,
        #[command(flatten)]
        dati: Dati,
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// "Elimina".
    Delete { id: String },
    /// "Storico Utilizzi".
    History { id: String },
    /// An agency asks to see the full CV (a consenting one).
    Request {
        id: String,
        #[arg(long)]
        azienda: String,
        #[arg(long)]
        posizione: String,
        #[arg(long)]
        json: bool,
    },
    /// The citizen's answer to a request: accettata or rifiutata.
    Answer {
        id: String,
        richiesta: String,
        stato: String,
        #[arg(long)]
        json: bool,
    },
    /// Saves the CV's file (downloaded first if needed; in the audit log).
    Save {
        id: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        overwrite: bool,
    },
    /// The CVs deleted within 15 days unless updated or used.
    Expiring {
        #[arg(long)]
        json: bool,
    },
}

fn json_out<T: serde::Serialize>(v: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("views serialise")
    );
}

fn line(c: &CvView) {
    println!(
        "{}  {}  {}  {} ({}, {})  consenso {}  caricato CPI {}  scade il {}{}",
        c.inserito_il,
        c.codice_fiscale,
        if c.descrizione.is_empty() {
            "—"
        } else {
            &c.descrizione
        },
        c.nome_file,
        c.formato,
        c.dimensione,
        if c.consenso { "SI" } else { "NO" },
        if c.caricato_cpi { "SI" } else { "NO" },
        c.scadenza,
        if c.in_attesa {
            "  [in attesa di invio]"
        } else {
            ""
        }
    );
    for r in &c.richieste {
        println!(
            "      richiesta {}  {}  {}  {}  [{}]",
            r.id, r.data, r.azienda, r.posizione, r.stato
        );
    }
    println!("      id {}", c.id);
}

pub fn run(cmd: CvCommand, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    if let CvCommand::Pdf(args) = cmd {
        return crate::documents::cv(crate::documents::CvCommand::Pdf(args), profile, password);
    }
    let mut store = sportello_app::store::open(profile, password)?;
    let show = |c: &CvView, json: bool| if json { json_out(c) } else { line(c) };
    match cmd {
        CvCommand::Pdf(_) => unreachable!("handled above"),
        CvCommand::List {
            codice_fiscale,
            json,
        } => {
            let all = cv::elenco(&store, &codice_fiscale)?;
            if json {
                json_out(&all);
            } else if all.is_empty() {
                println!("Nessun curriculum per {codice_fiscale}.");
            } else {
                all.iter().for_each(line);
            }
        }
        CvCommand::Add {
            codice_fiscale,
            file,
            dati,
            cpi,
            json,
        } => show(
            &cv::carica(&mut store, &codice_fiscale, &file, &dati.form(), cpi)?,
            json,
        ),
        CvCommand::Edit {
            id,
            dati,
            file,
            json,
        } => show(
            &cv::modifica(&mut store, &id, &dati.form(), file.as_deref())?,
            json,
        ),
        CvCommand::Delete { id } => {
            cv::elimina(&mut store, &id)?;
            println!("Curriculum eliminato: lo sarà ovunque alla prossima sincronizzazione.");
        }
        CvCommand::History { id } => {
            let c = cv::uno(&store, &id)?;
            println!("Data Operazione     Tipo           Note");
            for u in &c.storico {
                println!("{}    {:<13}  {}", u.quando, u.tipo, u.note);
            }
        }
        CvCommand::Request {
            id,
            azienda,
            posizione,
            json,
        } => show(&cv::richiedi(&mut store, &id, &azienda, &posizione)?, json),
        CvCommand::Answer {
            id,
            richiesta,
            stato,
            json,
        } => show(&cv::rispondi(&mut store, &id, &richiesta, &stato)?, json),
        CvCommand::Save { id, out, overwrite } => {
            runtime()?.block_on(cv::scarica(&mut store, &id))?;
            let done = cv::salva(&mut store, profile.user(), &id, &out, overwrite)?;
            println!("Scritto {} ({} byte).", done.file, done.bytes);
        }
        CvCommand::Expiring { json } => {
            let all = cv::in_scadenza(&store)?;
            if json {
                json_out(&all);
            } else if all.is_empty() {
                println!("Nessun curriculum in scadenza nei prossimi 15 giorni.");
            } else {
                for s in &all {
                    let c = &s.cv;
                    println!(
                        "{}  {} {}  {}  scade il {}",
                        c.id, c.codice_fiscale, s.cittadino, c.nome_file, c.scadenza
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
