//! The education scale used by "minimum education" filters.
//!
//! Titles keep their ministerial level code as they come; the rank orders them
//! (FSE monitoring list, by ISCED level — see domain.md "Education scale").

use serde::{Deserialize, Serialize};

/// One step of the scale, from "nessun titolo" (rank 0) to "dottorato" (rank 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    NessunTitolo,
    LicenzaElementare,
    LicenzaMedia,
    Qualifica,
    Maturita,
    PostDiploma,
    Its,
    LaureaTriennale,
    LaureaMagistrale,
    Dottorato,
}

/// The whole scale in rank order.
pub const SCALE: [EducationLevel; 10] = [
    EducationLevel::NessunTitolo,
    EducationLevel::LicenzaElementare,
    EducationLevel::LicenzaMedia,
    EducationLevel::Qualifica,
    EducationLevel::Maturita,
    EducationLevel::PostDiploma,
    EducationLevel::Its,
    EducationLevel::LaureaTriennale,
    EducationLevel::LaureaMagistrale,
    EducationLevel::Dottorato,
];

impl EducationLevel {
    pub fn rank(self) -> u8 {
        self as u8
    }

    pub fn from_rank(rank: u8) -> Option<Self> {
        SCALE.get(usize::from(rank)).copied()
    }

    /// The 2-digit ministerial level code. **Assumed** mapping: the SAP standard gives
    /// `20` = licenza media; the other codes follow the same decade pattern.
    /// This table is the one place to change if the official list says otherwise.
    pub fn ministerial_code(self) -> &'static str {
        ["00", "10", "20", "30", "40", "50", "60", "70", "80", "90"][usize::from(self.rank())]
    }

    /// Reads a ministerial level code (`20`) or an 8-digit course-of-study code, which
    /// starts with its level (`20000000`). Unknown codes give `None`, never a guess.
    pub fn from_ministerial_code(code: &str) -> Option<Self> {
        let code = code.trim();
        let valid =
            (code.len() == 2 || code.len() == 8) && code.bytes().all(|b| b.is_ascii_digit());
        if !valid {
            return None;
        }
        SCALE
            .into_iter()
            .find(|level| level.ministerial_code() == &code[..2])
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NessunTitolo => "Nessun titolo",
            Self::LicenzaElementare => "Licenza elementare",
            Self::LicenzaMedia => "Licenza media / avviamento professionale",
            Self::Qualifica => "Qualifica professionale / diploma senza accesso all'università",
            Self::Maturita => "Diploma di scuola secondaria superiore (maturità)",
            Self::PostDiploma => "Qualifica post-diploma / IFTS",
            Self::Its => "Diploma di tecnico superiore (ITS)",
            Self::LaureaTriennale => "Laurea di primo livello / AFAM di I livello",
            Self::LaureaMagistrale => {
                "Laurea magistrale o vecchio ordinamento / AFAM di II livello"
            }
            Self::Dottorato => "Dottorato di ricerca",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(code: &str, expect: Option<u8>) {
        let got = EducationLevel::from_ministerial_code(code).map(EducationLevel::rank);
        assert_eq!(got, expect, "rank of ministerial code {code:?}");
    }

    #[test]
    fn ranks_follow_the_isced_order() {
        check("00", Some(0));
        check("20", Some(2));
        check("40", Some(4));
        check("90", Some(9));
        check("20000000", Some(2)); // a course code starts with its level
        check("70123456", Some(7));
    }

    #[test]
    fn unknown_or_malformed_codes_are_not_guessed() {
        check("25", None);
        check("2", None);
        check("2a", None);
        check("200", None);
        check("", None);
    }

    #[test]
    fn scale_is_strictly_ordered_and_round_trips() {
        for pair in SCALE.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{:?} must rank below {:?}",
                pair[0],
                pair[1]
            );
        }
        for level in SCALE {
            assert_eq!(EducationLevel::from_rank(level.rank()), Some(level));
            assert_eq!(
                EducationLevel::from_ministerial_code(level.ministerial_code()),
                Some(level)
            );
        }
        assert_eq!(EducationLevel::from_rank(10), None);
    }

    #[test]
    fn maturita_is_above_qualifica_for_minimum_filters() {
        // domain.md: a qualifica that gives no university access (ISCED 3) ranks below maturità.
        assert!(EducationLevel::Maturita > EducationLevel::Qualifica);
        assert!(EducationLevel::LaureaTriennale.rank() >= EducationLevel::Maturita.rank());
    }
}
