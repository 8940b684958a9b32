//! Bulk insert of offers (seed 001): the template written by the app, a filled file
//! read with the guarded reader, every row checked with the server's rule and an
//! Italian message per (row, column), and all of it inserted or none; a receipt with
//! the file's SHA-256.

use std::path::Path;

use chrono::Utc;
use serde::Serialize;
use sportello_core::fasce_deboli::fold;
use sportello_core::offerte::{AzioneOfferta, Voce};
use sportello_sheets::offerte::{COLUMNS, OFFERS_SHEET, write_template};
use sportello_sheets::table::{SheetValues, Value, read_workbook};
use sportello_store::Store;
use sportello_sync::offerte::{Cambio, record};
use uuid::Uuid;

use super::{Campo, OffertaForm, filiali};
use crate::documents::{self, ReceiptDto, ReceiptRequest};
use crate::outgoing::{Export, Outgoing};
use crate::{AppError, Profile, Result};

/// Most offers in one file (the server's bulk-insert limit).
pub const MAX_RIGHE: usize = sportello_protocol::offerte::MAX_MASSIVO;
/// Row errors reported, at most (the rest are counted).
const MAX_ERRORI: usize = 1_000;

/// A problem of a row of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RigaErrore {
    /// As the spreadsheet numbers it (the header is row 1).
    pub riga: u32,
    pub colonna: String,
    pub messaggio: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MassivoReport {
    pub file: String,
    /// Non-blank rows read.
    pub righe: u64,
    /// Zero unless every row was right.
    pub inserite: u64,
    pub pubblicate: u64,
    pub errori: Vec<RigaErrore>,
    /// All errors, also those not listed.
    pub errori_totali: u64,
    pub ricevuta: Option<ReceiptDto>,
}

/// Writes the template (no personal data; written atomically like every file).
pub fn scrivi_modello(
    store: &mut Store,
    operator: &str,
    out: &Path,
    overwrite: bool,
) -> Result<String> {
    let liste = super::liste(store)?;
    let titoli: Vec<(String, String)> = liste
        .titoli_studio
        .iter()
        .map(|v| (v.codice.clone(), v.descrizione.clone()))
        .collect();
    let bytes = write_template(&store.offerte_voci()?, &titoli)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let export = Export {
        operator,
        at: Utc::now(),
        details: serde_json::json!({"kind": "offers_template"}),
    };
    Ok(Outgoing::with_bytes(out, overwrite, &bytes)?
        .publish(store, export)?
        .file)
}

/// A cell as the operator typed it (also the courses' import).
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(t) => t.trim().to_string(),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Value::Number(n) => n.to_string(),
        Value::Date(d) => d.format("%d/%m/%Y").to_string(),
        Value::Bool(b) => if *b { "SI" } else { "NO" }.into(),
        Value::Other(o) => o.clone(),
    }
}

fn yes_no(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) if *n == 1.0 => Some(true),
        Value::Number(n) if *n == 0.0 => Some(false),
        _ => match fold(&text(v)).as_str() {
            "si" | "s" | "x" | "1" | "vero" | "true" => Some(true),
            "no" | "n" | "0" | "falso" | "false" | "" => Some(false),
            _ => None,
        },
    }
}

/// A coded value as written: the code, or its description.
fn code(list: &[Voce], v: &Value) -> String {
    let t = text(v);
    let folded = fold(&t);
    list.iter()
        .find(|x| fold(&x.codice) == folded || fold(&x.descrizione) == folded)
        .map_or(t, |x| x.codice.clone())
}

/// The column header a field's problem is about.
fn column_of(c: Campo) -> &'static str {
    let i = match c {
        Campo::Filiale => 0,
        Campo::TipoOfferta => 1,
        Campo::TipoContratto => 2,
        Campo::Qualifica => 3,
        Campo::DescrizioneQualifica => 4,
        Campo::DescrizioneEsperienza => 6,
        Campo::Posti => 7,
        Campo::ModalitaLavoro => 8,
        Campo::Sedi => 9,
        Campo::Scadenza => 10,
        Campo::FinePubblicazione => 11,
        Campo::TitoloStudioMinimo => 16,
        Campo::Patenti => 17,
        Campo::Lingue => 18,
    };
    COLUMNS[i].0
}

/// Where each of `names` is in the header row of `sheet` (any case and accents), or
/// which are missing.
pub(crate) fn columns_of(sheet: &SheetValues, names: &[&str]) -> Result<Vec<usize>> {
    let header = sheet
        .rows
        .first()
        .map(|r| r.iter().map(|v| fold(&text(v))).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut at = Vec::with_capacity(names.len());
    let mut missing = Vec::new();
    for name in names {
        match header.iter().position(|h| *h == fold(name)) {
            Some(i) => at.push(i),
            None => missing.push(*name),
        }
    }
    if !missing.is_empty() {
        return Err(AppError::InvalidInput(format!(
            "nel foglio «{}» mancano le colonne: {} (usa il modello)",
            sheet.name,
            missing.join(", ")
        )));
    }
    Ok(at)
}

/// The rows under the header with something in them, numbered as the spreadsheet
/// numbers them (the header is row 1).
pub(crate) fn filled_rows(sheet: &SheetValues) -> Vec<(u32, &Vec<Value>)> {
    sheet
        .rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, r)| r.iter().any(|v| !text(v).is_empty()))
        .map(|(i, r)| (i as u32 + 1, r))
        .collect()
}

