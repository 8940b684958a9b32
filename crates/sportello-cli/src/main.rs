//! `sportello`: the headless front end. Parses arguments, asks for the password, calls
//! one use case of `sportello-app`, prints the result. No rules live here.

mod agenda;
mod candidates;
mod candidature;
mod corsi;
mod cv;
mod documenti;
mod documents;
mod fasce_deboli;
mod offerte;
mod output;
mod report;
mod sync;
mod utenti;

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use sportello_app::{AppError, ErrorCode, Profile};

#[derive(Debug, Parser)]
#[command(
    name = "sportello",
    version,
    about = "Sportello: il back-office dei servizi per il lavoro"
)]
struct Cli {
    /// Folder of the local data (default: the system's data folder).
    #[arg(long, global = true, env = "SPORTELLO_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Operator username; each operator has an encrypted store of their own.
    #[arg(long, global = true, env = "SPORTELLO_USER")]
    user: Option<String>,
    /// The agency's own certification authority (PEM) to trust for the central
    /// server, besides the public ones; remembered at login with the server address.
    #[arg(long, global = true, env = "SPORTELLO_CA_CERT", value_name = "PEM")]
    ca_cert: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Codice fiscale tools.
    #[command(subcommand)]
    Cf(CfCommand),
    /// The encrypted local store.
    #[command(subcommand)]
    Store(StoreCommand),
    /// Fill a local store with demo citizens and show what it holds (headless demo).
    Demo(DemoArgs),
    /// Candidate search, Excel export and saved searches.
    #[command(subcommand)]
    Candidates(Box<candidates::CandidatesCommand>),
    /// Log in to the central server (offline: open the local store and say how old it is).
    Login(sync::LoginArgs),
    /// Change the password on the server and in the local store (policy checked first).
    Password(sync::PasswordArgs),
    /// Send the local changes, then receive the server's (once, or --watch).
    Sync(sync::SyncArgs),
    /// Session, last sync, changes waiting, rejected and conflicts, cached records.
    Status(sync::StatusArgs),
    /// Close the session (refused while changes wait, unless --force).
    Logout(sync::LogoutArgs),
    /// Changes the server rejected or that conflict, and their resolution.
    #[command(subcommand)]
    Problems(sync::ProblemsCommand),
    /// FTWeb fasce deboli: prepare, check and import the participants file.
    #[command(name = "fasce-deboli", subcommand)]
    FasceDeboli(fasce_deboli::FasceDeboliCommand),
    /// Scheda Anagrafica Professionale: PDF, XML, and PDFs for a whole search.
    #[command(subcommand)]
    Sap(Box<documents::SapCommand>),
    /// CVs: the candidate's CV as PDF (optionally anonymous), and the CV files of
    /// seed 003 (list, upload, change, delete, history, view requests, save, expiring).
    #[command(subcommand)]
    Cv(Box<cv::CvCommand>),
    /// Receipts of what was submitted: list and print again.
    #[command(subcommand)]
    Ricevute(documents::RicevuteCommand),
    /// Job offers (SIISL): list, sheet, new, state, coded lists.
    #[command(subcommand)]
    Offerte(offerte::OfferteCommand),
    /// Expressions of interest in offers and the branch's work on them.
    #[command(subcommand)]
    Interessi(offerte::InteressiCommand),
    /// Communications of an offer refused by a citizen.
    #[command(subcommand)]
    Rifiuti(offerte::RifiutiCommand),
    /// The agency's accounts: list (master, super); create, enable, disable, move (master).
    #[command(subcommand)]
    Utenti(utenti::UtentiCommand),
    /// "Configurazione APL": the branches citizens may choose in the PAD.
    #[command(subcommand)]
    Configurazione(utenti::ConfigurazioneCommand),
    /// A citizen's documents to sign (seed 003): list, create, sign, annul, print.
    #[command(subcommand)]
    Documenti(documenti::DocumentiCommand),
    /// The CPI desk's appointments (seed 003): desks, slots, bookings, agenda, receipt.
    #[command(subcommand)]
    Agenda(agenda::AgendaCommand),
    /// Applications to offers (seed 003): lists, apply, the CPI's outcome, export.
    #[command(subcommand)]
    Candidature(candidature::CandidatureCommand),
    /// The training-course catalogue (seed 004): search, drafts, validation, export,
    /// import.
    #[command(subcommand)]
    Corsi(corsi::CorsiCommand),
    /// The daily cross-branch reports (super and master): list, show, request, export.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// The candidates that fit an offer, and why; propose it to some. With
    /// `--candidato CF`: the published offers that fit that candidate.
    Abbinamenti(offerte::AbbinamentiArgs),
}

