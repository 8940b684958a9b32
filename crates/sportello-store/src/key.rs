//! The database key: derived from the operator's password with Argon2id, described by
//! `store.key` beside the database.
//!
//! `store.key` holds no secret: the format version, the random salt, the Argon2id
//! parameters and a key-check value (a keyed BLAKE2b MAC of a fixed label under the
//! derived key). The key check tells a wrong password from a damaged database without
//! decrypting anything; it reveals nothing about the key beyond what a trial
//! decryption of the database would.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use blake2::Blake2bMac;
use blake2::digest::Mac;
use blake2::digest::consts::U32;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

const FORMAT: u32 = 1;
const KDF: &str = "argon2id";
const SALT_LEN: usize = 16;
const KEY_LEN: usize = 32;
const KEY_CHECK_LABEL: &[u8] = b"sportello-store key check v1";

/// For new stores and re-keys: m = 64 MiB (RFC 9106's memory), t = 2, p = 1 — about
/// 150 ms per derivation here (release), up from OWASP's minimum (m = 19 MiB, t = 2,
/// about 25 ms). Stores keep the parameters of their `store.key`, so older ones open
/// with theirs. Opening a store derives the key once; see the crate docs.
pub(crate) const DEFAULT_PARAMS: KdfParams = KdfParams {
    m_cost_kib: 64 * 1024,
    t_cost: 2,
    p_cost: 1,
};

/// SQLCipher's page size. 16 KiB rather than the default 4 KiB: a SAP record is about
/// 2.5 KB of JSON, so 4 KiB pages hold one record each and waste a third of the file;
/// 16 KiB pages also mean fewer per-page MACs to compute and verify. Measured on
/// 100,000 demo candidates: file 416 MB → 325 MB, full integrity check 1.7 s → 1.0 s.
pub(crate) const PAGE_SIZE: u32 = 16 * 1024;

/// Bounds for parameters read from a file, so that a damaged or hostile `store.key`
/// cannot make opening allocate gigabytes or spin for minutes.
const MAX_M_COST_KIB: u32 = 1024 * 1024;
const MAX_T_COST: u32 = 16;
const MAX_P_COST: u32 = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KdfParams {
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
}

/// The contents of `store.key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeyFile {
    format: u32,
    kdf: String,
    #[serde(flatten)]
    params: KdfParams,
    /// SQLCipher's page size: needed to read the database, so kept with the salt.
    cipher_page_size: u32,
    /// Hex.
    salt: String,
    /// Hex of the keyed MAC of [`KEY_CHECK_LABEL`] under the derived key.
    key_check: String,
}

/// The 32-byte SQLCipher key, wiped from memory when dropped, and the page size the
/// database is read with.
pub(crate) struct DbKey {
    key: Zeroizing<[u8; KEY_LEN]>,
    page_size: u32,
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(..)")
    }
}

impl DbKey {
    fn derive(password: &str, salt: &[u8], params: KdfParams, page_size: u32) -> Result<DbKey> {
        let params = Params::new(
            params.m_cost_kib,
            params.t_cost,
            params.p_cost,
            Some(KEY_LEN),
        )
        .map_err(|e| Error::corrupt(format!("store.key: invalid Argon2id parameters: {e}")))?;
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(password.as_bytes(), salt, key.as_mut())
            .map_err(|e| Error::corrupt(format!("store.key: key derivation failed: {e}")))?;
        Ok(DbKey { key, page_size })
    }

    fn mac(&self) -> Blake2bMac<U32> {
        let mut mac = <Blake2bMac<U32> as Mac>::new_from_slice(self.key.as_ref())
            .expect("BLAKE2b accepts 32-byte keys");
        mac.update(KEY_CHECK_LABEL);
        mac
    }

    fn check_value(&self) -> Vec<u8> {
        self.mac().finalize().into_bytes().to_vec()
    }

    fn matches_check(&self, expected: &[u8]) -> bool {
        // Constant-time comparison.
        self.mac().verify_slice(expected).is_ok()
    }

