//! `sportello login|password|sync|status|logout|scope|problems` and the local changes
//! (`candidates annotate|contacts|fascia`): flags in, one sportello-app call, output.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use sportello_app::sync::{self as app, SyncProgress};
use sportello_app::{AppError, Profile};

use crate::output;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The central server, e.g. http://127.0.0.1:8080 (default: the last one used).
    #[arg(long, env = "SPORTELLO_SERVER")]
    server: Option<String>,
    /// master and super: `filiale:CODE` or `tutte` (remembered for the next logins).
    #[arg(long)]
    scope: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct PasswordArgs {
    /// Only re-key the local store (it still has the previous password).
    #[arg(long)]
    solo_locale: bool,
    /// The server, when this computer has no store yet (a new account's first
    /// access, or an expired password before any login).
    #[arg(long, env = "SPORTELLO_SERVER")]
    server: Option<String>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Keep syncing until Ctrl-C.
    #[arg(long)]
    watch: bool,
    /// Seconds between two syncs with --watch.
    #[arg(long, default_value_t = 60)]
    every: u64,
    /// Switch scope first (master and super): `filiale:CODE` or `tutte`.
    #[arg(long)]
    scope: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// Log out even with changes not yet sent (they stay and leave at the next login;
    /// with --wipe they are lost).
    #[arg(long)]
    force: bool,
    /// Also empty the local cache.
    #[arg(long)]
    wipe: bool,
}

#[derive(Debug, Subcommand)]
pub enum ProblemsCommand {
    /// Changes the server rejected or that conflict with its record.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Settle a problem (a conflict, or a change the server refused or set aside): keep
    /// the server's record and drop the change, or send the change again.
    Resolve {
        seq: i64,
        #[arg(long, value_parser = ["server", "mine"])]
        keep: String,
    },
}

/// The local changes, under `sportello candidates`.
#[derive(Debug, Subcommand)]
pub enum EditCommand {
    /// Add an annotation (esito_colloquio, contatto, nota, rifiuto_offerta) to a candidate.
    Annotate {
        codice_fiscale: String,
        text: String,
        #[arg(long, default_value = "nota")]
        kind: String,
        /// The day it happened (YYYY-MM-DD or DD/MM/YYYY).
        #[arg(long)]
        on: Option<String>,
    },
    /// Replace a candidate's phone, mobile and e-mail (an absent flag clears it).
    Contacts {
        codice_fiscale: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Declare whether a candidate belongs to the fasce deboli, and the category.
    Fascia {
        codice_fiscale: String,
        #[arg(long, value_name = "SI|NO")]
        debole: String,
        #[arg(long)]
        categoria: Option<String>,
    },
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, AppError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| AppError::Internal(format!("runtime: {e}")))
}

/// A progress line on stderr, rewritten in place.
fn progress(quiet: bool) -> impl Fn(SyncProgress) + Send + Sync {
    move |p| {
        if quiet {
            return;
        }
        match p {
            SyncProgress::Pushing { sent, total } => {
                eprint!("\rInvio modifiche: {sent}/{total}   ")
            }
            SyncProgress::Pulling { records, pages, .. } => {
                eprint!("\rRicezione: {records} record in {pages} pagine   ")
            }
            SyncProgress::Done => eprintln!(),
        }
    }
}

pub fn login(args: LoginArgs, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let (_, report) = runtime()?.block_on(app::login(
        profile,
        args.server.as_deref(),
        password,
        args.scope.as_deref(),
    ))?;
    output::login_report(&report, args.json);
    Ok(ExitCode::SUCCESS)
}

