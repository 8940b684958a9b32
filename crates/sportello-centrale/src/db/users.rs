//! Branches, users, password history and sessions.

use crate::db::{OptionalExtension, Tx};
use chrono::{DateTime, Utc};
use sportello_core::Branch;
use sportello_core::account::{self, PASSWORD_HISTORY, Role};
use sportello_protocol::auth::User;
use sportello_protocol::sync::Entity;

use super::changes::{self, State};
use super::{parse_ts, ts};
use crate::error::{Error, Result};

pub fn insert_branch(tx: &Tx, b: &Branch, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "INSERT INTO branches (code, name, comune, provincia, version) VALUES (?1, ?2, ?3, ?4, 1)",
        (&b.code, &b.name, &b.comune, &b.provincia),
    )?;
    changes::log(tx, Entity::Branch, &b.code, &b.code, State::Present, now)?;
    Ok(())
}

pub fn branch_codes(conn: &Tx) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT code FROM branches ORDER BY code")?;
    let codes = stmt.query_map((), |r| r.get(0))?;
    Ok(codes)
}

/// The branches of `codes` with their names, in the order of `codes` (unknown codes
/// left out).
pub fn branches_named(conn: &Tx, codes: &[String]) -> Result<Vec<Branch>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, comune, provincia, pad FROM branches WHERE code = ?1")?;
    let mut out = Vec::with_capacity(codes.len());
    for code in codes {
        let found = stmt
            .query_row([code], |r| {
                Ok(Branch {
                    code: code.clone(),
                    name: r.get(0)?,
                    comune: r.get(1)?,
                    provincia: r.get(2)?,
                    pad: r.get::<_, i64>(3)? != 0,
                })
            })
            .optional()?;
        out.extend(found);
    }
    Ok(out)
}

#[derive(Debug, Clone)]
pub struct UserRow {
    pub username: String,
    pub role: Role,
    pub password_hash: String,
    pub password_changed_at: DateTime<Utc>,
    pub branches: Vec<String>,
    /// The password is the one-time one of a new account.
    pub must_change_password: bool,
    pub disabled: bool,
}

#[derive(Debug)]
pub struct NewUserRow<'a> {
    pub username: &'a str,
    pub role: Role,
    pub codice_fiscale: Option<&'a str>,
    pub email: Option<&'a str>,
    pub password_hash: &'a str,
    pub branches: &'a [String],
    pub created_by: Option<&'a str>,
}

/// A new account; created by someone (not the seed), its password is one-time.
pub fn insert_user(tx: &Tx, u: &NewUserRow, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "INSERT INTO users (username, role, codice_fiscale, password_hash, password_changed_at, created_at, created_by, must_change_password, email)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)",
        crate::params![u.username, u.role.code(), u.codice_fiscale, u.password_hash, ts(now), u.created_by, i64::from(u.created_by.is_some()), u.email],
    )?;
    tx.execute(
        "INSERT INTO password_history (username, hash, changed_at) VALUES (?1, ?2, ?3)",
        (u.username, u.password_hash, ts(now)),
    )?;
    let mut stmt =
        tx.prepare_cached("INSERT INTO user_branches (username, branch) VALUES (?1, ?2)")?;
    for b in u.branches {
        stmt.execute((u.username, b))?;
    }
    Ok(())
}

