//! Offers, expressions of interest and refusals (seed 001): the server's records with
//! the operator's pending changes applied, kept as their wire JSON beside the columns
//! lists filter on. What the JSON means is the sync layer's business (it knows the
//! wire types); this module only keeps and finds rows.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use sportello_core::offerte::{Voce, Voci};

use crate::error::{Error, Result};
use crate::store::{Store, Tx};
use crate::time;

/// An offer as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffertaRow {
    pub id: String,
    pub filiale: String,
    /// `None` until the server assigns it.
    pub codice: Option<String>,
    /// As stored (`pubblicata` past its end reads `scaduta`: the caller decides).
    pub stato: String,
    pub fine_pubblicazione: NaiveDate,
    pub qualifica: String,
    pub tipo_offerta: String,
    pub tipo_contratto: String,
    /// Province sigle of the sedi.
    pub province: Vec<String>,
    /// The server's version; 0 while only here.
    pub version: i64,
    /// The server's record (wire JSON), when the server has it.
    pub server: Option<String>,
    /// The record as shown: the server's with the pending changes applied.
    pub record: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteresseRow {
    pub id: String,
    pub offerta: String,
    pub filiale: String,
    pub codice_fiscale: String,
    pub data: DateTime<Utc>,
    pub stato: String,
    pub version: i64,
    pub server: Option<String>,
    pub record: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RifiutoRow {
    pub id: String,
    pub offerta: String,
    pub filiale: String,
    pub codice_fiscale: String,
    pub data: NaiveDate,
    /// False while it waits in the outbox.
    pub inviato: bool,
    pub record: String,
}

/// Which offers a list shows; every set condition must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferteFilter {
    /// Words of the qualifica (each must appear, any case).
    pub qualifica: Option<String>,
    pub tipo_offerta: Option<String>,
    pub tipo_contratto: Option<String>,
    pub provincia: Option<String>,
    pub filiale: Option<String>,
    /// As stored: `bozza`, `pubblicata`, `chiusa`.
    pub stati: Vec<String>,
    /// Only offers whose end of publication is before (`Some(true)`, expired when
    /// published) or not before (`Some(false)`) this day.
    pub finite_prima_di: Option<(NaiveDate, bool)>,
}

fn put_offerta(conn: &Connection, o: &OffertaRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO offerte (id, filiale, codice, stato, fine_pubblicazione, qualifica, tipo_offerta, tipo_contratto, province, version, record, server)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (id) DO UPDATE SET filiale = excluded.filiale, codice = excluded.codice, stato = excluded.stato,
            fine_pubblicazione = excluded.fine_pubblicazione, qualifica = excluded.qualifica,
            tipo_offerta = excluded.tipo_offerta, tipo_contratto = excluded.tipo_contratto,
            province = excluded.province, version = excluded.version, record = excluded.record,
            server = excluded.server",
    )?
    .execute(params![
        o.id,
        o.filiale,
        o.codice,
        o.stato,
        o.fine_pubblicazione.to_string(),
        o.qualifica,
        o.tipo_offerta,
        o.tipo_contratto,
        format!(" {} ", o.province.join(" ")),
        o.version,
        o.record,
        o.server
    ])?;
    Ok(())
}

/// The columns as read, before the day and the provinces are parsed.
struct RawOfferta {
    row: OffertaRow,
    fine: String,
    province: String,
}

fn offerta_row(r: &rusqlite::Row) -> rusqlite::Result<RawOfferta> {
    Ok(RawOfferta {
        row: OffertaRow {
            id: r.get(0)?,
            filiale: r.get(1)?,
            codice: r.get(2)?,
            stato: r.get(3)?,
            fine_pubblicazione: NaiveDate::MIN,
            qualifica: r.get(5)?,
            tipo_offerta: r.get(6)?,
            tipo_contratto: r.get(7)?,
            province: Vec::new(),
            version: r.get(9)?,
            record: r.get(10)?,
            server: r.get(11)?,
        },
        fine: r.get(4)?,
        province: r.get(8)?,
    })
}

const OFFERTA_COLUMNS: &str = "id, filiale, codice, stato, fine_pubblicazione, qualifica, tipo_offerta, tipo_contratto, province, version, record, server";

fn decode_offerta(raw: RawOfferta) -> Result<OffertaRow> {
    let mut row = raw.row;
    row.fine_pubblicazione = time::date_from_text(&raw.fine)?;
    row.province = raw
        .province
        .split_whitespace()
        .map(str::to_string)
        .collect();
    Ok(row)
}

