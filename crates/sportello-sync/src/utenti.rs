//! The agency's accounts (issue 17), online only: a master lists, creates, enables,
//! disables and moves them; a super reads those of its branches. Nothing here is kept
//! in the store, but what the server says is still checked before it is shown.

use reqwest::Method;
use sportello_core::account;
use sportello_protocol::auth::{NewUser, User, UserUpdate, Users};
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