    /// `PRAGMA key = "x'…'"`: a raw key, so SQLCipher runs no PBKDF2 of its own on
    /// top; then the page size, which SQLCipher needs before reading the first page.
    pub(crate) fn pragmas(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(self.key.as_ref()));
        Zeroizing::new(format!(
            "PRAGMA key = \"x'{}'\"; PRAGMA cipher_page_size = {};",
            hex.as_str(),
            self.page_size
        ))
    }
}

impl DbKey {
    /// `PRAGMA rekey = "x'…'"`: re-encrypts every page under this key.
    pub(crate) fn rekey_pragma(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(self.key.as_ref()));
        Zeroizing::new(format!("PRAGMA rekey = \"x'{}'\";", hex.as_str()))
    }
}

impl KeyFile {
    /// A fresh salt and the key it gives for `password`.
    pub(crate) fn generate(password: &str, params: KdfParams) -> Result<(KeyFile, DbKey)> {
        let mut salt = [0u8; SALT_LEN];
        rand::rng().fill_bytes(&mut salt);
        let key = DbKey::derive(password, &salt, params, PAGE_SIZE)?;
        let file = KeyFile {
            format: FORMAT,
            kdf: KDF.to_owned(),
            params,
            cipher_page_size: PAGE_SIZE,
            salt: hex::encode(salt),
            key_check: hex::encode(key.check_value()),
        };
        Ok((file, key))
    }

    /// A new salt and key check for `password`, with the current parameters and this
    /// file's page size (a re-key must not change how the database is read).
    pub(crate) fn regenerate(&self, password: &str) -> Result<(KeyFile, DbKey)> {
        let mut salt = [0u8; SALT_LEN];
        rand::rng().fill_bytes(&mut salt);
        let key = DbKey::derive(password, &salt, DEFAULT_PARAMS, self.cipher_page_size)?;
        let file = KeyFile {
            salt: hex::encode(salt),
            params: DEFAULT_PARAMS,
            key_check: hex::encode(key.check_value()),
            ..self.clone()
        };
        Ok((file, key))
    }

    /// `None` when the file does not exist.
    pub(crate) fn read(path: &Path) -> Result<Option<KeyFile>> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path)(e)),
        };
        let file: KeyFile = serde_json::from_slice(&bytes).map_err(|e| {
            Error::corrupt(format!("{} is not a valid key file: {e}", path.display()))
        })?;
        file.validate()
            .map_err(|why| Error::corrupt(format!("{}: {why}", path.display())))?;
        Ok(Some(file))
    }

    fn validate(&self) -> std::result::Result<(), String> {
        if self.format != FORMAT {
            return Err(format!("unknown key file format {}", self.format));
        }
        if self.kdf != KDF {
            return Err(format!("unknown key derivation {:?}", self.kdf));
        }
        let KdfParams {
            m_cost_kib,
            t_cost,
            p_cost,
        } = self.params;
        if !(1..=MAX_P_COST).contains(&p_cost)
            || !(1..=MAX_T_COST).contains(&t_cost)
            || !(8 * p_cost..=MAX_M_COST_KIB).contains(&m_cost_kib)
        {
            return Err(format!(
                "Argon2id parameters out of range (m={m_cost_kib} t={t_cost} p={p_cost})"
            ));
        }
        if !self.cipher_page_size.is_power_of_two()
            || !(512..=65536).contains(&self.cipher_page_size)
        {
            return Err(format!("invalid page size {}", self.cipher_page_size));
        }
        match (hex::decode(&self.salt), hex::decode(&self.key_check)) {
            (Ok(salt), Ok(check)) if salt.len() == SALT_LEN && check.len() == KEY_LEN => Ok(()),
            _ => Err("malformed salt or key check".to_owned()),
        }
    }

    /// Derives the key and checks it against the stored key check.
    pub(crate) fn unlock(&self, password: &str) -> Result<DbKey> {
        let salt =
            hex::decode(&self.salt).map_err(|_| Error::corrupt("store.key: malformed salt"))?;
        let check = hex::decode(&self.key_check)
            .map_err(|_| Error::corrupt("store.key: malformed key check"))?;
        let key = DbKey::derive(password, &salt, self.params, self.cipher_page_size)?;
        if key.matches_check(&check) {
            Ok(key)
        } else {
            Err(Error::WrongPassword)
        }
    }

    /// Writes the file so that a crash leaves either the old file or the new one: a
    /// temporary file, flushed to disk, renamed over the target, then the folder synced.
    pub(crate) fn write_atomically(&self, path: &Path) -> Result<()> {
        let mut json = serde_json::to_vec_pretty(self)?;
        json.push(b'\n');
        write_file_atomically(path, &json)
    }
}

