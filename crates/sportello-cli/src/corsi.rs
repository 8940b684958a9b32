//! `sportello corsi`: the training-course catalogue of the Assegno per il Lavoro (seed
//! 004) — search, show, create and edit drafts, walk the workflow (request validation,
//! validate or send back, cancel, duplicate), export to Excel or PDF, import drafts
//! from a spreadsheet. Offline through the outbox; `sportello sync` sends and receives.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use sportello_app::corsi::{
    self, CorsiFiltro, CorsoForm, CorsoRiga, CorsoScheda, Formato, SegmentoView,
};
use sportello_app::{AppError, Profile};

#[derive(Debug, Subcommand)]
pub enum CorsiCommand {
    /// Seed 004's search (default: not cancelled).
    List {
        #[command(flatten)]
        filtro: Box<FiltroArgs>,
        #[arg(long)]
        json: bool,
    },
    /// One course: fields, state, history, what may be done now.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// A new draft of the provider the account acts for.
    New {
        #[command(flatten)]
        form: Box<FormArgs>,
        #[arg(long)]
        json: bool,
    },
    /// New data for a draft (only the options given change).
    Edit {
        id: String,
        #[command(flatten)]
        form: Box<EditArgs>,
        #[arg(long)]
        json: bool,
    },
    /// Requests validation: the course is locked and sent to the regional office.
    Request { id: String },
    /// The regional office validates the course.
    Validate { id: String },
    /// The regional office sends the course back to the provider, with the reason.
    SendBack {
        id: String,
        #[arg(long)]
        motivo: String,
    },
    /// Withdraws a requested or validated course: it stays visible, marked.
    Cancel { id: String },
    /// Deletes a draft for good.
    Delete { id: String },
    /// A new draft with every field of a validated course but the dates.
    Duplicate {
        id: String,
        /// dd/mm/yyyy.
        #[arg(long)]
        inizio: String,
        #[arg(long)]
        fine: String,
        /// A new Identificativo Corso (it must be unique among the provider's).
        #[arg(long)]
        identificativo: String,
        #[arg(long)]
        json: bool,
    },
    /// Writes the courses of a search to Excel (.xlsx), or the catalogue of the
    /// validated ones among them to PDF (.pdf).
    Export {
        #[command(flatten)]
        filtro: Box<FiltroArgs>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        overwrite: bool,
    },
    /// Writes the import template (.xlsx).
    Template {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        overwrite: bool,
    },
    /// Reads a filled template: every row saved as a draft, or none (the row problems
    /// are listed).
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct FiltroArgs {
    /// Codice corso or Identificativo Corso.
    #[arg(long, default_value = "")]
    codice: String,
    #[arg(long, default_value = "")]
    titolo: String,
    /// si, no (default: either).
    #[arg(long, default_value = "")]
    richiesta_validazione: String,
    #[arg(long, default_value = "")]
    validato: String,
    /// si, no, or "" for either (default: no).
    #[arg(long, default_value = "no")]
    cancellato: String,
    #[arg(long, default_value = "")]
    tipologia: String,
    #[arg(long, default_value = "")]
    comune: String,
    /// Start from (dd/mm/yyyy).
    #[arg(long, default_value = "")]
    dal: String,
    #[arg(long, default_value = "")]
    al: String,
    /// The provider's own only.
    #[arg(long)]
    miei: bool,
    /// Waiting for validation only (the regional office's queue).
    #[arg(long)]
    da_validare: bool,
}

impl From<FiltroArgs> for CorsiFiltro {
    fn from(a: FiltroArgs) -> Self {
        Self {
            codice: a.codice,
            titolo: a.titolo,
            richiesta_validazione: a.richiesta_validazione,
            validato: a.validato,
            cancellato: a.cancellato,
            tipologia: a.tipologia,
            comune: a.comune,
            dal: a.dal,
            al: a.al,
            solo_miei: a.miei,
            da_validare: a.da_validare,
        }
    }
}

#[derive(Debug, Args)]
pub struct FormArgs {
    /// A type code (see `corsi list --help` or the template's "Tipologie" sheet).
    #[arg(long)]
    tipologia: String,
    #[arg(long, default_value = "")]
    accreditamento: String,
    #[arg(long)]
    identificativo: String,
    #[arg(long)]
    titolo: String,
    /// Default: the provider's latest course's.
    #[arg(long)]
    ente: Option<String>,
    #[arg(long)]
    indirizzo: Option<String>,
    /// "Padova (PD)".
    #[arg(long)]
    comune: Option<String>,
    #[arg(long)]
    cap: Option<String>,
    #[arg(long)]
    mail: Option<String>,
    #[arg(long)]
    telefono: Option<String>,
    #[arg(long)]
    ore: String,
    /// dd/mm/yyyy.
    #[arg(long)]
    inizio: String,
    #[arg(long)]
    fine: String,
    /// Euro: 1.250,00.
    #[arg(long)]
    costo: String,
    /// A, B, C, D, E, F.
    #[arg(long)]
    esito: String,
    /// The Finalità (plain text).
    #[arg(long)]
    finalita: String,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(long)]
    tipologia: Option<String>,
    #[arg(long)]
    accreditamento: Option<String>,
    #[arg(long)]
    identificativo: Option<String>,
    #[arg(long)]
    titolo: Option<String>,
    #[arg(long)]
    ore: Option<String>,
    #[arg(long)]
    inizio: Option<String>,
    #[arg(long)]
    fine: Option<String>,
    #[arg(long)]
    costo: Option<String>,
    #[arg(long)]
    esito: Option<String>,
    #[arg(long)]
    finalita: Option<String>,
}

