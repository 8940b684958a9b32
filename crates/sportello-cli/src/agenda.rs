//! `sportello agenda`: the CPI desk's appointments (seed 003) — the desks and their
//! hours, free slots, booking a citizen (or moving a booking), cancelling, marking
//! missed or held with the outcome, the day/week agenda, the booking's receipt.
//! Offline through the outbox; `sportello sync` sends them and the server decides.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, NaiveDate, NaiveDateTime};
use clap::Subcommand;
use sportello_app::agenda::{self, PrenotazioneView};
use sportello_app::{AppError, Profile};

#[derive(Debug, Subcommand)]
pub enum AgendaCommand {
    /// The desks of the session's CPIs with their hours and exceptions.
    Sportelli {
        #[arg(long)]
        json: bool,
    },
    /// Free slots of a desk for an interview type (iscrizione_cpi, stesura_cv,
    /// ricerca_lavoro, attivazione_tirocini).
    Slot {
        sportello: String,
        #[arg(long)]
        tipo: String,
        /// First day, YYYY-MM-DD (default today).
        #[arg(long)]
        dal: Option<NaiveDate>,
        #[arg(long, default_value_t = 7)]
        giorni: i64,
        /// The booking to be moved: its own time counts as free.
        #[arg(long)]
        sposta: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Books a free slot (YYYY-MM-DDTHH:MM:SS) for a citizen of the desk's CPI;
    /// --sposta ID moves that booking here.
    Book {
        codice_fiscale: String,
        #[arg(long)]
        sportello: String,
        #[arg(long)]
        tipo: String,
        #[arg(long)]
        inizio: NaiveDateTime,
        #[arg(long)]
        sposta: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// annulla (--testo: the reason), non_presentato, svolto (--testo: the outcome).
    Set {
        id: String,
        azione: String,
        #[arg(long, default_value = "")]
        testo: String,
        #[arg(long)]
        json: bool,
    },
    /// The agenda day by day (all desks unless --sportello).
    Show {
        #[arg(long)]
        dal: Option<NaiveDate>,
        #[arg(long, default_value_t = 1)]
        giorni: i64,
        #[arg(long)]
        sportello: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// The agenda as a PDF to print (kept out of the store; in the audit log).
    Print {
        #[arg(long)]
        dal: Option<NaiveDate>,
        #[arg(long, default_value_t = 7)]
        giorni: i64,
        #[arg(long)]
        sportello: Vec<String>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        overwrite: bool,
    },
    /// Creates a desk (or changes --id) from a JSON file: filiale, nome, indirizzo,
    /// email, telefono, disponibilita {settimana: [{giorno, dalle, alle, eventi}],
    /// eccezioni: [{data, fasce: [{dalle, alle}], motivo}]}.
    Desk {
        file: PathBuf,
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// "Contatta CPI": the requests waiting for an answer (--tutte: every one).
    Contatti {
        #[arg(long)]
        tutte: bool,
        #[arg(long)]
        json: bool,
    },
    /// "Contatta CPI": a citizen's request when no slot fits (the interview wanted, why).
    Contatta {
        codice_fiscale: String,
        #[arg(long)]
        tipo: String,
        #[arg(long)]
        testo: String,
        #[arg(long)]
        json: bool,
    },
    /// Answers a request (once).
    Rispondi {
        id: String,
        #[arg(long)]
        testo: String,
        #[arg(long)]
        json: bool,
    },
    /// A citizen's bookings.
    List {
        codice_fiscale: String,
        #[arg(long)]
        json: bool,
    },
    /// The booking's receipt as a PDF (kept among the receipts, in the audit log).
    Receipt {
        id: String,
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

fn contatto(c: &sportello_app::contatti::ContattoView) {
    println!(
        "{}  {} {}  {}{}",
        c.scritto_il,
        c.codice_fiscale,
        c.cittadino,
        c.tipo_etichetta,
        if c.in_attesa {
            "  [in attesa di invio]"
        } else {
            ""
        }
    );
    println!("      {}", c.testo);
    if let Some(r) = &c.risposta {
        println!("      Risposta ({}): {r}", c.risposto);
    }
    println!("      id {}", c.id);
}

fn line(p: &PrenotazioneView) {
    println!(
        "{} {}  {}  {} {}  [{}]{}",
        p.data,
        p.orario,
        p.sportello_nome,
        p.codice_fiscale,
        p.tipo_etichetta,
        p.stato_etichetta,
        if p.in_attesa {
            "  [in attesa di invio]"
        } else {
            ""
        }
    );
    if !p.nota.is_empty() {
        println!("      {}", p.nota);
    }
    println!("      id {}", p.id);
}

pub fn run(cmd: AgendaCommand, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    let today = Local::now().date_naive();
    match cmd {
        AgendaCommand::Sportelli { json } => {
            let all = agenda::sportelli(&store)?;
            if json {
                json_out(&all);
            } else if all.is_empty() {
                println!("Nessuno sportello: sincronizza con `sportello sync`.");
            }
            if !json {
                for s in &all {
                    println!("{}  {} — {}", s.filiale, s.nome, s.indirizzo);
                    for o in &s.orari {
                        println!("      {o}");
                    }
                    println!("      id {}", s.id);
                }
            }
        }
        AgendaCommand::Slot {
            sportello,
            tipo,
            dal,
            giorni,
            sposta,
            json,
        } => {
            let dal = dal.unwrap_or(today);
            let free = agenda::liberi(&store, &sportello, &tipo, dal, giorni, sposta.as_deref())?;
            if json {
                json_out(&free);
            } else if free.is_empty() {
                println!("Nessun orario libero nel periodo.");
            } else {
                for s in &free {
                    println!("{}", s.format("%Y-%m-%dT%H:%M:%S  (%d/%m/%Y %H:%M)"));
                }
            }
        }
        AgendaCommand::Book {
            codice_fiscale,
            sportello,
            tipo,
            inizio,
            sposta,
            json,
        } => {
            let p = agenda::prenota(
                &mut store,
                &codice_fiscale,
                &sportello,
                &tipo,
                inizio,
                sposta.as_deref(),
            )?;
            if json { json_out(&p) } else { line(&p) }
        }
        AgendaCommand::Set {
            id,
            azione,
            testo,
            json,
        } => {
            let p = agenda::cambia(&mut store, &id, &azione, &testo)?;
            if json { json_out(&p) } else { line(&p) }
        }
        AgendaCommand::Show {
            dal,
            giorni,
            sportello,
            json,
        } => {
            let days = agenda::agenda(&store, &sportello, dal.unwrap_or(today), giorni)?;
            if json {
                json_out(&days);
            } else {
                for d in &days {
                    println!("{}", d.etichetta);
                    if d.prenotazioni.is_empty() {
                        println!("      nessun appuntamento");
                    }
                    for p in &d.prenotazioni {
                        line(p);
                    }
                }
            }
        }
        AgendaCommand::List {
            codice_fiscale,
            json,
        } => {
            let all = agenda::del_cittadino(&store, &codice_fiscale)?;
            if json {
                json_out(&all);
            } else if all.is_empty() {
                println!("Nessun appuntamento.");
            }
            if !json {
                for p in &all {
                    line(p);
                }
            }
        }
        AgendaCommand::Print {
            dal,
            giorni,
            sportello,
            out,
            overwrite,
        } => {
            let span = (dal.unwrap_or(today), giorni);
            let done = agenda::stampa(
                &mut store,
                profile.user(),
                &sportello,
                span,
                &out,
                overwrite,
            )?;
            println!("Scritto {} ({} byte).", done.file, done.bytes);
        }
        AgendaCommand::Desk { file, id, json } => {
            let dati = agenda::leggi_sportello(&file)?;
            let s = agenda::salva_sportello(&mut store, id.as_deref(), dati)?;
            if json {
                json_out(&s);
            } else {
                println!("Salvato {} ({}), in attesa di invio.", s.nome, s.id);
            }
        }
        AgendaCommand::Contatti { tutte, json } => {
            let all = sportello_app::contatti::elenco(&store, tutte)?;
            if json {
                json_out(&all);
            } else if all.is_empty() {
                println!("Nessuna richiesta in attesa di risposta.");
            } else {
                all.iter().for_each(contatto);
            }
        }
        AgendaCommand::Contatta {
            codice_fiscale,
            tipo,
            testo,
            json,
        } => {
            let c = sportello_app::contatti::scrivi(&mut store, &codice_fiscale, &tipo, &testo)?;
            if json { json_out(&c) } else { contatto(&c) }
        }
        AgendaCommand::Rispondi { id, testo, json } => {
            let c = sportello_app::contatti::rispondi(&mut store, &id, &testo)?;
            if json { json_out(&c) } else { contatto(&c) }
        }
        AgendaCommand::Receipt { id, out, overwrite } => {
            let done = agenda::ricevuta(&mut store, profile.user(), &id, &out, overwrite)?;
            println!("Scritto {} ({} byte).", done.file, done.bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}
