//! "Configurazione APL" (seed 001, issue 17): which branches citizens may choose when
//! they sign the PAD. Super and master users change it on the server; every user sees
//! it, from the server when it answers, else as the last sync brought it.

use serde::Serialize;
use sportello_core::Branch;
use sportello_protocol::configurazione::{ConfigurazionePad, ModificaPad, SceltaPad};
use sportello_store::Store;

use crate::sync::{client_of, session_role};
use crate::{AppError, Result};

/// One branch and whether citizens may choose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilialePadView {
    pub code: String,
    pub nome: String,
    /// "Firenze (FI)".
    pub sede: String,
    pub selezionabile: bool,
    /// "dd/mm/yyyy hh:mm, nome.utente", or blank.
    pub modifica: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PadView {
    pub filiali: Vec<FilialePadView>,
    /// Provinces where the agency's citizens live and no branch is selectable.
    pub province_scoperte: Vec<String>,
    /// The session may change it (super and master, with the server answering).
    pub modificabile: bool,
    /// Read from the server now (else from the last sync).
    pub in_linea: bool,
}

fn from_server(c: ConfigurazionePad, modificabile: bool) -> PadView {
    PadView {
        filiali: c
            .filiali
            .into_iter()
            .map(|f| FilialePadView {
                sede: format!("{} ({})", f.comune, f.provincia),
                modifica: match (f.modificata_il, f.modificata_da) {
                    (Some(at), Some(by)) => format!(
                        "{}, {by}",
                        at.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M")
                    ),
                    _ => String::new(),
                },
                selezionabile: f.selezionabile,
                nome: f.name,
                code: f.code,
            })
            .collect(),
        province_scoperte: c.province_scoperte,
        modificabile,
        in_linea: true,
    }
}

/// As the last sync brought the branches in scope: what every user may see offline.
fn from_store(store: &Store, scope: &[String]) -> Result<PadView> {
    let all: Vec<Branch> = store.branches()?;
    Ok(PadView {
        province_scoperte: Vec::new(),
        filiali: all
            .into_iter()
            .filter(|b| scope.is_empty() || scope.contains(&b.code))
            .map(|b| FilialePadView {
                sede: format!("{} ({})", b.comune, b.provincia),
                selezionabile: b.pad,
                modifica: String::new(),
                nome: b.name,
                code: b.code,
            })
            .collect(),
        modificabile: false,
        in_linea: false,
    })
}

/// The configuration: a super or master asks the server (falling back to the last
/// sync when it does not answer); an operatore reads the last sync.
pub async fn pad(store: &Store) -> Result<PadView> {
    let (role, scope, token) = session_role(store)?;
    if !role.agency_level() {
        return from_store(store, &scope);
    }
    match client_of(store)?.configurazione_pad(&token).await {
        Ok(c) => Ok(from_server(c, true)),
        Err(sportello_sync::Error::Unavailable(_)) => from_store(store, &scope),
        Err(e) => Err(e.into()),
    }
}

/// Sets the choice of each branch named; the others stay as they are.
pub async fn modifica(store: &Store, scelte: &[(String, bool)]) -> Result<PadView> {
    let (role, _, token) = session_role(store)?;
    if !role.agency_level() {
        return Err(AppError::InvalidInput(
            "la configurazione delle filiali del PAD è delle utenze super e master".into(),
        ));
    }
    if scelte.is_empty() {
        return Err(AppError::InvalidInput("nessuna filiale indicata".into()));
    }
    let change = ModificaPad {
        filiali: scelte
            .iter()
            .map(|(code, selezionabile)| SceltaPad {
                code: code.trim().to_uppercase(),
                selezionabile: *selezionabile,
            })
            .collect(),
    };
    let c = client_of(store)?.modifica_pad(&token, &change).await?;
    Ok(from_server(c, true))
}
