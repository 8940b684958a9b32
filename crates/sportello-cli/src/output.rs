//! Printing: JSON when asked (`--json`), otherwise short Italian text for people.

use serde::Serialize;
use sportello_app::codice_fiscale::CfReport;
use sportello_app::demo::DemoReport;
use sportello_app::documents::{BatchReport, DocumentReport, ReceiptDto};
use sportello_app::search::{ExportReport, SavedSearchDto, SearchResult};
use sportello_app::store::{RecoveryReport, StoreReport};

fn json<T: Serialize + ?Sized>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("reports always serialise")
    );
}

pub fn cf_reports(reports: &[CfReport], as_json: bool) {
    if as_json {
        return json(reports);
    }
    for r in reports {
        match &r.decoded {
            Some(d) => println!(
                "{}  valido  sesso {}, nato/a il {} a {} ({}, codice {}){}",
                r.normalized,
                d.sex,
                italian_date(&d.birth_date),
                d.birthplace_name,
                d.province,
                d.birthplace_code,
                if d.omocode { ", omocodice" } else { "" }
            ),
            None => {
                println!(
                    "{}  NON VALIDO",
                    if r.normalized.is_empty() {
                        &r.input
                    } else {
                        &r.normalized
                    }
                );
                for e in &r.errors {
                    println!("    - {}", e.message);
                }
            }
        }
    }
}

pub fn store_report(r: &StoreReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!(
        "Integrità: {}",
        if r.integrity_ok { "OK" } else { "DANNEGGIATO" }
    );
    for problem in &r.problems {
        println!("    - {problem}");
    }
    println!("Versione dello schema: {}", r.schema_version);
    println!(
        "Dimensione: {} (file) + {} (journal WAL)",
        bytes(r.db_bytes),
        bytes(r.wal_bytes)
    );
    for c in &r.counts {
        println!("  {:<24} {:>10}", c.table, c.rows);
    }
}

pub fn recovery_report(r: &RecoveryReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    if !r.was_damaged {
        println!("L'archivio è integro: nessuna modifica.");
        return;
    }
    println!(
        "Archivio ricostruito. Modifiche non sincronizzate recuperate: {}; ricerche salvate recuperate: {}; ricevute recuperate: {}.",
        r.mutations_recovered, r.saved_searches_recovered, r.receipts_recovered
    );
    let work: usize = r.work_recovered.values().sum();
    if work > 0 {
        println!(
            "Altro lavoro recuperato (conflitti, fasce deboli: richieste, compilazione, caricamenti): {work} righe."
        );
    }
    for path in &r.moved_aside {
        println!("File danneggiato conservato in {path}");
    }
    println!("I dati dei candidati verranno riscaricati alla prossima sincronizzazione.");
}

pub fn demo_report(r: &DemoReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!("Archivio dimostrativo di «{}»: {}", r.user, r.store_dir);
    println!(
        "Candidati caricati: {} in {} ms ({} filiali)",
        r.candidates_loaded, r.load_ms, r.branches
    );
    println!("Candidati in archivio: {}", r.candidates_total);
    println!(
        "Esempio di ricerca «{}»: {} candidati",
        r.sample_keywords, r.sample_keyword_hits
    );
    println!("Dimensione dell'archivio cifrato: {}", bytes(r.db_bytes));
}

/// YYYY-MM-DD → DD/MM/YYYY, as Italian readers expect.
fn italian_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

