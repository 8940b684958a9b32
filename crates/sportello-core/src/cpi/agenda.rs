//! "Prenota un appuntamento" (seed 003): the event types with their durations, the
//! desk's availability (weekly opening hours and exceptions), the slots it makes, and
//! what happens to a booking.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// "Tipo Evento", with seed 003's durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipoEvento {
    IscrizioneCpi,
    StesuraCv,
    RicercaLavoro,
    AttivazioneTirocini,
}

impl TipoEvento {
    pub const TUTTI: [Self; 4] = [
        Self::IscrizioneCpi,
        Self::StesuraCv,
        Self::RicercaLavoro,
        Self::AttivazioneTirocini,
    ];

    pub fn etichetta(self) -> &'static str {
        match self {
            Self::IscrizioneCpi => "Colloquio per iscrizione al CPI",
            Self::StesuraCv => "Colloquio per stesura curriculum vitae",
            Self::RicercaLavoro => "Colloquio per la ricerca di lavoro",
            Self::AttivazioneTirocini => "Colloquio di attivazione dei tirocini",
        }
    }

    pub fn minuti(self) -> u32 {
        match self {
            Self::IscrizioneCpi | Self::StesuraCv => 45,
            Self::RicercaLavoro | Self::AttivazioneTirocini => 30,
        }
    }

    /// What the citizen brings (**assumed**: the seed's receipt "specifies how the
    /// interview will take place" without listing it).
    pub fn da_portare(self) -> &'static str {
        match self {
            Self::IscrizioneCpi => {
                "Documento di identità valido, codice fiscale, permesso di soggiorno se cittadino extra UE."
            }
            Self::StesuraCv => {
                "Documento di identità, titoli di studio e attestati, elenco delle esperienze di lavoro."
            }
            Self::RicercaLavoro => "Documento di identità e curriculum vitae aggiornato.",
            Self::AttivazioneTirocini => {
                "Documento di identità, progetto formativo o contatto del soggetto ospitante."
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::IscrizioneCpi => "iscrizione_cpi",
            Self::StesuraCv => "stesura_cv",
            Self::RicercaLavoro => "ricerca_lavoro",
            Self::AttivazioneTirocini => "attivazione_tirocini",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::TUTTI.into_iter().find(|t| t.as_str() == s)
    }
}

/// The desks' wall-clock time at `now` (Italy's), which slots and bookings are in.
pub fn ora_locale(now: chrono::DateTime<chrono::Utc>) -> NaiveDateTime {
    now.with_timezone(&chrono_tz::Europe::Rome).naive_local()
}

/// An opening window of a weekday: from, to (exclusive), the events served in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fascia {
    pub giorno: Weekday,
    pub dalle: NaiveTime,
    pub alle: NaiveTime,
    pub eventi: Vec<TipoEvento>,
}

/// Open from `dalle` to `alle` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Orario {
    pub dalle: NaiveTime,
    pub alle: NaiveTime,
}

/// A day that is not like the week says: closed, or open at other hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eccezione {
    pub data: NaiveDate,
    /// Empty: closed all day.
    pub fasce: Vec<Orario>,
    /// Why (holiday, training…), shown in the agenda.
    pub motivo: String,
}

/// A sportello's availability: the week, its exceptions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Disponibilita {
    pub settimana: Vec<Fascia>,
    pub eccezioni: Vec<Eccezione>,
}

/// A problem of an availability, in Italian.
pub fn problemi(d: &Disponibilita) -> Vec<String> {
    let mut out = Vec::new();
    for f in &d.settimana {
        if f.alle <= f.dalle {
            out.push(format!(
                "{}: l'orario di chiusura ({}) deve seguire quello di apertura ({}).",
                giorno(f.giorno),
                f.alle.format("%H:%M"),
                f.dalle.format("%H:%M")
            ));
        }
        if f.eventi.is_empty() {
            out.push(format!(
                "{} {}–{}: indicare almeno un tipo di evento.",
                giorno(f.giorno),
                f.dalle.format("%H:%M"),
                f.alle.format("%H:%M")
            ));
        }
    }
    for (i, a) in d.settimana.iter().enumerate() {
        for b in &d.settimana[i + 1..] {
            if a.giorno == b.giorno && a.dalle < b.alle && b.dalle < a.alle {
                out.push(format!(
                    "{}: le fasce {}–{} e {}–{} si sovrappongono.",
                    giorno(a.giorno),
                    a.dalle.format("%H:%M"),
                    a.alle.format("%H:%M"),
                    b.dalle.format("%H:%M"),
                    b.alle.format("%H:%M")
                ));
            }
        }
    }
    for e in &d.eccezioni {
        if e.fasce.iter().any(|o| o.alle <= o.dalle) {
            out.push(format!(
                "{}: un orario di chiusura precede quello di apertura.",
                e.data.format("%d/%m/%Y")
            ));
        }
    }
    out
}