#[derive(Debug, Subcommand)]
enum CfCommand {
    /// Check and decode codici fiscali; `-` reads them from stdin, one per line.
    /// Exits with 1 when any of them is invalid.
    Check {
        #[arg(required = true, value_name = "CF")]
        codes: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum StoreCommand {
    /// Create the operator's encrypted store.
    Init,
    /// Check integrity and show what the store holds.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Rebuild a damaged store, keeping the unsynced changes (the damaged file is kept aside).
    Recover {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
struct DemoArgs {
    /// How many demo citizens to load.
    #[arg(long, default_value_t = 5_000)]
    citizens: usize,
    /// Seed of the demo data: the same seed gives the same citizens.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    // Piped into `head` or `less` and closed early: end quietly, as other commands do,
    // instead of a panic (Rust ignores SIGPIPE by default). Store writes are
    // transactions, so stopping mid-way loses nothing.
    sigpipe::reset();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Errore: {e}");
            if let Some(code) = e.server_code() {
                eprintln!("Codice del server: {code}");
            }
            if let Some(hint) = hint(e.code()) {
                eprintln!("Come fare: {hint}");
            }
            ExitCode::from(exit_code(&e))
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, AppError> {
    let today = chrono::Local::now().date_naive();
    match cli.command {
        Command::Cf(CfCommand::Check { codes, json }) => {
            let codes = read_codes(codes)?;
            let reports = sportello_app::check_codici_fiscali(&codes, today);
            output::cf_reports(&reports, json);
            let all_valid = reports.iter().all(|r| r.valid);
            Ok(if all_valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Store(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            match cmd {
                StoreCommand::Init => {
                    let password = new_password()?;
                    sportello_app::store::init(&profile, &password)?;
                    println!("Archivio locale creato per «{}».", profile.user());
                }
                StoreCommand::Check { json } => {
                    let report = sportello_app::store::check(&profile, &password()?)?;
                    output::store_report(&report, json);
                    if !report.integrity_ok {
                        return Ok(ExitCode::from(1));
                    }
                }
                StoreCommand::Recover { json } => {
                    let report = sportello_app::store::recover(&profile, &password()?)?;
                    output::recovery_report(&report, json);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Candidates(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            candidates::run(*cmd, &profile, &password()?)
        }
        Command::Login(args) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            sync::login(args, &profile, &password()?)
        }
        Command::Password(args) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            println!("{}", sportello_app::sync::PASSWORD_POLICY);
            let old = password()?;
            sync::password(args, &profile, &old, &typed_new_password()?)
        }
        Command::Utenti(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            utenti::run(cmd, &profile, &password()?, typed_new_password)
        }
        Command::Documenti(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            documenti::run(cmd, &profile, &password()?)
        }
        Command::Agenda(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            agenda::run(cmd, &profile, &password()?)
        }
        Command::Candidature(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            candidature::run(cmd, &profile, &password()?)
        }
        Command::Corsi(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            corsi::run(cmd, &profile, &password()?)
        }
        Command::Report(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            report::run(cmd, &profile, &password()?)
        }
        Command::Configurazione(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            utenti::configurazione(cmd, &profile, &password()?)
        }
        Command::Sync(args) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            sync::sync(args, &profile, &password()?)
        }
        Command::Status(args) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            sync::status(args, &profile, &password()?)
        }
        Command::Logout(args) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            sync::logout(args, &profile, &password()?)
        }
        Command::Problems(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            sync::problems(cmd, &profile, &password()?)
        }
        Command::FasceDeboli(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            fasce_deboli::run(cmd, &profile, &password()?)
        }
        Command::Sap(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            documents::sap(*cmd, &profile, &password()?)
        }
        Command::Cv(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            cv::run(*cmd, &profile, &password()?)
        }
        Command::Offerte(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            offerte::offerte(cmd, &profile, &password()?)
        }
        Command::Interessi(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            offerte::interessi_cmd(cmd, &profile, &password()?)
        }
        Command::Rifiuti(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            offerte::rifiuti(cmd, &profile, &password()?)
        }
        Command::Abbinamenti(args) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            offerte::abbinamenti(args, &profile, &password()?)
        }
        Command::Ricevute(cmd) => {
            let profile = profile(cli.data_dir, cli.user, cli.ca_cert)?;
            documents::ricevute(cmd, &profile, &password()?)
        }
        Command::Demo(args) => {
            let profile = profile(
                cli.data_dir,
                cli.user.or_else(|| Some("demo".into())),
                cli.ca_cert,
            )?;
            let password = std::env::var("SPORTELLO_PASSWORD")
                .unwrap_or_else(|_| sportello_app::demo::PASSWORD.into());
            let report =
                sportello_app::demo::load(&profile, &password, args.citizens, args.seed, today)?;
            output::demo_report(&report, args.json);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn profile(
    data_dir: Option<PathBuf>,
    user: Option<String>,
    ca_cert: Option<PathBuf>,
) -> Result<Profile, AppError> {
    let user = user.ok_or_else(|| {
        AppError::InvalidInput("indica l'operatore con --user o SPORTELLO_USER".into())
    })?;
    Ok(Profile::new(data_dir, &user)?.with_ca_certificate(ca_cert))
}

fn read_codes(codes: Vec<String>) -> Result<Vec<String>, AppError> {
    if codes.iter().all(|c| c != "-") {
        return Ok(codes);
    }
    let mut out = Vec::new();
    for code in codes {
        if code == "-" {
            for line in std::io::stdin().lock().lines() {
                let line = line.map_err(|e| {
                    AppError::InvalidInput(format!("lettura dallo standard input: {e}"))
                })?;
                if !line.trim().is_empty() {
                    out.push(line);
                }
            }
        } else {
            out.push(code);
        }
    }
    Ok(out)
}

/// The password: from SPORTELLO_PASSWORD, or asked without echo.
fn password() -> Result<String, AppError> {
    if let Ok(p) = std::env::var("SPORTELLO_PASSWORD") {
        return Ok(p);
    }
    prompt("Password: ")
}

fn new_password() -> Result<String, AppError> {
    if let Ok(p) = std::env::var("SPORTELLO_PASSWORD") {
        return Ok(p);
    }
    let first = prompt("Nuova password: ")?;
    if prompt("Ripeti la password: ")? != first {
        return Err(AppError::InvalidInput(
            "le due password non coincidono".into(),
        ));
    }
    Ok(first)
}

/// SPORTELLO_NEW_PASSWORD, or typed twice.
fn typed_new_password() -> Result<String, AppError> {
    if let Ok(p) = std::env::var("SPORTELLO_NEW_PASSWORD") {
        return Ok(p);
    }
    let first = prompt("Nuova password: ")?;
    if prompt("Ripeti la nuova password: ")? != first {
        return Err(AppError::InvalidInput(
            "le due password non coincidono".into(),
        ));
    }
    Ok(first)
}

fn prompt(label: &str) -> Result<String, AppError> {
    if !std::io::stdin().is_terminal() {
        return Err(AppError::InvalidInput(
            "password mancante: impostare SPORTELLO_PASSWORD".into(),
        ));
    }
    rpassword::prompt_password(label)
        .map_err(|e| AppError::InvalidInput(format!("lettura della password: {e}")))
}

/// 0 ok, 1 user error, 2 usage (clap), 3 server/network, 4 internal.
/// What to type next: the app layer says what is wrong in its own words, the CLI
/// names its commands.
fn hint(code: ErrorCode) -> Option<&'static str> {
    Some(match code {
        ErrorCode::ArchivioNonTrovato => {
            "`sportello login --server URL` (oppure `sportello store init` per un archivio solo locale)"
        }
        ErrorCode::ArchivioDanneggiato => "`sportello store recover`",
        ErrorCode::SessioneScaduta | ErrorCode::AccessoRichiesto => "`sportello login`",
        ErrorCode::PasswordScaduta => "`sportello password`",
        ErrorCode::ModificheInSospeso => {
            "`sportello sync`, oppure ripeti con --force (le modifiche non inviate andrebbero perse)"
        }
        ErrorCode::PasswordLocaleDiversa => "`sportello password --solo-locale`",
        ErrorCode::ServerNonAttendibile => {
            "`sportello login --ca-cert FILE.pem` (o SPORTELLO_CA_CERT) con il certificato della CA dell'ente"
        }
        _ => return None,
    })
}

fn exit_code(e: &AppError) -> u8 {
    use sportello_app::ErrorKind;
    match e.kind() {
        ErrorKind::User => 1,
        ErrorKind::Unavailable => 3,
        ErrorKind::Internal => 4,
    }
}
