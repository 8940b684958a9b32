//! Many SAPs at once, on every core (rayon), cancellable, with progress.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use sportello_core::Candidate;

use crate::pdf::{Issuer, Meta, assemble};
use crate::sap::{TITLE, sap_part, sap_pdf};
use crate::{Error, Result};

/// How far a batch has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// What a batch is told while it runs and how it is stopped.
#[derive(Clone, Copy)]
pub struct Control<'a> {
    /// Set to stop: the batch returns [`Error::Cancelled`] as soon as the documents in
    /// progress are done.
    pub cancel: &'a AtomicBool,
    /// Called after each document, from worker threads.
    pub progress: &'a (dyn Fn(Progress) + Sync),
}

impl std::fmt::Debug for Control<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("cancel", &self.cancel.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// Makes each candidate's SAP and hands it to `sink` (from worker threads, in no
/// particular order). Stops at the first error of `sink` or on cancel.
pub fn sap_each<E: Send>(
    candidates: &[Candidate],
    issuer: &Issuer,
    control: Control<'_>,
    sink: impl Fn(&Candidate, Vec<u8>) -> std::result::Result<(), E> + Sync,
) -> Result<(), E> {
    let done = AtomicUsize::new(0);
    let total = candidates.len();
    candidates.par_iter().try_for_each(|c| {
        if control.cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        sink(c, sap_pdf(c, issuer)).map_err(Error::Sink)?;
        let done = done.fetch_add(1, Ordering::Relaxed) + 1;
        (control.progress)(Progress { done, total });
        Ok(())
    })
}

/// All the SAPs in one PDF, in the order given, each numbering its own pages.
pub fn sap_merged(
    candidates: &[Candidate],
    issuer: &Issuer,
    control: Control<'_>,
) -> Result<Vec<u8>> {
    let done = AtomicUsize::new(0);
    let total = candidates.len();
    let parts = candidates
        .par_iter()
        .map(|c| {
            if control.cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            let part = sap_part(c, issuer);
            let done = done.fetch_add(1, Ordering::Relaxed) + 1;
            (control.progress)(Progress { done, total });
            Ok(part)
        })
        .collect::<Result<Vec<_>>>()?;
    if control.cancel.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    let meta = Meta {
        title: format!("{TITLE} — {total} schede"),
        author: issuer.operator.clone(),
        subject: format!("{TITLE}: stampa cumulativa di {total} schede"),
        created: issuer.at,
    };
    Ok(assemble(&meta, parts))
}
