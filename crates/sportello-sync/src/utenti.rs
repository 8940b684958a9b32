//! The agency's accounts and its "Configurazione APL" (issue 17), online only: a
//! master lists, creates, enables, disables and moves accounts, a super reads those of
//! its branches; super and master choose the branches of the PAD. Nothing here is
//! kept in the store, but what the server says is still checked before it is shown.

use reqwest::Method;
use sportello_core::account;
use sportello_protocol::auth::{NewUser, User, UserUpdate, Users};
use sportello_protocol::configurazione::{ConfigurazionePad, ModificaPad, paths as conf};
use sportello_protocol::paths;

use crate::client::Client;
use crate::error::{Error, Result};

/// More accounts than any agency has: a longer list is not believed.
const MAX_USERS: usize = 10_000;

fn sane(u: &User) -> bool {
    let code =
        |b: &String| (1..=16).contains(&b.len()) && b.bytes().all(|c| c.is_ascii_alphanumeric());
    (1..=64).contains(&u.username.chars().count())
        && !u.username.chars().any(char::is_control)
        && u.branches.len() <= 1_000
        && u.branches.iter().all(code)
        && u.created_by
            .as_ref()
            .is_none_or(|b| b.chars().count() <= 64)
        && u.codice_fiscale.as_ref().is_none_or(|cf| cf.len() <= 16)
}

fn checked(u: User) -> Result<User> {
    if sane(&u) {
        Ok(u)
    } else {
        Err(Error::Protocol(
            "il server ha descritto un'utenza non valida".into(),
        ))
    }
}

impl Client {
    pub async fn users(&self, token: &str) -> Result<Vec<User>> {
        let list: Users = self
            .call(Method::GET, paths::USERS, Some(token), None::<&()>)
            .await?;
        if list.users.len() > MAX_USERS {
            return Err(Error::Protocol("troppe utenze nella risposta".into()));
        }
        list.users.into_iter().map(checked).collect()
    }

    /// Tried once: repeated after a lost answer it would only say "già esistente".
    pub async fn create_user(&self, token: &str, user: &NewUser) -> Result<User> {
        debug_assert!(account::valid_username(&user.username));
        let made = self
            .with_attempts(1)
            .call(Method::POST, paths::USERS, Some(token), Some(user))
            .await?;
        checked(made)
    }

    /// Setting the same state again is harmless, so it is retried as usual.
    pub async fn update_user(
        &self,
        token: &str,
        username: &str,
        update: &UserUpdate,
    ) -> Result<User> {
        // It goes in the path: only the names the server itself accepts.
        if !account::valid_username(username) {
            return Err(Error::Protocol(format!(
                "nome utente non valido: {username:?}"
            )));
        }
        let path = paths::USER.replace("{username}", username);
        let changed = self
            .call(Method::PATCH, &path, Some(token), Some(update))
            .await?;
        checked(changed)
    }
}

fn sane_pad(c: &ConfigurazionePad) -> bool {
    let text = |s: &str, most: usize| s.chars().count() <= most && !s.chars().any(char::is_control);
    c.filiali.len() <= 1_000
        && c.province_scoperte.len() <= 200
        && c.province_scoperte.iter().all(|p| text(p, 4))
        && c.filiali.iter().all(|f| {
            (1..=16).contains(&f.code.len())
                && f.code.bytes().all(|b| b.is_ascii_alphanumeric())
                && text(&f.name, 200)
                && text(&f.comune, 200)
                && text(&f.provincia, 4)
                && f.modificata_da.as_deref().is_none_or(|u| text(u, 64))
        })
}

fn checked_pad(c: ConfigurazionePad) -> Result<ConfigurazionePad> {
    if sane_pad(&c) {
        Ok(c)
    } else {
        Err(Error::Protocol(
            "il server ha descritto una configurazione del PAD non valida".into(),
        ))
    }
}

impl Client {
    /// "Configurazione APL": the user's branches and whether citizens may choose them.
    pub async fn configurazione_pad(&self, token: &str) -> Result<ConfigurazionePad> {
        let c = self
            .call(Method::GET, conf::PAD, Some(token), None::<&()>)
            .await?;
        checked_pad(c)
    }

    /// Setting the same choice again changes nothing, so it is retried as usual.
    pub async fn modifica_pad(
        &self,
        token: &str,
        change: &ModificaPad,
    ) -> Result<ConfigurazionePad> {
        let c = self
            .call(Method::PUT, conf::PAD, Some(token), Some(change))
            .await?;
        checked_pad(c)
    }
}
