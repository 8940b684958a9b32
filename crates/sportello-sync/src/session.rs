//! Login, scope switch, password change and logout, and what each means for the store.

use sportello_protocol::auth::{LoginRequest, PasswordChange, Session};
use sportello_store::{SessionRecord, Store};

use crate::client::Client;
use crate::engine::{self, Progress, SyncReport};
use crate::error::{Error, Result};

/// Authenticates; the store is not touched (the caller opens it with the same password).
pub async fn login(
    client: &Client,
    username: &str,
    password: &str,
    scope: Option<&str>,
) -> Result<Session> {
    client
        .login(&LoginRequest {
            username: username.to_string(),
            password: password.to_string(),
            scope: scope.map(str::to_string),
        })
        .await
}

/// The session as the store keeps it.
pub fn record(client: &Client, session: &Session) -> SessionRecord {
    SessionRecord {
        server_url: client.base_url().to_string(),
        username: session.profile.username.clone(),
        role: sportello_core::account::Role::from(session.profile.role)
            .code()
            .to_string(),
        token: session.token.clone(),
        token_expires_at: session.expires_at,
        password_expires_at: session.profile.password_expires_at,
        scope: session.scope.clone(),
        scope_branches: session.scope_branches.clone(),
    }
}

/// Keeps a new session. When its branches differ from the previous session's, what the
/// operator may no longer see is dropped now and the next pull starts from zero.
/// Returns whether the scope changed.
pub fn adopt(store: &mut Store, client: &Client, session: &Session) -> Result<bool> {
    let new = record(client, session);
    let old = store.session()?;
    let had_data = store.sync_cursor(engine::CURSOR_KEY)?.is_some();
    let changed = old
        .as_ref()
        .is_some_and(|o| o.scope_branches != new.scope_branches || o.server_url != new.server_url)
        || (old.is_none() && had_data);
    store.write(|tx| {
        tx.save_session(&new)?;
        if changed {
            tx.drop_outside(&new.scope_branches)?;
            engine::restart_from_zero(tx)?;
        }
        Ok::<_, Error>(())
    })?;
    Ok(changed)
}

/// Switches scope: the outbox is pushed first under the old scope (its changes were
/// made there), then the server issues a new session, then the cache follows.
pub async fn switch_scope(
    client: &Client,
    store: &mut Store,
    scope: &str,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Session> {
    let current = engine::session(store)?;
    let mut report = SyncReport::default();
    engine::push(client, store, &current.token, &mut report, progress).await?;
    let session = client.switch_scope(&current.token, scope).await?;
    adopt(store, client, &session)?;
    store.write(|tx| tx.set_scope_choice(&session.scope))?;
    Ok(session)
}

/// Changes the password on the server and then re-keys the store with it. The policy
/// is checked by the caller before (see `sportello_core::account::check_password`).
pub async fn change_password(
    client: &Client,
    store: &mut Store,
    username: &str,
    old_password: &str,
    new_password: &str,
) -> Result<()> {
    client
        .change_password(&PasswordChange {
            username: username.to_string(),
            old_password: old_password.to_string(),
            new_password: new_password.to_string(),
        })
        .await?;
    store.change_password(old_password, new_password)?;
    Ok(())
}

/// Ends the session on the server (best effort: offline, the token simply expires)
/// and forgets it locally.
pub async fn logout(client: &Client, store: &mut Store) -> Result<()> {
    if let Some(session) = store.session()? {
        match client.logout(&session.token).await {
            Ok(()) | Err(Error::Unavailable(_) | Error::SessionExpired) => {}
            Err(e) => return Err(e),
        }
    }
    store.write(|tx| tx.clear_session())?;
    Ok(())
}
