//! The training-course catalogue offline (seed 004), kept whole (see [`crate::kept`]):
//! the store keeps the server's course and the course as shown (the server's with the
//! pending changes applied, in outbox order). The server's answer to `GET /corsi` is
//! the whole set the user sees, so a receive replaces the server's copies and
//! re-applies what is pending; an applied change moves the server's copy forward, a
//! refused one leaves the view.
//!
//! What the server sends is checked before it is kept: the core's rules of the data,
//! sizes, codes, texts that name files or reach the screen.

use reqwest::Method;
use sportello_core::corsi::{AzioneCorso, DatiCorso, StatoCorso};
use sportello_protocol::corsi::{Corsi, Corso, MAX_CORSI, paths};
use sportello_protocol::sync::MutationKind;
use sportello_store::{CatalogoCorsi, CorsoRow, OutboxEntry, Store, Tx};
use uuid::Uuid;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::kept::{self, Kept, PENDING, payload};

/// More events than any course's life.
const MAX_EVENTI: usize = 1_000;

fn row(server: Option<&Corso>, view: &Corso) -> Result<CorsoRow> {
    let record = kept::json(view)?;
    Ok(CorsoRow {
        id: view.id.to_string(),
        codice: view.codice,
        ente: view.dati.codice_fiscale_ente.clone(),
        stato: view.stato.as_str().to_string(),
        titolo: view.dati.titolo.clone(),
        inizio: view.dati.inizio,
        version: server.map_or(0, |s| s.version),
        server: kept::server_json(server, view, &record)?,
        record,
    })
}

/// Whether a course from the server is one this client can keep and show.
fn sane(c: &Corso) -> bool {
    let text = |t: &str| t.chars().count() <= 64 && !t.chars().any(char::is_control);
    c.version >= 1
        && c.codice >= 1
        && c.dati.problemi().is_empty()
        && c.storico.len() <= MAX_EVENTI
        && c.storico.iter().all(|e| {
            text(&e.chi)
                && e.motivo.as_deref().is_none_or(|m| {
                    m.chars().count() <= 1_000 && !m.chars().any(|c| c.is_control() && c != '\n')
                })
        })
}

impl Kept for Corso {
    const TABLE: &'static str = "corsi";
    const NOME: &'static str = "corso";

    kept::id_and_version!();

    kept::stored_by!(corso);

    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()> {
        Ok(tx.put_corso(&row(server, view)?)?)
    }

    /// The effect of a pending change on the shown course (what the server will do).
    fn apply(_: &Tx<'_>, view: Option<Self>, entry: &OutboxEntry) -> Result<Option<Self>> {
        Ok(apply(view, entry))
    }

    /// A draft deleted (here, or by the server) goes, server's copy and all: the next
    /// receive, which brings the whole catalogue, brings it back if the server refused.
    fn withdraw(tx: &Tx<'_>, key: &str, _: Option<&Self>) -> Result<()> {
        tx.forget_corso(key)?;
        Ok(())
    }
}

fn apply(view: Option<Corso>, entry: &OutboxEntry) -> Option<Corso> {
    let kind = MutationKind::parse(&entry.kind)?;
    match (kind, view) {
        (MutationKind::SalvaCorso, None) => {
            let dati: DatiCorso = payload(entry)?;
            let id = Uuid::parse_str(&entry.record_key).ok()?;
            Some(Corso::bozza(
                id,
                dati.normalised(),
                PENDING,
                entry.created_at,
            ))
        }
        (MutationKind::SalvaCorso, Some(mut c)) => {
            let dati: DatiCorso = payload(entry)?;
            if c.applica(&AzioneCorso::Salva, PENDING, entry.created_at)
                .is_ok()
            {
                c.dati = dati.normalised();
            }
            Some(c)
        }
        (MutationKind::AzioneCorso, Some(mut c)) => match payload::<AzioneCorso>(entry)? {
            AzioneCorso::Elimina if c.stato == StatoCorso::Bozza => None,
            azione => {
                // A change the server will refuse leaves the view as it is.
                let _ = c.applica(&azione, PENDING, entry.created_at);
                Some(c)
            }
        },
        (_, view) => view,
    }
}

