//! Login, scope, passwords and users (seed 001, seed 004).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The operator's role (seed 001). Mirrors [`sportello_core::account::Role`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Master,
    Super,
    Operatore,
    Validatore,
}

impl From<sportello_core::account::Role> for Role {
    fn from(r: sportello_core::account::Role) -> Self {
        use sportello_core::account::Role as R;
        match r {
            R::Master => Self::Master,
            R::Super => Self::Super,
            R::Operatore => Self::Operatore,
            R::Validatore => Self::Validatore,
        }
    }
}

impl From<Role> for sportello_core::account::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Master => Self::Master,
            Role::Super => Self::Super,
            Role::Operatore => Self::Operatore,
            Role::Validatore => Self::Validatore,
        }
    }
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// Longer ones are refused before any lookup.
    #[schema(min_length = 1, max_length = 64)]
    pub username: String,
    /// At most 1024 bytes (UTF-8): longer ones are refused before hashing.
    #[schema(max_length = 1024)]
    pub password: String,
    /// `filiale:CODE` or `tutte`. Default: `tutte` for master and super, the branch
    /// for an operatore (which may only name its own branch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^(tutte|filiale:[A-Za-z0-9]{1,16})$")]
    pub scope: Option<String>,
}

/// A session: answer of login and of a scope switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Session {
    /// Opaque bearer token for `Authorization: Bearer …`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub profile: Profile,
    /// The scope of this session: `filiale:CODE` or `tutte`.
    pub scope: String,
    /// The branches this session sees (one, or all the enabled ones), sorted.
    pub scope_branches: Vec<String>,
}

/// Who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Profile {
    pub username: String,
    pub role: Role,
    /// Branch codes enabled for the operator, sorted.
    pub branches: Vec<String>,
    /// The same branches with their names, so a scope can be chosen by name before the
    /// first sync has brought them. Absent from older servers.
    #[serde(default)]
    #[schema(value_type = Vec<crate::schema::Branch>)]
    pub branch_details: Vec<sportello_core::Branch>,
    /// After this instant login answers `password_scaduta`.
    pub password_expires_at: DateTime<Utc>,
}

/// `POST /api/v1/auth/scope`: switch scope; answers a new session, the old token is revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ScopeRequest {
    /// `filiale:CODE` or `tutte`.
    #[schema(pattern = r"^(tutte|filiale:[A-Za-z0-9]{1,16})$")]
    pub scope: String,
}

/// `POST /api/v1/auth/password`: needs no token, so an expired password can be changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PasswordChange {
    pub username: String,
    pub old_password: String,
    pub new_password: String,
}

/// Answer of a password change. Every session of the user is revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PasswordChanged {
    pub password_expires_at: DateTime<Utc>,
}

/// `POST /api/v1/users` (master only): creates a `super` user or an `operatore`, with
/// a one-time password to be changed at the first access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewUser {
    /// `super` (the default) or `operatore` (exactly one branch).
    #[serde(default = "super_role")]
    pub role: Role,
    /// 3–32 characters: lowercase letters, digits, `.`, `_`, `-`, starting with a letter.
    #[schema(pattern = r"^[a-z][a-z0-9._-]{2,31}$")]
    pub username: String,
    /// The password policy: 8–15 letters and digits, with a lowercase letter, an
    /// uppercase letter and a digit; not the username.
    #[schema(
        pattern = r"^(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{8,15}$"
    )]
    pub password: String,
    /// The branches enabled for the new user; each must be one of the master's.
    #[schema(min_items = 1)]
    pub branches: Vec<String>,
    /// One login per codice fiscale (seed 004), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codice_fiscale: Option<String>,
    /// Where the daily report is mailed (super), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 254)]
    pub email: Option<String>,
}

fn super_role() -> Role {
    Role::Super
}

/// A user as the server describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub username: String,
    pub role: Role,
    pub branches: Vec<String>,
    pub password_expires_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codice_fiscale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// False once a master disabled it: it cannot log in.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The password is the one-time one given at creation: it must be changed first.
    #[serde(default)]
    pub must_change_password: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_access_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

fn yes() -> bool {
    true
}

/// `GET /api/v1/users`: a master's every user, a super's users of its branches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Users {
    /// By username.
    pub users: Vec<User>,
}

/// `PATCH /api/v1/users/{username}` (master only): enable or disable the account, or
/// replace its branches, or give it a new one-time password (a forgotten one). Any of
/// them (none: nothing changes); each but enabling ends the user's sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_items = 1)]
    pub branches: Option<Vec<String>>,
    /// A new initial password, under the policy, to be changed at the next access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(
        pattern = r"^(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{8,15}$"
    )]
    pub password: Option<String>,
}
