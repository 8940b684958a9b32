//! Every file that leaves the store goes out here, in one order: the target is checked,
//! the content is written to a temporary file beside it (owner-only), then the audit
//! entry and the rename happen in one store transaction. A rename that fails rolls the
//! entry back, so the log never names a file that was not written; a crash leaves at
//! most a hidden `.sportello-*.part` file, never half a file under the target's name.

use std::cell::Cell;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sportello_store::{AuditAction, AuditEvent, Store};
use tempfile::NamedTempFile;

use crate::error::{AppError, Result};

/// `path` made absolute; an empty path is the operator's mistake.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    if path.as_os_str().is_empty() {
        return Err(AppError::InvalidInput("indica il file da scrivere".into()));
    }
    std::path::absolute(path)
        .map_err(|e| AppError::InvalidInput(format!("percorso non valido: {e}")))
}

/// The folder a file goes in (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

pub(crate) fn write_error(path: &Path) -> impl Fn(std::io::Error) -> AppError + use<> {
    AppError::disk("scrivere", path)
}

/// What the desktop can open again: the last file a command wrote, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastWritten {
    /// An Excel export of candidates.
    Export,
    /// A SAP, CV or receipt PDF, a SAP XML, or the folder of a SAP batch.
    Document,
    /// The receipt of a fasce-deboli upload.
    Receipt,
}

impl LastWritten {
    /// Asked to open one before any was written.
    pub fn none_yet(self) -> AppError {
        AppError::InvalidInput(
            match self {
                Self::Export => "nessun file esportato da aprire",
                Self::Document => "nessun documento da aprire",
                Self::Receipt => "nessuna ricevuta da aprire",
            }
            .into(),
        )
    }

    /// The system could not open it (or its folder).
    pub fn cannot_open(path: &Path, e: impl std::fmt::Display) -> AppError {
        AppError::Disk(format!("impossibile aprire {}: {e}", path.display()))
    }
}

/// Who writes what, for the audit entry.
#[derive(Debug, Clone)]
pub(crate) struct Export<'a> {
    pub operator: &'a str,
    pub at: DateTime<Utc>,
    pub details: serde_json::Value,
}

/// A file written beside its target, not yet under its name.
#[derive(Debug)]
pub(crate) struct Outgoing {
    source: Source,
    target: PathBuf,
    overwrite: bool,
}

#[derive(Debug)]
enum Source {
    /// Deleted when dropped.
    Temp(NamedTempFile),
    /// A file already written and synced in a hidden staging folder that its owner
    /// deletes (a batch of thousands cannot keep a handle open per file).
    Staged(PathBuf),
}

impl Outgoing {
    /// Checks `target` (absolute; refused when it exists and `overwrite` is false)
    /// and opens a temporary file beside it, readable by the owner only.
    pub fn create(target: &Path, overwrite: bool) -> Result<Outgoing> {
        let target = absolute(target)?;
        let io = write_error(&target);
        if !overwrite && target.try_exists().map_err(&io)? {
            return Err(AppError::FileExists(target.display().to_string()));
        }
        // tempfile creates files with mode 0600 on Unix.
        let temp = tempfile::Builder::new()
            .prefix(".sportello-")
            .suffix(".part")
            .tempfile_in(folder_of(&target))
            .map_err(&io)?;
        Ok(Outgoing {
            source: Source::Temp(temp),
            target,
            overwrite,
        })
    }

    /// A file already written (and synced) at `staged`, to be renamed to `target`.
    pub fn staged(staged: PathBuf, target: PathBuf, overwrite: bool) -> Outgoing {
        Outgoing {
            source: Source::Staged(staged),
            target,
            overwrite,
        }
    }

