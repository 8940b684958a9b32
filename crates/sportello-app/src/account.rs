//! The password policy as the change-password form shows it while the user types.

use serde::Serialize;
use sportello_core::account::check_password;

use crate::ErrorItem;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PasswordCheck {
    pub acceptable: bool,
    /// Every rule broken, as `{code, message}`.
    pub problems: Vec<ErrorItem>,
}

/// The rules of the policy that `password` breaks for `username` (the history rule is
/// the server's and is checked when the password is sent).
pub fn check_new_password(username: &str, password: &str) -> PasswordCheck {
    let problems: Vec<ErrorItem> = check_password(username, password)
        .into_iter()
        .map(|e| ErrorItem::new(e.code(), e.message()))
        .collect();
    PasswordCheck {
        acceptable: problems.is_empty(),
        problems,
    }
}