/// What a provider or the regional office does to a course, offline.
#[derive(Debug, Clone, PartialEq)]
pub enum Cambio {
    /// A new draft (`id` new) or new data for a draft.
    Salva {
        id: Uuid,
        dati: Box<DatiCorso>,
    },
    Azione {
        id: Uuid,
        azione: AzioneCorso,
    },
}

/// Records `cambio`: the view shows it at once, its mutation is queued, in the
/// caller's transaction.
pub fn record(tx: &Tx<'_>, cambio: &Cambio) -> Result<OutboxEntry> {
    match cambio {
        // A new draft needs no version; new data for one is made on the version shown.
        Cambio::Salva { id, dati } if tx.corso(&id.to_string())?.is_none() => kept::queue::<Corso>(
            tx,
            MutationKind::SalvaCorso,
            *id,
            serde_json::to_value(dati),
        ),
        Cambio::Salva { id, dati } => kept::queue_on_shown::<Corso>(
            tx,
            MutationKind::SalvaCorso,
            *id,
            serde_json::to_value(dati),
        ),
        Cambio::Azione { id, azione } => kept::queue_on_shown::<Corso>(
            tx,
            MutationKind::AzioneCorso,
            *id,
            serde_json::to_value(azione),
        ),
    }
}

/// Makes a refused change again on the course as it is now (the operator's "keep
/// mine").
pub(crate) fn redo(tx: &Tx<'_>, entry: &OutboxEntry) -> Result<()> {
    let id = kept::redo_id(entry)?;
    let cambio = match MutationKind::parse(&entry.kind) {
        Some(MutationKind::SalvaCorso) => Cambio::Salva {
            id,
            dati: Box::new(kept::redo_payload(entry)?),
        },
        _ => Cambio::Azione {
            id,
            azione: kept::redo_payload(entry)?,
        },
    };
    record(tx, &cambio).map(drop)
}

impl Client {
    /// `GET /corsi`: every course the user sees, or none when `noto` is current.
    pub async fn corsi(&self, token: &str, noto: Option<i64>) -> Result<Corsi> {
        let path = match noto {
            Some(v) => format!("{}?noto={v}", paths::CORSI),
            None => paths::CORSI.to_string(),
        };
        let answer: Corsi = self
            .call(Method::GET, &path, Some(token), None::<&()>)
            .await?;
        let ente_ok = answer
            .ente
            .as_deref()
            .is_none_or(sportello_core::corsi::codice_fiscale_ente_valido);
        if !ente_ok || answer.corsi.as_ref().is_some_and(|c| c.len() > MAX_CORSI) {
            return Err(Error::Protocol("catalogo dei corsi non valido".into()));
        }
        if let Some(bad) = answer.corsi.iter().flatten().find(|c| !sane(c)) {
            return Err(Error::Protocol(format!(
                "il server ha inviato un corso non valido ({})",
                bad.id
            )));
        }
        Ok(answer)
    }
}

