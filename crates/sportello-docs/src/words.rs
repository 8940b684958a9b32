//! How values are written in Italian documents: dates, money, yes/no, languages.

use chrono::NaiveDate;
use sportello_core::Sex;

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub(crate) fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

pub(crate) fn opt(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

pub(crate) fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "SÌ".into(),
        Some(false) => "NO".into(),
        None => String::new(),
    }
}

pub(crate) fn sex(s: Sex) -> &'static str {
    match s {
        Sex::M => "MASCHIO",
        Sex::F => "FEMMINA",
    }
}

/// Euro cents as "12.345,67 €".
pub(crate) fn euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02} €", cents % 100)
}

/// The Italian name of an ISO 639-1 language; the code itself when unknown.
pub(crate) fn language(code: &str) -> String {
    let name = match code.to_ascii_lowercase().as_str() {
        "en" => "Inglese",
        "fr" => "Francese",
        "es" => "Spagnolo",
        "de" => "Tedesco",
        "pt" => "Portoghese",
        "ar" => "Arabo",
        "ro" => "Rumeno",
        "zh" => "Cinese",
        "ru" => "Russo",
        "uk" => "Ucraino",
        "sq" => "Albanese",
        "pl" => "Polacco",
        "it" => "Italiano",
        "hi" => "Hindi",
        "bn" => "Bengalese",
        "ur" => "Urdu",
        "tl" => "Filippino",
        "ja" => "Giapponese",
        "nl" => "Olandese",
        "el" => "Greco",
        _ => return code.to_uppercase(),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_dates_are_written_the_italian_way() {
        assert_eq!(euro(1_234_567), "12.345,67 €");
        assert_eq!(euro(5), "0,05 €");
        assert_eq!(euro(100_000_000), "1.000.000,00 €");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2020, 1, 31).unwrap()),
            "31/01/2020"
        );
        assert_eq!(language("en"), "Inglese");
        assert_eq!(language("xx"), "XX");
    }
}