    /// [`Outgoing::create`] with the whole content at once.
    pub fn with_bytes(target: &Path, overwrite: bool, bytes: &[u8]) -> Result<Outgoing> {
        let mut out = Outgoing::create(target, overwrite)?;
        let io = write_error(&out.target);
        out.file().write_all(bytes).map_err(io)?;
        Ok(out)
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temporary file, for writers that stream into it.
    pub fn file(&mut self) -> &mut File {
        match &mut self.source {
            Source::Temp(temp) => temp.as_file_mut(),
            Source::Staged(_) => unreachable!("a staged file is complete"),
        }
    }

    /// Records `export` in the audit log and puts the file in place, both or neither.
    pub fn publish(self, store: &mut Store, export: Export<'_>) -> Result<Published> {
        let subject = self.target.display().to_string();
        publish_all(store, vec![self], subject, export).map(|mut p| p.remove(0))
    }

    fn sync(&self) -> Result<u64> {
        let io = write_error(&self.target);
        match &self.source {
            Source::Temp(temp) => {
                let file = temp.as_file();
                file.sync_all().map_err(&io)?;
                Ok(file.metadata().map_err(&io)?.len())
            }
            Source::Staged(path) => Ok(std::fs::metadata(path).map_err(&io)?.len()),
        }
    }

    fn place(self) -> Result<()> {
        let Outgoing {
            source,
            target,
            overwrite,
        } = self;
        let exists = || AppError::FileExists(target.display().to_string());
        let io = write_error(&target);
        match source {
            Source::Temp(temp) => {
                let persisted = if overwrite {
                    temp.persist(&target)
                } else {
                    temp.persist_noclobber(&target)
                };
                persisted.map(drop).map_err(|e| match e.error.kind() {
                    std::io::ErrorKind::AlreadyExists => exists(),
                    _ => io(e.error),
                })
            }
            Source::Staged(path) if overwrite => std::fs::rename(&path, &target).map_err(io),
            // A link cannot replace a file: no clobbering even of one made meanwhile.
            // The staged name goes with its folder. Where links are not supported
            // (FAT drives), check, then rename.
            Source::Staged(path) => match std::fs::hard_link(&path, &target) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
                Err(_) if target.try_exists().map_err(&io)? => Err(exists()),
                Err(_) => std::fs::rename(&path, &target).map_err(io),
            },
        }
    }
}

/// A file in place, with its audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Published {
    pub file: String,
    pub bytes: u64,
    pub audit_id: i64,
}

/// Records one audit entry for `files` (named `subject`) and renames them all into
/// place in one store transaction: if any rename fails, those already made are
/// removed and the entry is rolled back.
pub(crate) fn publish_all(
    store: &mut Store,
    files: Vec<Outgoing>,
    subject: String,
    export: Export<'_>,
) -> Result<Vec<Published>> {
    let sizes = files
        .iter()
        .map(Outgoing::sync)
        .collect::<Result<Vec<_>>>()?;
    let targets: Vec<PathBuf> = files.iter().map(|f| f.target.clone()).collect();
    let placed = Cell::new(0usize);
    let event = AuditEvent {
        at: export.at,
        operator: export.operator.into(),
        action: AuditAction::Export,
        subject,
        details: export.details,
    };
    let written = store.write(|tx| {
        let audit_id = tx.record_audit(&event)?;
        for file in files {
            file.place()?;
            placed.set(placed.get() + 1);
        }
        Ok::<_, AppError>(audit_id)
    });
    let audit_id = match written {
        Ok(id) => id,
        Err(e) => {
            // The entry was rolled back: take back what was put in place.
            for target in &targets[..placed.get()] {
                let _ = std::fs::remove_file(target);
            }
            return Err(e);
        }
    };
    for folder in targets
        .iter()
        .map(|t| folder_of(t))
        .collect::<std::collections::BTreeSet<_>>()
    {
        sync_folder(&folder)?;
    }
    Ok(targets
        .into_iter()
        .zip(sizes)
        .map(|(t, bytes)| Published {
            file: t.display().to_string(),
            bytes,
            audit_id,
        })
        .collect())
}