fn offerta(conn: &Connection, id: &str) -> Result<Option<OffertaRow>> {
    conn.prepare_cached(&format!(
        "SELECT {OFFERTA_COLUMNS} FROM offerte WHERE id = ?1 OR codice = ?1"
    ))?
    .query_row([id], offerta_row)
    .optional()?
    .map(decode_offerta)
    .transpose()
}

fn offerte(conn: &Connection, f: &OfferteFilter) -> Result<Vec<OffertaRow>> {
    let mut sql = format!("SELECT {OFFERTA_COLUMNS} FROM offerte WHERE 1 = 1");
    let mut values: Vec<String> = Vec::new();
    let mut bind = |v: String, sql: &mut String, clause: &str| {
        values.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", values.len())));
    };
    if let Some(q) = &f.qualifica {
        for word in q.split_whitespace() {
            let pattern = format!("%{}%", word.replace(['%', '_'], ""));
            bind(pattern, &mut sql, " AND qualifica LIKE ?");
        }
    }
    for (value, clause) in [
        (&f.tipo_offerta, " AND tipo_offerta = ?"),
        (&f.tipo_contratto, " AND tipo_contratto = ?"),
        (&f.filiale, " AND filiale = ?"),
    ] {
        if let Some(v) = value {
            bind(v.clone(), &mut sql, clause);
        }
    }
    if let Some(p) = &f.provincia {
        bind(
            format!("% {} %", p.trim().to_uppercase()),
            &mut sql,
            " AND province LIKE ?",
        );
    }
    if !f.stati.is_empty() {
        bind(
            serde_json::to_string(&f.stati)?,
            &mut sql,
            " AND stato IN (SELECT value FROM json_each(?))",
        );
    }
    if let Some((day, before)) = f.finite_prima_di {
        let op = if before { "<" } else { ">=" };
        bind(
            day.to_string(),
            &mut sql,
            &format!(" AND fine_pubblicazione {op} ?"),
        );
    }
    sql.push_str(" ORDER BY fine_pubblicazione DESC, codice");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), offerta_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(decode_offerta).collect()
}

fn put_interesse(conn: &Connection, i: &InteresseRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO interessi (id, offerta, filiale, codice_fiscale, data, stato, version, record, server)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET stato = excluded.stato, version = excluded.version,
            record = excluded.record, server = excluded.server",
    )?
    .execute(params![i.id, i.offerta, i.filiale, i.codice_fiscale, time::to_text(i.data), i.stato, i.version, i.record, i.server])?;
    Ok(())
}

const INTERESSE_COLUMNS: &str =
    "id, offerta, filiale, codice_fiscale, data, stato, version, record, server";

fn decode_interesse(r: &rusqlite::Row) -> rusqlite::Result<(InteresseRow, String)> {
    Ok((
        InteresseRow {
            id: r.get(0)?,
            offerta: r.get(1)?,
            filiale: r.get(2)?,
            codice_fiscale: r.get(3)?,
            data: DateTime::<Utc>::MIN_UTC,
            stato: r.get(5)?,
            version: r.get(6)?,
            record: r.get(7)?,
            server: r.get(8)?,
        },
        r.get(4)?,
    ))
}

fn interesse_of((mut row, data): (InteresseRow, String)) -> Result<InteresseRow> {
    row.data = time::from_text(&data)?;
    Ok(row)
}

/// Interests of an offer, of a citizen, or (neither) all; newest first.
fn interessi(
    conn: &Connection,
    offerta: Option<&str>,
    codice_fiscale: Option<&str>,
) -> Result<Vec<InteresseRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {INTERESSE_COLUMNS} FROM interessi WHERE {} ORDER BY data DESC, id DESC",
        by_offer_or_citizen(offerta, codice_fiscale)
    ))?;
    let rows = stmt
        .query_map(params![offerta, codice_fiscale], decode_interesse)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(interesse_of).collect()
}

fn interesse(conn: &Connection, id: &str) -> Result<Option<InteresseRow>> {
    conn.prepare_cached(&format!(
        "SELECT {INTERESSE_COLUMNS} FROM interessi WHERE id = ?1"
    ))?
    .query_row([id], decode_interesse)
    .optional()?
    .map(interesse_of)
    .transpose()
}

