//! The operator's session and the sync with the central server: login (online or
//! offline), password change, sync once or continuously, status, logout and wipe,
//! and the local changes the server accepts (contacts, annotations, fascia debole),
//! each written together with its outbox entry.
//!
//! Async, so the desktop shell runs these on its tokio runtime; the CLI runs them on
//! one of its own.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sportello_core::account;
pub use sportello_protocol::sync::AnnotationKind;
use sportello_protocol::sync::{FasciaDeboleDeclaration, MutationKind};
use sportello_store::{MutationState, Store};
use sportello_sync::{CaCertificates, Client, Edit, Progress, Resolution, local, session};

use crate::{AppError, Profile, Result};

pub use sportello_core::candidate::Contacts;
pub use sportello_sync::ClientConfig;
pub use sportello_sync::Progress as SyncProgress;

/// `meta` key of the last server used, kept after logout for the next login.
const SERVER_URL: &str = "server_url";

/// Tries of a login before working offline: the operator is waiting.
const LOGIN_ATTEMPTS: u32 = 2;

/// How long `status` waits for the server before calling it offline.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// `meta` key of the agency CA (PEM) trusted for the server, kept with its address.
const SERVER_CA: &str = "server_ca_pem";

/// A CA file is a certificate or a short bundle: a few KB.
const MAX_CA_BYTES: u64 = 1024 * 1024;

pub(crate) fn client(url: &str, ca: Option<CaCertificates>) -> Result<Client> {
    Ok(Client::new(url, with_ca(ClientConfig::default(), ca))?)
}

fn with_ca(config: ClientConfig, ca: Option<CaCertificates>) -> ClientConfig {
    ClientConfig {
        ca_certificates: ca.or(config.ca_certificates),
        ..config
    }
}

/// A client for the server of the stored session, trusting the stored CA.
pub(crate) fn client_of(store: &Store) -> Result<Client> {
    let session = store.session()?.ok_or(AppError::NotLoggedIn)?;
    client(&session.server_url, stored_ca(store)?)
}

/// The CA the operator named (`--ca-cert`, the settings), read and checked: its PEM
/// text, to remember, and its certificates.
pub(crate) fn named_ca(profile: &Profile) -> Result<Option<(String, CaCertificates)>> {
    let Some(path) = profile.ca_certificate() else {
        return Ok(None);
    };
    let bad = |why: String| {
        AppError::InvalidInput(format!(
            "certificato della CA «{}» non utilizzabile: {why}",
            path.display()
        ))
    };
    let mut pem = String::new();
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_CA_BYTES + 1).read_to_string(&mut pem)
        })
        .map_err(|e| bad(e.to_string()))?;
    if pem.len() as u64 > MAX_CA_BYTES {
        return Err(bad("il file è troppo grande per un certificato".into()));
    }
    let certificates = CaCertificates::from_pem(pem.as_bytes()).map_err(|e| bad(e.to_string()))?;
    Ok(Some((pem, certificates)))
}

/// The CA remembered at the last login with one.
pub(crate) fn stored_ca(store: &Store) -> Result<Option<CaCertificates>> {
    match store.meta(SERVER_CA)? {
        Some(pem) => Ok(Some(CaCertificates::from_pem(pem.as_bytes())?)),
        None => Ok(None),
    }
}

/// What login did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoginReport {
    /// `false`: the server was unreachable and the local store was opened alone.
    pub online: bool,
    pub username: String,
    pub role: Option<String>,
    pub scope: Option<String>,
    pub scope_branches: Vec<String>,
    /// The branches enabled for the operator, the scopes they may choose from (offline:
    /// the stored session's).
    pub branches: Vec<String>,
    /// Names of those branches, as the server gave them at sign-in (offline: none; the
    /// store has them once synced).
    pub branch_details: Vec<sportello_core::Branch>,
    pub password_expires_at: Option<DateTime<Utc>>,
    /// A new local store was created for this operator.
    pub store_created: bool,
    /// The cache was emptied of what the new scope does not see; the next sync pulls
    /// from zero.
    pub scope_changed: bool,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Minutes since the last completed sync (how old the local data is).
    pub data_age_minutes: Option<i64>,
    pub pending_mutations: u64,
    /// Why the login was offline.
    pub offline_reason: Option<String>,
}