/// Fetches the catalogue unless unchanged, and keeps it; whether it changed.
pub async fn receive(
    client: &Client,
    store: &mut Store,
    token: &str,
    username: &str,
) -> Result<bool> {
    let noto = store
        .catalogo_corsi()?
        .filter(|c| c.utente == username)
        .map(|c| c.versione);
    let answer = client.corsi(token, noto).await?;
    let catalogo = CatalogoCorsi {
        versione: answer.versione,
        utente: username.to_string(),
        ente: answer.ente,
    };
    let Some(corsi) = answer.corsi else {
        return Ok(false);
    };
    let rows = corsi
        .iter()
        .map(|c| {
            let mut r = row(Some(c), c)?;
            r.version = c.version;
            Ok(r)
        })
        .collect::<Result<Vec<_>>>()?;
    store.write(|tx| {
        tx.replace_corsi(&catalogo, &rows)?;
        let kinds = [MutationKind::SalvaCorso, MutationKind::AzioneCorso].map(MutationKind::as_str);
        for key in tx.pending_keys_of(&kinds)? {
            kept::rebuild::<Corso>(tx, &key)?;
        }
        Ok::<_, Error>(())
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use chrono::{Days, Utc};
    use sportello_core::corsi::{Esito, Segmento, TipologiaCorso};

    use super::*;

    fn corso() -> Corso {
        let inizio = Utc::now().date_naive() + Days::new(10);
        let dati = DatiCorso {
            tipologia: TipologiaCorso::EsameCertificazioneInformatica,
            codice_accreditamento: None,
            identificativo: "E-1".into(),
            titolo: "Esame".into(),
            denominazione_ente: "Ente".into(),
            codice_fiscale_ente: "01234567897".into(),
            indirizzo_ente: "Via Roma 1".into(),
            comune: "Padova".into(),
            provincia: "PD".into(),
            cap: "35100".into(),
            mail_ente: "a@b.example".into(),
            telefono_ente: "049 111222".into(),
            ore: 2,
            inizio,
            fine: inizio,
            costo_centesimi: 9_000,
            esito: Esito::E,
            finalita: vec![Segmento {
                testo: "Esame.".into(),
                ..Segmento::default()
            }],
        };
        let mut c = Corso::bozza(Uuid::new_v4(), dati, "master", Utc::now());
        c.codice = 1;
        c
    }

    /// What a hostile or broken server could send is refused before it is kept.
    #[test]
    fn only_courses_that_keep_the_rules_are_kept() {
        assert!(sane(&corso()));
        let broken: [fn(&mut Corso); 9] = [
            |c| c.version = 0,
            |c| c.codice = 0,
            |c| c.dati.esito = Esito::A,
            |c| c.dati.codice_fiscale_ente = "01234567890".into(),
            |c| c.dati.titolo = "a\u{1b}[2Jb".into(),
            |c| c.dati.titolo = "x".repeat(10_000),
            |c| c.storico[0].chi = "../../etc".repeat(10),
            |c| c.storico[0].motivo = Some("\u{0}".into()),
            |c| {
                let e = c.storico[0].clone();
                c.storico = vec![e; MAX_EVENTI + 1];
            },
        ];
        for (i, breaks) in broken.iter().enumerate() {
            let mut c = corso();
            breaks(&mut c);
            assert!(!sane(&c), "case {i} kept");
        }
    }

    /// A pending change is shown as the server will make it; a draft deleted here
    /// leaves the view; a change the state refuses leaves the course as it is.
    #[test]
    fn pending_changes_apply_as_the_server_will() {
        let c = corso();
        let entry = |kind: MutationKind, payload: serde_json::Value| OutboxEntry {
            seq: 1,
            mutation_id: Uuid::new_v4(),
            kind: kind.as_str().into(),
            record_key: c.id.to_string(),
            base_version: Some(c.version),
            payload,
            created_at: Utc::now(),
            attempts: 0,
            last_error: None,
            last_attempt_at: None,
            state: sportello_store::MutationState::Pending,
        };
        let request = entry(
            MutationKind::AzioneCorso,
            serde_json::to_value(AzioneCorso::RichiediValidazione).unwrap(),
        );
        let shown = apply(Some(c.clone()), &request).unwrap();
        assert_eq!((shown.stato, shown.version), (StatoCorso::InValidazione, 2));
        assert!(shown.richiesta_il.is_some());
        let delete = entry(
            MutationKind::AzioneCorso,
            serde_json::to_value(AzioneCorso::Elimina).unwrap(),
        );
        assert_eq!(apply(Some(c.clone()), &delete), None);
        let validate = entry(
            MutationKind::AzioneCorso,
            serde_json::to_value(AzioneCorso::Valida).unwrap(),
        );
        assert_eq!(apply(Some(c.clone()), &validate), Some(c));
    }
}
