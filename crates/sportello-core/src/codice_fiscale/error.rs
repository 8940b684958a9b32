//! Why a codice fiscale (or the data to compute one) is not acceptable.

use chrono::NaiveDate;

use super::layout::{self, Slot};

/// One problem found in a codice fiscale. `Display` is the Italian message for the
/// operator; [`CfError::code`] is the stable machine code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CfError {
    #[error("Il codice fiscale è vuoto")]
    Empty,
    #[error("Il codice fiscale deve avere 16 caratteri (ne ha {len})")]
    WrongLength { len: usize },
    #[error("Carattere non valido in posizione {position}: «{found}» ({})", expected_at(*.position))]
    BadCharacter { position: usize, found: char },
    #[error("Lettera del mese non valida: {letter} (ammesse: A B C D E H L M P R S T)")]
    InvalidMonth { letter: char },
    #[error(
        "Giorno di nascita non valido: {day:02} (ammessi 01–31 per gli uomini, 41–71 per le donne)"
    )]
    InvalidDay { day: u32 },
    #[error("La data di nascita non esiste: {day:02}/{month:02}")]
    InvalidDate { day: u32, month: u32 },
    #[error("Codice del luogo di nascita sconosciuto: {code}")]
    UnknownBirthplace { code: String },
    #[error(
        "Il luogo di nascita {code} risulta già cessato alla data di nascita ({})",
        .birth_date.format("%d/%m/%Y")
    )]
    BirthplaceNotValidAtBirthDate { code: String, birth_date: NaiveDate },
    #[error("Carattere di controllo errato: atteso {expected}, trovato {found}")]
    WrongCheckCharacter { expected: char, found: char },
    #[error("Il cognome non contiene lettere")]
    EmptySurname,
    #[error("Il nome non contiene lettere")]
    EmptyName,
}

impl CfError {
    /// Stable machine code (snake_case English), for logs, APIs and tests.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::WrongLength { .. } => "wrong_length",
            Self::BadCharacter { .. } => "bad_character",
            Self::InvalidMonth { .. } => "invalid_month",
            Self::InvalidDay { .. } => "invalid_day",
            Self::InvalidDate { .. } => "invalid_date",
            Self::UnknownBirthplace { .. } => "unknown_birthplace",
            Self::BirthplaceNotValidAtBirthDate { .. } => "birthplace_not_valid_at_birth_date",
            Self::WrongCheckCharacter { .. } => "wrong_check_character",
            Self::EmptySurname => "empty_surname",
            Self::EmptyName => "empty_name",
        }
    }
}

/// What the layout expects at a 1-based position, for the message.
fn expected_at(position: usize) -> &'static str {
    match position.checked_sub(1).map(layout::slot) {
        Some(Slot::Digit) => "atteso un numero",
        Some(Slot::Month) => "attesa la lettera del mese",
        Some(Slot::Check) => "atteso il carattere di controllo, una lettera",
        _ => "attesa una lettera",
    }
}
