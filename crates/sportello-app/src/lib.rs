//! The use cases of Sportello. Both front ends — the `sportello` CLI and the desktop
//! shell — call these functions and nothing below them, so every behaviour a user can
//! reach is testable without a window.
//!
//! This layer owns the shapes that cross to a front end (`Serialize` DTOs) and the
//! closed set of error codes they may branch on.

pub mod account;
pub mod agenda;
pub mod attivita;
pub mod candidature;
pub mod codice_fiscale;
pub mod configurazione;
pub mod contatti;
pub mod corsi;
pub mod cruscotto;
pub mod cv;
pub mod demo;
pub mod desk;
pub mod documenti;
pub mod documents;
mod error;
pub mod fasce_deboli;
pub mod notices;
pub mod offerte;
pub mod options;
pub mod outgoing;
pub mod overview;
pub mod report;
pub mod search;
pub mod settings;
pub mod sheet;
pub mod store;
pub mod sync;
pub mod utenti;

use std::path::{Path, PathBuf};

pub use codice_fiscale::check_codici_fiscali;
pub use error::{AppError, ErrorCode, ErrorItem, ErrorKind, Result};

/// Where one operator's data lives: `<data_dir>/operators/<user>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    data_dir: PathBuf,
    user: String,
    ca_certificate: Option<PathBuf>,
}

impl Profile {
    /// `data_dir` defaults to the system's data folder; development builds use a
    /// folder of their own so they never touch an operator's real data.
    pub fn new(data_dir: Option<PathBuf>, user: &str) -> Result<Self> {
        let user = valid_username(user)?;
        let data_dir = match data_dir {
            Some(dir) => dir,
            None => default_data_dir()?,
        };
        Ok(Self {
            data_dir,
            user,
            ca_certificate: None,
        })
    }

    /// An agency's own certification authority to trust for the central server
    /// (PEM), besides the public ones: read at the next login and remembered in the
    /// store with the server's address.
    pub fn with_ca_certificate(mut self, path: Option<PathBuf>) -> Self {
        self.ca_certificate = path;
        self
    }

    pub fn ca_certificate(&self) -> Option<&Path> {
        self.ca_certificate.as_deref()
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn store_dir(&self) -> PathBuf {
        self.data_dir.join("operators").join(&self.user)
    }
}

/// The data folder: `dir` if given, else the system's (see [`Profile::new`]).
pub fn data_dir(dir: Option<PathBuf>) -> Result<PathBuf> {
    match dir {
        Some(dir) => Ok(dir),
        None => default_data_dir(),
    }
}

fn default_data_dir() -> Result<PathBuf> {
    let app = if cfg!(debug_assertions) {
        "Sportello-dev"
    } else {
        "Sportello"
    };
    directories::ProjectDirs::from("it", "Sportello", app)
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            AppError::InvalidInput("cartella dei dati non trovata: usa --data-dir".into())
        })
}

/// Usernames name a folder: letters, digits, `.`, `_`, `-`; compared without case.
fn valid_username(user: &str) -> Result<String> {
    let user = user.trim();
    let ok = (1..=64).contains(&user.len())
        && !user.starts_with('.')
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(user.to_ascii_lowercase())
    } else {
        Err(AppError::InvalidInput(format!(
            "nome utente non valido «{user}»: usa lettere, cifre, punto, trattino o trattino basso"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_cannot_escape_the_data_folder() {
        for bad in [
            "",
            "..",
            "../x",
            "a/b",
            "a\\b",
            ".hidden",
            "mario rossi",
            "è",
        ] {
            assert!(
                Profile::new(Some("/d".into()), bad).is_err(),
                "{bad:?} must be refused"
            );
        }
    }

    #[test]
    fn one_store_per_user_regardless_of_case() {
        let p = Profile::new(Some("/d".into()), " Mario.Rossi ").unwrap();
        assert_eq!(p.store_dir(), Path::new("/d/operators/mario.rossi"));
    }
}
