//! What the desktop's Accesso, Cruscotto and Scheda need beyond the CLI's use cases:
//! a sign-in that opens the local store alone when no server is known, the change of
//! an expired password (there is no session yet), and a candidate's recapiti and
//! annotations with what is still waiting to be sent.

use serde::Serialize;
use sportello_core::candidate;
use sportello_protocol::auth::PasswordChange;
use sportello_protocol::sync::AnnotationKind;
use sportello_store::{MutationState, Store};
use sportello_sync::session;

use crate::sync::{self, Contacts, LoginReport};
use crate::{AppError, ErrorItem, Profile, Result};

/// Why a sign-in without a server address worked on the local store alone.
const NO_SERVER: &str = "nessun indirizzo del server indicato";

fn given(server_url: Option<&str>) -> Option<&str> {
    server_url.map(str::trim).filter(|s| !s.is_empty())
}

/// Logs in as [`sync::login`] does (the remembered scope, offline on the cache when the
/// server cannot be reached). With no address given and none remembered, the local
/// store is opened alone; with no store either, the address is asked for.
pub async fn sign_in(
    profile: &Profile,
    server_url: Option<&str>,
    password: &str,
) -> Result<(Store, LoginReport)> {
    let server_url = given(server_url);
    let exists = crate::store::exists(profile);
    match sync::login(profile, server_url, password, None).await {
        // Only a missing address gives this before the server is asked.
        Err(AppError::InvalidInput(_)) if server_url.is_none() && exists => {
            let store = crate::store::open(profile, password)?;
            let report = sync::local_state(&store, profile, Some(NO_SERVER.into()))?;
            Ok((store, report))
        }
        Err(AppError::InvalidInput(_)) if server_url.is_none() => Err(AppError::InvalidInput(
            "indica l'indirizzo del server: su questo computer non c'è ancora un archivio per questo utente".into(),
        )),
        other => other,
    }
}

/// Changes a password the server refuses as expired: no session is needed, the old
/// password proves who asks. The local store, when there is one, is re-keyed too.
pub async fn change_expired_password(
    profile: &Profile,
    server_url: &str,
    old: &str,
    new: &str,
) -> Result<()> {
    let problems = sync::password_problems(profile.user(), new);
    if !problems.is_empty() {
        return Err(AppError::InvalidInput(format!(
            "la nuova password non rispetta le regole: {}",
            problems.join(" ")
        )));
    }
    let url = given(Some(server_url))
        .ok_or_else(|| AppError::InvalidInput("indica l'indirizzo del server".into()))?;
    let client = sync::client(url, sync::named_ca(profile)?.map(|(_, ca)| ca))?;
    if crate::store::exists(profile) {
        let mut store = Store::open(&profile.store_dir(), old)?;
        session::change_password(&client, &mut store, profile.user(), old, new).await?;
    } else {
        client
            .change_password(&PasswordChange {
                username: profile.user().to_string(),
                old_password: old.to_string(),
                new_password: new.to_string(),
            })
            .await?;
    }
    Ok(())
}

/// The server of the stored session, to ask whether it is reachable.
pub fn server_url(store: &Store) -> Result<Option<String>> {
    Ok(store.session()?.map(|s| s.server_url))
}

/// Recapiti as a form edits them: blank is none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContactsForm {
    pub phone: String,
    pub mobile: String,
    pub email: String,
}

impl ContactsForm {
    fn from_contacts(c: &Contacts) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        ContactsForm {
            phone: text(&c.phone),
            mobile: text(&c.mobile),
            email: text(&c.email),
        }
    }

    pub fn to_contacts(&self) -> Contacts {
        let value = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        Contacts {
            phone: value(&self.phone),
            mobile: value(&self.mobile),
            email: value(&self.email),
        }
    }
}

/// The recapiti rules `form` breaks, as `{code: field, message}`.
pub fn contact_problems(form: &ContactsForm) -> Vec<ErrorItem<ContactField>> {
    form.to_contacts()
        .problems()
        .into_iter()
        .map(|p| ErrorItem::new(p.field.into(), p.message))
        .collect()
}

/// The recapito a problem is about: core's `ContactField`, serialised as its `as_str()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContactField {
    Phone,
    Mobile,
    Email,
}

