//! The daily cross-branch report (`sportello_protocol::report`): the agency's counts
//! per branch for one day, read once ([`Agenzia::leggi`]) and cut for each user
//! ([`Agenzia::report`]); the reports kept and the mail outbox.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Rome;
use sportello_core::Branch;
use sportello_core::account::Role;
use sportello_core::offerte::{StatoInteresse, StatoOfferta};
use sportello_protocol::report::{
    CampagnaAperta, Conteggi, GIORNI_ANDAMENTO, GIORNI_IN_SCADENZA, InteressiInStato,
    MAX_REPORT_PER_PAGINA, PuntoAndamento, Report, ReportFiliale,
};

use super::{OptionalExtension, Tx, parse_date, parse_ts, ts};
use crate::error::{Error, Result};

/// The first instant of `day` in Italy.
pub fn inizio(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    // Italy changes its clocks at 02:00/03:00: midnight always exists, once.
    Rome.from_local_datetime(&midnight)
        .earliest()
        .expect("midnight exists in Europe/Rome")
        .with_timezone(&Utc)
}

/// The Italian calendar day of `at`.
pub fn giorno_di(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Rome).date_naive()
}

/// One branch's counts and trend.
#[derive(Debug, Clone, Default)]
struct Filiale {
    conteggi: Conteggi,
    /// New citizens and interests per day, oldest first.
    andamento: Vec<(u32, u32)>,
}

/// The agency's counts for one day, per branch.
#[derive(Debug)]
pub struct Agenzia {
    giorno: NaiveDate,
    branches: BTreeMap<String, (Branch, Filiale)>,
    campagna: Option<CampagnaAperta>,
    /// The branches each fasce-deboli upload of the open campaign covered.
    caricamenti: Vec<HashSet<String>>,
}

