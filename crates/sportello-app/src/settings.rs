//! The settings of this computer (not of an operator): server address, default export
//! folder, auto-lock delay. Kept as JSON beside the operators' folders; no personal data.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{AppError, Result};

const FILE: &str = "impostazioni.json";
/// Idle minutes before the app hides personal data and asks for the password again.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 15;
pub const MAX_AUTO_LOCK_MINUTES: u32 = 240;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Settings {
    /// The central server, `https://…` (`http://` only on this computer).
    pub server_url: String,
    /// Where the export dialog opens; `None`: the documents folder.
    pub export_dir: Option<String>,
    pub auto_lock_minutes: u32,
    /// The agency's own certification authority (a PEM file) to trust for the
    /// server; `None`: the public ones only.
    pub ca_certificate: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            server_url: String::new(),
            export_dir: None,
            auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES,
            ca_certificate: None,
        }
    }
}

impl Settings {
    /// Checks every field; the first problem is the error.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_AUTO_LOCK_MINUTES).contains(&self.auto_lock_minutes) {
            return Err(AppError::InvalidInput(format!(
                "il blocco automatico va da 1 a {MAX_AUTO_LOCK_MINUTES} minuti"
            )));
        }
        let url = self.server_url.trim();
        if !url.is_empty() {
            // The sync client's own rule: https, or http to this computer only.
            sportello_sync::server_base(url)?;
        }
        if let Some(ca) = self
            .ca_certificate
            .as_deref()
            .filter(|c| !c.trim().is_empty())
        {
            sportello_sync::CaCertificates::read(Path::new(ca))?;
        }
        if let Some(dir) = &self.export_dir
            && !Path::new(dir).is_dir()
        {
            return Err(AppError::InvalidInput(format!(
                "la cartella {dir} non esiste"
            )));
        }
        Ok(())
    }
}

/// The operator `user` on this computer, trusting the CA the settings name.
pub fn profile(data_dir: &Path, user: &str) -> Result<crate::Profile> {
    let ca = load(data_dir)?
        .ca_certificate
        .filter(|c| !c.trim().is_empty())
        .map(PathBuf::from);
    Ok(crate::Profile::new(Some(data_dir.to_path_buf()), user)?.with_ca_certificate(ca))
}

fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

/// The saved settings, or the defaults when none were saved.
pub fn load(data_dir: &Path) -> Result<Settings> {
    match fs::read(path(data_dir)) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| AppError::Internal(format!("impostazioni illeggibili in {FILE}: {e}"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(AppError::Internal(format!("impostazioni illeggibili: {e}"))),
    }
}

/// Checks and saves: a temporary file in the same folder, then a rename, so a crash
/// leaves the old settings or the new ones, never half a file.
pub fn save(data_dir: &Path, settings: &Settings) -> Result<()> {
    settings.validate()?;
    let io = AppError::disk("salvare le impostazioni in", data_dir);
    fs::create_dir_all(data_dir).map_err(&io)?;
    let tmp = data_dir.join(format!(".{FILE}.tmp"));
    let mut file = fs::File::create(&tmp).map_err(&io)?;
    let json =
        serde_json::to_vec_pretty(settings).map_err(|e| AppError::Internal(e.to_string()))?;
    file.write_all(&json).map_err(&io)?;
    file.sync_all().map_err(&io)?;
    fs::rename(&tmp, path(data_dir)).map_err(&io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_settings_come_back_and_bad_ones_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), Settings::default());
        let good = Settings {
            server_url: "https://centrale.example.it".into(),
            export_dir: Some(dir.path().display().to_string()),
            auto_lock_minutes: 5,
            ca_certificate: None,
        };
        save(dir.path(), &good).unwrap();
        assert_eq!(load(dir.path()).unwrap(), good);
        for bad in [
            Settings {
                auto_lock_minutes: 0,
                ..good.clone()
            },
            Settings {
                server_url: "http://centrale.example.it".into(),
                ..good.clone()
            },
            // A host that only starts like this computer's name.
            Settings {
                server_url: "http://localhost.example.com".into(),
                ..good.clone()
            },
            Settings {
                export_dir: Some("/non/esiste".into()),
                ..good.clone()
            },
            Settings {
                ca_certificate: Some(dir.path().join("assente.pem").display().to_string()),
                ..good.clone()
            },
        ] {
            let err = save(dir.path(), &bad).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::InputNonValido, "{bad:?}");
            assert_eq!(load(dir.path()).unwrap(), good);
        }
    }

    #[test]
    fn the_settings_ca_reaches_the_profile() {
        let dir = tempfile::tempdir().unwrap();
        let ca = rcgen::generate_simple_self_signed(vec!["ca.example".into()]).unwrap();
        let file = dir.path().join("ca-ente.pem");
        std::fs::write(&file, ca.cert.pem()).unwrap();
        let settings = Settings {
            ca_certificate: Some(file.display().to_string()),
            ..Settings::default()
        };
        save(dir.path(), &settings).unwrap();
        let profile = profile(dir.path(), "mario.rossi").unwrap();
        assert_eq!(profile.ca_certificate(), Some(file.as_path()));
    }
}