pub fn user_exists(
    conn: &Tx,
    username: &str,
    codice_fiscale: Option<&str>,
) -> Result<(bool, bool)> {
    let by_name = conn
        .query_row(
            "SELECT 1 FROM users WHERE username = ?1",
            [username],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    let by_cf = match codice_fiscale {
        Some(cf) => conn
            .query_row(
                "SELECT 1 FROM users WHERE codice_fiscale = ?1",
                [cf],
                |_| Ok(()),
            )
            .optional()?
            .is_some(),
        None => false,
    };
    Ok((by_name, by_cf))
}

pub fn find_user(conn: &Tx, username: &str) -> Result<Option<UserRow>> {
    let row = conn
        .prepare_cached("SELECT username, role, password_hash, password_changed_at, must_change_password, disabled_at FROM users WHERE username = ?1")?
        .query_row([username], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?;
    let Some((username, role, password_hash, changed, must_change, disabled_at)) = row else {
        return Ok(None);
    };
    let branches = user_branches(conn, &username)?;
    Ok(Some(UserRow {
        username,
        role: role_of(&role)?,
        password_hash,
        password_changed_at: parse_ts(&changed)?,
        branches,
        must_change_password: must_change != 0,
        disabled: disabled_at.is_some(),
    }))
}

fn role_of(code: &str) -> Result<Role> {
    Role::from_code(code).ok_or_else(|| Error::Internal(format!("unknown role {code:?}")))
}

/// Every account, by username, as the Utenti list shows it.
pub fn list_users(conn: &Tx) -> Result<Vec<User>> {
    users_where(conn, None)
}

/// One account as the Utenti list shows it.
pub fn user_view(conn: &Tx, username: &str) -> Result<Option<User>> {
    Ok(users_where(conn, Some(username))?.pop())
}

type UserColumns = (
    String,
    String,
    Option<String>,
    String,
    i64,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

fn user_columns(r: &super::sql::Row) -> Result<UserColumns> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

const USER_COLUMNS: &str = "SELECT username, role, codice_fiscale, password_changed_at,
    must_change_password, disabled_at, last_access_at, created_at, created_by, email FROM users";

fn users_where(conn: &Tx, only: Option<&str>) -> Result<Vec<User>> {
    let rows = match only {
        Some(u) => conn
            .prepare_cached(&format!("{USER_COLUMNS} WHERE username = ?1"))?
            .query_map([u], user_columns)?,
        None => conn
            .prepare_cached(&format!("{USER_COLUMNS} ORDER BY username"))?
            .query_map((), user_columns)?,
    };
    let mut out = Vec::with_capacity(rows.len());
    for (username, role, cf, changed, must_change, disabled_at, last, created, by, email) in rows {
        let branches = user_branches(conn, &username)?;
        out.push(User {
            role: role_of(&role)?.into(),
            branches,
            password_expires_at: account::password_expires_at(parse_ts(&changed)?),
            codice_fiscale: cf,
            email,
            enabled: disabled_at.is_none(),
            must_change_password: must_change != 0,
            last_access_at: last.as_deref().map(parse_ts).transpose()?,
            created_at: Some(parse_ts(&created)?),
            created_by: by,
            username,
        });
    }
    Ok(out)
}

/// Enables or disables an account; a disabled one loses its sessions at once.
pub fn set_enabled(tx: &Tx, username: &str, enabled: bool, now: DateTime<Utc>) -> Result<()> {
    let disabled_at = (!enabled).then(|| ts(now));
    tx.execute(
        "UPDATE users SET disabled_at = ?2 WHERE username = ?1",
        (username, disabled_at),
    )?;
    if !enabled {
        tx.execute("DELETE FROM sessions WHERE username = ?1", [username])?;
    }
    Ok(())
}

/// A new one-time password for an account (a forgotten one): to be changed at the
/// next access; the account's sessions end.
pub fn reset_password(tx: &Tx, username: &str, hash: &str, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE users SET password_hash = ?2, password_changed_at = ?3, must_change_password = 1 WHERE username = ?1",
        (username, hash, ts(now)),
    )?;
    tx.execute("DELETE FROM sessions WHERE username = ?1", [username])?;
    Ok(())
}

/// Replaces the branches of an account and ends its sessions, as a new password does:
/// the next sync asks to log in again, and the login's scope makes the client drop
/// what it may no longer see.
pub fn set_branches(tx: &Tx, username: &str, branches: &[String]) -> Result<()> {
    tx.execute("DELETE FROM sessions WHERE username = ?1", [username])?;
    tx.execute("DELETE FROM user_branches WHERE username = ?1", [username])?;
    let mut stmt =
        tx.prepare_cached("INSERT INTO user_branches (username, branch) VALUES (?1, ?2)")?;
    for b in branches {
        stmt.execute((username, b))?;
    }
    Ok(())
}

/// Records who changed what of an account.
pub fn record_event(
    tx: &Tx,
    username: &str,
    by: &str,
    what: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO user_events (username, at, by, what, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        (username, ts(now), by, what, detail),
    )?;
    Ok(())
}

pub fn touch_last_access(tx: &Tx, username: &str, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE users SET last_access_at = ?2 WHERE username = ?1",
        (username, ts(now)),
    )?;
    Ok(())
}

pub fn user_branches(conn: &Tx, username: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT branch FROM user_branches WHERE username = ?1 ORDER BY branch")?;
    let branches = stmt.query_map([username], |r| r.get(0))?;
    Ok(branches)
}

/// The last [`PASSWORD_HISTORY`] password hashes, the current one included.
pub fn password_history(conn: &Tx, username: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT hash FROM password_history WHERE username = ?1 ORDER BY changed_at DESC, rowid DESC LIMIT ?2",
    )?;
    let hashes = stmt.query_map((username, PASSWORD_HISTORY as i64), |r| r.get(0))?;
    Ok(hashes)
}