fn testo(t: String) -> Vec<SegmentoView> {
    vec![SegmentoView {
        testo: t,
        ..SegmentoView::default()
    }]
}

impl FormArgs {
    fn form(self, blank: CorsoForm) -> CorsoForm {
        let (comune, provincia) = match self.comune {
            Some(c) => (c, String::new()),
            None => (blank.comune, blank.provincia),
        };
        CorsoForm {
            tipologia: self.tipologia,
            codice_accreditamento: self.accreditamento,
            identificativo: self.identificativo,
            titolo: self.titolo,
            denominazione_ente: self.ente.unwrap_or(blank.denominazione_ente),
            indirizzo_ente: self.indirizzo.unwrap_or(blank.indirizzo_ente),
            comune,
            provincia,
            cap: self.cap.unwrap_or(blank.cap),
            mail_ente: self.mail.unwrap_or(blank.mail_ente),
            telefono_ente: self.telefono.unwrap_or(blank.telefono_ente),
            ore: self.ore,
            inizio: self.inizio,
            fine: self.fine,
            costo: self.costo,
            esito: self.esito,
            finalita: testo(self.finalita),
        }
    }
}

impl EditArgs {
    fn apply(self, f: CorsoForm) -> CorsoForm {
        CorsoForm {
            tipologia: self.tipologia.unwrap_or(f.tipologia),
            codice_accreditamento: self.accreditamento.unwrap_or(f.codice_accreditamento),
            identificativo: self.identificativo.unwrap_or(f.identificativo),
            titolo: self.titolo.unwrap_or(f.titolo),
            ore: self.ore.unwrap_or(f.ore),
            inizio: self.inizio.unwrap_or(f.inizio),
            fine: self.fine.unwrap_or(f.fine),
            costo: self.costo.unwrap_or(f.costo),
            esito: self.esito.unwrap_or(f.esito),
            finalita: self.finalita.map_or(f.finalita, testo),
            ..f
        }
    }
}

fn json<T: serde::Serialize>(v: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("views serialise")
    );
}

fn righe(list: &[CorsoRiga]) {
    if list.is_empty() {
        println!("Nessun corso.");
    }
    for c in list {
        let codice = if c.codice.is_empty() {
            "(da inviare)"
        } else {
            &c.codice
        };
        println!(
            "{codice:<12} {:<15} {} – {}  {}  {}  {}{}",
            c.stato_etichetta,
            c.inizio,
            c.fine,
            c.titolo,
            c.ente,
            c.comune,
            if c.in_attesa {
                "  [in attesa di invio]"
            } else {
                ""
            }
        );
    }
}

fn scheda(s: &CorsoScheda, as_json: bool) {
    if as_json {
        return json(s);
    }
    let r = &s.riga;
    println!(
        "Corso {} — {} [{}]",
        if r.codice.is_empty() {
            "(da inviare)"
        } else {
            &r.codice
        },
        r.titolo,
        r.stato_etichetta
    );
    println!("Id: {}", r.id);
    println!("Tipologia corso: {}", r.tipologia);
    println!("Identificativo Corso: {}", r.identificativo);
    println!("Ente: {}", r.ente);
    println!("Comune: {}", r.comune);
    println!(
        "Periodo: {} – {}, {} ore, costo € {}",
        r.inizio, r.fine, r.ore, r.costo
    );
    println!("Esito/Titolo rilasciato: {}", r.esito);
    if !r.richiesta_validazione.is_empty() {
        println!("Richiesta validazione: {}", r.richiesta_validazione);
    }
    if let Some(m) = &s.motivo_rinvio {
        println!("Rinviato dall'ufficio regionale: {m}");
    }
    let finalita: String = s.form.finalita.iter().map(|x| x.testo.as_str()).collect();
    println!("Finalità corso: {finalita}");
    println!("Storico:");
    for e in &s.storico {
        println!("  {e}");
    }
    if !s.azioni.is_empty() {
        println!("Azioni possibili: {}", s.azioni.join(", "));
    }
    if r.in_attesa {
        println!("In attesa di invio: parte con la prossima sincronizzazione.");
    }
}

