//! The Cruscotto's view of the central server: what the sign-in found, the state of
//! the sync with its problems, each step of a sync and what it did, and the scope
//! switch with its offline fallback. Shapes for a screen, from the sync use cases.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sportello_core::account::Scope;

use crate::options::{self, Choice};
use crate::sync::{self, LoginReport, SyncProgress, SyncSummary};
use sportello_store::Store;

use crate::{AppError, Result};

/// What the last sign-in found, for the screens that follow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LoginInfo {
    pub online: bool,
    /// `operatore`, `super`, `master`.
    pub role: Option<String>,
    /// The server's scope: `filiale:CODE` or `tutte`.
    pub server_scope: Option<String>,
    /// The branches the operator may choose from, named when the server said.
    pub branches: Vec<Choice>,
    /// RFC 3339, UTC.
    pub last_sync_at: Option<String>,
    /// Minutes since the last sync: how old the local data is.
    pub data_age_minutes: Option<u64>,
    pub offline_reason: Option<String>,
    pub pending: u64,
}

impl From<&LoginReport> for LoginInfo {
    fn from(r: &LoginReport) -> Self {
        LoginInfo {
            online: r.online,
            role: r.role.clone(),
            server_scope: r.scope.clone(),
            branches: r
                .branches
                .iter()
                .map(|code| {
                    let named = r.branch_details.iter().find(|b| &b.code == code);
                    Choice {
                        code: code.clone(),
                        label: named.map_or_else(|| code.clone(), options::label),
                    }
                })
                .collect(),
            last_sync_at: rfc3339(r.last_sync_at),
            data_age_minutes: r.data_age_minutes.map(|m| m.max(0) as u64),
            offline_reason: r.offline_reason.clone(),
            pending: r.pending_mutations,
        }
    }
}

/// The branches to choose from: the operator's on the server when signed in to one
/// (named as the store knows them, else as the server said), else the store's.
pub fn branch_choices(known: Vec<Choice>, login: Option<&LoginInfo>) -> Vec<Choice> {
    match login {
        Some(l) if !l.branches.is_empty() => l
            .branches
            .iter()
            .map(|given| {
                known
                    .iter()
                    .find(|c| c.code == given.code)
                    .unwrap_or(given)
                    .clone()
            })
            .collect(),
        _ => known,
    }
}

/// A change the server did not take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProblemView {
    pub seq: u64,
    /// `rejected` or `conflict`.
    pub state: String,
    pub kind: String,
    pub codice_fiscale: String,
    pub reason: Option<String>,
    /// For a conflict: the local change, in words.
    pub mine: Option<String>,
    /// For a conflict: what the server holds now, in words.
    pub theirs: Option<String>,
}

/// The Cruscotto's view of the sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncState {
    pub online: bool,
    /// A session with a server is stored (else: a local archive alone).
    pub connected: bool,
    pub server: Option<String>,
    /// `filiale:CODE` or `tutte`.
    pub scope: Option<String>,
    /// RFC 3339, UTC.
    pub last_sync_at: Option<String>,
    pub data_age_minutes: Option<u64>,
    pub pending: u64,
    pub rejected: u64,
    pub conflicts: u64,
    pub candidates: u64,
    pub problems: Vec<ProblemView>,
}