pub fn search_result(r: &SearchResult, criteria: &[(String, String)], as_json: bool) {
    if as_json {
        return json(r);
    }
    let shown_to = r.offset + r.rows.len() as u64;
    if criteria.is_empty() {
        println!("Tutti i candidati (ordine: {})", r.sort_description);
    } else {
        let text: Vec<String> = criteria.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        println!(
            "Filtri: {}  (ordine: {})",
            text.join("; "),
            r.sort_description
        );
    }
    if r.rows.is_empty() {
        println!("Nessun candidato trovato (totale {}).", r.total);
        return;
    }
    println!("Candidati {}–{} di {}:", r.offset + 1, shown_to, r.total);
    println!(
        "  {:<16}  {:<24}  {:>3}  {:<5}  {:<20}  {:<22}  Cellulare",
        "Codice fiscale", "Cognome e nome", "Età", "Fil.", "Comune", "Stato"
    );
    for row in &r.rows {
        println!(
            "  {:<16}  {:<24}  {:>3}  {:<5}  {:<20}  {:<22}  {}",
            row.codice_fiscale,
            clip(&format!("{} {}", row.surname, row.name), 24),
            row.age.map(|a| a.to_string()).unwrap_or_default(),
            row.branch,
            clip(row.comune.as_deref().unwrap_or(""), 20),
            clip(row.status_label.as_deref().unwrap_or(""), 22),
            row.mobile.as_deref().unwrap_or("")
        );
    }
}

pub fn export_report(r: &ExportReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!(
        "Esportati {} candidati in {} ({}{}).",
        r.rows,
        r.file,
        bytes(r.bytes),
        if r.sheets > 1 {
            format!(", {} fogli di dati", r.sheets)
        } else {
            String::new()
        }
    );
    println!(
        "Esportazione registrata nel registro degli accessi (n. {}).",
        r.audit_id
    );
}

pub fn saved_searches(items: &[SavedSearchDto], as_json: bool) {
    if as_json {
        return json(items);
    }
    if items.is_empty() {
        println!("Nessuna ricerca salvata.");
    }
    for s in items {
        let text: Vec<String> = s
            .criteria
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        println!(
            "{}  —  {}  (ordine: {})",
            s.name,
            if text.is_empty() {
                "tutti i candidati".to_string()
            } else {
                text.join("; ")
            },
            s.sort_description
        );
    }
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(width - 1).collect();
        out.push('…');
        out
    }
}

pub fn login_report(r: &sportello_app::sync::LoginReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    if r.online {
        println!(
            "Accesso eseguito: {} ({}), ambito {}.",
            r.username,
            r.role.as_deref().unwrap_or("?"),
            r.scope.as_deref().unwrap_or("?")
        );
        if r.store_created {
            println!(
                "Creato l'archivio locale cifrato: esegui `sportello sync` per scaricare i dati."
            );
        }
        if r.scope_changed {
            println!("Ambito cambiato: i dati fuori ambito sono stati tolti dall'archivio locale.");
        }
        if let Some(at) = r.password_expires_at {
            println!("La password scade il {}.", at.format("%d/%m/%Y"));
        }
    } else {
        println!(
            "Server non raggiungibile ({}): lavori sui dati locali.",
            r.offline_reason.as_deref().unwrap_or("")
        );
        match (r.last_sync_at, r.data_age_minutes) {
            (Some(at), Some(age)) => println!(
                "Dati aggiornati al {} ({}).",
                at.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M"),
                age_text(age)
            ),
            _ => println!("I dati locali non sono mai stati sincronizzati."),
        }
    }
    if r.pending_mutations > 0 {
        println!("Modifiche in attesa di invio: {}.", r.pending_mutations);
    }
}

fn age_text(minutes: i64) -> String {
    match minutes {
        0 => "meno di un minuto fa".into(),
        m if m < 120 => format!("{m} minuti fa"),
        m if m < 48 * 60 => format!("{} ore fa", m / 60),
        m => format!("{} giorni fa", m / (24 * 60)),
    }
}

