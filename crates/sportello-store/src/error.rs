//! The store's error type.

use std::io;
use std::path::PathBuf;

use rusqlite::ErrorCode;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The password does not open this store ("password errata").
    #[error("wrong password for this store")]
    WrongPassword,

    /// There is no store in the folder.
    #[error("no store in {}", .dir.display())]
    NotFound { dir: PathBuf },

    /// `create` found a store already there.
    #[error("a store already exists in {}", .dir.display())]
    AlreadyExists { dir: PathBuf },

    /// The password is right but the files are damaged; [`crate::Store::recover`] can
    /// rebuild the store, keeping the unsynced outbox.
    #[error("the store is damaged: {detail}")]
    Corrupt { detail: String },

    /// The store was written by a newer version of Sportello.
    #[error(
        "the store has schema version {found}; this version of Sportello knows up to {supported}"
    )]
    SchemaTooNew { found: u32, supported: u32 },

    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),

    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// A value could not be encoded as JSON.
    #[error("could not encode a value as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    pub(crate) fn corrupt(detail: impl Into<String>) -> Error {
        Error::Corrupt {
            detail: detail.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}

/// SQLite reports a damaged page as `SQLITE_CORRUPT`, and SQLCipher reports a page
/// whose authentication code does not match (with a key already known to be right)
/// as `SQLITE_NOTADB`: both mean damage, whatever statement met them.
impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::Corrupt {
                detail: err.to_string(),
            },
            _ => Error::Sqlite(err),
        }
    }
}
