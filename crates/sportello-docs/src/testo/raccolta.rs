//! The text being read, normalised as it comes: a run of spaces becomes one space, a
//! run of line breaks one line break, control characters are separators, and reading
//! stops being recorded at [`MAX_CARATTERI`].

use super::{FormatoCv, RifiutoCv, TestoCv};

pub use sportello_core::cpi::cv::MAX_CARATTERI;
/// Fewer letters than this and the file is taken for a scan (the core's rule).
pub use sportello_core::cpi::cv::MIN_LETTERE;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Separatore {
    Nessuno,
    Spazio,
    ACapo,
}

#[derive(Debug)]
pub(crate) struct Raccolta {
    testo: String,
    caratteri: usize,
    lettere: usize,
    /// The strongest separator met since the last character kept.
    in_sospeso: Separatore,
    /// Whether a part of the file could not be read: then too little text is damage,
    /// not a scan.
    danno: bool,
}

impl Raccolta {
    pub(crate) fn new() -> Raccolta {
        Raccolta {
            testo: String::new(),
            caratteri: 0,
            lettere: 0,
            in_sospeso: Separatore::Nessuno,
            danno: false,
        }
    }

    /// A part of the file was skipped as unreadable.
    pub(crate) fn danno(&mut self) {
        self.danno = true;
    }

    /// Whether more text would be dropped: readers may stop early.
    pub(crate) fn piena(&self) -> bool {
        self.caratteri >= MAX_CARATTERI
    }

    pub(crate) fn testo(&mut self, s: &str) {
        for c in s.chars() {
            self.carattere(c);
        }
    }

    pub(crate) fn carattere(&mut self, c: char) {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' => self.a_capo(),
            c if c.is_whitespace() || c.is_control() => self.spazio(),
            // Soft hyphens and zero-width marks only hint at where a word may break.
            '\u{AD}' | '\u{200B}' | '\u{FEFF}' => {}
            c => self.tieni(c),
        }
    }

    pub(crate) fn spazio(&mut self) {
        self.in_sospeso = self.in_sospeso.max(Separatore::Spazio);
    }

    pub(crate) fn a_capo(&mut self) {
        self.in_sospeso = Separatore::ACapo;
    }

    fn tieni(&mut self, c: char) {
        let separatore = match self.in_sospeso {
            _ if self.testo.is_empty() => None,
            Separatore::Nessuno => None,
            Separatore::Spazio => Some(' '),
            Separatore::ACapo => Some('\n'),
        };
        let servono = 1 + usize::from(separatore.is_some());
        if self.caratteri + servono > MAX_CARATTERI {
            self.caratteri = MAX_CARATTERI;
            return;
        }
        self.testo.extend(separatore);
        self.testo.push(c);
        self.caratteri += servono;
        self.in_sospeso = Separatore::Nessuno;
        if c.is_alphabetic() {
            self.lettere += 1;
        }
    }

    /// The text read, or why it is too little to be a CV's.
    pub(crate) fn fine(self, formato: FormatoCv) -> Result<TestoCv, RifiutoCv> {
        if self.lettere < MIN_LETTERE {
            return Err(if self.danno {
                RifiutoCv::danneggiato()
            } else {
                RifiutoCv::SenzaTesto
            });
        }
        Ok(TestoCv {
            formato,
            testo: self.testo,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letto(parti: &[&str]) -> String {
        let mut r = Raccolta::new();
        for p in parti {
            r.testo(p);
        }
        r.testo
    }

    #[test]
    fn whitespace_runs_collapse_and_line_breaks_win() {
        assert_eq!(
            letto(&[
                "  Mario\t\t Rossi ",
                " \n\n  Via Roma\u{A0}1\r\n",
                "\u{7}Firenze  "
            ]),
            "Mario Rossi\nVia Roma 1\nFirenze"
        );
    }

    #[test]
    fn the_text_is_capped() {
        let mut r = Raccolta::new();
        for _ in 0..MAX_CARATTERI {
            r.testo("ab ");
        }
        assert!(r.piena());
        let n = r.testo.chars().count();
        assert!((MAX_CARATTERI - 2..=MAX_CARATTERI).contains(&n), "{n}");
    }

    #[test]
    fn too_few_letters_is_a_scan_unless_something_was_unreadable() {
        let mut r = Raccolta::new();
        r.testo("Pagina 1 di 2 — 12/03/2025 — 0543 123456");
        assert_eq!(r.fine(FormatoCv::Pdf), Err(RifiutoCv::SenzaTesto));
        let mut r = Raccolta::new();
        r.testo("Pagina 1 di 2");
        r.danno();
        assert_eq!(r.fine(FormatoCv::Pdf), Err(RifiutoCv::danneggiato()));
    }
}