/// Reads, checks and (when every row is right) inserts the offers of `path`, as
/// drafts or published until their end of publication.
pub fn importa(
    store: &mut Store,
    profile: &Profile,
    path: &Path,
    pubblica: bool,
) -> Result<MassivoReport> {
    let sheets = read_workbook(path)
        .map_err(|e| AppError::InvalidInput(format!("il file non si può leggere: {e}")))?;
    let sheet = sheets
        .iter()
        .find(|s| s.name == OFFERS_SHEET)
        .or_else(|| sheets.first())
        .ok_or_else(|| AppError::InvalidInput("il file non ha fogli".into()))?;
    let names: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
    let at = columns_of(sheet, &names)?;
    let voci = store.offerte_voci()?;
    let filiali = filiali(store)?;
    let today = Utc::now().date_naive();
    let mut errori = Vec::new();
    let mut offers = Vec::new();
    let rows = filled_rows(sheet);
    if rows.len() > MAX_RIGHE {
        return Err(AppError::InvalidInput(format!(
            "il file ha {} offerte: al massimo {MAX_RIGHE} per volta",
            rows.len()
        )));
    }
    for (riga, r) in &rows {
        let cell = |i: usize| r.get(at[i]).unwrap_or(&Value::Empty);
        let mut err = |colonna: &str, messaggio: String| {
            errori.push(RigaErrore {
                riga: *riga,
                colonna: colonna.into(),
                messaggio,
            });
        };
        let mut flag = |i: usize| {
            yes_no(cell(i)).unwrap_or_else(|| {
                err(
                    COLUMNS[i].0,
                    format!("«{}»: indicare SI o NO.", text(cell(i))),
                );
                false
            })
        };
        let (esperienza, partita_iva, mezzi, trasferte, mirato) =
            (flag(5), flag(12), flag(13), flag(14), flag(15));
        let form = OffertaForm {
            filiale: text(cell(0)),
            tipo_offerta: code(&voci.tipi_offerta, cell(1)),
            tipo_contratto: code(&voci.tipi_contratto, cell(2)),
            qualifica: text(cell(3)),
            descrizione_qualifica: text(cell(4)),
            esperienza_richiesta: esperienza,
            descrizione_esperienza: text(cell(6)),
            posti: text(cell(7)),
            modalita_lavoro: code(&voci.modalita_lavoro, cell(8)),
            sedi: text(cell(9)),
            scadenza: text(cell(10)),
            fine_pubblicazione: text(cell(11)),
            partita_iva,
            mezzi_trasporto: mezzi,
            trasferte,
            collocamento_mirato: mirato,
            titolo_studio_minimo: text(cell(16)),
            patenti: text(cell(17)),
            lingue: text(cell(18)),
        };
        match form.dati() {
            Err(bad) => bad
                .into_iter()
                .for_each(|p| err(column_of(p.code), p.message)),
            Ok(dati) => {
                let problems = dati.problemi(&voci, &filiali, today);
                if problems.is_empty() {
                    offers.push(dati);
                }
                for p in problems {
                    err(column_of(p.campo.into()), p.messaggio);
                }
            }
        }
    }
    let file = path.display().to_string();
    let righe = rows.len() as u64;
    if !errori.is_empty() || offers.is_empty() {
        let errori_totali = errori.len() as u64;
        errori.truncate(MAX_ERRORI);
        return Ok(MassivoReport {
            file,
            righe,
            inserite: 0,
            pubblicate: 0,
            errori,
            errori_totali,
            ricevuta: None,
        });
    }
    let now = Utc::now();
    let inserite = offers.len() as u64;
    let filiale = offers[0].filiale.clone();
    store.write(|tx| {
        for dati in offers {
            let id = Uuid::new_v4();
            let fine = dati.fine_pubblicazione;
            record(tx, &Cambio::Salva { id, dati }, now)?;
            if pubblica {
                record(
                    tx,
                    &Cambio::Stato {
                        id,
                        azione: AzioneOfferta::Pubblica {
                            fine_pubblicazione: fine,
                        },
                    },
                    now,
                )?;
            }
        }
        Ok::<_, AppError>(())
    })?;
    let operator = crate::sync::author(store, profile)?;
    let pubblicate = if pubblica { inserite } else { 0 };
    let request = ReceiptRequest {
        kind: "offers_bulk_insert".into(),
        title: "Inserimento massivo di offerte".into(),
        branch: filiale,
        fields: vec![
            ("Righe lette".into(), righe.to_string()),
            ("Offerte inserite".into(), inserite.to_string()),
            ("Pubblicate".into(), pubblicate.to_string()),
            (
                "Invio al server".into(),
                "con la prossima sincronizzazione".into(),
            ),
        ],
        tables: vec![],
        file: Some(path.to_path_buf()),
        file_hashed: None,
        acknowledgement: None,
    };
    let ricevuta = Some(documents::issue_receipt(store, &operator, &request, now)?);
    Ok(MassivoReport {
        file,
        righe,
        inserite,
        pubblicate,
        errori: vec![],
        errori_totali: 0,
        ricevuta,
    })
}