fn put_rifiuto(conn: &Connection, r: &RifiutoRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO rifiuti (id, offerta, filiale, codice_fiscale, data, inviato, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET inviato = excluded.inviato, record = excluded.record",
    )?
    .execute(params![
        r.id,
        r.offerta,
        r.filiale,
        r.codice_fiscale,
        r.data.to_string(),
        r.inviato,
        r.record
    ])?;
    Ok(())
}

fn rifiuti(
    conn: &Connection,
    offerta: Option<&str>,
    codice_fiscale: Option<&str>,
) -> Result<Vec<RifiutoRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, offerta, filiale, codice_fiscale, data, inviato, record FROM rifiuti
         WHERE {} ORDER BY data DESC, id DESC",
        by_offer_or_citizen(offerta, codice_fiscale)
    ))?;
    rifiuti_where(&mut stmt, params![offerta, codice_fiscale])
}

/// `offerta = ?1` and/or `codice_fiscale = ?2`, only those given: an `(?1 IS NULL OR
/// …)` clause would keep SQLite from using either index and scan the whole table.
fn by_offer_or_citizen(offerta: Option<&str>, codice_fiscale: Option<&str>) -> &'static str {
    match (offerta.is_some(), codice_fiscale.is_some()) {
        (true, true) => "offerta = ?1 AND codice_fiscale = ?2",
        (true, false) => "offerta = ?1 AND ?2 IS NULL",
        (false, true) => "?1 IS NULL AND codice_fiscale = ?2",
        (false, false) => "?1 IS NULL AND ?2 IS NULL",
    }
}

fn rifiuti_where(
    stmt: &mut rusqlite::CachedStatement<'_>,
    p: &[&dyn rusqlite::ToSql],
) -> Result<Vec<RifiutoRow>> {
    let rows = stmt
        .query_map(p, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(id, offerta, filiale, codice_fiscale, data, inviato, record)| {
                Ok(RifiutoRow {
                    id,
                    offerta,
                    filiale,
                    codice_fiscale,
                    data: time::date_from_text(&data)?,
                    inviato,
                    record,
                })
            },
        )
        .collect()
}

fn rifiuto(conn: &Connection, id: &str) -> Result<Option<RifiutoRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, offerta, filiale, codice_fiscale, data, inviato, record FROM rifiuti WHERE id = ?1",
    )?;
    Ok(rifiuti_where(&mut stmt, params![id])?.into_iter().next())
}

const LISTE: [&str; 4] = [
    "tipo_offerta",
    "tipo_contratto",
    "modalita_lavoro",
    "motivo_rifiuto",
];

fn replace_voci(conn: &Connection, voci: &Voci) -> Result<()> {
    conn.execute("DELETE FROM offerte_voci", [])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO offerte_voci (lista, codice, descrizione, posizione) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (lista, list) in LISTE.iter().zip([
        &voci.tipi_offerta,
        &voci.tipi_contratto,
        &voci.modalita_lavoro,
        &voci.motivi_rifiuto,
    ]) {
        for (i, v) in list.iter().enumerate() {
            stmt.execute(params![lista, v.codice, v.descrizione, i as i64])?;
        }
    }
    Ok(())
}