pub fn giorno(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Lunedì",
        Weekday::Tue => "Martedì",
        Weekday::Wed => "Mercoledì",
        Weekday::Thu => "Giovedì",
        Weekday::Fri => "Venerdì",
        Weekday::Sat => "Sabato",
        Weekday::Sun => "Domenica",
    }
}

/// A bookable time: when, for how long, for which event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Slot {
    pub inizio: NaiveDateTime,
    pub minuti: u32,
}

/// The slots of `tipo` from `dal` to `al` (inclusive): each opening window serving
/// `tipo` cut into back-to-back slots of its duration (a rest shorter than one slot is
/// left unbooked); an exception replaces its day's windows (serving every event).
pub fn slots(d: &Disponibilita, tipo: TipoEvento, dal: NaiveDate, al: NaiveDate) -> Vec<Slot> {
    let step = Duration::minutes(i64::from(tipo.minuti()));
    let mut out = Vec::new();
    let mut day = dal;
    while day <= al {
        let windows: Vec<(NaiveTime, NaiveTime)> = match d.eccezioni.iter().find(|e| e.data == day)
        {
            Some(e) => e.fasce.iter().map(|o| (o.dalle, o.alle)).collect(),
            None => d
                .settimana
                .iter()
                .filter(|f| f.giorno == day.weekday() && f.eventi.contains(&tipo))
                .map(|f| (f.dalle, f.alle))
                .collect(),
        };
        for (dalle, alle) in windows {
            let end = day.and_time(alle);
            let mut at = day.and_time(dalle);
            // Checked: the calendar's last day has no room after its last minute.
            while let Some(next) = at.checked_add_signed(step).filter(|n| *n <= end) {
                out.push(Slot {
                    inizio: at,
                    minuti: tipo.minuti(),
                });
                at = next;
            }
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    out.sort();
    out
}

/// Where a booking is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stato", rename_all = "snake_case")]
pub enum StatoPrenotazione {
    Prenotato,
    /// Cancelled (by the desk or at the citizen's request).
    Annullato {
        motivo: String,
    },
    /// Moved: this booking ends, a new one holds the new slot.
    Spostato {
        nuova: String,
    },
    /// The citizen did not come.
    NonPresentato,
    /// Held, with its outcome (it becomes an annotation of the citizen).
    Svolto {
        esito: String,
    },
}

impl StatoPrenotazione {
    pub fn etichetta(&self) -> &'static str {
        match self {
            Self::Prenotato => "Prenotato",
            Self::Annullato { .. } => "Annullato",
            Self::Spostato { .. } => "Spostato",
            Self::NonPresentato => "Non presentato",
            Self::Svolto { .. } => "Svolto",
        }
    }

    /// Whether the booking still holds its slot.
    pub fn occupa(&self) -> bool {
        matches!(self, Self::Prenotato)
    }

    /// `next` from here at `now` for a booking starting at `inizio`, or why not:
    /// only a booked appointment changes; it is cancelled or moved before it starts,
    /// marked held or missed once it has started.
    pub fn verso(
        &self,
        next: &StatoPrenotazione,
        inizio: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<(), &'static str> {
        if !self.occupa() {
            return Err("L'appuntamento è già concluso: non si modifica più.");
        }
        match next {
            Self::Prenotato => Err("L'appuntamento è già prenotato."),
            Self::Annullato { motivo } if motivo.trim().is_empty() => {
                Err("Indicare il motivo dell'annullamento.")
            }
            Self::Annullato { .. } | Self::Spostato { .. } if now >= inizio => {
                Err("L'appuntamento è già iniziato: si segna svolto o non presentato.")
            }
            Self::Svolto { esito } if esito.trim().is_empty() => {
                Err("Indicare l'esito del colloquio.")
            }
            Self::Svolto { .. } | Self::NonPresentato if now < inizio => {
                Err("L'appuntamento non è ancora iniziato.")
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn settimana() -> Disponibilita {
        Disponibilita {
            settimana: vec![
                Fascia {
                    giorno: Weekday::Mon,
                    dalle: t(9, 0),
                    alle: t(11, 0),
                    eventi: TipoEvento::TUTTI.to_vec(),
                },
                Fascia {
                    giorno: Weekday::Wed,
                    dalle: t(15, 0),
                    alle: t(16, 40),
                    eventi: vec![TipoEvento::RicercaLavoro],
                },
            ],
            eccezioni: vec![],
        }
    }

    #[test]
    fn seed_003_durations() {
        let got: Vec<(&str, u32)> = TipoEvento::TUTTI
            .iter()
            .map(|t| (t.etichetta(), t.minuti()))
            .collect();
        assert_eq!(
            got,
            [
                ("Colloquio per iscrizione al CPI", 45),
                ("Colloquio per stesura curriculum vitae", 45),
                ("Colloquio per la ricerca di lavoro", 30),
                ("Colloquio di attivazione dei tirocini", 30),
            ]
        );
    }

    #[test]
    fn windows_are_cut_into_slots_of_the_event_s_duration() {
        // Monday 7 Dec 2026 to Sunday 13 Dec 2026.
        let (mon, sun) = (d(2026, 12, 7), d(2026, 12, 13));
        let iscrizione = slots(&settimana(), TipoEvento::IscrizioneCpi, mon, sun);
        let at: Vec<String> = iscrizione
            .iter()
            .map(|s| s.inizio.format("%a %H:%M").to_string())
            .collect();
        // 09:00–11:00 holds two 45-minute slots; the 30 minutes left stay free.
        assert_eq!(at, ["Mon 09:00", "Mon 09:45"]);
        let ricerca = slots(&settimana(), TipoEvento::RicercaLavoro, mon, sun);
        let at: Vec<String> = ricerca
            .iter()
            .map(|s| s.inizio.format("%a %H:%M").to_string())
            .collect();
        assert_eq!(
            at,
            [
                "Mon 09:00",
                "Mon 09:30",
                "Mon 10:00",
                "Mon 10:30",
                "Wed 15:00",
                "Wed 15:30",
                "Wed 16:00"
            ]
        );
    }

    #[test]
    fn an_exception_closes_or_reopens_its_day() {
        let mut disp = settimana();
        disp.eccezioni = vec![
            Eccezione {
                data: d(2026, 12, 7),
                fasce: vec![],
                motivo: "Chiusura straordinaria".into(),
            },
            Eccezione {
                data: d(2026, 12, 12),
                fasce: vec![Orario {
                    dalle: t(9, 0),
                    alle: t(10, 0),
                }],
                motivo: "Apertura del sabato".into(),
            },
        ];
        let got = slots(
            &disp,
            TipoEvento::RicercaLavoro,
            d(2026, 12, 7),
            d(2026, 12, 13),
        );
        let at: Vec<String> = got
            .iter()
            .map(|s| s.inizio.format("%a %H:%M").to_string())
            .collect();
        assert_eq!(
            at,
            [
                "Wed 15:00",
                "Wed 15:30",
                "Wed 16:00",
                "Sat 09:00",
                "Sat 09:30"
            ]
        );
    }

    #[test]
    fn a_wrong_availability_is_named() {
        let mut disp = settimana();
        disp.settimana.push(Fascia {
            giorno: Weekday::Mon,
            dalle: t(10, 30),
            alle: t(12, 0),
            eventi: vec![],
        });
        disp.settimana.push(Fascia {
            giorno: Weekday::Fri,
            dalle: t(12, 0),
            alle: t(9, 0),
            eventi: vec![TipoEvento::StesuraCv],
        });
        let p = problemi(&disp);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p.iter().any(|m| m.contains("si sovrappongono")));
        assert!(p.iter().any(|m| m.contains("almeno un tipo di evento")));
        assert!(p.iter().any(|m| m.starts_with("Venerdì")));
        assert!(problemi(&settimana()).is_empty());
    }

    #[test]
    fn a_booking_changes_before_it_starts_and_is_closed_after() {
        let inizio = d(2026, 12, 7).and_time(t(9, 0));
        let before = inizio - Duration::hours(1);
        let after = inizio + Duration::minutes(5);
        let p = StatoPrenotazione::Prenotato;
        let annullato = StatoPrenotazione::Annullato {
            motivo: "Richiesta del cittadino".into(),
        };
        let svolto = StatoPrenotazione::Svolto {
            esito: "Iscrizione completata".into(),
        };
        assert!(p.verso(&annullato, inizio, before).is_ok());
        assert!(p.verso(&annullato, inizio, after).is_err());
        assert!(
            p.verso(
                &StatoPrenotazione::Spostato { nuova: "x".into() },
                inizio,
                before
            )
            .is_ok()
        );
        assert!(p.verso(&svolto, inizio, before).is_err());
        assert!(p.verso(&svolto, inizio, after).is_ok());
        assert!(
            p.verso(&StatoPrenotazione::NonPresentato, inizio, after)
                .is_ok()
        );
        assert!(
            p.verso(
                &StatoPrenotazione::Annullato { motivo: " ".into() },
                inizio,
                before
            )
            .is_err()
        );
        assert!(
            p.verso(
                &StatoPrenotazione::Svolto { esito: "".into() },
                inizio,
                after
            )
            .is_err()
        );
        for done in [annullato, svolto, StatoPrenotazione::NonPresentato] {
            assert!(
                done.verso(&StatoPrenotazione::NonPresentato, inizio, after)
                    .is_err()
            );
            assert!(!done.occupa());
        }
    }
}
