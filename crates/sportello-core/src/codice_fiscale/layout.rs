//! The fixed 16-character layout (DM 23/12/1976) and its tables.

pub(super) const LEN: usize = 16;

/// Month letters, January first.
pub(super) const MONTHS: &[u8; 12] = b"ABCDEHLMPRST";

/// Omocodia letters: `OMOCODIA[d]` stands for the digit `d`.
pub(super) const OMOCODIA: &[u8; 10] = b"LMNPQRSTUV";

/// Odd-position values of A..Z; a digit counts as the letter with the same index (0 = A).
const ODD_VALUES: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// What a position (0-based) may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Letter,
    /// A digit, or its omocodia letter.
    Digit,
    Month,
    Check,
}

pub(super) fn slot(index: usize) -> Slot {
    match index {
        6 | 7 | 9 | 10 | 12..=14 => Slot::Digit,
        8 => Slot::Month,
        15 => Slot::Check,
        _ => Slot::Letter,
    }
}

/// The digit a digit slot stands for, undoing omocodia (`b'7'` or `b'T'` → 7).
pub(super) fn digit_value(c: u8) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(u32::from(c - b'0'));
    }
    OMOCODIA.iter().position(|&l| l == c).map(|d| d as u32)
}

/// Some digit slot holds a letter (an omocodia substitution).
pub(super) fn has_omocodia(code: &[u8]) -> bool {
    code.iter()
        .enumerate()
        .any(|(i, c)| slot(i) == Slot::Digit && c.is_ascii_alphabetic())
}

/// 1-based month of a month letter.
pub(super) fn month_of(letter: u8) -> Option<u32> {
    MONTHS
        .iter()
        .position(|&l| l == letter)
        .map(|i| i as u32 + 1)
}

/// The check letter of the first 15 characters as written (omocodia letters included);
/// `None` unless they are all ASCII uppercase letters or digits.
pub(super) fn check_character(first15: &[u8]) -> Option<char> {
    if first15.len() != LEN - 1 {
        return None;
    }
    let mut sum = 0;
    for (i, &c) in first15.iter().enumerate() {
        let index = match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'Z' => c - b'A',
            _ => return None,
        };
        // Positions are 1-based in the rule: index 0 is the 1st, an odd position.
        sum += if i % 2 == 0 {
            ODD_VALUES[usize::from(index)]
        } else {
            u32::from(index)
        };
    }
    Some(char::from(b'A' + (sum % 26) as u8))
}