pub(crate) fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp).map_err(Error::io(&tmp))?;
        file.write_all(bytes).map_err(Error::io(&tmp))?;
        file.sync_all().map_err(Error::io(&tmp))?;
        drop(file);
        fs::rename(&tmp, path).map_err(Error::io(path))?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Makes a rename or a new file in `dir` durable. Windows has no directory handles to
/// sync; NTFS journals the metadata itself.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(Error::io(dir))?;
    #[cfg(not(unix))]
    let _ = (dir, File::open);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small parameters: these tests are about the file, not the cost.
    const FAST: KdfParams = KdfParams {
        m_cost_kib: 64,
        t_cost: 1,
        p_cost: 1,
    };

    #[test]
    fn right_password_unlocks_wrong_one_does_not() {
        let (file, key) = KeyFile::generate("Segreta1", FAST).unwrap();
        let again = file.unlock("Segreta1").unwrap();
        assert_eq!(
            key.key.as_ref(),
            again.key.as_ref(),
            "same password and salt must give the same key"
        );
        assert!(
            matches!(file.unlock("segreta1"), Err(Error::WrongPassword)),
            "passwords are case-sensitive"
        );
    }

    #[test]
    fn old_files_keep_their_parameters_and_a_re_key_raises_them() {
        let (old, _) = KeyFile::generate("Segreta1", FAST).unwrap();
        assert!(
            old.unlock("Segreta1").is_ok(),
            "opened with its own parameters"
        );
        let (new, key) = old.regenerate("Nuova2").unwrap();
        assert_eq!(new.params, DEFAULT_PARAMS);
        assert_eq!(new.cipher_page_size, old.cipher_page_size);
        assert!(new.params.m_cost_kib >= 64 * 1024, "RFC 9106's memory");
        assert_eq!(new.unlock("Nuova2").unwrap().key.as_ref(), key.key.as_ref());
    }

    #[test]
    fn salts_are_random_per_store() {
        let (a, ka) = KeyFile::generate("Segreta1", FAST).unwrap();
        let (b, kb) = KeyFile::generate("Segreta1", FAST).unwrap();
        assert_ne!(a.salt, b.salt);
        assert_ne!(
            ka.key.as_ref(),
            kb.key.as_ref(),
            "two stores with one password must not share a key"
        );
    }

    #[test]
    fn key_file_holds_no_key_material() {
        let (file, key) = KeyFile::generate("Segreta1", FAST).unwrap();
        let json = serde_json::to_string(&file).unwrap();
        assert!(
            !json.contains(&hex::encode(key.key.as_ref())),
            "the key itself must never be written"
        );
        assert!(!json.contains("Segreta1"));
        assert!(
            format!("{key:?}").contains(".."),
            "Debug must not print the key"
        );
    }

    #[test]
    fn damaged_key_files_are_refused() {
        let (file, _) = KeyFile::generate("Segreta1", FAST).unwrap();
        let bad = |f: &dyn Fn(&mut KeyFile)| {
            let mut copy = file.clone();
            f(&mut copy);
            copy.validate().is_err()
        };
        assert!(bad(&|k| k.format = 99));
        assert!(bad(&|k| k.kdf = "pbkdf2".into()));
        assert!(
            bad(&|k| k.params.m_cost_kib = u32::MAX),
            "huge memory costs must not be honoured"
        );
        assert!(bad(&|k| k.params.t_cost = 0));
        assert!(bad(&|k| k.salt = "zz".into()));
        assert!(bad(&|k| k.key_check.truncate(10)));
        assert!(bad(&|k| k.cipher_page_size = 1000));
        assert!(file.validate().is_ok());
    }
}
