//! The password policy as the change-password form shows it while the user types.

use serde::Serialize;
use sportello_core::account::{PasswordError, check_password};

use crate::ErrorItem;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PasswordCheck {
    pub acceptable: bool,
    /// Every rule broken, as `{code, message}`.
    pub problems: Vec<ErrorItem<PasswordProblem>>,
}

/// The rules of the policy that `password` breaks for `username` (the history rule is
/// the server's and is checked when the password is sent).
pub fn check_new_password(username: &str, password: &str) -> PasswordCheck {
    let problems: Vec<ErrorItem<PasswordProblem>> = check_password(username, password)
        .into_iter()
        .map(|e| ErrorItem::new(e.into(), e.message()))
        .collect();
    PasswordCheck {
        acceptable: problems.is_empty(),
        problems,
    }
}

/// A broken rule of the password policy: [`PasswordError`], serialised as its `code()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    PasswordTroppoCorta,
    PasswordTroppoLunga,
    PasswordCaratteriNonAmmessi,
    PasswordSenzaMinuscola,
    PasswordSenzaMaiuscola,
    PasswordSenzaCifra,
    PasswordUgualeUtente,
    PasswordGiaUsata,
}

impl From<PasswordError> for PasswordProblem {
    fn from(e: PasswordError) -> Self {
        match e {
            PasswordError::TooShort => Self::PasswordTroppoCorta,
            PasswordError::TooLong => Self::PasswordTroppoLunga,
            PasswordError::ForbiddenCharacters => Self::PasswordCaratteriNonAmmessi,
            PasswordError::NoLowercase => Self::PasswordSenzaMinuscola,
            PasswordError::NoUppercase => Self::PasswordSenzaMaiuscola,
            PasswordError::NoDigit => Self::PasswordSenzaCifra,
            PasswordError::EqualsUsername => Self::PasswordUgualeUtente,
            PasswordError::RecentlyUsed => Self::PasswordGiaUsata,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_is_serialised_as_the_core_code() {
        use PasswordError::*;
        for e in [
            TooShort,
            TooLong,
            ForbiddenCharacters,
            NoLowercase,
            NoUppercase,
            NoDigit,
            EqualsUsername,
            RecentlyUsed,
        ] {
            assert_eq!(
                serde_json::to_value(PasswordProblem::from(e)).unwrap(),
                e.code(),
                "{e:?}"
            );
        }
    }
}
