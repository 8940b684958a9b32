//! Seed documents to sign (seed 003): for the first citizens of each branch, one
//! document of every type at every step — just inserted, taken in charge, signed by the
//! citizen (concluding a DID receipt), signed by the operator (concluding a pact) —,
//! one annulled with its reason and one replaced by a newer practice.

use chrono::{DateTime, Duration, Utc};
use sportello_core::cpi::documenti::{AzioneDocumento, TipoDocumento};
use sportello_protocol::documenti::NuovoDocumento;
use uuid::Uuid;

use super::fasce_deboli::Pool;
use crate::db::Tx;
use crate::db::documenti as db;
use crate::error::{Error, Result};

/// One citizen's documents: the type and the steps each has gone through.
const STORIE: [(TipoDocumento, &[AzioneDocumento]); 5] = [
    (TipoDocumento::PattoServizio150, &[]),
    (
        TipoDocumento::PattoAttivazioneGg,
        &[AzioneDocumento::PrendiInCarico],
    ),
    (
        TipoDocumento::RicevutaDid,
        &[
            AzioneDocumento::PrendiInCarico,
            AzioneDocumento::FirmaCittadino,
        ],
    ),
    (
        TipoDocumento::PattoServizio150,
        &[
            AzioneDocumento::PrendiInCarico,
            AzioneDocumento::FirmaCittadino,
            AzioneDocumento::FirmaOperatore,
        ],
    ),
    (
        TipoDocumento::ProgrammaRicercaIntensiva,
        &[AzioneDocumento::PrendiInCarico],
    ),
];

/// Citizens per branch with documents.
const CITIZENS: usize = 4;

/// Documents the seed makes per branch (of at least [`CITIZENS`] citizens): each
/// story, an annulled pact, a replaced programme and its replacement.
pub const DOCUMENTI_PER_FILIALE: usize = CITIZENS * (STORIE.len() + 3);

/// Seeds the documents; returns how many.
pub fn seed(tx: &Tx, pool: &Pool, now: DateTime<Utc>) -> Result<usize> {
    let mut made = 0;
    for (code, people) in pool.codes.iter().zip(&pool.people) {
        let author = format!("operatore.{}", code.to_lowercase());
        for (i, (cf, _, _)) in people.iter().take(CITIZENS).enumerate() {
            for (j, (tipo, passi)) in STORIE.iter().enumerate() {
                let at = now - Duration::days(30 - (i * 5 + j) as i64);
                made += document(tx, (cf, code, &author), *tipo, passi, at)?;
            }
            annulments(tx, (cf, code, &author), now - Duration::days(3))?;
            made += 3;
        }
    }
    Ok(made)
}

type Who<'a> = (&'a str, &'a str, &'a str);

fn document(
    tx: &Tx,
    (cf, branch, author): Who,
    tipo: TipoDocumento,
    passi: &[AzioneDocumento],
    at: DateTime<Utc>,
) -> Result<usize> {
    let nuovo = NuovoDocumento {
        codice_fiscale: cf.to_string(),
        tipo,
        sostituisce: None,
    };
    let mut d = db::create(tx, Uuid::new_v4(), &nuovo, branch, author, at)?;
    for (k, passo) in passi.iter().enumerate() {
        d.traccia
            .applica(passo, at + Duration::hours(k as i64 + 1))
            .map_err(|e| Error::Internal(format!("seed document: {e}")))?;
        d.version += 1;
    }
    if !passi.is_empty() {
        db::put(tx, &d, at)?;
    }
    Ok(1)
}

/// A pact annulled with its reason, and a programme replaced by a newer practice.
fn annulments(tx: &Tx, (cf, branch, author): Who, at: DateTime<Utc>) -> Result<()> {
    use sportello_core::cpi::documenti::Annullamento;
    let nuovo = |tipo, sostituisce| NuovoDocumento {
        codice_fiscale: cf.to_string(),
        tipo,
        sostituisce,
    };
    let mut annullato = db::create(
        tx,
        Uuid::new_v4(),
        &nuovo(TipoDocumento::PattoAttivazioneGg, None),
        branch,
        author,
        at,
    )?;
    let annulla = |annullamento| AzioneDocumento::Annulla { annullamento };
    annullato
        .traccia
        .applica(
            &annulla(Annullamento::Motivo {
                motivo: "Dati anagrafici da correggere".into(),
            }),
            at + Duration::hours(1),
        )
        .map_err(|e| Error::Internal(format!("seed document: {e}")))?;
    annullato.version += 1;
    db::put(tx, &annullato, at)?;
    let mut vecchio = db::create(
        tx,
        Uuid::new_v4(),
        &nuovo(TipoDocumento::ProgrammaRicercaIntensiva, None),
        branch,
        author,
        at,
    )?;
    let nuovo_doc = db::create(
        tx,
        Uuid::new_v4(),
        &nuovo(TipoDocumento::ProgrammaRicercaIntensiva, Some(vecchio.id)),
        branch,
        author,
        at + Duration::hours(2),
    )?;
    vecchio
        .traccia
        .applica(
            &annulla(Annullamento::Sostituito {
                pratica: nuovo_doc.numero.to_string(),
            }),
            at + Duration::hours(2),
        )
        .map_err(|e| Error::Internal(format!("seed document: {e}")))?;
    vecchio.version += 1;
    db::put(tx, &vecchio, at)?;
    Ok(())
}
