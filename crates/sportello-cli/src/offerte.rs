//! `sportello offerte|interessi|rifiuti|abbinamenti`: flags in, one sportello-app
//! call, output (JSON with `--json`).

use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde::Serialize;
use sportello_app::offerte::interessi::{self, RifiutoForm};
use sportello_app::offerte::{self, OffertaForm, OffertaRiga, OfferteFiltro};
use sportello_app::{AppError, Profile};

fn print<T: Serialize>(value: &T, as_json: bool, text: impl FnOnce(&T)) {
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("reports serialise")
        );
    } else {
        text(value);
    }
}

#[derive(Debug, Subcommand)]
pub enum OfferteCommand {
    /// Offers in the local store, by seed 003's search fields.
    List {
        #[command(flatten)]
        filtro: FiltroArgs,
        #[arg(long)]
        json: bool,
    },
    /// An offer's sheet, by id or Codice Offerta.
    Show {
        #[arg(value_name = "OFFERTA")]
        offerta: String,
        #[arg(long)]
        json: bool,
    },
    /// A new offer (a draft, sent with the next sync).
    New {
        #[command(flatten)]
        form: Box<FormArgs>,
        #[arg(long)]
        json: bool,
    },
    /// Publish (`pubblica --fine`), republish (`ripubblica --fine`) or close (`chiudi`).
    UpdateState {
        #[arg(value_name = "OFFERTA")]
        offerta: String,
        #[arg(value_name = "AZIONE")]
        azione: String,
        /// End of publication, dd/mm/yyyy.
        #[arg(long, default_value = "")]
        fine: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the bulk-insert template (xlsx with drop-downs and an Istruzioni sheet).
    Template {
        #[arg(long, value_name = "FILE.xlsx")]
        out: std::path::PathBuf,
        #[arg(long)]
        overwrite: bool,
    },
    /// Bulk insert from a filled template: every row checked, all inserted or none.
    /// Exits with 1 when rows have errors.
    Import {
        #[arg(value_name = "FILE.xlsx")]
        file: std::path::PathBuf,
        /// Publish them at once (until each row's end of publication).
        #[arg(long)]
        pubblica: bool,
        #[arg(long)]
        json: bool,
    },
    /// The server's coded lists (tipi offerta, contratti, modalità, motivi di rifiuto).
    Voci {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct FiltroArgs {
    #[arg(long, default_value = "")]
    qualifica: String,
    #[arg(long, default_value = "")]
    tipo_offerta: String,
    #[arg(long, default_value = "")]
    tipo_contratto: String,
    #[arg(long, default_value = "")]
    provincia: String,
    #[arg(long, default_value = "")]
    filiale: String,
    /// bozza, pubblicata, scaduta, chiusa.
    #[arg(long, default_value = "")]
    stato: String,
}

#[derive(Debug, Args)]
pub struct FormArgs {
    /// Default: the first branch of the session.
    #[arg(long)]
    filiale: Option<String>,
    #[arg(long)]
    tipo_offerta: String,
    #[arg(long)]
    tipo_contratto: String,
    #[arg(long)]
    qualifica: String,
    /// Descrizione Estesa della Qualifica.
    #[arg(long)]
    descrizione: String,
    /// Experience required: its description and duration.
    #[arg(long)]
    esperienza: Option<String>,
    #[arg(long, default_value = "1")]
    posti: String,
    #[arg(long)]
    modalita: String,
    /// Comuni, e.g. "Prato (PO), Firenze (FI)", or Belfiore codes.
    #[arg(long)]
    sedi: String,
    /// dd/mm/yyyy (default: in 30 days).
    #[arg(long)]
    scadenza: Option<String>,
    /// dd/mm/yyyy (default: in 30 days).
    #[arg(long)]
    fine: Option<String>,
    #[arg(long)]
    partita_iva: bool,
    #[arg(long)]
    mezzi_trasporto: bool,
    #[arg(long)]
    trasferte: bool,
    #[arg(long)]
    collocamento_mirato: bool,
    /// Minimum education rank 0–9 (see `offerte voci`).
    #[arg(long, default_value = "")]
    titolo: String,
    #[arg(long, default_value = "")]
    patenti: String,
    #[arg(long, default_value = "")]
    lingue: String,
}

impl FormArgs {
    fn form(self, blank: OffertaForm) -> OffertaForm {
        OffertaForm {
            filiale: self.filiale.unwrap_or(blank.filiale),
            tipo_offerta: self.tipo_offerta,
            tipo_contratto: self.tipo_contratto,
            qualifica: self.qualifica,
            descrizione_qualifica: self.descrizione,
            esperienza_richiesta: self.esperienza.is_some(),
            descrizione_esperienza: self.esperienza.unwrap_or_default(),
            posti: self.posti,
            modalita_lavoro: self.modalita,
            sedi: self.sedi,
            scadenza: self.scadenza.unwrap_or(blank.scadenza),
            fine_pubblicazione: self.fine.unwrap_or(blank.fine_pubblicazione),
            partita_iva: self.partita_iva,
            mezzi_trasporto: self.mezzi_trasporto,
            trasferte: self.trasferte,
            collocamento_mirato: self.collocamento_mirato,
            titolo_studio_minimo: self.titolo,
            patenti: self.patenti,
            lingue: self.lingue,
        }
    }
}

fn righe(list: &Vec<OffertaRiga>) {
    if list.is_empty() {
        println!("Nessuna offerta.");
    }
    for o in list {
        let codice = if o.codice.is_empty() {
            "(da inviare)"
        } else {
            &o.codice
        };
        println!(
            "{codice:<12} {:<11} fino al {}  {}  {}  {} posti, {} interessi{}",
            o.stato_etichetta,
            o.fine_pubblicazione,
            o.qualifica,
            o.sedi,
            o.posti,
            o.interessi,
            if o.in_attesa {
                "  [in attesa di invio]"
            } else {
                ""
            }
        );
    }
}

fn scheda(s: &offerte::OffertaScheda) {
    let r = &s.riga;
    println!(
        "Codice Offerta: {}",
        if r.codice.is_empty() {
            "(assegnato all'invio)"
        } else {
            &r.codice
        }
    );
    println!(
        "Identificativo: {}",
        if s.identificativo.is_empty() {
            "—"
        } else {
            &s.identificativo
        }
    );
    println!(
        "Filiale: {}   Stato: {}   Fine pubblicazione: {}   Scadenza: {}",
        r.filiale, r.stato_etichetta, r.fine_pubblicazione, r.scadenza
    );
    println!(
        "Tipo offerta: {}   Tipo contratto: {}   Modalità di Lavoro: {}",
        r.tipo_offerta, r.tipo_contratto, s.modalita_lavoro
    );
    println!("Qualifica Professionale: {}", r.qualifica);
    println!(
        "Descrizione Estesa della Qualifica: {}",
        s.descrizione_qualifica
    );
    println!("Esperienza Richiesta: {}", s.esperienza);
    println!(
        "Numero Posti Disponibili: {}   Sedi di lavoro: {}",
        r.posti, r.sedi
    );
    for (label, value) in &s.requisiti {
        println!("{label}: {value}");
    }
    println!(
        "Titolo di studio minimo: {}   Patenti: {}   Lingue: {}",
        s.titolo_studio_minimo, s.patenti, s.lingue
    );
    println!("Storico:");
    for e in &s.storico {
        println!("  {e}");
    }
}

pub fn offerte(
    cmd: OfferteCommand,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    match cmd {
        OfferteCommand::List { filtro, json } => {
            let f = OfferteFiltro {
                qualifica: filtro.qualifica,
                tipo_offerta: filtro.tipo_offerta,
                tipo_contratto: filtro.tipo_contratto,
                provincia: filtro.provincia,
                filiale: filtro.filiale,
                stato: filtro.stato,
            };
            print(&offerte::elenco(&store, &f)?, json, righe);
        }
        OfferteCommand::Show { offerta, json } => {
            print(&offerte::scheda(&store, &offerta)?, json, scheda)
        }
        OfferteCommand::New { form, json } => {
            let form = form.form(offerte::nuovo_form(&store)?);
            let made = offerte::salva(&mut store, None, &form)?;
            print(&made, json, |s| {
                println!(
                    "Offerta salvata in bozza: sarà inviata con la prossima sincronizzazione (id {}).",
                    s.riga.id
                );
            });
        }
        OfferteCommand::UpdateState {
            offerta,
            azione,
            fine,
            json,
        } => {
            let s = offerte::cambia_stato(&mut store, &offerta, &azione, &fine)?;
            print(&s, json, |s| {
                println!(
                    "Offerta ora «{}»: la modifica sarà inviata con la prossima sincronizzazione.",
                    s.riga.stato_etichetta
                )
            });
        }
        OfferteCommand::Template { out, overwrite } => {
            let file =
                offerte::massivo::scrivi_modello(&mut store, profile.user(), &out, overwrite)?;
            println!("Modello scritto in {file}.");
        }
        OfferteCommand::Import {
            file,
            pubblica,
            json,
        } => {
            let r = offerte::massivo::importa(&mut store, profile, &file, pubblica)?;
            let failed = r.inserite == 0;
            print(&r, json, |r| {
                if r.errori_totali > 0 {
                    println!(
                        "Nessuna offerta inserita: {} errori in {} righe.",
                        r.errori_totali, r.righe
                    );
                    for e in &r.errori {
                        println!("  riga {}, {}: {}", e.riga, e.colonna, e.messaggio);
                    }
                } else if let Some(receipt) = &r.ricevuta {
                    println!(
                        "Inserite {} offerte ({} pubblicate): partiranno alla prossima sincronizzazione. Ricevuta {}.",
                        r.inserite, r.pubblicate, receipt.number
                    );
                } else {
                    println!("Il file non contiene offerte.");
                }
            });
            if failed {
                return Ok(ExitCode::FAILURE);
            }
        }
        OfferteCommand::Voci { json } => print(&offerte::liste(&store)?, json, |l| {
            for (title, list) in [
                ("Tipo offerta", &l.tipi_offerta),
                ("Tipo contratto", &l.tipi_contratto),
                ("Modalità di Lavoro", &l.modalita_lavoro),
                ("Motivi di rifiuto", &l.motivi_rifiuto),
                ("Titolo di studio minimo", &l.titoli_studio),
            ] {
                println!("{title}:");
                for v in list {
                    println!("  {:<28} {}", v.codice, v.descrizione);
                }
            }
        }),
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum InteressiCommand {
    /// Expressions of interest: of an offer, of a citizen, or all.
    List {
        #[arg(long)]
        offerta: Option<String>,
        #[arg(long = "cf")]
        codice_fiscale: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the list (of an offer, or all in scope) as xlsx; recorded in the audit log.
    Export {
        #[arg(long)]
        offerta: Option<String>,
        #[arg(long, value_name = "FILE.xlsx")]
        out: std::path::PathBuf,
        #[arg(long)]
        overwrite: bool,
        #[arg(long)]
        json: bool,
    },
    /// Move the branch's work forward: contattato, colloquio, assunto, non_idoneo, ritirato.
    Set {
        id: String,
        stato: String,
        #[arg(long, default_value = "")]
        nota: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn interessi_cmd(
    cmd: InteressiCommand,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    let text = |list: &Vec<interessi::InteresseRiga>| {
        if list.is_empty() {
            println!("Nessuna manifestazione di interesse.");
        }
        for i in list {
            println!(
                "{}  {}  {} {} ({})  {}  {}  {}{}",
                i.id,
                i.codice_offerta,
                i.cognome,
                i.nome,
                i.codice_fiscale,
                i.data,
                i.origine,
                i.stato_etichetta,
                if i.in_attesa {
                    "  [in attesa di invio]"
                } else {
                    ""
                }
            );
        }
    };
    match cmd {
        InteressiCommand::List {
            offerta,
            codice_fiscale,
            json,
        } => {
            print(
                &interessi::elenco(&store, offerta.as_deref(), codice_fiscale.as_deref())?,
                json,
                text,
            );
        }
        InteressiCommand::Export {
            offerta,
            out,
            overwrite,
            json,
        } => {
            let r = interessi::esporta(&mut store, profile, offerta.as_deref(), &out, overwrite)?;
            print(&r, json, |r| {
                println!(
                    "Esportate {} righe in {} (registro degli accessi n. {}).",
                    r.rows, r.file, r.audit_id
                )
            });
        }
        InteressiCommand::Set {
            id,
            stato,
            nota,
            json,
        } => {
            let i = interessi::avanza(&mut store, &id, &stato, &nota)?;
            print(&i, json, |i| {
                println!(
                    "Stato di lavorazione: {} (sarà inviato con la prossima sincronizzazione).",
                    i.stato_etichetta
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum RifiutiCommand {
    /// File a "comunicazione rifiuto dell'offerta" (sent with the next sync) and its receipt.
    New {
        #[arg(long)]
        offerta: String,
        #[arg(long = "cf")]
        codice_fiscale: String,
        /// dd/mm/yyyy (default: today).
        #[arg(long)]
        data: Option<String>,
        /// A code of `offerte voci`.
        #[arg(long)]
        motivo: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Refusals, with their transmission state.
    List {
        #[arg(long)]
        offerta: Option<String>,
        #[arg(long = "cf")]
        codice_fiscale: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn rifiuti(
    cmd: RifiutiCommand,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    match cmd {
        RifiutiCommand::New {
            offerta,
            codice_fiscale,
            data,
            motivo,
            note,
            json,
        } => {
            let form = RifiutoForm {
                offerta,
                codice_fiscale,
                data: data.unwrap_or_else(|| chrono::Local::now().format("%d/%m/%Y").to_string()),
                motivo,
                note,
            };
            let (r, receipt) = interessi::rifiuta(&mut store, profile, &form)?;
            print(&(r, receipt), json, |(r, receipt)| {
                println!(
                    "Comunicazione di rifiuto registrata ({}): sarà trasmessa con la prossima sincronizzazione.",
                    r.id
                );
                println!(
                    "Ricevuta {} (stampala con `sportello ricevute pdf {} --out FILE.pdf`).",
                    receipt.number, receipt.number
                );
            });
        }
        RifiutiCommand::List {
            offerta,
            codice_fiscale,
            json,
        } => {
            print(
                &interessi::rifiuti(&store, offerta.as_deref(), codice_fiscale.as_deref())?,
                json,
                |list| {
                    if list.is_empty() {
                        println!("Nessuna comunicazione di rifiuto.");
                    }
                    for r in list {
                        println!(
                            "{}  {}  {}  {}  {}  {}{}",
                            r.data,
                            r.codice_offerta,
                            r.codice_fiscale,
                            r.motivo,
                            r.operatore,
                            r.trasmissione,
                            if r.protocollo.is_empty() {
                                String::new()
                            } else {
                                format!(" (protocollo {})", r.protocollo)
                            }
                        );
                    }
                },
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct AbbinamentiArgs {
    /// Offer id or Codice Offerta: the candidates that fit it.
    #[arg(required_unless_present = "candidato", conflicts_with = "candidato")]
    offerta: Option<String>,
    /// Codice fiscale: the published offers that fit this candidate instead.
    #[arg(long, value_name = "CF")]
    candidato: Option<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Propose the offer to these candidates (codici fiscali, comma-separated).
    #[arg(long, value_delimiter = ',')]
    proponi: Vec<String>,
    #[arg(long)]
    json: bool,
}

pub fn abbinamenti(
    args: AbbinamentiArgs,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    let mut store = sportello_app::store::open(profile, password)?;
    let Some(offerta) = args.offerta else {
        let cf = args.candidato.unwrap_or_default();
        let fits = interessi::adatte(&store, &cf, args.limit)?;
        print(&fits, args.json, |fits| {
            println!(
                "{} offerte pubblicate adatte a {}",
                fits.len(),
                cf.to_uppercase()
            );
            for f in fits {
                let o = &f.offerta;
                println!(
                    "{} {} — {}  {}  fino al {}{}",
                    o.codice,
                    o.qualifica,
                    o.sedi,
                    f.distanza,
                    o.fine_pubblicazione,
                    if f.interessato {
                        "  [già interessato]"
                    } else {
                        ""
                    }
                );
                criteri(&f.criteri);
            }
        });
        return Ok(ExitCode::SUCCESS);
    };
    if !args.proponi.is_empty() {
        let made = interessi::proponi(&mut store, &offerta, &args.proponi)?;
        println!(
            "Offerta proposta a {made} candidati (saranno inviate con la prossima sincronizzazione)."
        );
        return Ok(ExitCode::SUCCESS);
    }
    let a = interessi::abbinamenti(&store, &offerta, args.offset, args.limit)?;
    print(&a, args.json, |a| {
        println!(
            "{} — {}: {} candidati pertinenti",
            a.offerta, a.qualifica, a.totale
        );
        for r in &a.righe {
            println!(
                "{} {} ({})  {}  {}{}",
                r.cognome,
                r.nome,
                r.codice_fiscale,
                r.filiale,
                r.comune,
                if r.interessato {
                    "  [già interessato]"
                } else {
                    ""
                }
            );
            criteri(&r.criteri);
        }
    });
    Ok(ExitCode::SUCCESS)
}

fn criteri(all: &[interessi::CriterioView]) {
    for c in all {
        println!(
            "   {} {}: {}",
            if c.soddisfatto { "✓" } else { "✗" },
            c.criterio,
            c.motivo
        );
    }
}
