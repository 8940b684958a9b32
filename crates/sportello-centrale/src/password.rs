//! Argon2id password hashes (PHC strings with their own salt and parameters, so
//! hashes made with older parameters stay verifiable).

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;

use crate::error::{Error, Result};

/// m = 64 MiB, t = 2, p = 1 (the RFC 9106 memory; up from argon2's default 19 MiB):
/// about 150 ms per hash here, release build. The login route runs at most a few at once.
pub const M_COST_KIB: u32 = 64 * 1024;
pub const T_COST: u32 = 2;

fn hasher() -> Argon2<'static> {
    let params = Params::new(M_COST_KIB, T_COST, 1, None).expect("valid Argon2id parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> Result<String> {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let salt = SaltString::encode_b64(&bytes).map_err(|e| Error::Internal(format!("salt: {e}")))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("argon2: {e}")))
}

/// Whether `password` matches `hash`. With no hash (unknown user) a dummy one is
/// checked, so the answer takes as long either way.
pub fn verify(hash: Option<&str>, password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| self::hash("Dummy0password").expect("argon2 hashes"));
    let known = hash.is_some();
    let Ok(parsed) = PasswordHash::new(hash.unwrap_or(dummy)) else {
        return false;
    };
    // The parameters come from the PHC string, not from the hasher.
    hasher()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
        && known
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_hashes_use_the_raised_parameters_and_old_ones_still_verify() {
        let new = hash("Segreta123").unwrap();
        let parsed = PasswordHash::new(&new).unwrap();
        assert_eq!(parsed.params.get_decimal("m"), Some(M_COST_KIB));
        assert_eq!(parsed.params.get_decimal("t"), Some(T_COST));
        assert!(verify(Some(&new), "Segreta123"));

        let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
        let old = Argon2::default()
            .hash_password(b"Segreta123", &salt)
            .unwrap()
            .to_string();
        assert!(old.contains("m=19456"), "{old}");
        assert!(verify(Some(&old), "Segreta123"));
        assert!(!verify(Some(&old), "Sbagliata123"));
    }
}
