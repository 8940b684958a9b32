//! Operator accounts: roles, scope and the password policy (seed 001, seed 004).
//!
//! Pure rules, so the client can check a new password before it goes anywhere and the
//! central server applies exactly the same ones. What needs storage (the last three
//! passwords) or a clock (expiry) is the server's; this module only computes dates from
//! dates it is given.

use std::fmt;

use chrono::{DateTime, Months, Utc};

/// Who an operator is (seed 001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Agency-level: like `super`, and creates `super` users.
    Master,
    /// Sees the branches enabled for it, one at a time or all together.
    Super,
    /// A branch employee: one branch.
    Operatore,
    /// The regional office that validates the training-course catalogue (seed 004):
    /// no branch, no citizens; sees every provider's course past the draft.
    Validatore,
}

impl Role {
    pub const ALL: [Role; 4] = [Self::Master, Self::Super, Self::Operatore, Self::Validatore];

    pub fn code(self) -> &'static str {
        match self {
            Self::Master => "master",
            Self::Super => "super",
            Self::Operatore => "operatore",
            Self::Validatore => "validatore",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Master and super: the agency-level features (users, reports, configuration).
    pub fn agency_level(self) -> bool {
        matches!(self, Self::Master | Self::Super)
    }

    /// Master and super choose their scope at login; an operatore has one branch.
    pub fn chooses_scope(self) -> bool {
        matches!(self, Self::Master | Self::Super)
    }

    /// Which roles this role may create, enable, disable and give branches to (seed
    /// 001: a master creates super users; **assumed**: and the branches' operatori,
    /// which nobody else could create). Nobody manages a master.
    pub fn may_create(self, other: Role) -> bool {
        self == Self::Master && matches!(other, Self::Super | Self::Operatore)
    }

    /// Whose accounts this role sees: a master every user, a super the users of its
    /// branches (read-only), an operatore none.
    pub fn may_list(self, own: &[String], other: &[String]) -> bool {
        match self {
            Self::Master => true,
            Self::Super => other.iter().any(|b| own.contains(b)),
            Self::Operatore | Self::Validatore => false,
        }
    }

    /// How many branches an account of this role has: an operatore exactly one.
    pub fn branches_ok(self, count: usize) -> bool {
        match self {
            Self::Operatore => count == 1,
            Self::Master | Self::Super => count >= 1,
            Self::Validatore => count == 0,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a session sees: one branch, or every branch enabled for the operator.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `filiale:CODE`
    Branch(String),
    /// `tutte`
    All,
}

impl Scope {
    /// Parses the wire form: `filiale:FI01` or `tutte`.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s == "tutte" {
            return Some(Self::All);
        }
        Self::branch(s.strip_prefix("filiale:")?)
    }

    /// One branch by its code: a short run of letters and digits.
    pub fn branch(code: &str) -> Option<Self> {
        let valid =
            !code.is_empty() && code.len() <= 16 && code.chars().all(|c| c.is_ascii_alphanumeric());
        valid.then(|| Self::Branch(code.to_string()))
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Branch(code) => write!(f, "filiale:{code}"),
            Self::All => f.write_str("tutte"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeError {
    /// The account has no enabled branch at all.
    NoBranches,
    /// The branch asked for is not enabled for the account, or an operatore asked for
    /// more than its branch.
    OutOfScope,
}

/// The branches a session of `role` with `enabled` branches sees when it asks for
/// `requested` (`None`: the default, which is everything the account may see).
/// The result is sorted and without duplicates.
pub fn resolve_scope(
    role: Role,
    enabled: &[String],
    requested: Option<&Scope>,
) -> Result<(Scope, Vec<String>), ScopeError> {
    if role == Role::Validatore {
        return Ok((Scope::All, Vec::new()));
    }
    let mut enabled: Vec<String> = enabled.to_vec();
    enabled.sort();
    enabled.dedup();
    if enabled.is_empty() {
        return Err(ScopeError::NoBranches);
    }
    match requested {
        None | Some(Scope::All) if role.chooses_scope() => Ok((Scope::All, enabled)),
        // An operatore has exactly one branch (the first, should the data say otherwise).
        None => Ok((Scope::Branch(enabled[0].clone()), vec![enabled[0].clone()])),
        Some(Scope::All) => Err(ScopeError::OutOfScope),
        Some(Scope::Branch(code)) if enabled.contains(code) => {
            Ok((Scope::Branch(code.clone()), vec![code.clone()]))
        }
        Some(Scope::Branch(_)) => Err(ScopeError::OutOfScope),
    }
}

/// Shortest and longest password (seed 004).
pub const PASSWORD_MIN_LEN: usize = 8;
pub const PASSWORD_MAX_LEN: usize = 15;
/// A new password may not be one of this many last passwords, the current one included.
pub const PASSWORD_HISTORY: usize = 3;
/// A password is valid this many months, then it must be changed.
pub const PASSWORD_VALIDITY_MONTHS: u32 = 3;

/// One broken rule of the password policy, with a stable code and an Italian message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasswordError {
    TooShort,
    TooLong,
    /// Anything but ASCII letters and digits: quotes, apostrophes, accents, spaces…
    ForbiddenCharacters,
    NoLowercase,
    NoUppercase,
    NoDigit,
    EqualsUsername,
    /// One of the last [`PASSWORD_HISTORY`] passwords (checked by the server only).
    RecentlyUsed,
}

impl PasswordError {
    pub fn code(self) -> &'static str {
        match self {
            Self::TooShort => "password_troppo_corta",
            Self::TooLong => "password_troppo_lunga",
            Self::ForbiddenCharacters => "password_caratteri_non_ammessi",
            Self::NoLowercase => "password_senza_minuscola",
            Self::NoUppercase => "password_senza_maiuscola",
            Self::NoDigit => "password_senza_cifra",
            Self::EqualsUsername => "password_uguale_utente",
            Self::RecentlyUsed => "password_gia_usata",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::TooShort => "La password deve avere almeno 8 caratteri.",
            Self::TooLong => "La password può avere al massimo 15 caratteri.",
            Self::ForbiddenCharacters => {
                "La password può contenere solo lettere e cifre, senza accenti, apostrofi, virgolette o spazi."
            }
            Self::NoLowercase => "La password deve contenere almeno una lettera minuscola.",
            Self::NoUppercase => "La password deve contenere almeno una lettera maiuscola.",
            Self::NoDigit => "La password deve contenere almeno una cifra.",
            Self::EqualsUsername => "La password non può essere uguale al nome utente.",
            Self::RecentlyUsed => "La password non può essere una delle ultime tre usate.",
        }
    }
}

/// Every rule of seed 004 that `password` breaks for `username` (empty: acceptable).
/// The history rule needs the stored hashes and is the server's.
///
/// **Assumed**: "equal to the login" ignores case (`Mario01x` for user `mario01x` is
/// refused), and "letters" are the ASCII letters (accented letters are "special").
pub fn check_password(username: &str, password: &str) -> Vec<PasswordError> {
    let mut errors = Vec::new();
    let len = password.chars().count();
    if len < PASSWORD_MIN_LEN {
        errors.push(PasswordError::TooShort);
    }
    if len > PASSWORD_MAX_LEN {
        errors.push(PasswordError::TooLong);
    }
    if !password.chars().all(|c| c.is_ascii_alphanumeric()) {
        errors.push(PasswordError::ForbiddenCharacters);
    }
    if !password.chars().any(|c| c.is_ascii_lowercase()) {
        errors.push(PasswordError::NoLowercase);
    }
    if !password.chars().any(|c| c.is_ascii_uppercase()) {
        errors.push(PasswordError::NoUppercase);
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        errors.push(PasswordError::NoDigit);
    }
    if !username.is_empty() && password.to_lowercase() == username.trim().to_lowercase() {
        errors.push(PasswordError::EqualsUsername);
    }
    errors
}

/// When a password set at `changed_at` stops being valid.
pub fn password_expires_at(changed_at: DateTime<Utc>) -> DateTime<Utc> {
    changed_at
        .checked_add_months(Months::new(PASSWORD_VALIDITY_MONTHS))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A username: 3–32 characters, lowercase ASCII letters, digits, `.`, `_`, `-`,
/// starting with a letter. **Assumed**: seed 004 says nothing about logins.
pub fn valid_username(username: &str) -> bool {
    let mut chars = username.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let len = username.chars().count();
    first_ok
        && (3..=32).contains(&len)
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(username: &str, password: &str, expect: &[&str]) {
        let got: Vec<&str> = check_password(username, password)
            .into_iter()
            .map(PasswordError::code)
            .collect();
        assert_eq!(got, expect, "password {password:?} for user {username:?}");
    }

    #[test]
    fn password_policy_of_seed_004() {
        check("mario", "Abcdefg1", &[]);
        check("mario", "Abcdefghijklmn1", &[]);
        check("mario", "Abcdef1", &["password_troppo_corta"]);
        check("mario", "Abcdefghijklmno1", &["password_troppo_lunga"]);
        check("mario", "Abcdefg1!", &["password_caratteri_non_ammessi"]);
        check("mario", "Abcdéfg12", &["password_caratteri_non_ammessi"]);
        check("mario", "Abc'defg1", &["password_caratteri_non_ammessi"]);
        check("mario", "Abc defg1", &["password_caratteri_non_ammessi"]);
        check("mario", "ABCDEFG1", &["password_senza_minuscola"]);
        check("mario", "abcdefg1", &["password_senza_maiuscola"]);
        check("mario", "Abcdefgh", &["password_senza_cifra"]);
        check("mario01x", "Mario01x", &["password_uguale_utente"]);
        check(
            "",
            "",
            &[
                "password_troppo_corta",
                "password_senza_minuscola",
                "password_senza_maiuscola",
                "password_senza_cifra",
            ],
        );
    }

    #[test]
    fn messages_are_italian_and_distinct() {
        let all = [
            PasswordError::TooShort,
            PasswordError::TooLong,
            PasswordError::ForbiddenCharacters,
            PasswordError::NoLowercase,
            PasswordError::NoUppercase,
            PasswordError::NoDigit,
            PasswordError::EqualsUsername,
            PasswordError::RecentlyUsed,
        ];
        let codes: std::collections::HashSet<_> = all.iter().map(|e| e.code()).collect();
        assert_eq!(
            codes.len(),
            all.len(),
            "codes are what clients branch on: they must be distinct"
        );
        assert!(all.iter().all(|e| e.message().starts_with("La password")));
    }

    #[test]
    fn passwords_expire_after_three_months() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            password_expires_at(at("2026-01-15T10:00:00Z")),
            at("2026-04-15T10:00:00Z")
        );
        assert_eq!(
            password_expires_at(at("2025-11-30T10:00:00Z")),
            at("2026-02-28T10:00:00Z"),
            "clamped to month end"
        );
    }

    fn branches(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    fn scope(
        role: Role,
        enabled: &[&str],
        requested: Option<&str>,
    ) -> Result<(String, Vec<String>), ScopeError> {
        let requested = requested.map(|r| Scope::parse(r).expect("test scopes parse"));
        resolve_scope(role, &branches(enabled), requested.as_ref()).map(|(s, b)| (s.to_string(), b))
    }

    #[test]
    fn scope_rules_of_seed_001() {
        let ok = |s: &str, b: &[&str]| Ok((s.to_string(), branches(b)));
        assert_eq!(
            scope(Role::Operatore, &["FI01"], None),
            ok("filiale:FI01", &["FI01"])
        );
        assert_eq!(
            scope(Role::Operatore, &["FI01"], Some("filiale:FI01")),
            ok("filiale:FI01", &["FI01"])
        );
        assert_eq!(
            scope(Role::Operatore, &["FI01"], Some("filiale:PO01")),
            Err(ScopeError::OutOfScope)
        );
        assert_eq!(
            scope(Role::Operatore, &["FI01"], Some("tutte")),
            Err(ScopeError::OutOfScope),
            "an operatore never sees across branches"
        );
        assert_eq!(
            scope(Role::Super, &["PO01", "FI01"], None),
            ok("tutte", &["FI01", "PO01"])
        );
        assert_eq!(
            scope(Role::Super, &["PO01", "FI01"], Some("tutte")),
            ok("tutte", &["FI01", "PO01"])
        );
        assert_eq!(
            scope(Role::Super, &["PO01", "FI01"], Some("filiale:PO01")),
            ok("filiale:PO01", &["PO01"])
        );
        assert_eq!(
            scope(Role::Super, &["PO01", "FI01"], Some("filiale:PI01")),
            Err(ScopeError::OutOfScope)
        );
        assert_eq!(
            scope(Role::Master, &["PO01"], Some("filiale:PO01")),
            ok("filiale:PO01", &["PO01"])
        );
        assert_eq!(scope(Role::Master, &[], None), Err(ScopeError::NoBranches));
    }

    #[test]
    fn scope_wire_form() {
        assert_eq!(Scope::parse("tutte"), Some(Scope::All));
        assert_eq!(
            Scope::parse("filiale:FI01"),
            Some(Scope::Branch("FI01".into()))
        );
        assert_eq!(Scope::parse("filiale:"), None);
        assert_eq!(Scope::parse("filiale:FI 01"), None);
        assert_eq!(Scope::parse("FI01"), None);
        assert_eq!(Scope::Branch("FI01".into()).to_string(), "filiale:FI01");
    }

    #[test]
    fn roles() {
        assert!(Role::Master.may_create(Role::Super));
        assert!(Role::Master.may_create(Role::Operatore));
        assert!(!Role::Super.may_create(Role::Super));
        assert!(!Role::Super.may_create(Role::Operatore));
        assert!(!Role::Master.may_create(Role::Master));
        let (fi, po) = (vec!["FI01".to_string()], vec!["PO01".to_string()]);
        assert!(Role::Master.may_list(&fi, &po));
        assert!(Role::Super.may_list(&fi, &[fi[0].clone(), po[0].clone()]));
        assert!(!Role::Super.may_list(&fi, &po));
        assert!(!Role::Operatore.may_list(&fi, &fi));
        assert!(Role::Operatore.branches_ok(1) && !Role::Operatore.branches_ok(2));
        assert!(Role::Super.branches_ok(3) && !Role::Super.branches_ok(0));
        assert!(Role::Validatore.branches_ok(0) && !Role::Validatore.branches_ok(1));
        assert!(!Role::Master.may_create(Role::Validatore));
        assert_eq!(
            resolve_scope(Role::Validatore, &[], None),
            Ok((Scope::All, Vec::new()))
        );
        assert_eq!(Role::from_code("operatore"), Some(Role::Operatore));
        assert!(valid_username("operatore.fi01"));
        assert!(!valid_username("Op"));
        assert!(!valid_username("1abc"));
    }
}