/// Whom a change is about, in words: the codice fiscale for a candidate's, the offer's
/// code (and the citizen's codice fiscale) for the offer area's, whose keys are UUIDs.
fn subject(store: &Store, kind: &str, key: &str) -> String {
    let offer_area =
        sportello_protocol::sync::MutationKind::parse(kind).is_some_and(|k| !k.is_candidate_kind());
    if !offer_area {
        return key.to_string();
    }
    let record = |json: &str| serde_json::from_str::<serde_json::Value>(json).ok();
    let text = |v: &serde_json::Value, k: &str| {
        v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
    };
    if let Some(p) = store
        .prenotazione(key)
        .ok()
        .flatten()
        .and_then(|r| record(&r.record))
    {
        let inizio = text(&p, "inizio");
        let quando = chrono::NaiveDateTime::parse_from_str(&inizio, "%Y-%m-%dT%H:%M:%S")
            .map_or(inizio, |t| t.format("%d/%m/%Y %H:%M").to_string());
        return format!("Appuntamento del {quando} — {}", text(&p, "codice_fiscale"));
    }
    if let Some(c) = store
        .candidatura(key)
        .ok()
        .flatten()
        .and_then(|r| record(&r.record))
    {
        return format!(
            "Candidatura all'offerta {} — {}",
            text(&c, "codice_offerta"),
            text(&c, "codice_fiscale")
        );
    }
    if let Some(c) = store
        .contatto(key)
        .ok()
        .flatten()
        .and_then(|r| record(&r.record))
    {
        return format!("Richiesta al CPI — {}", text(&c, "codice_fiscale"));
    }
    if kind == "contatto_cpi" {
        return "Nuova richiesta al CPI".to_string();
    }
    if kind == "candidatura_nuova" {
        // Refused, it has left the lists: the server's reason names the offer.
        return "Nuova candidatura".to_string();
    }
    if kind == "prenotazione_nuova" {
        // Refused, it has left the agenda: the server's reason names the slot.
        return "Nuova prenotazione".to_string();
    }
    if let Some(d) = store
        .documento(key)
        .ok()
        .flatten()
        .and_then(|r| record(&r.record))
    {
        let numero = d
            .get("numero")
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(0);
        let tipo = d
            .get("traccia")
            .map(|t| text(t, "tipo"))
            .and_then(|t| sportello_core::cpi::documenti::TipoDocumento::parse(&t))
            .map_or("Documento", |t| t.etichetta());
        let pratica = if numero > 0 {
            format!("pratica {numero}")
        } else {
            "pratica nuova".to_string()
        };
        return format!("{tipo} ({pratica}) — {}", text(&d, "codice_fiscale"));
    }
    if let Some(c) = store
        .corso(key)
        .ok()
        .flatten()
        .and_then(|r| record(&r.record))
    {
        let codice = c
            .get("codice")
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(0);
        let titolo = c.get("dati").map(|d| text(d, "titolo")).unwrap_or_default();
        return if codice > 0 {
            format!("Corso {codice} — {titolo}")
        } else {
            format!("Corso (nuovo) — {titolo}")
        };
    }
    let offer = store
        .offerta(key)
        .ok()
        .flatten()
        .and_then(|r| record(&r.record));
    let interest = store
        .interesse(key)
        .ok()
        .flatten()
        .and_then(|r| record(&r.record));
    let refusal = store
        .rifiuto(key)
        .ok()
        .flatten()
        .and_then(|r| record(&r.record));
    match (offer, interest, refusal) {
        (Some(o), _, _) => {
            let code = text(&o, "codice");
            let qualifica = o
                .get("dati")
                .map(|d| text(d, "qualifica"))
                .unwrap_or_default();
            format!(
                "Offerta {} — {qualifica}",
                if code.is_empty() { "(nuova)" } else { &code }
            )
        }
        (_, Some(i), _) | (_, _, Some(i)) => {
            format!(
                "{} — offerta {}",
                text(&i, "codice_fiscale"),
                text(&i, "codice_offerta")
            )
        }
        _ => key.to_string(),
    }
}

/// The sync as the Cruscotto shows it: `server` from [`crate::desk::server_url`],
/// `online` what [`sync::reachable`] found (asked without holding the store).
pub fn sync_state(store: &Store, server: Option<String>, online: bool) -> Result<SyncState> {
    let status = sync::local_status(store, online)?;
    let problems = sync::problems(store)?
        .into_iter()
        .map(|p| {
            let (mine, theirs) = sync::conflict_sides(&p).unzip();
            ProblemView {
                seq: p.seq.max(0) as u64,
                state: p.state.to_string(),
                codice_fiscale: subject(store, &p.kind, &p.codice_fiscale),
                kind: p.kind,
                reason: p.reason,
                mine,
                theirs,
            }
        })
        .collect();
    Ok(SyncState {
        online,
        connected: status.logged_in,
        server,
        scope: status.scope,
        last_sync_at: rfc3339(status.last_sync_at),
        data_age_minutes: status
            .last_sync_at
            .map(|t| (Utc::now() - t).num_minutes().max(0) as u64),
        pending: status.pending_mutations,
        rejected: status.rejected,
        conflicts: status.conflicts,
        candidates: status.records.candidates,
        problems,
    })
}

/// A step of a sync, for the progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum SyncStep {
    /// `sent` of `total` local changes answered.
    Pushing {
        sent: u64,
        total: u64,
    },
    /// `records` received so far in `pages` pages.
    Pulling {
        records: u64,
        pages: u64,
        from_zero: bool,
    },
    Done,
}

