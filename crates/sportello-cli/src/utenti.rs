//! `sportello utenti`: the agency's accounts (master: list, create, enable, disable,
//! move; super: list); `sportello configurazione pad`: the branches of the PAD.
//! Online: flags in, one sportello-app call, output.

use std::process::ExitCode;

use clap::Subcommand;
use sportello_app::configurazione::{self, PadView};
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
        /// Where the daily report is mailed (super users).
        #[arg(long)]
        email: Option<String>,
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
    /// A new one-time password for an account whose owner forgot theirs
    /// (SPORTELLO_NEW_PASSWORD, or asked twice): changed at the next access.
    Reset {
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
            email,
            json,
        } => {
            let form = NuovaUtenza {
                username,
                ruolo,
                filiali,
                codice_fiscale: codice_fiscale.unwrap_or_default(),
                email: email.unwrap_or_default(),
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
        UtentiCommand::Reset { username, json } => {
            let password = new_password()?;
            show(
                &rt.block_on(utenti::nuova_password(&store, &username, &password))?,
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

#[derive(Debug, Subcommand)]
pub enum ConfigurazioneCommand {
    /// "Configurazione APL": the branches citizens may choose when they sign the PAD.
    /// Without flags, shows it; super and master change it with the flags.
    Pad {
        /// Branch codes to make selectable, comma-separated.
        #[arg(long, value_delimiter = ',')]
        abilita: Vec<String>,
        /// Branch codes to make not selectable, comma-separated.
        #[arg(long, value_delimiter = ',')]
        disabilita: Vec<String>,
        /// All the user's branches at once: si or no.
        #[arg(long, value_name = "SI|NO")]
        tutte: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn show_pad(v: &PadView, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(v).expect("views serialise")
        );
        return;
    }
    if !v.in_linea {
        println!("(dall'ultima sincronizzazione)");
    }
    for f in &v.filiali {
        println!(
            "{:<6} {:<28} {:<24} {}{}",
            f.code,
            f.nome,
            f.sede,
            if f.selezionabile {
                "selezionabile"
            } else {
                "non selezionabile"
            },
            if f.modifica.is_empty() {
                String::new()
            } else {
                format!("  (modificata il {})", f.modifica)
            }
        );
    }
    for p in &v.province_scoperte {
        println!(
            "Attenzione: nessuna filiale selezionabile nella provincia di {p}, dove vivono cittadini dell'agenzia."
        );
    }
}

pub fn configurazione(
    cmd: ConfigurazioneCommand,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    let store = sportello_app::store::open(profile, password)?;
    let rt = runtime()?;
    let ConfigurazioneCommand::Pad {
        abilita,
        disabilita,
        tutte,
        json,
    } = cmd;
    let mut scelte: Vec<(String, bool)> = abilita
        .into_iter()
        .map(|c| (c, true))
        .chain(disabilita.into_iter().map(|c| (c, false)))
        .collect();
    if let Some(all) = tutte {
        let flag = match all.trim().to_lowercase().as_str() {
            "si" | "sì" => true,
            "no" => false,
            other => {
                return Err(AppError::InvalidInput(format!(
                    "--tutte vale si o no, non «{other}»"
                )));
            }
        };
        let current = rt.block_on(configurazione::pad(&store))?;
        scelte.extend(current.filiali.into_iter().map(|f| (f.code, flag)));
    }
    let view = if scelte.is_empty() {
        rt.block_on(configurazione::pad(&store))?
    } else {
        rt.block_on(configurazione::modifica(&store, &scelte))?
    };
    show_pad(&view, json);
    Ok(ExitCode::SUCCESS)
}
