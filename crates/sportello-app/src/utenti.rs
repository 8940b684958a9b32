//! "Utenti" (seed 001, issue 17): a master lists the agency's accounts, creates super
//! users and operatori with a one-time password (seed 004's policy, checked as one
//! types), enables and disables them and changes their branches; a super reads the
//! accounts of its branches. Online only: accounts live on the central server.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::account::{self, Role};
use sportello_protocol::auth::{self as wire, NewUser, User, UserUpdate};
use sportello_store::Store;

use crate::sync::{client_of, session_role};
use crate::{AppError, ErrorItem, Result};

/// One account in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UtenteRiga {
    pub username: String,
    /// `master`, `super`, `operatore`.
    pub ruolo: String,
    pub ruolo_etichetta: String,
    pub filiali: Vec<String>,
    /// dd/mm/yyyy hh:mm, local time; blank: never.
    pub ultimo_accesso: String,
    /// dd/mm/yyyy.
    pub scadenza_password: String,
    pub abilitata: bool,
    /// Still on the one-time password given at creation.
    pub primo_accesso: bool,
    pub creata_da: String,
    /// Where the daily report is mailed; blank: nowhere.
    pub email: String,
    /// The session may enable, disable and move it (a master, not a master's account).
    pub modificabile: bool,
}

/// The list and what the session may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Utenti {
    pub righe: Vec<UtenteRiga>,
    /// A master: may create accounts.
    pub puo_creare: bool,
    /// The branches an account may be given (the session's).
    pub filiali: Vec<String>,
}

fn etichetta(r: Role) -> &'static str {
    match r {
        Role::Master => "Master",
        Role::Super => "Super",
        Role::Operatore => "Operatore",
        Role::Validatore => "Validatore",
    }
}

fn local(at: DateTime<Utc>, format: &str) -> String {
    at.with_timezone(&chrono::Local).format(format).to_string()
}

fn riga(me: Role, u: User) -> UtenteRiga {
    let role = Role::from(u.role);
    UtenteRiga {
        ruolo: role.code().into(),
        ruolo_etichetta: etichetta(role).into(),
        filiali: u.branches,
        ultimo_accesso: u
            .last_access_at
            .map(|t| local(t, "%d/%m/%Y %H:%M"))
            .unwrap_or_default(),
        scadenza_password: local(u.password_expires_at, "%d/%m/%Y"),
        abilitata: u.enabled,
        primo_accesso: u.must_change_password,
        creata_da: u.created_by.unwrap_or_default(),
        email: u.email.unwrap_or_default(),
        modificabile: me.may_create(role),
        username: u.username,
    }
}

/// The accounts the session sees (a master: all; a super: its branches').
pub async fn elenco(store: &Store) -> Result<Utenti> {
    let (me, branches, token) = session_role(store)?;
    if !me.agency_level() {
        return Err(AppError::InvalidInput(
            "l'elenco delle utenze è riservato alle utenze master e super".into(),
        ));
    }
    let users = client_of(store)?.users(&token).await?;
    Ok(Utenti {
        righe: users.into_iter().map(|u| riga(me, u)).collect(),
        puo_creare: me.may_create(Role::Super),
        filiali: branches,
    })
}

/// The fields of the new-account form a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CampoUtenza {
    Username,
    Ruolo,
    Filiali,
    CodiceFiscale,
    Email,
    Password,
}

/// A new account as the form has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NuovaUtenza {
    pub username: String,
    /// `super` or `operatore`.
    pub ruolo: String,
    pub filiali: Vec<String>,
    /// Optional: one login per codice fiscale.
    pub codice_fiscale: String,
    /// Optional: where the daily report is mailed.
    #[serde(default)]
    pub email: String,
    /// The one-time password, to be changed at the first access.
    pub password: String,
}

/// Every problem of the form, as the server would find them (same core rules).
pub fn problemi(form: &NuovaUtenza) -> Vec<ErrorItem<CampoUtenza>> {
    let mut out = Vec::new();
    let username = form.username.trim();
    if !account::valid_username(username) {
        out.push(ErrorItem::new(
            CampoUtenza::Username,
            "Il nome utente ha 3–32 caratteri: lettere minuscole, cifre, punto, trattino o trattino basso, e inizia con una lettera.",
        ));
    }
    let role = match form.ruolo.as_str() {
        "super" => Some(Role::Super),
        "operatore" => Some(Role::Operatore),
        _ => {
            out.push(ErrorItem::new(
                CampoUtenza::Ruolo,
                "Scegli il ruolo: super oppure operatore.",
            ));
            None
        }
    };
    if form.filiali.is_empty() {
        out.push(ErrorItem::new(
            CampoUtenza::Filiali,
            "Indica almeno una filiale.",
        ));
    } else if role.is_some_and(|r| !r.branches_ok(form.filiali.len())) {
        out.push(ErrorItem::new(
            CampoUtenza::Filiali,
            "Un'utenza operatore ha una sola filiale.",
        ));
    }
    let cf = form.codice_fiscale.trim();
    if !cf.is_empty()
        && !sportello_core::codice_fiscale::check(cf, Utc::now().date_naive())
            .errors
            .is_empty()
    {
        out.push(ErrorItem::new(
            CampoUtenza::CodiceFiscale,
            "Codice fiscale non valido.",
        ));
    }
    let email = form.email.trim();
    if !email.is_empty() && !sportello_core::candidate::valid_email(&email.to_lowercase()) {
        out.push(ErrorItem::new(
            CampoUtenza::Email,
            "Indirizzo e-mail non valido.",
        ));
    }
    out.extend(
        account::check_password(username, &form.password)
            .into_iter()
            .map(|e| ErrorItem::new(CampoUtenza::Password, e.message())),
    );
    out
}