impl From<SyncProgress> for SyncStep {
    fn from(p: SyncProgress) -> Self {
        match p {
            SyncProgress::Pushing { sent, total } => SyncStep::Pushing { sent, total },
            SyncProgress::Pulling {
                records,
                pages,
                from_zero,
            } => SyncStep::Pulling {
                records,
                pages,
                from_zero,
            },
            SyncProgress::Done => SyncStep::Done,
        }
    }
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncOutcome {
    pub applied: u64,
    pub conflicts: u64,
    pub rejected: u64,
    pub pulled: u64,
    pub removed: u64,
    /// Records the server sent that failed validation and were not stored.
    pub invalid: u64,
    /// Local changes set aside (the server never took them): see the problems.
    pub set_aside: u64,
    /// The push stopped at a change the server refused (the data still arrived).
    pub push_stopped: Option<String>,
    pub millis: u64,
    /// Daily reports that arrived with this sync.
    pub report_nuovi: u64,
}

impl From<SyncSummary> for SyncOutcome {
    fn from(s: SyncSummary) -> Self {
        SyncOutcome {
            applied: s.applied,
            conflicts: s.conflicts,
            rejected: s.rejected,
            pulled: s.pulled,
            removed: s.removed,
            invalid: s.invalid,
            set_aside: s.set_aside,
            push_stopped: s.push_stopped,
            millis: s.millis,
            report_nuovi: s.report_nuovi,
        }
    }
}

/// "Sincronizza ora", each step sent to `step`.
pub async fn sync_now(
    store: &mut Store,
    step: impl Fn(SyncStep) + Send + Sync,
) -> Result<SyncOutcome> {
    let progress = move |p: SyncProgress| step(p.into());
    Ok(sync::sync(store, &progress).await?.into())
}

/// The server's form of a choice of branches: one branch, or none for every branch.
pub fn requested_scope(branches: &[String]) -> Result<Scope> {
    match branches {
        [] => Ok(Scope::All),
        [one] => Scope::branch(one)
            .ok_or_else(|| AppError::InvalidInput(format!("filiale sconosciuta: {one}"))),
        _ => Err(AppError::InvalidInput(
            "scegli una filiale oppure tutte".into(),
        )),
    }
}

/// Scelta ambito with a server session: the server issues the new scope and the
/// cache follows it (a sync, each step sent to `step`). Gone offline since the
/// sign-in, nothing changes on the server and the choice only filters the cache,
/// which the caller applies with [`options::check_scope`].
pub async fn switch_scope(
    store: &mut Store,
    branches: &[String],
    step: impl Fn(SyncStep) + Send + Sync,
) -> Result<()> {
    let scope = requested_scope(branches)?;
    let progress = move |p: SyncProgress| step(p.into());
    match sync::switch_scope(store, &scope.to_string(), &progress).await {
        Ok(_) | Err(AppError::Unavailable(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

fn rfc3339(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_of_branches_is_one_scope() {
        assert_eq!(requested_scope(&[]).unwrap(), Scope::All);
        assert_eq!(
            requested_scope(&["FI01".into()]).unwrap(),
            Scope::Branch("FI01".into())
        );
        for refused in [vec!["FI01".to_string(), "PO01".into()], vec!["../x".into()]] {
            assert!(
                matches!(requested_scope(&refused), Err(AppError::InvalidInput(_))),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn branches_are_named_as_the_store_knows_them() {
        let choice = |code: &str, label: &str| Choice {
            code: code.into(),
            label: label.into(),
        };
        let login = LoginInfo {
            online: true,
            role: Some("super".into()),
            server_scope: Some("tutte".into()),
            branches: vec![choice("FI01", "FI01"), choice("PO01", "PO01 – dal server")],
            last_sync_at: None,
            data_age_minutes: None,
            offline_reason: None,
            pending: 0,
        };
        let known = vec![
            choice("FI01", "FI01 – Firenze"),
            choice("PI01", "PI01 – Pisa"),
        ];
        assert_eq!(
            branch_choices(known.clone(), Some(&login)),
            [
                choice("FI01", "FI01 – Firenze"),
                choice("PO01", "PO01 – dal server")
            ]
        );
        assert_eq!(branch_choices(known.clone(), None), known);
    }
}