impl Agenzia {
    /// Reads the counts of `giorno` for every branch.
    pub fn leggi(tx: &Tx, giorno: NaiveDate) -> Result<Agenzia> {
        let fine = ts(inizio(giorno + Duration::days(1)));
        let dal = giorno - Duration::days(GIORNI_ANDAMENTO as i64 - 1);
        let trend_from = ts(inizio(dal));
        let mut branches = BTreeMap::new();
        for b in super::users::all_branches(tx)? {
            let f = Filiale {
                andamento: vec![(0, 0); GIORNI_ANDAMENTO],
                ..Filiale::default()
            };
            branches.insert(b.code.clone(), (b, f));
        }
        let slot = |at: &str| -> Result<Option<usize>> {
            let day = giorno_di(parse_ts(at)?);
            Ok(usize::try_from((day - dal).num_days())
                .ok()
                .filter(|d| *d < GIORNI_ANDAMENTO))
        };
        let last = GIORNI_ANDAMENTO - 1;
        for (code, (_, f)) in branches.iter_mut() {
            f.conteggi.cittadini =
                tx.prepare_cached("SELECT COUNT(*) FROM candidates WHERE branch = ?1")?
                    .query_row([code], |r| r.get::<_, i64>(0))? as u32;
            let created: Vec<String> = tx
                .prepare_cached(
                    "SELECT created_at FROM candidates
                     WHERE branch = ?1 AND created_at >= ?2 AND created_at < ?3",
                )?
                .query_map((code, &trend_from, &fine), |r| r.get(0))?;
            for at in &created {
                if let Some(d) = slot(at)? {
                    f.andamento[d].0 += 1;
                }
            }
            let arrived: Vec<String> = tx
                .prepare_cached(
                    "SELECT data FROM interessi WHERE filiale = ?1 AND data >= ?2 AND data < ?3",
                )?
                .query_map((code, &trend_from, &fine), |r| r.get(0))?;
            for at in &arrived {
                if let Some(d) = slot(at)? {
                    f.andamento[d].1 += 1;
                }
            }
            f.conteggi.cittadini_nuovi = f.andamento[last].0;
            f.conteggi.interessi_nuovi = f.andamento[last].1;
            f.conteggi.interessi_per_stato = StatoInteresse::TUTTI
                .iter()
                .map(|s| InteressiInStato {
                    stato: *s,
                    numero: 0,
                })
                .collect();
        }
        let by_state: Vec<(String, String, i64)> = tx.query_map(
            "SELECT filiale, stato, COUNT(*) FROM interessi GROUP BY filiale, stato",
            (),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for (code, stato, n) in by_state {
            let stato = StatoInteresse::parse(&stato)
                .ok_or_else(|| Error::Internal(format!("unknown interest state {stato}")))?;
            if let Some((_, f)) = branches.get_mut(&code) {
                let c = &mut f.conteggi;
                if let Some(i) = c.interessi_per_stato.iter_mut().find(|i| i.stato == stato) {
                    i.numero = n as u32;
                }
                if stato == StatoInteresse::DaValutare {
                    c.interessi_da_valutare = n as u32;
                }
            }
        }
        // As the morning after finds them.
        let oggi = giorno + Duration::days(1);
        let offers: Vec<(String, String, String)> = tx.query_map(
            "SELECT filiale, stato, fine_pubblicazione FROM offerte",
            (),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for (code, stato, fine) in offers {
            let stato = StatoOfferta::parse(&stato)
                .ok_or_else(|| Error::Internal(format!("unknown offer state {stato}")))?;
            let fine = parse_date(&fine)?;
            let Some((_, f)) = branches.get_mut(&code) else {
                continue;
            };
            let c = &mut f.conteggi;
            match stato.al(fine, oggi) {
                StatoOfferta::Pubblicata => {
                    c.offerte_pubblicate += 1;
                    if fine <= oggi + Duration::days(GIORNI_IN_SCADENZA) {
                        c.offerte_in_scadenza += 1;
                    }
                }
                StatoOfferta::Scaduta => c.offerte_scadute += 1,
                StatoOfferta::Chiusa => c.offerte_chiuse += 1,
                StatoOfferta::Bozza => {}
            }
        }
        let refusals: Vec<(String, i64)> = tx.query_map(
            "SELECT filiale, COUNT(*) FROM rifiuti
             WHERE registrato_il >= ?1 AND registrato_il < ?2 GROUP BY filiale",
            (ts(inizio(giorno)), &fine),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (code, n) in refusals {
            if let Some((_, f)) = branches.get_mut(&code) {
                f.conteggi.rifiuti_comunicati = n as u32;
            }
        }
        let campagna = campagna_aperta(tx, giorno)?;
        let mut caricamenti = Vec::new();
        if let Some(c) = &campagna {
            let uploads: Vec<String> = tx.query_map(
                "SELECT branches FROM fd_caricamenti WHERE anno = ?1 AND caricato_il < ?2",
                (c.anno as i64, &fine),
                |r| r.get(0),
            )?;
            for json in uploads {
                let codes: HashSet<String> = serde_json::from_str(&json)?;
                for code in &codes {
                    if let Some((_, f)) = branches.get_mut(code) {
                        f.conteggi.caricamenti_fasce_deboli += 1;
                    }
                }
                caricamenti.push(codes);
            }
        }
        Ok(Agenzia {
            giorno,
            branches,
            campagna,
            caricamenti,
        })
    }

    /// The report of `destinatario`, over `codes` (the user's branches).
    pub fn report(
        &self,
        destinatario: &str,
        codes: &[String],
        generato_il: DateTime<Utc>,
        programmato: bool,
    ) -> Report {
        let dal = self.giorno - Duration::days(GIORNI_ANDAMENTO as i64 - 1);
        let own: HashSet<&String> = codes.iter().collect();
        let filiali: Vec<ReportFiliale> = self
            .branches
            .iter()
            .filter(|(code, _)| own.contains(code))
            .map(|(code, (b, f))| ReportFiliale {
                code: code.clone(),
                name: b.name.clone(),
                conteggi: f.conteggi.clone(),
                andamento: f
                    .andamento
                    .iter()
                    .enumerate()
                    .map(|(d, (c, i))| PuntoAndamento {
                        giorno: dal + Duration::days(d as i64),
                        cittadini_nuovi: *c,
                        interessi_nuovi: *i,
                    })
                    .collect(),
            })
            .collect();
        let mut totale = somma(filiali.iter().map(|f| &f.conteggi));
        // An upload covering two of the user's branches is one upload.
        totale.caricamenti_fasce_deboli = self
            .caricamenti
            .iter()
            .filter(|c| c.iter().any(|code| own.contains(code)))
            .count() as u32;
        Report {
            giorno: self.giorno,
            destinatario: destinatario.to_string(),
            generato_il,
            programmato,
            filiali,
            totale,
            campagna: self.campagna.clone(),
        }
    }
}

fn somma<'a>(all: impl Iterator<Item = &'a Conteggi>) -> Conteggi {
    let mut t = Conteggi {
        interessi_per_stato: StatoInteresse::TUTTI
            .iter()
            .map(|s| InteressiInStato {
                stato: *s,
                numero: 0,
            })
            .collect(),
        ..Conteggi::default()
    };
    for c in all {
        t.cittadini += c.cittadini;
        t.cittadini_nuovi += c.cittadini_nuovi;
        t.interessi_nuovi += c.interessi_nuovi;
        t.interessi_da_valutare += c.interessi_da_valutare;
        for (sum, one) in t.interessi_per_stato.iter_mut().zip(&c.interessi_per_stato) {
            sum.numero += one.numero;
        }
        t.offerte_pubblicate += c.offerte_pubblicate;
        t.offerte_in_scadenza += c.offerte_in_scadenza;
        t.offerte_scadute += c.offerte_scadute;
        t.offerte_chiuse += c.offerte_chiuse;
        t.rifiuti_comunicati += c.rifiuti_comunicati;
    }
    t
}

/// The campaign whose deadline is the earliest not before `giorno`.
fn campagna_aperta(tx: &Tx, giorno: NaiveDate) -> Result<Option<CampagnaAperta>> {
    let row: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT anno, scadenza FROM fd_campagne WHERE scadenza >= ?1 ORDER BY scadenza LIMIT 1",
        )?
        .query_row([giorno.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(anno, scadenza)| {
        let scadenza = parse_date(&scadenza)?;
        Ok(CampagnaAperta {
            anno: anno as i32,
            scadenza,
            giorni_alla_scadenza: (scadenza - giorno).num_days().saturating_sub(1).max(0),
        })
    })
    .transpose()
}

/// A user who receives reports.
#[derive(Debug, Clone)]
pub struct Destinatario {
    pub username: String,
    pub branches: Vec<String>,
    pub email: Option<String>,
}

/// Who receives reports: enabled super and master users.
pub fn destinatari(tx: &Tx) -> Result<Vec<Destinatario>> {
    let users: Vec<(String, String, Option<String>)> = tx.query_map(
        "SELECT username, role, email FROM users WHERE disabled_at IS NULL ORDER BY username",
        (),
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut out = Vec::new();
    for (username, role, email) in users {
        if !Role::from_code(&role).is_some_and(Role::agency_level) {
            continue;
        }
        let branches = super::users::user_branches(tx, &username)?;
        out.push(Destinatario {
            username,
            branches,
            email,
        });
    }
    Ok(out)
}

/// Whether `destinatario` has the report of `giorno`.
pub fn exists(tx: &Tx, destinatario: &str, giorno: NaiveDate) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM report_giornalieri WHERE destinatario = ?1 AND giorno = ?2")?
        .query_row((destinatario, giorno.to_string()), |r| r.get::<_, i64>(0))
        .optional()?
        .is_some())
}

pub fn find(tx: &Tx, destinatario: &str, giorno: NaiveDate) -> Result<Option<Report>> {
    let json: Option<String> = tx
        .prepare_cached(
            "SELECT record FROM report_giornalieri WHERE destinatario = ?1 AND giorno = ?2",
        )?
        .query_row((destinatario, giorno.to_string()), |r| r.get(0))
        .optional()?;
    json.map(|j| Ok(serde_json::from_str(&j)?)).transpose()
}

/// Keeps `report`; unless one of that user and day exists (then `false`).
pub fn save(tx: &Tx, report: &Report) -> Result<bool> {
    let added = tx
        .prepare_cached(
            "INSERT INTO report_giornalieri (destinatario, giorno, generato_il, programmato, record)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (destinatario, giorno) DO NOTHING",
        )?
        .execute(crate::params![
            &report.destinatario,
            report.giorno.to_string(),
            ts(report.generato_il),
            i64::from(report.programmato),
            serde_json::to_string(report)?
        ])?;
    Ok(added == 1)
}

/// The user's reports of days after `dopo`, oldest first, one page; and whether more follow.
pub fn list(tx: &Tx, destinatario: &str, dopo: Option<NaiveDate>) -> Result<(Vec<Report>, bool)> {
    let dopo = dopo.map_or_else(String::new, |d| d.to_string());
    let rows: Vec<String> = tx
        .prepare_cached(
            "SELECT record FROM report_giornalieri WHERE destinatario = ?1 AND giorno > ?2
             ORDER BY giorno LIMIT ?3",
        )?
        .query_map(
            crate::params![destinatario, dopo, (MAX_REPORT_PER_PAGINA + 1) as i64],
            |r| r.get(0),
        )?;
    let altri = rows.len() > MAX_REPORT_PER_PAGINA;
    let reports = rows
        .iter()
        .take(MAX_REPORT_PER_PAGINA)
        .map(|j| Ok(serde_json::from_str(j)?))
        .collect::<Result<Vec<Report>>>()?;
    Ok((reports, altri))
}

/// A message of the mail outbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Posta {
    pub id: i64,
    pub destinatario: String,
    pub indirizzo: Option<String>,
    pub oggetto: String,
    pub corpo: String,
    pub creata_il: DateTime<Utc>,
}

pub fn accoda_posta(
    tx: &Tx,
    destinatario: &str,
    indirizzo: Option<&str>,
    oggetto: &str,
    corpo: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO posta_in_uscita (destinatario, indirizzo, oggetto, corpo, creata_il)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(crate::params![
        destinatario,
        indirizzo,
        oggetto,
        corpo,
        ts(now)
    ])?;
    Ok(())
}

/// The outbox, newest first.
pub fn posta(tx: &Tx, limit: i64) -> Result<Vec<Posta>> {
    let rows: Vec<(i64, String, Option<String>, String, String, String)> = tx.query_map(
        "SELECT id, destinatario, indirizzo, oggetto, corpo, creata_il FROM posta_in_uscita
         ORDER BY id DESC LIMIT ?1",
        [limit],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    rows.into_iter()
        .map(|(id, destinatario, indirizzo, oggetto, corpo, at)| {
            Ok(Posta {
                id,
                destinatario,
                indirizzo,
                oggetto,
                corpo,
                creata_il: parse_ts(&at)?,
            })
        })
        .collect()
}