fn invalid(problems: &[ErrorItem<CampoUtenza>]) -> AppError {
    let all: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    AppError::InvalidInput(all.join(" "))
}

/// Creates the account on the server; its password must be changed at the first access.
pub async fn crea(store: &Store, form: &NuovaUtenza) -> Result<UtenteRiga> {
    let problems = problemi(form);
    if !problems.is_empty() {
        return Err(invalid(&problems));
    }
    let (me, _, token) = session_role(store)?;
    let role = if form.ruolo == "operatore" {
        wire::Role::Operatore
    } else {
        wire::Role::Super
    };
    let cf = Some(form.codice_fiscale.trim().to_uppercase()).filter(|c| !c.is_empty());
    let user = NewUser {
        role,
        username: form.username.trim().to_string(),
        password: form.password.clone(),
        branches: form.filiali.clone(),
        codice_fiscale: cf,
        email: Some(form.email.trim().to_lowercase()).filter(|e| !e.is_empty()),
    };
    let made = client_of(store)?.create_user(&token, &user).await?;
    Ok(riga(me, made))
}

/// Enables or disables an account (a disabled one cannot log in; its sessions end).
pub async fn abilita(store: &Store, username: &str, abilitata: bool) -> Result<UtenteRiga> {
    update(
        store,
        username,
        UserUpdate {
            enabled: Some(abilitata),
            branches: None,
            password: None,
        },
    )
    .await
}

/// Gives an account other branches: its next sync asks it to log in again, and the
/// login drops what it may no longer see.
pub async fn sposta(store: &Store, username: &str, filiali: &[String]) -> Result<UtenteRiga> {
    let mut filiali: Vec<String> = filiali.iter().map(|f| f.trim().to_uppercase()).collect();
    filiali.retain(|f| !f.is_empty());
    if filiali.is_empty() {
        return Err(AppError::InvalidInput("indica almeno una filiale".into()));
    }
    update(
        store,
        username,
        UserUpdate {
            enabled: None,
            branches: Some(filiali),
            password: None,
        },
    )
    .await
}

/// A new one-time password for an account whose owner forgot theirs: checked by the
/// policy here first; to be changed at the next access; its sessions end.
pub async fn nuova_password(store: &Store, username: &str, password: &str) -> Result<UtenteRiga> {
    let problems: Vec<String> = account::check_password(username.trim(), password)
        .into_iter()
        .map(|e| e.message().to_string())
        .collect();
    if !problems.is_empty() {
        return Err(AppError::InvalidInput(problems.join(" ")));
    }
    update(
        store,
        username,
        UserUpdate {
            password: Some(password.to_string()),
            ..UserUpdate::default()
        },
    )
    .await
}

async fn update(store: &Store, username: &str, change: UserUpdate) -> Result<UtenteRiga> {
    let (me, _, token) = session_role(store)?;
    let username = username.trim();
    if !account::valid_username(username) {
        return Err(AppError::InvalidInput(format!(
            "nome utente non valido «{username}»"
        )));
    }
    let changed = client_of(store)?
        .update_user(&token, username, &change)
        .await?;
    Ok(riga(me, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NuovaUtenza {
        NuovaUtenza {
            username: "mario.rossi".into(),
            ruolo: "operatore".into(),
            filiali: vec!["FI01".into()],
            codice_fiscale: String::new(),
            email: String::new(),
            password: "Inizio2026x".into(),
        }
    }

    #[test]
    fn the_form_is_checked_by_the_servers_rules() {
        assert!(problemi(&form()).is_empty());
        let with_mail = NuovaUtenza {
            email: " Mario.Rossi@Agenzia.it ".into(),
            ..form()
        };
        assert!(problemi(&with_mail).is_empty(), "trimmed, any case");
        let fields = |f: &NuovaUtenza| problemi(f).into_iter().map(|p| p.code).collect::<Vec<_>>();
        let two = NuovaUtenza {
            filiali: vec!["FI01".into(), "PO01".into()],
            ..form()
        };
        assert_eq!(fields(&two), [CampoUtenza::Filiali]);
        assert!(
            problemi(&NuovaUtenza {
                ruolo: "super".into(),
                ..two
            })
            .is_empty()
        );
        let bad = NuovaUtenza {
            username: "Mario".into(),
            ruolo: "master".into(),
            codice_fiscale: "RSSMRA85T10A562X".into(),
            email: "mario@".into(),
            password: "corta".into(),
            ..form()
        };
        let found = fields(&bad);
        for f in [
            CampoUtenza::Username,
            CampoUtenza::Ruolo,
            CampoUtenza::CodiceFiscale,
            CampoUtenza::Email,
            CampoUtenza::Password,
        ] {
            assert!(found.contains(&f), "{f:?} in {found:?}");
        }
    }
}