/// Sets a new password, keeps the history to its length and revokes every session.
pub fn set_password(tx: &Tx, username: &str, hash: &str, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE users SET password_hash = ?2, password_changed_at = ?3, must_change_password = 0 WHERE username = ?1",
        (username, hash, ts(now)),
    )?;
    tx.execute(
        "INSERT INTO password_history (username, hash, changed_at) VALUES (?1, ?2, ?3)",
        (username, hash, ts(now)),
    )?;
    tx.execute(
        "DELETE FROM password_history WHERE username = ?1 AND rowid NOT IN
           (SELECT rowid FROM password_history WHERE username = ?1 ORDER BY changed_at DESC, rowid DESC LIMIT ?2)",
        (username, PASSWORD_HISTORY as i64),
    )?;
    tx.execute("DELETE FROM sessions WHERE username = ?1", [username])?;
    Ok(())
}

pub fn create_session(
    tx: &Tx,
    token_hash: &str,
    username: &str,
    scope: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO sessions (token_hash, username, scope, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        (token_hash, username, scope, ts(now), ts(expires_at)),
    )?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user: UserRow,
    pub scope: String,
    pub expires_at: DateTime<Utc>,
}

pub fn find_session(conn: &Tx, token_hash: &str) -> Result<Option<SessionRow>> {
    let row = conn
        .prepare_cached("SELECT username, scope, expires_at FROM sessions WHERE token_hash = ?1")?
        .query_row([token_hash], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    let Some((username, scope, expires_at)) = row else {
        return Ok(None);
    };
    let Some(user) = find_user(conn, &username)? else {
        return Ok(None);
    };
    Ok(Some(SessionRow {
        user,
        scope,
        expires_at: parse_ts(&expires_at)?,
    }))
}

pub fn delete_session(tx: &Tx, token_hash: &str) -> Result<()> {
    tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

pub fn purge_expired_sessions(tx: &Tx, now: DateTime<Utc>) -> Result<usize> {
    tx.execute("DELETE FROM sessions WHERE expires_at <= ?1", [ts(now)])
}

/// Every branch of the agency, by code.
pub fn all_branches(conn: &Tx) -> Result<Vec<Branch>> {
    let codes = branch_codes(conn)?;
    branches_named(conn, &codes)
}

/// The provinces of the branches that hold citizens: where the agency's citizens
/// live, as far as the configuration of the PAD needs to know (**assumed**).
pub fn provinces_with_citizens(conn: &Tx) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT b.provincia FROM branches b
         WHERE EXISTS (SELECT 1 FROM candidates c WHERE c.branch = b.code) ORDER BY b.provincia",
    )?;
    let provinces = stmt.query_map((), |r| r.get(0))?;
    Ok(provinces)
}

/// Who last changed whether a branch is selectable in the PAD, and when.
pub fn last_pad_change(conn: &Tx, code: &str) -> Result<Option<(String, DateTime<Utc>)>> {
    let row = conn
        .prepare_cached(
            "SELECT by, at FROM pad_events WHERE branch = ?1 ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([code], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    row.map(|(by, at)| Ok((by, parse_ts(&at)?))).transpose()
}

/// Sets whether citizens may choose a branch in the PAD. A real change is recorded
/// and logged as a change of the branch, so every session that sees it pulls it.
pub fn set_pad(tx: &Tx, code: &str, pad: bool, by: &str, now: DateTime<Utc>) -> Result<bool> {
    let flag = i64::from(pad);
    let changed = tx.execute(
        "UPDATE branches SET pad = ?2, version = version + 1 WHERE code = ?1 AND pad <> ?2",
        (code, flag),
    )?;
    if changed == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO pad_events (branch, at, by, pad) VALUES (?1, ?2, ?3, ?4)",
        (code, ts(now), by, flag),
    )?;
    changes::log(tx, Entity::Branch, code, code, State::Present, now)?;
    Ok(true)
}
