//! `sportello utenti`: the agency's accounts (master: list, create, enable, disable,
//! move; super: list). Online: flags in, one sportello-app call, output.

use std::process::ExitCode;

use clap::Subcommand;
use sportello_app::utenti::{self, NuovaUtenza, UtenteRiga, Utenti};
use sportello_app::{AppError, Profile};

use crate::sync::runtime;

#[derive(Debug, Subcommand)]
pub enum UtentiCommand {
    /// The accounts the session sees, with role, branches, last access, password expiry.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A super user or an operatore; the initial password (SPORTELLO_NEW_PASSWORD, or
    /// asked twice) must be changed at the first access.
    New {
        username: String,
        /// super or operatore.
        #[arg(long, default_value = "super")]
        ruolo: String,
        /// Branch codes, comma-separated (an operatore: one).
        #[arg(long, value_delimiter = ',', required = true)]
        filiali: Vec<String>,
        #[arg(long = "cf")]
        codice_fiscale: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lets the account log in again.
    Enable {
        username: String,
        #[arg(long)]
        json: bool,
    },
    /// The account can no longer log in; its sessions end at once.
    Disable {
        username: String,
        #[arg(long)]
        json: bool,
    },
    /// Replaces the account's branches; its next sync asks it to log in again.
    Branches {
        username: String,
        #[arg(value_delimiter = ',', required = true)]
        filiali: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

fn line(u: &UtenteRiga) -> String {
    let state = match (u.abilitata, u.primo_accesso) {
        (false, _) => "disabilitata",
        (true, true) => "da attivare (primo accesso)",
        (true, false) => "attiva",
    };
    format!(
        "{:<24} {:<10} {:<20} {:<18} password fino al {}  {state}",
        u.username,
        u.ruolo_etichetta,
        u.filiali.join(","),
        if u.ultimo_accesso.is_empty() {
            "mai entrata".to_string()
        } else {
            format!("accesso {}", u.ultimo_accesso)
        },
        u.scadenza_password
    )
}

fn show(u: &UtenteRiga, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(u).expect("rows serialise")
        );
    } else {
        println!("{}", line(u));
    }
}

pub fn run(
    cmd: UtentiCommand,
    profile: &Profile,
    password: &str,
    new_password: impl FnOnce() -> Result<String, AppError>,
) -> Result<ExitCode, AppError> {
    let store = sportello_app::store::open(profile, password)?;
    let rt = runtime()?;
    match cmd {
        UtentiCommand::List { json } => {
            let all: Utenti = rt.block_on(utenti::elenco(&store))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&all).expect("rows serialise")
                );
            } else {
                for u in &all.righe {
                    println!("{}", line(u));
                }
            }
        }
        UtentiCommand::New {
            username,
            ruolo,
            filiali,
            codice_fiscale,
            json,
        } => {
            let form = NuovaUtenza {
                username,
                ruolo,
                filiali,
                codice_fiscale: codice_fiscale.unwrap_or_default(),
                password: new_password()?,
            };
            let made = rt.block_on(utenti::crea(&store, &form))?;
            show(&made, json);
            if !json {
                println!("Al primo accesso dovrà sostituire la password iniziale.");
            }
        }
        UtentiCommand::Enable { username, json } => {
            show(
                &rt.block_on(utenti::abilita(&store, &username, true))?,
                json,
            );
        }
        UtentiCommand::Disable { username, json } => {
            show(
                &rt.block_on(utenti::abilita(&store, &username, false))?,
                json,
            );
        }
        UtentiCommand::Branches {
            username,
            filiali,
            json,
        } => {
            show(
                &rt.block_on(utenti::sposta(&store, &username, &filiali))?,
                json,
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