pub fn sync_summary(s: &sportello_app::sync::SyncSummary, as_json: bool) {
    if as_json {
        return json(s);
    }
    println!(
        "Inviate: {} applicate, {} in conflitto, {} rifiutate. Ricevuti: {} record ({} rimossi){} in {} pagine, {:.1} s.",
        s.applied,
        s.conflicts,
        s.rejected,
        s.pulled,
        s.removed + s.swept,
        if s.from_zero { ", dall'inizio" } else { "" },
        s.pages,
        s.millis as f64 / 1000.0
    );
    if let Some(why) = &s.push_stopped {
        println!(
            "Attenzione: il server non ha accettato una modifica ({why}); le altre aspettano: si riprova alla prossima sincronizzazione, e dopo alcuni tentativi la modifica viene messa da parte tra i problemi. I dati sono stati ricevuti comunque."
        );
    }
    if s.set_aside > 0 {
        println!(
            "{} modifiche messe da parte perché il server non le accetta.",
            s.set_aside
        );
    }
    if s.conflicts + s.rejected + s.set_aside > 0 {
        println!("Vedi `sportello problems list`.");
    }
    if s.invalid > 0 {
        println!(
            "Attenzione: {} record ricevuti dal server non erano validi e non sono stati salvati: segnalalo all'assistenza.",
            s.invalid
        );
    }
    if s.fd_files_downloaded + s.fd_outcomes + s.fd_uploads_sent > 0 {
        println!(
            "Fasce deboli: {} file scaricati, {} esiti arrivati, {} caricamenti inviati (vedi `sportello fasce-deboli stato`).",
            s.fd_files_downloaded, s.fd_outcomes, s.fd_uploads_sent
        );
    }
    if s.report_nuovi > 0 {
        println!(
            "Report giornalieri arrivati: {} (vedi `sportello report list`).",
            s.report_nuovi
        );
    }
    if s.corsi_aggiornati {
        println!("Catalogo dei corsi aggiornato (vedi `sportello corsi list`).");
    }
}

pub fn status(s: &sportello_app::sync::Status, as_json: bool) {
    if as_json {
        return json(s);
    }
    println!(
        "Server: {}. Sessione: {}.",
        if s.online {
            "raggiungibile"
        } else {
            "non raggiungibile"
        },
        s.scope.as_deref().unwrap_or("nessuna")
    );
    match s.last_sync_at {
        Some(at) => println!(
            "Ultima sincronizzazione: {}.",
            at.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M")
        ),
        None => println!("Mai sincronizzato."),
    }
    println!(
        "Modifiche in attesa: {}; rifiutate: {}; in conflitto: {}.",
        s.pending_mutations, s.rejected, s.conflicts
    );
    println!(
        "Archivio: {} filiali, {} candidati, {} annotazioni, {} dichiarazioni fasce deboli.",
        s.records.branches, s.records.candidates, s.records.annotations, s.records.fasce_deboli
    );
}

pub fn problems(list: &[sportello_app::sync::Problem], as_json: bool) {
    if as_json {
        return json(list);
    }
    if list.is_empty() {
        println!("Nessuna modifica rifiutata o in conflitto.");
    }
    for p in list {
        println!(
            "{:>6}  {:<9} {:<18} {}  {}",
            p.seq,
            if p.state == "conflict" {
                "conflitto"
            } else {
                "rifiutata"
            },
            p.kind,
            p.codice_fiscale,
            p.reason.as_deref().unwrap_or("")
        );
    }
}

pub fn document_report(what: &str, r: &DocumentReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!("{what} scritto in {} ({}).", r.file, bytes(r.bytes));
    println!("Registrato nel registro degli accessi (n. {}).", r.audit_id);
}

pub fn batch_report(r: &BatchReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    if let Some(dir) = &r.out_dir {
        println!("{} schede SAP scritte in {dir}.", r.candidates);
    }
    if let Some(m) = &r.merged {
        println!(
            "{} schede SAP in un unico file: {} ({}).",
            r.candidates,
            m.file,
            bytes(m.bytes)
        );
    }
    println!("Registrato nel registro degli accessi (n. {}).", r.audit_id);
}

pub fn receipts(list: &[ReceiptDto], as_json: bool) {
    if as_json {
        return json(list);
    }
    if list.is_empty() {
        println!("Nessuna ricevuta.");
        return;
    }
    for r in list {
        let when = chrono::DateTime::parse_from_rfc3339(&r.issued_at)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%d/%m/%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| r.issued_at.clone());
        println!(
            "{}  {when}  {}  {}  {}{}",
            r.number,
            r.branch,
            r.operator,
            r.title,
            r.acknowledgement
                .as_deref()
                .map(|a| format!("  (ricevuto: {a})"))
                .unwrap_or_default()
        );
    }
}
