//! Computing a codice fiscale from personal data (DM 23/12/1976).

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::layout::{self, MONTHS};
use super::{CfError, CodiceFiscale, belfiore};
use crate::candidate::Sex;

pub(super) fn compute(
    surname: &str,
    name: &str,
    birth_date: NaiveDate,
    sex: Sex,
    birthplace_code: &str,
) -> Result<CodiceFiscale, CfError> {
    let surname = surname_code(surname).ok_or(CfError::EmptySurname)?;
    let name = name_code(name).ok_or(CfError::EmptyName)?;
    // Validates the code (also against the birth date) and gives its canonical form.
    let place = belfiore::resolve(birthplace_code, birth_date)?;

    let mut code = String::with_capacity(layout::LEN);
    code.push_str(&surname);
    code.push_str(&name);
    code.push_str(&date_code(birth_date, sex));
    code.push_str(place.code);
    let check = layout::check_character(code.as_bytes()).expect("15 uppercase alphanumerics");
    code.push(check);
    Ok(CodiceFiscale(code))
}

/// Consonants first, then vowels, then X padding; `None` if there is no letter at all.
pub(super) fn surname_code(surname: &str) -> Option<String> {
    let (consonants, vowels) = split_letters(surname);
    three(consonants, vowels)
}

/// As the surname, but with 4 or more consonants the 2nd is skipped (1st, 3rd, 4th).
pub(super) fn name_code(name: &str) -> Option<String> {
    let (mut consonants, vowels) = split_letters(name);
    if consonants.len() >= 4 {
        consonants.remove(1);
    }
    three(consonants, vowels)
}

fn three(consonants: Vec<char>, vowels: Vec<char>) -> Option<String> {
    if consonants.is_empty() && vowels.is_empty() {
        return None;
    }
    let padded = consonants
        .into_iter()
        .chain(vowels)
        .chain(std::iter::repeat('X'));
    Some(padded.take(3).collect())
}

/// Uppercase ASCII letters of a name, accents folded, split into consonants and vowels.
fn split_letters(text: &str) -> (Vec<char>, Vec<char>) {
    fold(text)
        .filter(char::is_ascii_alphabetic)
        .partition(|c| !"AEIOU".contains(*c))
}

/// Folds accents (NFD minus combining marks) and the few Latin letters that do not
/// decompose; anything else that is not a letter (apostrophes, spaces) is dropped later.
fn fold(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(|c| {
        let folded = match c {
            'ß' => "SS",
            'Æ' | 'æ' => "AE",
            'Œ' | 'œ' => "OE",
            'Ø' | 'ø' => "O",
            'Ł' | 'ł' => "L",
            'Đ' | 'đ' | 'Ð' | 'ð' => "D",
            'Þ' | 'þ' => "TH",
            'ı' => "I",
            _ => "",
        };
        let chars: Vec<char> = if folded.is_empty() {
            c.to_uppercase().collect()
        } else {
            folded.chars().collect()
        };
        chars
    })
}

/// Year (2 digits), month letter, day (+40 for women).
fn date_code(birth_date: NaiveDate, sex: Sex) -> String {
    let year = birth_date.year().rem_euclid(100);
    let month = char::from(MONTHS[birth_date.month0() as usize]);
    let day = birth_date.day() + if sex == Sex::F { 40 } else { 0 };
    format!("{year:02}{month}{day:02}")
}