pub fn run(cmd: CorsiCommand, profile: &Profile, password: &str) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    let operator = profile.user().to_string();
    match cmd {
        CorsiCommand::List {
            filtro,
            json: as_json,
        } => {
            let list = corsi::elenco(&store, &(*filtro).into())?;
            if as_json {
                json(&list);
            } else {
                if !list.aggiornato {
                    println!("Catalogo non ancora ricevuto: esegui «sportello sync».");
                }
                if list.validatore {
                    println!("Corsi in attesa di validazione: {}", list.da_validare);
                }
                righe(&list.righe);
            }
        }
        CorsiCommand::Show { id, json } => scheda(&corsi::scheda(&store, &id)?, json),
        CorsiCommand::New { form, json } => {
            let form = form.form(corsi::nuovo_form(&store)?);
            scheda(&corsi::salva(&mut store, None, &form)?, json);
        }
        CorsiCommand::Edit { id, form, json } => {
            let current = corsi::scheda(&store, &id)?;
            let form = form.apply(current.form);
            scheda(
                &corsi::salva(&mut store, Some(&current.riga.id), &form)?,
                json,
            );
        }
        CorsiCommand::Request { id } => act(&mut store, &id, "richiedi_validazione", "")?,
        CorsiCommand::Validate { id } => act(&mut store, &id, "valida", "")?,
        CorsiCommand::SendBack { id, motivo } => act(&mut store, &id, "rinvia", &motivo)?,
        CorsiCommand::Cancel { id } => act(&mut store, &id, "cancella", "")?,
        CorsiCommand::Delete { id } => act(&mut store, &id, "elimina", "")?,
        CorsiCommand::Duplicate {
            id,
            inizio,
            fine,
            identificativo,
            json,
        } => {
            let form = CorsoForm {
                inizio,
                fine,
                identificativo,
                ..corsi::duplica(&store, &id)?
            };
            scheda(&corsi::salva(&mut store, None, &form)?, json);
        }
        CorsiCommand::Export {
            filtro,
            out,
            overwrite,
        } => {
            let formato = Formato::of_path(&out);
            let done = corsi::esporta(
                &mut store,
                &operator,
                &(*filtro).into(),
                formato,
                &out,
                overwrite,
            )?;
            println!("Scritto {} ({} byte).", done.file, done.bytes);
        }
        CorsiCommand::Template { out, overwrite } => {
            let done = corsi::scrivi_modello(&mut store, &operator, &out, overwrite)?;
            println!("Scritto il modello {}.", done.file);
        }
        CorsiCommand::Import {
            file,
            json: as_json,
        } => {
            let r = corsi::importa(&mut store, &file)?;
            if as_json {
                json(&r);
            } else if r.inserite > 0 {
                println!(
                    "{} corsi salvati come bozze: partono con la prossima sincronizzazione.",
                    r.inserite
                );
            } else {
                println!(
                    "Nessun corso salvato: {} problemi in {} righe.",
                    r.errori_totali, r.righe
                );
                for e in &r.errori {
                    println!("  riga {}, {}: {}", e.riga, e.colonna, e.messaggio);
                }
            }
            if r.inserite == 0 {
                return Ok(ExitCode::from(2));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn act(
    store: &mut sportello_app::store::Store,
    id: &str,
    azione: &str,
    motivo: &str,
) -> Result<(), AppError> {
    match corsi::azione(store, id, azione, motivo)? {
        Some(s) => println!(
            "Corso {}: {}{}.",
            if s.riga.codice.is_empty() {
                &s.riga.id
            } else {
                &s.riga.codice
            },
            s.riga.stato_etichetta,
            if s.riga.in_attesa {
                " (in attesa di invio)"
            } else {
                ""
            }
        ),
        None => println!("Bozza eliminata."),
    }
    Ok(())
}