impl From<candidate::ContactField> for ContactField {
    fn from(field: candidate::ContactField) -> Self {
        match field {
            candidate::ContactField::Phone => Self::Phone,
            candidate::ContactField::Mobile => Self::Mobile,
            candidate::ContactField::Email => Self::Email,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnnotationView {
    /// `esito_colloquio`, `contatto`, `nota` or `rifiuto_offerta`.
    pub kind: String,
    pub text: String,
    /// dd/mm/yyyy.
    pub occurred_on: Option<String>,
    pub author: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Made here and not yet accepted by the server.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CandidateNotes {
    pub contacts: ContactsForm,
    /// Newest first.
    pub annotations: Vec<AnnotationView>,
    /// This candidate's changes waiting to be sent.
    pub pending: u64,
    /// Annotations of a refused offer beyond the refusal communications filed for the
    /// candidate: each should become one ([`PROMEMORIA_RIFIUTO`]).
    pub rifiuti_da_comunicare: u64,
}

/// What the operator is told after annotating a refused offer.
pub const PROMEMORIA_RIFIUTO: &str = "Hai annotato il rifiuto di un'offerta: la comunicazione \
    di rifiuto dell'offerta, richiesta dal SIISL per il Supporto per la formazione e il lavoro, \
    si trasmette a parte.";

/// A candidate's recapiti and annotations as the local store has them now.
pub fn candidate_notes(store: &Store, codice_fiscale: &str) -> Result<CandidateNotes> {
    let cf = codice_fiscale.trim().to_uppercase();
    let record = store.candidate(&cf)?.ok_or_else(|| {
        AppError::InvalidInput(format!(
            "nessun candidato con codice fiscale {cf} nell'archivio"
        ))
    })?;
    let waiting: Vec<_> = store
        .mutations(MutationState::Pending, usize::MAX)?
        .into_iter()
        .filter(|m| m.record_key == cf)
        .collect();
    let waiting_ids: Vec<&str> = waiting
        .iter()
        .filter_map(|m| m.payload.get("id").and_then(|id| id.as_str()))
        .collect();
    let mut annotations: Vec<AnnotationView> = store
        .annotations(&cf)?
        .into_iter()
        .map(|a| AnnotationView {
            pending: waiting_ids.contains(&a.id.as_str()),
            kind: a.kind,
            text: a.text,
            occurred_on: a.occurred_on.map(|d| d.format("%d/%m/%Y").to_string()),
            author: a.author,
            created_at: a
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
        .collect();
    annotations.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    let noted = annotations
        .iter()
        .filter(|a| a.kind == sportello_sync::local::kind_code(AnnotationKind::RifiutoOfferta))
        .count() as u64;
    let filed = store.rifiuti(None, Some(&cf))?.len() as u64;
    Ok(CandidateNotes {
        rifiuti_da_comunicare: noted.saturating_sub(filed),
        contacts: ContactsForm::from_contacts(&record.candidate.contacts),
        annotations,
        pending: waiting.len() as u64,
    })
}

/// A new annotation as the Scheda's form has it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AnnotationArgs"))]
pub struct AnnotationForm {
    pub codice_fiscale: String,
    /// `esito_colloquio`, `contatto`, `nota` or `rifiuto_offerta`.
    pub kind: String,
    pub text: String,
    /// dd/mm/yyyy; blank: not given.
    pub occurred_on: String,
}

/// Adds the form's annotation to the cache and the outbox (it leaves with the next
/// sync) and gives the candidate's notes as they are now.
pub fn add_annotation(
    store: &mut Store,
    profile: &Profile,
    form: &AnnotationForm,
) -> Result<CandidateNotes> {
    let kind = sync::parse_annotation_kind(&form.kind)?;
    let occurred_on = Some(form.occurred_on.trim())
        .filter(|d| !d.is_empty())
        .map(|d| crate::search::parse_date(d, "data"))
        .transpose()?;
    sync::annotate(
        store,
        profile,
        &form.codice_fiscale,
        kind,
        &form.text,
        occurred_on,
    )?;
    candidate_notes(store, &form.codice_fiscale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_is_serialised_as_the_payload_names_it() {
        use candidate::ContactField::*;
        for f in [Phone, Mobile, Email] {
            assert_eq!(
                serde_json::to_value(ContactField::from(f)).unwrap(),
                f.as_str()
            );
        }
    }
}
