//! Files written atomically: a temporary file in the target's folder, synced, then
//! renamed into place, so a reader (or a crash) sees no file or the whole file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{AppError, Result};

/// `path` made absolute; an empty path is the operator's mistake.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    if path.as_os_str().is_empty() {
        return Err(AppError::InvalidInput("indica il file da scrivere".into()));
    }
    std::path::absolute(path)
        .map_err(|e| AppError::InvalidInput(format!("percorso non valido: {e}")))
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |e| AppError::InvalidInput(format!("impossibile scrivere {}: {e}", path.display()))
}

/// Writes `bytes` to `target`. Without `overwrite` an existing file is left alone
/// ([`AppError::FileExists`]); on any failure nothing is left behind.
pub fn write(target: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let folder = folder_of(target);
    let mut temp = tempfile::Builder::new()
        .prefix(".sportello-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(io_error(target))?;
    temp.write_all(bytes).map_err(io_error(target))?;
    temp.as_file().sync_all().map_err(io_error(target))?;
    let persisted = if overwrite {
        temp.persist(target)
    } else {
        temp.persist_noclobber(target)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            AppError::FileExists(target.display().to_string())
        } else {
            io_error(target)(e.error)
        }
    })?;
    // The rename is durable only once the folder is synced (not possible on Windows).
    #[cfg(unix)]
    std::fs::File::open(&folder)
        .and_then(|f| f.sync_all())
        .map_err(io_error(target))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_and_never_clobbers_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.bin");
        write(&target, b"first", false).unwrap();
        let err = write(&target, b"second", false).unwrap_err();
        assert!(matches!(err, AppError::FileExists(_)), "{err:?}");
        assert_eq!(std::fs::read(&target).unwrap(), b"first");
        write(&target, b"second", true).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn a_missing_folder_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing").join("out.bin");
        assert!(write(&target, b"x", false).is_err());
        assert!(!target.exists());
    }
}
