//! CV files at rest: each sealed (ChaCha20-Poly1305, a random nonce each) with a key
//! kept in a file of its own, outside the database, so a copy of the database alone
//! does not give the files away.

use std::io::Write;
use std::path::Path;

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};

const KEY_LEN: usize = 32;

pub struct Sigillo {
    key: LessSafeKey,
    rng: SystemRandom,
}

impl std::fmt::Debug for Sigillo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sigillo(..)")
    }
}

impl Sigillo {
    /// The key in `path`, made (readable by the owner only) if the file is missing.
    /// Two servers on one database starting together agree: one creates, one reads.
    pub fn da_file(path: &Path) -> std::io::Result<Sigillo> {
        let rng = SystemRandom::new();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => crea(path, &rng)?,
            Err(e) => return Err(e),
        };
        let bad = || {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: not a CV file key", path.display()),
            )
        };
        if bytes.len() != KEY_LEN {
            return Err(bad());
        }
        let key = UnboundKey::new(&CHACHA20_POLY1305, &bytes).map_err(|_| bad())?;
        Ok(Sigillo {
            key: LessSafeKey::new(key),
            rng,
        })
    }

    /// `plain` sealed under the file's hash (a sealed file moved to another row does
    /// not open there): nonce, then ciphertext and tag.
    pub fn sigilla(&self, sha256: &str, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        self.rng
            .fill(&mut nonce)
            .expect("the system's random source");
        let mut out = Vec::with_capacity(NONCE_LEN + plain.len() + 16);
        out.extend_from_slice(&nonce);
        let mut body = plain.to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(sha256.as_bytes()),
                &mut body,
            )
            .expect("a CV is far below the cipher's limit");
        out.extend_from_slice(&body);
        out
    }

    /// The file sealed by [`Sigillo::sigilla`], or `None` if it was not (another key,
    /// a changed byte, another hash).
    pub fn apri(&self, sha256: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut body = body.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(sha256.as_bytes()), &mut body)
            .ok()?;
        Some(plain.to_vec())
    }
}

fn crea(path: &Path, rng: &SystemRandom) -> std::io::Result<Vec<u8>> {
    let mut key = vec![0u8; KEY_LEN];
    rng.fill(&mut key)
        .map_err(|_| std::io::Error::other("no random source"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut f) => {
            f.write_all(&key)?;
            f.sync_all()?;
            Ok(key)
        }
        // Another server made it first.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::read(path),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_file_opens_only_with_its_key_and_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let s = Sigillo::da_file(&path).unwrap();
        let sealed = s.sigilla("aa", b"curriculum");
        assert!(!sealed.windows(10).any(|w| w == b"curriculum"));
        assert_eq!(s.apri("aa", &sealed).as_deref(), Some(&b"curriculum"[..]));
        assert_eq!(s.apri("bb", &sealed), None, "under another hash");
        let again = Sigillo::da_file(&path).unwrap();
        assert_eq!(
            again.apri("aa", &sealed).as_deref(),
            Some(&b"curriculum"[..])
        );
        let other = Sigillo::da_file(&dir.path().join("k2")).unwrap();
        assert_eq!(other.apri("aa", &sealed), None, "another key");
        let mut changed = sealed.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(s.apri("aa", &changed), None);
        assert_eq!(s.apri("aa", &[1, 2]), None);
        std::fs::write(dir.path().join("short"), [0u8; 5]).unwrap();
        assert!(Sigillo::da_file(&dir.path().join("short")).is_err());
    }
}