/// Logs in to `server_url` (or the server of the stored session), opening or creating
/// the operator's store with the same password and keeping the token in it. `scope`
/// (`filiale:CODE` or `tutte`, master and super) is remembered; without it the
/// remembered one is used. With the server unreachable and a store present, opens the
/// store alone and says how old its data is.
pub async fn login(
    profile: &Profile,
    server_url: Option<&str>,
    password: &str,
    scope: Option<&str>,
) -> Result<(Store, LoginReport)> {
    let dir = profile.store_dir();
    let exists = dir.join(sportello_store::DB_FILE).exists();
    // The stored session names the server and the remembered scope; it needs the store.
    let named = named_ca(profile)?;
    let (url, remembered, remembered_ca) = if exists {
        match Store::open(&dir, password) {
            Ok(store) => (
                match store.session()? {
                    Some(s) => Some(s.server_url),
                    None => store.meta(SERVER_URL)?,
                },
                store.scope_choice()?,
                stored_ca(&store)?,
            ),
            Err(sportello_store::Error::WrongPassword) => (None, None, None),
            Err(e) => return Err(e.into()),
        }
    } else {
        (None, None, None)
    };
    let ca = named.as_ref().map(|(_, c)| c.clone()).or(remembered_ca);
    let url = server_url
        .map(str::to_string)
        .or(url)
        .ok_or_else(|| AppError::InvalidInput("indica il server con --server URL".into()))?;
    let client = client(&url, ca.clone())?;
    let quick = Client::new(
        &url,
        with_ca(
            ClientConfig {
                attempts: LOGIN_ATTEMPTS,
                ..ClientConfig::default()
            },
            ca,
        ),
    )?;
    let scope = scope.map(str::to_string).or(remembered);
    match session::login(&quick, profile.user(), password, scope.as_deref()).await {
        Ok(online) => {
            let mut store = match Store::open_or_create(&dir, password) {
                Ok(store) => store,
                Err(sportello_store::Error::WrongPassword) => {
                    return Err(AppError::LocalPasswordMismatch);
                }
                Err(e) => return Err(e.into()),
            };
            let scope_changed = session::adopt(&mut store, &client, &online)?;
            store.write(|tx| tx.set_meta(SERVER_URL, client.base_url()))?;
            if let Some((pem, _)) = &named {
                store.write(|tx| tx.set_meta(SERVER_CA, pem))?;
            }
            if let Some(s) = &scope {
                store.write(|tx| tx.set_scope_choice(s))?;
            }
            let report = LoginReport {
                online: true,
                username: online.profile.username.clone(),
                role: Some(account::Role::from(online.profile.role).code().to_string()),
                scope: Some(online.scope.clone()),
                scope_branches: online.scope_branches.clone(),
                branches: online.profile.branches.clone(),
                branch_details: online.profile.branch_details.clone(),
                password_expires_at: Some(online.profile.password_expires_at),
                store_created: !exists,
                scope_changed,
                ..local_state(&store, profile, None)?
            };
            Ok((store, report))
        }
        Err(sportello_sync::Error::Unavailable(why)) if exists => {
            let store = crate::store::open(profile, password)?;
            let report = local_state(&store, profile, Some(why))?;
            Ok((store, report))
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn local_state(
    store: &Store,
    profile: &Profile,
    offline: Option<String>,
) -> Result<LoginReport> {
    let session = store.session()?;
    let last_sync_at = store.last_sync_at()?;
    Ok(LoginReport {
        online: offline.is_none(),
        username: profile.user().to_string(),
        role: session.as_ref().map(|s| s.role.clone()),
        scope: session.as_ref().map(|s| s.scope.clone()),
        branches: session
            .as_ref()
            .map(|s| s.scope_branches.clone())
            .unwrap_or_default(),
        scope_branches: session.map(|s| s.scope_branches).unwrap_or_default(),
        branch_details: Vec::new(),
        password_expires_at: None,
        store_created: false,
        scope_changed: false,
        last_sync_at,
        data_age_minutes: last_sync_at.map(|t| (Utc::now() - t).num_minutes().max(0)),
        pending_mutations: store.outbox_counts()?.pending,
        offline_reason: offline,
    })
}

/// The password rules of seed 004 that `password` breaks, as Italian sentences.
pub fn password_problems(username: &str, password: &str) -> Vec<String> {
    account::check_password(username, password)
        .into_iter()
        .map(|e| e.message().to_string())
        .collect()
}

/// The policy, for a prompt.
pub const PASSWORD_POLICY: &str = "Da 8 a 15 caratteri, solo lettere e cifre, almeno una minuscola, una maiuscola e una cifra; diversa dal nome utente e dalle ultime tre.";

/// Changes the password on the server (policy checked here first) and re-keys the
/// local store; then logs in again, since the server revokes every session.
pub async fn change_password(profile: &Profile, old: &str, new: &str) -> Result<()> {
    let problems = password_problems(profile.user(), new);
    if !problems.is_empty() {
        return Err(AppError::InvalidInput(format!(
            "la nuova password non rispetta le regole: {}",
            problems.join(" ")
        )));
    }
    let mut store = Store::open(&profile.store_dir(), old)?;
    let stored = store.session()?.ok_or(AppError::NotLoggedIn)?;
    let ca = match named_ca(profile)? {
        Some((_, ca)) => Some(ca),
        None => stored_ca(&store)?,
    };
    let client = client(&stored.server_url, ca)?;
    session::change_password(&client, &mut store, profile.user(), old, new).await?;
    match session::login(&client, profile.user(), new, Some(&stored.scope)).await {
        Ok(fresh) => {
            session::adopt(&mut store, &client, &fresh)?;
        }
        // The password is changed everywhere; a new token comes with the next login.
        Err(_) => {
            store.write(|tx| tx.clear_session())?;
        }
    }
    Ok(())
}

/// Re-keys the local store only: for a store left with the previous password.
pub fn change_local_password(profile: &Profile, old: &str, new: &str) -> Result<()> {
    let mut store = Store::open(&profile.store_dir(), old)?;
    store.change_password(old, new)?;
    Ok(())
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    /// Local changes the server applied.
    pub applied: u64,
    pub conflicts: u64,
    pub rejected: u64,
    /// Records received.
    pub pulled: u64,
    /// Records deleted or gone out of scope.
    pub removed: u64,
    pub pages: u64,
    pub from_zero: bool,
    pub swept: u64,
    /// Records the server sent that failed validation: not stored.
    pub invalid: u64,
    /// Local changes set aside this cycle (the server never took them, or too
    /// large): listed with the problems.
    pub set_aside: u64,
    /// The push stopped at a change the server refused, tried again next time; the
    /// data was still received. Why, in the server's or the network's words.
    pub push_stopped: Option<String>,
    pub millis: u64,
    /// Fasce deboli followed in the same cycle: participants files and outcomes that
    /// arrived, uploads queued offline that left.
    pub fd_files_downloaded: u64,
    pub fd_outcomes: u64,
    pub fd_uploads_sent: u64,
    /// Daily reports that arrived (super and master users).
    pub report_nuovi: u64,
    /// The course catalogue changed since the last sync.
    pub corsi_aggiornati: bool,
}

/// One cycle: push the outbox, then pull, then follow the fasce-deboli requests and
/// uploads still waiting on the server. `progress` gets every step.
pub async fn sync(
    store: &mut Store,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<SyncSummary> {
    sync_with(store, ClientConfig::default(), progress).await
}

/// [`sync`] with other timeouts, retries, page and batch sizes.
pub async fn sync_with(
    store: &mut Store,
    config: ClientConfig,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<SyncSummary> {
    let url = store.session()?.ok_or(AppError::NotLoggedIn)?.server_url;
    let client = Client::new(&url, with_ca(config, stored_ca(store)?))?;
    let r = sportello_sync::sync_once(&client, store, progress).await?;
    let token = store.session()?.ok_or(AppError::NotLoggedIn)?.token;
    let voci = client.offerte_voci(&token).await?;
    store.replace_offerte_voci(&voci)?;
    let fd = if crate::fasce_deboli::online::awaiting_server(store)? {
        let operator = store.session()?.ok_or(AppError::NotLoggedIn)?.username;
        crate::fasce_deboli::online::follow(store, &operator).await?
    } else {
        Default::default()
    };
    let report_nuovi = crate::report::ricevi(store).await? as u64;
    let corsi_aggiornati = crate::corsi::ricevi(store).await?;
    Ok(SyncSummary {
        applied: r.applied,
        conflicts: r.conflicts,
        rejected: r.rejected,
        pulled: r.pulled,
        removed: r.removed,
        pages: r.pages,
        from_zero: r.from_zero,
        swept: r.swept,
        invalid: r.invalid,
        set_aside: r.set_aside,
        push_stopped: r.push_stopped,
        millis: r.millis,
        fd_files_downloaded: fd.files_downloaded.len() as u64,
        fd_outcomes: fd.outcomes.len() as u64,
        fd_uploads_sent: fd.uploads_sent as u64,
        report_nuovi,
        corsi_aggiornati,
    })
}

/// Syncs every `every` until `stop` completes. A server that cannot be reached is
/// retried at the next round; an expired session ends the watch with its error.
pub async fn watch(
    store: &mut Store,
    every: Duration,
    progress: &(dyn Fn(Progress) + Send + Sync),
    mut on_cycle: impl FnMut(&Result<SyncSummary>),
    stop: impl Future<Output = ()>,
) -> Result<()> {
    tokio::pin!(stop);
    loop {
        let outcome = sync(store, progress).await;
        on_cycle(&outcome);
        match outcome {
            Ok(_) | Err(AppError::Unavailable(_)) => {}
            Err(e) => return Err(e),
        }
        tokio::select! {
            () = &mut stop => return Ok(()),
            () = tokio::time::sleep(every) => {}
        }
    }
}

/// Switches scope (master and super): pushes under the old scope, then the cache
/// follows the new one. The choice is remembered.
pub async fn switch_scope(
    store: &mut Store,
    scope: &str,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<SyncSummary> {
    let client = client_of(store)?;
    session::switch_scope(&client, store, scope, progress).await?;
    sync(store, progress).await
}

/// `sportello status --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub online: bool,
    pub logged_in: bool,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub pending_mutations: u64,
    pub rejected: u64,
    pub conflicts: u64,
    pub scope: Option<String>,
    pub records: Records,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Records {
    pub branches: u64,
    pub candidates: u64,
    pub annotations: u64,
    pub fasce_deboli: u64,
}

/// The state of the local store; `online` asks the server (a few seconds at most).
pub async fn status(store: &Store) -> Result<Status> {
    let online = match store.session()? {
        Some(s) => reachable_with(&s.server_url, stored_ca(store)?).await,
        None => false,
    };
    local_status(store, online)
}

/// Whether the server at `url` answers its health check within a few seconds.
pub async fn reachable(url: &str) -> bool {
    reachable_with(url, None).await
}

async fn reachable_with(url: &str, ca: Option<CaCertificates>) -> bool {
    let config = ClientConfig {
        timeout: PROBE_TIMEOUT,
        connect_timeout: PROBE_TIMEOUT,
        ca_certificates: ca,
        ..ClientConfig::default()
    };
    match Client::new(url, config) {
        Ok(c) => c.health().await.is_ok(),
        Err(_) => false,
    }
}

/// [`status`] without asking the server: `online` is what the caller found.
pub fn local_status(store: &Store, online: bool) -> Result<Status> {
    let session = store.session()?;
    let counts = store.outbox_counts()?;
    let cache = store.cache_counts()?;
    Ok(Status {
        online,
        logged_in: session.is_some(),
        last_sync_at: store.last_sync_at()?,
        pending_mutations: counts.pending,
        rejected: counts.rejected,
        conflicts: counts.conflict,
        scope: session.map(|s| s.scope),
        records: Records {
            branches: cache.branches,
            candidates: cache.candidates,
            annotations: cache.annotations,
            fasce_deboli: cache.fasce_deboli,
        },
    })
}

/// Ends the session. Refused while changes wait to be sent, unless `force` (they stay
/// in the store and leave at the next login).
pub async fn logout(store: &mut Store, force: bool) -> Result<()> {
    let pending = store.outbox_counts()?.pending;
    if pending > 0 && !force {
        return Err(AppError::PendingMutations(pending));
    }
    match client_of(store) {
        Ok(client) => session::logout(&client, store).await?,
        Err(AppError::NotLoggedIn) => {}
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Empties the local cache and the session. Refused while changes wait to be sent,
/// unless `force`: then they are lost. Saved searches and the audit log stay.
pub fn wipe(store: &mut Store, force: bool) -> Result<()> {
    let pending = store.outbox_counts()?.pending;
    if pending > 0 && !force {
        return Err(AppError::PendingMutations(pending));
    }
    store.write(|tx| tx.wipe_cache())?;
    Ok(())
}

// --- local changes ---------------------------------------------------------------------

pub(crate) fn author(store: &Store, profile: &Profile) -> Result<String> {
    Ok(store
        .session()?
        .map(|s| s.username)
        .unwrap_or_else(|| profile.user().to_string()))
}

fn record(store: &mut Store, profile: &Profile, codice_fiscale: &str, edit: Edit) -> Result<i64> {
    let author = author(store, profile)?;
    let cf = codice_fiscale.trim().to_uppercase();
    let entry = store.write(|tx| local::record_edit(tx, &author, &cf, &edit, Utc::now()))?;
    Ok(entry.seq)
}

/// Replaces the candidate's recapiti (blank = none). Returns the outbox sequence.
pub fn edit_contacts(
    store: &mut Store,
    profile: &Profile,
    codice_fiscale: &str,
    contacts: Contacts,
) -> Result<i64> {
    let problems = contacts.problems();
    if !problems.is_empty() {
        let messages: Vec<&str> = problems.iter().map(|p| p.message).collect();
        return Err(AppError::InvalidInput(messages.join(" ")));
    }
    record(store, profile, codice_fiscale, Edit::Contacts(contacts))
}

/// Parses `esito_colloquio`, `contatto`, `nota` or `rifiuto_offerta`.
pub fn parse_annotation_kind(text: &str) -> Result<AnnotationKind> {
    match text.trim() {
        "esito_colloquio" => Ok(AnnotationKind::EsitoColloquio),
        "contatto" => Ok(AnnotationKind::Contatto),
        "nota" => Ok(AnnotationKind::Nota),
        "rifiuto_offerta" => Ok(AnnotationKind::RifiutoOfferta),
        other => Err(AppError::InvalidInput(format!(
            "tipo di annotazione sconosciuto «{other}»: esito_colloquio, contatto, nota o rifiuto_offerta"
        ))),
    }
}

pub fn annotate(
    store: &mut Store,
    profile: &Profile,
    codice_fiscale: &str,
    kind: AnnotationKind,
    text: &str,
    occurred_on: Option<NaiveDate>,
) -> Result<i64> {
    let edit = Edit::Annotation {
        kind,
        text: text.to_string(),
        occurred_on,
    };
    record(store, profile, codice_fiscale, edit)
}

pub fn set_fascia_debole(
    store: &mut Store,
    profile: &Profile,
    codice_fiscale: &str,
    fascia_debole: bool,
    categoria: Option<&str>,
) -> Result<i64> {
    let declaration = FasciaDeboleDeclaration {
        fascia_debole,
        categoria: categoria
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty()),
    };
    record(
        store,
        profile,
        codice_fiscale,
        Edit::FasciaDebole(declaration),
    )
}

/// A change the server did not take, for the operator to see.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub seq: i64,
    /// `rejected` or `conflict`.
    pub state: &'static str,
    pub kind: String,
    pub codice_fiscale: String,
    pub reason: Option<String>,
    pub local: serde_json::Value,
    /// For conflicts: the server's record.
    pub server: Option<serde_json::Value>,
}

/// Rejected and conflicting changes, oldest first.
pub fn problems(store: &Store) -> Result<Vec<Problem>> {
    let conflicts = store.conflicts()?;
    let mut out = Vec::new();
    for (state, label) in [
        (MutationState::Rejected, "rejected"),
        (MutationState::Conflict, "conflict"),
    ] {
        for e in store.mutations(state, usize::MAX)? {
            out.push(Problem {
                seq: e.seq,
                state: label,
                server: conflicts
                    .iter()
                    .find(|c| c.seq == e.seq)
                    .map(|c| c.server_record.clone()),
                kind: e.kind,
                codice_fiscale: e.record_key,
                reason: e.last_error,
                local: e.payload,
            });
        }
    }
    out.sort_by_key(|p| p.seq);
    Ok(out)
}

/// A conflict's two sides in the operator's words: (the local change, what the server
/// holds now); `None` for a rejected change.
pub fn conflict_sides(p: &Problem) -> Option<(String, String)> {
    let server = p.server.as_ref()?;
    Some(match MutationKind::parse(&p.kind) {
        Some(MutationKind::EditContacts) => (
            contacts_text(&p.local),
            contacts_text(&server["sap"]["contacts"]),
        ),
        Some(MutationKind::SetFasciaDebole) => (
            declaration_text(&p.local),
            declaration_text(&server["fascia_debole"]),
        ),
        _ => (p.local.to_string(), server.to_string()),
    })
}

fn contacts_text(v: &serde_json::Value) -> String {
    [
        ("phone", "Telefono"),
        ("mobile", "Cellulare"),
        ("email", "E-mail"),
    ]
    .map(|(key, label)| {
        let value = v.get(key).and_then(serde_json::Value::as_str);
        format!(
            "{label}: {}",
            value.filter(|s| !s.is_empty()).unwrap_or("—")
        )
    })
    .join(" · ")
}

fn declaration_text(v: &serde_json::Value) -> String {
    match v.get("fascia_debole").and_then(serde_json::Value::as_bool) {
        Some(true) => format!(
            "Fascia debole: SÌ, categoria {}",
            v.get("categoria")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("—")
        ),
        Some(false) => "Fascia debole: NO".into(),
        None => "Nessuna dichiarazione".into(),
    }
}

/// Settles problem `seq` — a conflict, or a change the server refused or that was set
/// aside after repeated failures: keep the server's record (the local change is
/// dropped), or send the local change again on top of it with the next sync.
pub fn resolve_problem(
    store: &mut Store,
    profile: &Profile,
    seq: i64,
    keep_mine: bool,
) -> Result<()> {
    let author = author(store, profile)?;
    let resolution = if keep_mine {
        Resolution::KeepMine
    } else {
        Resolution::KeepServer
    };
    let now = Utc::now();
    if let Some(conflict) = store.conflicts()?.into_iter().find(|c| c.seq == seq) {
        store.write(|tx| local::resolve_conflict(tx, &author, &conflict, resolution, now))?;
        return Ok(());
    }
    let refused = store
        .mutations(MutationState::Rejected, usize::MAX)?
        .into_iter()
        .find(|m| m.seq == seq)
        .ok_or_else(|| AppError::InvalidInput(format!("nessun problema numero {seq}")))?;
    store.write(|tx| local::resolve_rejected(tx, &author, &refused, resolution, now))?;
    Ok(())
}

/// The branches the operator may see: those of the stored session, or every branch
/// in the store when there is no session (a demo store made without a server).
/// The stored session's role, the branches it sees and its token: for the online use
/// cases that depend on who is signed in.
pub(crate) fn session_role(
    store: &Store,
) -> Result<(sportello_core::account::Role, Vec<String>, String)> {
    let s = store.session()?.ok_or(AppError::NotLoggedIn)?;
    let role = sportello_core::account::Role::from_code(&s.role)
        .ok_or_else(|| AppError::Internal(format!("ruolo sconosciuto {:?}", s.role)))?;
    Ok((role, s.scope_branches, s.token))
}

pub fn session_scope(store: &Store) -> Result<sportello_store::Scope> {
    Ok(match store.session()? {
        Some(s) => sportello_store::Scope::Branches(s.scope_branches),
        None => sportello_store::Scope::All,
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use sportello_core::candidate::Contacts;
    use sportello_protocol::sync::CandidateRecord;

    use super::*;

    fn server_record(
        contacts: Contacts,
        declaration: Option<FasciaDeboleDeclaration>,
    ) -> serde_json::Value {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut sap = sportello_demo::Generator::new(3, day)
            .candidates(1, &["FI01".to_string()])
            .next()
            .unwrap();
        sap.contacts = contacts;
        serde_json::to_value(CandidateRecord {
            version: 4,
            updated_at: Utc::now(),
            sap,
            fascia_debole: declaration,
        })
        .unwrap()
    }

    fn conflict(
        kind: MutationKind,
        local: serde_json::Value,
        server: serde_json::Value,
    ) -> Problem {
        Problem {
            seq: 7,
            state: "conflict",
            kind: kind.as_str().into(),
            codice_fiscale: "RSSMRA80A01H501U".into(),
            reason: None,
            local,
            server: Some(server),
        }
    }

    #[test]
    fn a_conflict_shows_both_sides_in_the_operators_words() {
        let mine = Contacts {
            phone: None,
            mobile: Some("3331234567".into()),
            email: Some("mario@example.it".into()),
        };
        let theirs = Contacts {
            phone: Some("055123456".into()),
            mobile: Some("3479876543".into()),
            email: None,
        };
        let p = conflict(
            MutationKind::EditContacts,
            serde_json::to_value(&mine).unwrap(),
            server_record(theirs.clone(), None),
        );
        assert_eq!(
            conflict_sides(&p).unwrap(),
            (
                "Telefono: — · Cellulare: 3331234567 · E-mail: mario@example.it".to_string(),
                "Telefono: 055123456 · Cellulare: 3479876543 · E-mail: —".to_string()
            )
        );

        let p = conflict(
            MutationKind::SetFasciaDebole,
            serde_json::to_value(FasciaDeboleDeclaration {
                fascia_debole: true,
                categoria: Some("D03".into()),
            })
            .unwrap(),
            server_record(
                theirs,
                Some(FasciaDeboleDeclaration {
                    fascia_debole: false,
                    categoria: None,
                }),
            ),
        );
        assert_eq!(
            conflict_sides(&p).unwrap(),
            (
                "Fascia debole: SÌ, categoria D03".to_string(),
                "Fascia debole: NO".to_string()
            )
        );

        let rejected = Problem {
            server: None,
            state: "rejected",
            ..p
        };
        assert_eq!(conflict_sides(&rejected), None);
    }
}
