//! Desktop notifications, for an operator who went to another window meanwhile: what
//! each says, in Italian. The screen says the same; a notification is best effort.

use crate::fasce_deboli::online::FollowReport;
use crate::search::ExportReport;

/// A notification's title and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

impl Notice {
    fn new(title: &str, body: impl Into<String>) -> Self {
        Notice {
            title: title.into(),
            body: body.into(),
        }
    }
}

/// An export finished.
pub fn export_done(report: &ExportReport) -> Notice {
    let body = match report.rows {
        1 => "1 riga esportata".to_string(),
        n => format!("{n} righe esportate"),
    };
    Notice::new("Esportazione completata", body)
}

/// What following the fasce deboli brought: a participants file, an outcome.
pub fn fasce_deboli_arrivals(followed: &FollowReport) -> Vec<Notice> {
    let mut notices = Vec::new();
    if !followed.files_downloaded.is_empty() {
        notices.push(Notice::new(
            "File dei partecipanti pronto",
            "Il file richiesto a FTWeb è stato scaricato: puoi compilarlo.",
        ));
    }
    if !followed.outcomes.is_empty() {
        notices.push(Notice::new(
            "Esito del caricamento disponibile",
            "FTWeb ha elaborato il file caricato: guarda l'esito.",
        ));
    }
    notices
}

/// Daily reports arrived with a sync (super and master users).
pub fn reports_arrived(count: u64) -> Option<Notice> {
    match count {
        0 => None,
        1 => Some(Notice::new(
            "Nuovo report giornaliero",
            "È arrivato il report cross-filiale: aprilo dal Cruscotto.",
        )),
        n => Some(Notice::new(
            "Nuovi report giornalieri",
            format!("Sono arrivati {n} report cross-filiale: aprili dal Cruscotto."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_that_arrived_is_announced_once_none_is_silent() {
        assert_eq!(reports_arrived(0), None);
        assert_eq!(
            reports_arrived(1).unwrap().title,
            "Nuovo report giornaliero"
        );
        assert!(reports_arrived(3).unwrap().body.contains("3 report"));
    }

    #[test]
    fn notices_say_what_arrived_in_italian() {
        let report = |rows| ExportReport {
            file: "candidati.xlsx".into(),
            rows,
            sheets: 1,
            bytes: 1,
            columns: vec![],
            audit_id: 1,
        };
        assert_eq!(export_done(&report(1)).body, "1 riga esportata");
        assert_eq!(export_done(&report(250)).body, "250 righe esportate");

        let followed = |files: &[&str], outcomes: &[&str]| FollowReport {
            requests_sent: 0,
            files_downloaded: files.iter().map(|f| f.to_string()).collect(),
            uploads_sent: 0,
            outcomes: outcomes.iter().map(|f| f.to_string()).collect(),
            receipts: vec![],
        };
        assert!(fasce_deboli_arrivals(&followed(&[], &[])).is_empty());
        let titles: Vec<String> = fasce_deboli_arrivals(&followed(&["r1"], &["u1", "u2"]))
            .into_iter()
            .map(|n| n.title)
            .collect();
        assert_eq!(
            titles,
            [
                "File dei partecipanti pronto",
                "Esito del caricamento disponibile"
            ]
        );
    }
}
