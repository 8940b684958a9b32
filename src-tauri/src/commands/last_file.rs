//! The file a command wrote last, one per kind: the only file the webview may ask to
//! open or to show in its folder (it never names a path itself).

use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Mutex;

use sportello_app::outgoing::LastWritten;
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

use sportello_app::documents::DocumentReport;
use sportello_app::search::Store;

use crate::error::{CommandResult, internal};
use crate::state::AppState;

/// What a [`LastFile`] holds (Tauri keeps one state per type).
pub trait Kind: Send + Sync + 'static {
    const KIND: LastWritten;
}

#[derive(Debug)]
pub struct Export;
impl Kind for Export {
    const KIND: LastWritten = LastWritten::Export;
}

#[derive(Debug)]
pub struct Document;
impl Kind for Document {
    const KIND: LastWritten = LastWritten::Document;
}

#[derive(Debug)]
pub struct Receipt;
impl Kind for Receipt {
    const KIND: LastWritten = LastWritten::Receipt;
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

    /// [`LastFile::remember`] when there is a file to remember.
    pub fn remember_some(&self, path: Option<impl Into<PathBuf>>) -> CommandResult<()> {
        path.map_or(Ok(()), |p| self.remember(p))
    }

    fn path(&self) -> CommandResult<PathBuf> {
        self.0
            .lock()
            .map_err(internal)?
            .clone()
            .ok_or_else(|| K::KIND.none_yet().into())
    }

    /// Opens it with the system's program for its type (a folder: the file manager).
    pub fn open(&self, app: &AppHandle) -> CommandResult<()> {
        let path = self.path()?;
        app.opener()
            .open_path(path.display().to_string(), None::<&str>)
            .map_err(|e| LastWritten::cannot_open(&path, e).into())
    }

    /// Shows it in its folder.
    pub fn reveal(&self, app: &AppHandle) -> CommandResult<()> {
        let path = self.path()?;
        app.opener()
            .reveal_item_in_dir(&path)
            .map_err(|e| LastWritten::cannot_open(&path, e).into())
    }
}

impl LastFile<Document> {
    /// A document `write` makes with the store and the signed-in operator's name (who
    /// the audit log records), remembered for "Apri" and "Mostra nella cartella".
    pub fn write(
        &self,
        state: &AppState,
        write: impl FnOnce(&mut Store, &str) -> sportello_app::Result<DocumentReport>,
    ) -> CommandResult<DocumentReport> {
        let done = state.with_store(|store, session| Ok(write(store, session.profile.user())?))?;
        self.remember(&done.file)?;
        Ok(done)
    }
}
