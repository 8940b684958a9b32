//! The file a command wrote last, one per kind: the only file the webview may ask to
//! open or to show in its folder (it never names a path itself).

use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Mutex;

use sportello_app::AppError;
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

use crate::error::{CommandResult, internal};

/// What a [`LastFile`] holds, and what to say when there is none yet.
pub trait Kind: Send + Sync + 'static {
    const NONE_YET: &'static str;
}

/// An Excel export of candidates.
#[derive(Debug)]
pub struct Export;
impl Kind for Export {
    const NONE_YET: &'static str = "nessun file esportato da aprire";
}

/// A SAP, CV or receipt PDF, a SAP XML, or the folder of a SAP batch.
#[derive(Debug)]
pub struct Document;
impl Kind for Document {
    const NONE_YET: &'static str = "nessun documento da aprire";
}

/// The receipt of a fasce-deboli upload.
#[derive(Debug)]
pub struct Receipt;
impl Kind for Receipt {
    const NONE_YET: &'static str = "nessuna ricevuta da aprire";
}

/// Tauri keeps one state per type: one `LastFile` per kind.
#[derive(Debug)]
pub struct LastFile<K: Kind>(Mutex<Option<PathBuf>>, PhantomData<K>);

impl<K: Kind> Default for LastFile<K> {
    fn default() -> Self {
        LastFile(Mutex::default(), PhantomData)
    }
}

impl<K: Kind> LastFile<K> {
    pub fn remember(&self, path: impl Into<PathBuf>) -> CommandResult<()> {
        *self.0.lock().map_err(internal)? = Some(path.into());
        Ok(())
    }

    fn path(&self) -> CommandResult<PathBuf> {
        self.0
            .lock()
            .map_err(internal)?
            .clone()
            .ok_or_else(|| AppError::InvalidInput(K::NONE_YET.into()).into())
    }

    /// Opens it with the system's program for its type (a folder: the file manager).
    pub fn open(&self, app: &AppHandle) -> CommandResult<()> {
        app.opener()
            .open_path(self.path()?.display().to_string(), None::<&str>)
            .map_err(|e| AppError::InvalidInput(format!("impossibile aprire il file: {e}")).into())
    }

    /// Shows it in its folder.
    pub fn reveal(&self, app: &AppHandle) -> CommandResult<()> {
        app.opener().reveal_item_in_dir(self.path()?).map_err(|e| {
            AppError::InvalidInput(format!("impossibile aprire la cartella: {e}")).into()
        })
    }
}