/// A rename is durable only once its folder is synced (not possible on Windows).
fn sync_folder(folder: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(write_error(folder))?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// A name for a file made from data (a codice fiscale, a code): ASCII letters, digits,
/// `-` and `_` only, at most 64 characters; `fallback` when nothing is left. Data from
/// the server must never choose where a file goes (`../../x` would leave the folder).
pub(crate) fn safe_file_stem(raw: &str, fallback: &str) -> String {
    let stem: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect();
    if stem.is_empty() {
        fallback.to_string()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path) -> Store {
        Store::create(&dir.join("store"), "Sportello2026").unwrap()
    }

    fn export() -> Export<'static> {
        Export {
            operator: "op",
            at: Utc::now(),
            details: serde_json::json!({"kind": "test"}),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_is_published_owner_only_with_its_audit_entry() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let target = out.join("a.pdf");
        let p = Outgoing::with_bytes(&target, false, b"%PDF")
            .unwrap()
            .publish(&mut store, export())
            .unwrap();
        assert_eq!(
            (p.bytes, std::fs::read(&target).unwrap()),
            (4, b"%PDF".to_vec())
        );
        assert_eq!(names(&out), ["a.pdf"], "no temporary file left");
        let entries = store.audit_entries(10).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].id, p.audit_id);
        assert_eq!(entries[0].event.subject, target.display().to_string());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(
                mode & 0o777,
                0o600,
                "personal data readable by the owner only"
            );
        }
    }

    #[test]
    fn a_file_that_appears_meanwhile_is_kept_and_nothing_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let target = out.join("lista.xlsx");
        let pending = Outgoing::with_bytes(&target, false, b"mine").unwrap();
        std::fs::write(&target, b"a colleague's").unwrap();
        let err = pending.publish(&mut store, export()).unwrap_err();
        assert!(matches!(err, AppError::FileExists(_)), "{err:?}");
        assert_eq!(std::fs::read(&target).unwrap(), b"a colleague's");
        assert_eq!(names(&out), ["lista.xlsx"], "no temporary file left");
        assert!(
            store.audit_entries(10).unwrap().is_empty(),
            "the entry of a file never written is rolled back"
        );
    }

    #[test]
    fn a_batch_is_published_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let out = dir.path().join("out");
        let staging = tempfile::tempdir_in(dir.path()).unwrap();
        std::fs::create_dir(&out).unwrap();
        for name in ["a.pdf", "b.pdf", "c.pdf"] {
            std::fs::write(staging.path().join(name), name).unwrap();
        }
        let files = |names: &[&str]| -> Vec<Outgoing> {
            names
                .iter()
                .map(|n| Outgoing::staged(staging.path().join(n), out.join(n), false))
                .collect()
        };
        // The third name is taken meanwhile: the first two are taken back.
        std::fs::write(out.join("c.pdf"), b"other").unwrap();
        let err = publish_all(
            &mut store,
            files(&["a.pdf", "b.pdf", "c.pdf"]),
            "out".into(),
            export(),
        )
        .unwrap_err();
        assert!(matches!(err, AppError::FileExists(_)), "{err:?}");
        assert_eq!(names(&out), ["c.pdf"]);
        assert!(store.audit_entries(10).unwrap().is_empty());
        std::fs::remove_file(out.join("c.pdf")).unwrap();
        let published = publish_all(
            &mut store,
            files(&["a.pdf", "b.pdf"]),
            "out".into(),
            export(),
        )
        .unwrap();
        assert_eq!(published.len(), 2);
        assert_eq!(names(&out), ["a.pdf", "b.pdf"]);
        assert_eq!(
            store.audit_entries(10).unwrap().len(),
            1,
            "one entry for the batch"
        );
    }

    #[test]
    fn file_stems_from_data_never_leave_the_folder() {
        for (raw, want) in [
            ("RSSMRA85T10A562S", "RSSMRA85T10A562S"),
            ("../../x", "x"),
            ("..", "scheda"),
            ("/etc/passwd", "etcpasswd"),
            ("C:\\Windows\\x", "CWindowsx"),
            ("a\0b", "ab"),
            ("", "scheda"),
            ("ÀÈ", "scheda"),
        ] {
            assert_eq!(safe_file_stem(raw, "scheda"), want, "{raw:?}");
        }
        assert_eq!(safe_file_stem(&"A".repeat(300), "x").len(), 64);
    }
}