pub fn password(
    args: PasswordArgs,
    profile: &Profile,
    old: &str,
    new: &str,
) -> Result<ExitCode, AppError> {
    if args.solo_locale {
        app::change_local_password(profile, old, new)?;
        println!("Archivio locale aggiornato alla nuova password.");
    } else if let Some(server) = args
        .server
        .as_deref()
        .filter(|_| !sportello_app::store::exists(profile))
    {
        runtime()?.block_on(sportello_app::desk::change_expired_password(
            profile, server, old, new,
        ))?;
        println!("Password cambiata sul server: accedi con la nuova password.");
    } else {
        runtime()?.block_on(app::change_password(profile, old, new))?;
        println!("Password cambiata sul server e nell'archivio locale.");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn sync(args: SyncArgs, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    let rt = runtime()?;
    let show = progress(args.json);
    if let Some(scope) = &args.scope {
        let summary = rt.block_on(app::switch_scope(&mut store, scope, &show))?;
        output::sync_summary(&summary, args.json);
        if !args.watch {
            return Ok(ExitCode::SUCCESS);
        }
    }
    if args.watch {
        let json = args.json;
        rt.block_on(app::watch(
            &mut store,
            Duration::from_secs(args.every.max(1)),
            &show,
            |outcome| match outcome {
                Ok(summary) => output::sync_summary(summary, json),
                Err(e) => eprintln!("Sincronizzazione non riuscita: {e}"),
            },
            async {
                let _ = tokio::signal::ctrl_c().await;
            },
        ))?;
    } else {
        let summary = rt.block_on(app::sync(&mut store, &show))?;
        output::sync_summary(&summary, args.json);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn status(args: StatusArgs, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let store = sportello_app::store::open(profile, password)?;
    let status = runtime()?.block_on(app::status(&store))?;
    output::status(&status, args.json);
    Ok(ExitCode::SUCCESS)
}

pub fn logout(args: LogoutArgs, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    let pending = store.outbox_counts()?.pending;
    if args.force && pending > 0 {
        eprintln!(
            "Attenzione: {pending} modifiche non inviate{}.",
            if args.wipe {
                " verranno cancellate"
            } else {
                " restano nell'archivio e partiranno al prossimo accesso"
            }
        );
    }
    runtime()?.block_on(app::logout(&mut store, args.force))?;
    if args.wipe {
        app::wipe(&mut store, args.force)?;
        println!("Sessione chiusa e archivio locale svuotato.");
    } else {
        println!("Sessione chiusa.");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn problems(
    cmd: ProblemsCommand,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    match cmd {
        ProblemsCommand::List { json } => output::problems(&app::problems(&store)?, json),
        ProblemsCommand::Resolve { seq, keep } => {
            app::resolve_problem(&mut store, profile, seq, keep == "mine")?;
            println!(
                "Problema {seq} risolto: {}",
                if keep == "mine" {
                    "la modifica partirà con la prossima sincronizzazione."
                } else {
                    "la modifica locale è stata scartata."
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn edit(cmd: EditCommand, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    let seq = match cmd {
        EditCommand::Annotate {
            codice_fiscale,
            text,
            kind,
            on,
        } => {
            let kind = app::parse_annotation_kind(&kind)?;
            let on = on
                .map(|d| sportello_app::search::parse_date(&d, "data"))
                .transpose()?;
            let seq = app::annotate(&mut store, profile, &codice_fiscale, kind, &text, on)?;
            if kind == app::AnnotationKind::RifiutoOfferta {
                eprintln!(
                    "{} Comunicala con: sportello rifiuti new --offerta OFFERTA --cf {} --motivo MOTIVO",
                    sportello_app::desk::PROMEMORIA_RIFIUTO,
                    codice_fiscale.trim().to_uppercase()
                );
            }
            seq
        }
        EditCommand::Contacts {
            codice_fiscale,
            phone,
            mobile,
            email,
        } => app::edit_contacts(
            &mut store,
            profile,
            &codice_fiscale,
            sportello_core_contacts(phone, mobile, email),
        )?,
        EditCommand::Fascia {
            codice_fiscale,
            debole,
            categoria,
        } => {
            let flag = match debole.trim().to_uppercase().as_str() {
                "SI" | "SÌ" => true,
                "NO" => false,
                other => {
                    return Err(AppError::InvalidInput(format!(
                        "--debole vale SI o NO, non «{other}»"
                    )));
                }
            };
            app::set_fascia_debole(
                &mut store,
                profile,
                &codice_fiscale,
                flag,
                categoria.as_deref(),
            )?
        }
    };
    println!("Modifica registrata (n. {seq}): partirà alla prossima sincronizzazione.");
    Ok(ExitCode::SUCCESS)
}

fn sportello_core_contacts(
    phone: Option<String>,
    mobile: Option<String>,
    email: Option<String>,
) -> app::Contacts {
    app::Contacts {
        phone,
        mobile,
        email,
    }
}