fn voci(conn: &Connection) -> Result<Voci> {
    let mut voci = Voci::default();
    let mut stmt = conn.prepare_cached(
        "SELECT lista, codice, descrizione FROM offerte_voci ORDER BY lista, posizione",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Voce {
                    codice: r.get(1)?,
                    descrizione: r.get(2)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (lista, voce) in rows {
        match lista.as_str() {
            "tipo_offerta" => voci.tipi_offerta.push(voce),
            "tipo_contratto" => voci.tipi_contratto.push(voce),
            "modalita_lavoro" => voci.modalita_lavoro.push(voce),
            "motivo_rifiuto" => voci.motivi_rifiuto.push(voce),
            other => return Err(Error::corrupt(format!("unknown list {other:?}"))),
        }
    }
    Ok(voci)
}

/// Drops pulled records (keeping what was made here and not sent) by id.
pub(crate) fn delete(conn: &Connection, table: &str, ids: &[impl AsRef<str>]) -> Result<usize> {
    let sql = match table {
        "offerte" => "DELETE FROM offerte WHERE id = ?1 AND server IS NOT NULL",
        "interessi" => "DELETE FROM interessi WHERE id = ?1 AND server IS NOT NULL",
        "rifiuti" => "DELETE FROM rifiuti WHERE id = ?1 AND inviato = 1",
        "documenti" => "DELETE FROM documenti WHERE id = ?1 AND server IS NOT NULL",
        "sportelli" => "DELETE FROM sportelli WHERE id = ?1 AND server IS NOT NULL",
        "prenotazioni" => "DELETE FROM prenotazioni WHERE id = ?1 AND server IS NOT NULL",
        "candidature" => "DELETE FROM candidature WHERE id = ?1 AND server IS NOT NULL",
        "contatti" => "DELETE FROM contatti WHERE id = ?1 AND server IS NOT NULL",
        "cv" => "DELETE FROM cv WHERE id = ?1 AND server IS NOT NULL",
        other => return Err(Error::corrupt(format!("not an offer table: {other}"))),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut n = 0;
    for id in ids {
        n += stmt.execute([id.as_ref()])?;
    }
    Ok(n)
}

/// At the end of a pull from zero: pulled records not met are gone.
pub(crate) fn sweep(conn: &Connection) -> Result<usize> {
    let mut n = 0;
    for (table, entity, kept) in [
        ("offerte", SEEN_OFFERTA, "server IS NULL"),
        ("interessi", SEEN_INTERESSE, "server IS NULL"),
        ("rifiuti", SEEN_RIFIUTO, "inviato = 0"),
        ("documenti", SEEN_DOCUMENTO, "server IS NULL"),
        ("sportelli", SEEN_SPORTELLO, "server IS NULL"),
        ("prenotazioni", SEEN_PRENOTAZIONE, "server IS NULL"),
        ("candidature", SEEN_CANDIDATURA, "server IS NULL"),
        ("contatti", SEEN_CONTATTO, "server IS NULL"),
        ("cv", SEEN_CV, "server IS NULL"),
    ] {
        n += conn.execute(
            &format!("DELETE FROM {table} WHERE NOT ({kept}) AND id NOT IN (SELECT key FROM sync_seen WHERE entity = ?1)"),
            [entity],
        )?;
    }
    Ok(n)
}

/// After a scope change: what belongs to other branches goes.
pub(crate) fn drop_outside(conn: &Connection, branches: &str) -> Result<usize> {
    let mut n = 0;
    for table in [
        "offerte",
        "interessi",
        "rifiuti",
        "documenti",
        "sportelli",
        "prenotazioni",
        "candidature",
        "contatti",
        "cv",
    ] {
        n += conn.execute(
            &format!("DELETE FROM {table} WHERE filiale NOT IN (SELECT value FROM json_each(?1))"),
            [branches],
        )?;
    }
    Ok(n)
}

pub(crate) fn wipe(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM offerte; DELETE FROM interessi; DELETE FROM rifiuti; DELETE FROM offerte_voci; DELETE FROM documenti; DELETE FROM sportelli; DELETE FROM prenotazioni; DELETE FROM candidature; DELETE FROM contatti; DELETE FROM cv; DELETE FROM cv_file;")?;
    Ok(())
}

pub(crate) const SEEN_OFFERTA: &str = "offerta";
pub(crate) const SEEN_INTERESSE: &str = "interesse";
pub(crate) const SEEN_RIFIUTO: &str = "rifiuto";
pub(crate) const SEEN_DOCUMENTO: &str = "documento";
pub(crate) const SEEN_SPORTELLO: &str = "sportello";
pub(crate) const SEEN_PRENOTAZIONE: &str = "prenotazione";
pub(crate) const SEEN_CANDIDATURA: &str = "candidatura";
pub(crate) const SEEN_CONTATTO: &str = "contatto";
pub(crate) const SEEN_CV: &str = "cv";

impl Store {
    pub fn offerte(&self, filter: &OfferteFilter) -> Result<Vec<OffertaRow>> {
        offerte(&self.conn, filter)
    }

    /// By id or by code.
    pub fn offerta(&self, id_or_code: &str) -> Result<Option<OffertaRow>> {
        offerta(&self.conn, id_or_code)
    }

    pub fn interessi(
        &self,
        offerta: Option<&str>,
        codice_fiscale: Option<&str>,
    ) -> Result<Vec<InteresseRow>> {
        interessi(&self.conn, offerta, codice_fiscale)
    }

    pub fn interesse(&self, id: &str) -> Result<Option<InteresseRow>> {
        interesse(&self.conn, id)
    }

    /// How many expressions of interest offer `offerta` has.
    pub fn interessi_count(&self, offerta: &str) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM interessi WHERE offerta = ?1")?
            .query_row([offerta], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    pub fn rifiuti(
        &self,
        offerta: Option<&str>,
        codice_fiscale: Option<&str>,
    ) -> Result<Vec<RifiutoRow>> {
        rifiuti(&self.conn, offerta, codice_fiscale)
    }

    pub fn rifiuto(&self, id: &str) -> Result<Option<RifiutoRow>> {
        rifiuto(&self.conn, id)
    }

    /// Empty lists until the first sync.
    pub fn offerte_voci(&self) -> Result<Voci> {
        voci(&self.conn)
    }

    pub fn replace_offerte_voci(&mut self, v: &Voci) -> Result<()> {
        self.write(|tx| replace_voci(&tx.tx, v))
    }
}

impl Tx<'_> {
    pub fn put_offerta(&self, o: &OffertaRow) -> Result<()> {
        put_offerta(&self.tx, o)
    }

    pub fn offerta(&self, id: &str) -> Result<Option<OffertaRow>> {
        offerta(&self.tx, id)
    }

    pub fn put_interesse(&self, i: &InteresseRow) -> Result<()> {
        put_interesse(&self.tx, i)
    }

    pub fn interesse(&self, id: &str) -> Result<Option<InteresseRow>> {
        interesse(&self.tx, id)
    }

    pub fn interessi(
        &self,
        offerta: Option<&str>,
        codice_fiscale: Option<&str>,
    ) -> Result<Vec<InteresseRow>> {
        interessi(&self.tx, offerta, codice_fiscale)
    }

    pub fn put_rifiuto(&self, r: &RifiutoRow) -> Result<()> {
        put_rifiuto(&self.tx, r)
    }

    pub fn rifiuto(&self, id: &str) -> Result<Option<RifiutoRow>> {
        rifiuto(&self.tx, id)
    }

    /// Forgets a record made here that the server never took (its mutation refused).
    pub fn forget_offer_record(&self, table: &str, id: &str) -> Result<usize> {
        let sql = match table {
            "offerte" => "DELETE FROM offerte WHERE id = ?1 AND server IS NULL",
            "interessi" => "DELETE FROM interessi WHERE id = ?1 AND server IS NULL",
            "rifiuti" => "DELETE FROM rifiuti WHERE id = ?1 AND inviato = 0",
            "documenti" => "DELETE FROM documenti WHERE id = ?1 AND server IS NULL",
            "sportelli" => "DELETE FROM sportelli WHERE id = ?1 AND server IS NULL",
            "prenotazioni" => "DELETE FROM prenotazioni WHERE id = ?1 AND server IS NULL",
            "candidature" => "DELETE FROM candidature WHERE id = ?1 AND server IS NULL",
            "contatti" => "DELETE FROM contatti WHERE id = ?1 AND server IS NULL",
            "cv" => "DELETE FROM cv WHERE id = ?1 AND server IS NULL",
            other => return Err(Error::corrupt(format!("not an offer table: {other}"))),
        };
        Ok(self.tx.execute(sql, [id])?)
    }

    /// Drops pulled offer-area records (tombstones); `table`: `offerte`, `interessi`,
    /// `rifiuti`.
    pub fn delete_offer_records(&self, table: &str, ids: &[impl AsRef<str>]) -> Result<usize> {
        delete(&self.tx, table, ids)
    }
}

#[cfg(test)]
mod tests {
    use super::by_offer_or_citizen;
    use crate::Store;

    /// What SQLite does for a list of interests or refusals: an index, never a scan.
    fn plan(store: &Store, table: &str, offerta: Option<&str>, cf: Option<&str>) -> String {
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT id FROM {table} WHERE {} ORDER BY data DESC, id DESC",
            by_offer_or_citizen(offerta, cf)
        );
        let mut stmt = store.conn.prepare(&sql).unwrap();
        stmt.query_map(rusqlite::params![offerta, cf], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
            .join("; ")
    }

    #[test]
    fn the_lists_of_an_offer_or_a_citizen_use_their_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(dir.path(), "Parola-segreta-1").unwrap();
        for table in ["interessi", "rifiuti"] {
            let by_offer = plan(&store, table, Some("o"), None);
            assert!(
                by_offer.contains(&format!("USING INDEX {table}_offerta")),
                "{by_offer}"
            );
            let by_cf = plan(&store, table, None, Some("RSSMRA85T10A562S"));
            assert!(
                by_cf.contains(&format!("USING INDEX {table}_cf")),
                "{by_cf}"
            );
            let both = plan(&store, table, Some("o"), Some("RSSMRA85T10A562S"));
            assert!(both.contains("USING INDEX"), "{both}");
        }
    }
}
