//! The CV from the candidate record (seed 001: "PDF del CV"): one or two pages with the
//! personal data the operator chooses, experiences, education, languages and skills.
//!
//! Anonymous (seed 003, "Gestione richieste Curriculum Vitae": the company sees an
//! anonymised CV until the citizen accepts): no name, codice fiscale, contacts, address
//! or birth date — the age as a band — and no free CV text, which may contain any of
//! them.

use chrono::{Datelike, NaiveDate};
use sportello_core::Candidate;
use sportello_core::candidate::age_at;

use crate::font::Face;
use crate::layout::{Flow, INK, MUTED};
use crate::pdf::{Chrome, Issuer, Meta, Part, assemble};
use crate::words::{date, language};

/// At most this many of the most recent experiences and courses: the CV stays within
/// two pages; the SAP has them all.
const MAX_EXPERIENCES: usize = 8;
const MAX_TRAINING: usize = 5;
const MAX_CV_TEXT_CHARS: usize = 900;

/// What personal data goes on the CV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CvOptions {
    /// Anonymous: overrides every `include_*` below with `false`.
    pub anonymous: bool,
    pub include_birth_date: bool,
    pub include_codice_fiscale: bool,
    pub include_contacts: bool,
    pub include_address: bool,
    /// The day the age (band) is computed at.
    pub today: NaiveDate,
}

impl CvOptions {
    /// Everything included (the candidate's own CV).
    pub fn full(today: NaiveDate) -> CvOptions {
        CvOptions {
            anonymous: false,
            include_birth_date: true,
            include_codice_fiscale: true,
            include_contacts: true,
            include_address: true,
            today,
        }
    }

    pub fn anonymous(today: NaiveDate) -> CvOptions {
        CvOptions {
            anonymous: true,
            include_birth_date: false,
            include_codice_fiscale: false,
            include_contacts: false,
            include_address: false,
            today,
        }
    }

    fn effective(self) -> CvOptions {
        if self.anonymous {
            CvOptions::anonymous(self.today)
        } else {
            self
        }
    }
}

/// The age band of an anonymous CV ("da 30 a 34 anni").
pub fn age_band(birth: NaiveDate, today: NaiveDate) -> String {
    match age_at(birth, today) {
        None => String::new(),
        Some(a) if a < 18 => "meno di 18 anni".into(),
        Some(a) if a < 25 => "da 18 a 24 anni".into(),
        Some(a) if a >= 65 => "65 anni e oltre".into(),
        Some(a) => {
            let low = a / 5 * 5;
            format!("da {low} a {} anni", low + 4)
        }
    }
}

pub fn cv_pdf(c: &Candidate, issuer: &Issuer, options: CvOptions) -> Vec<u8> {
    let o = options.effective();
    let who = if o.anonymous {
        "Profilo anonimo".to_string()
    } else {
        format!("{} {}", c.personal.name, c.personal.surname)
    };
    let meta = Meta {
        title: format!("Curriculum vitae — {who}"),
        author: issuer.operator.clone(),
        subject: if o.anonymous {
            "Curriculum vitae anonimo".into()
        } else {
            format!("Curriculum vitae di {who}")
        },
        created: issuer.at,
    };
    let mut flow = Flow::new();
    flow.paragraph(Face::Bold, 18.0, INK, &who);
    personal(&mut flow, c, o);
    profile(&mut flow, c);
    experiences(&mut flow, c);
    education(&mut flow, c);
    skills(&mut flow, c);
    if !o.anonymous
        && let Some(text) = c.cv_text.as_deref().filter(|t| !t.trim().is_empty())
    {
        flow.section("Presentazione");
        flow.paragraph(Face::Regular, 9.0, INK, &truncate(text, MAX_CV_TEXT_CHARS));
    }
    let part = Part {
        chrome: Chrome {
            agency: issuer.agency.clone(),
            title: "Curriculum vitae".into(),
            reference: who,
            footer: issuer.footer(),
        },
        pages: flow.into_pages(),
    };
    assemble(&meta, vec![part])
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

fn personal(flow: &mut Flow, c: &Candidate, o: CvOptions) {
    flow.section("Dati personali");
    let p = &c.personal;
    let mut items: Vec<(&str, String)> = Vec::new();
    if o.include_birth_date {
        items.push(("Data di nascita", date(p.birth_date)));
    } else {
        items.push(("Età", age_band(p.birth_date, o.today)));
    }
    items.push(("Cittadinanza", p.citizenship.clone()));
    if o.include_codice_fiscale {
        items.push(("Codice fiscale", c.codice_fiscale.clone()));
    }
    let place = c.domicile.as_ref().or(c.residence.as_ref());
    if let Some(a) = place {
        if o.include_address {
            items.push((
                "Domicilio",
                format!("{}, {} {} ({})", a.street, a.cap, a.comune, a.provincia),
            ));
        } else {
            items.push(("Provincia di domicilio", a.provincia.clone()));
        }
    }
    if o.include_contacts {
        let k = &c.contacts;
        for (label, v) in [
            ("Cellulare", &k.mobile),
            ("Telefono", &k.phone),
            ("Posta elettronica", &k.email),
        ] {
            if let Some(v) = v {
                items.push((label, v.clone()));
            }
        }
    }
    if !c.other.driving_licences.is_empty() {
        items.push(("Patenti", c.other.driving_licences.join(", ")));
    }
    flow.fields(3, &items);
}

fn profile(flow: &mut Flow, c: &Candidate) {
    if c.desired_jobs.is_empty() && c.administrative.employment_status.is_none() {
        return;
    }
    flow.section("Profilo");
    let mut items: Vec<(&str, String)> = Vec::new();
    if !c.desired_jobs.is_empty() {
        items.push(("Professioni cercate", c.desired_jobs.join(", ")));
    }
    if let Some(s) = c.administrative.employment_status {
        items.push(("Condizione attuale", s.label().into()));
    }
    flow.fields(2, &items);
}

fn experiences(flow: &mut Flow, c: &Candidate) {
    flow.section("Esperienze di lavoro");
    if c.experiences.is_empty() {
        flow.note("Nessuna esperienza lavorativa");
        return;
    }
    let mut list: Vec<_> = c.experiences.iter().collect();
    list.sort_by_key(|e| std::cmp::Reverse(e.start));
    for e in list.iter().take(MAX_EXPERIENCES) {
        let period = match (e.start, e.end) {
            (Some(s), Some(end)) => format!("{} – {}", month(s), month(end)),
            (Some(s), None) => format!("dal {}", month(s)),
            (None, Some(end)) => format!("fino a {}", month(end)),
            (None, None) => String::new(),
        };
        flow.paragraph(
            Face::Bold,
            9.5,
            INK,
            &format!("{} — {}", e.qualification, e.employer),
        );
        let detail: Vec<&str> = [
            Some(period.as_str()),
            e.contract.as_deref(),
            e.sector.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
        if !detail.is_empty() {
            flow.paragraph(Face::Regular, 8.5, MUTED, &detail.join(" · "));
        }
        if let Some(t) = &e.tasks {
            flow.paragraph(Face::Regular, 8.5, INK, t);
        }
    }
    if list.len() > MAX_EXPERIENCES {
        flow.note(&format!(
            "Altre {} esperienze precedenti sono riportate nella Scheda Anagrafica Professionale.",
            list.len() - MAX_EXPERIENCES
        ));
    }
}

fn month(d: NaiveDate) -> String {
    format!("{:02}/{}", d.month(), d.year())
}

fn education(flow: &mut Flow, c: &Candidate) {
    flow.section("Istruzione e formazione");
    if c.education.is_empty() && c.training.is_empty() {
        flow.note("Nessun titolo di studio né corso di formazione");
        return;
    }
    for t in &c.education {
        let mut line = t.description.clone();
        if let Some(y) = t.year {
            line = format!("{line} ({y})");
        }
        flow.paragraph(Face::Bold, 9.0, INK, &line);
        if let Some(i) = &t.institute {
            flow.paragraph(Face::Regular, 8.5, MUTED, i);
        }
    }
    let mut courses: Vec<_> = c.training.iter().collect();
    courses.sort_by_key(|t| std::cmp::Reverse(t.year));
    for t in courses.iter().take(MAX_TRAINING) {
        let detail: Vec<String> = [
            t.provider.clone(),
            t.year.map(|y| y.to_string()),
            t.hours.map(|h| format!("{h} ore")),
            t.certificate.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        flow.paragraph(Face::Bold, 9.0, INK, &t.title);
        if !detail.is_empty() {
            flow.paragraph(Face::Regular, 8.5, MUTED, &detail.join(" · "));
        }
    }
    if courses.len() > MAX_TRAINING {
        flow.note(&format!(
            "Altri {} corsi sono riportati nella Scheda Anagrafica Professionale.",
            courses.len() - MAX_TRAINING
        ));
    }
}

fn skills(flow: &mut Flow, c: &Candidate) {
    flow.section("Competenze");
    let languages: Vec<String> = c
        .languages
        .iter()
        .map(|l| format!("{} {}", language(&l.language), l.level))
        .collect();
    let it: Vec<String> = c
        .it_skills
        .iter()
        .map(|s| format!("{} ({})", s.name, s.level))
        .collect();
    let or_none = |v: Vec<String>, none: &str| {
        if v.is_empty() {
            none.to_string()
        } else {
            v.join(", ")
        }
    };
    flow.fields(
        1,
        &[
            (
                "Lingue straniere",
                or_none(languages, "Nessuna lingua straniera"),
            ),
            (
                "Conoscenze informatiche",
                or_none(it, "Nessuna conoscenza informatica"),
            ),
        ],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn age_bands_hide_the_exact_age() {
        let today = d(2026, 11, 23);
        for (birth, band) in [
            (d(2010, 1, 1), "meno di 18 anni"),
            (d(2008, 11, 23), "da 18 a 24 anni"),
            (d(2001, 11, 24), "da 18 a 24 anni"),
            (d(2001, 11, 23), "da 25 a 29 anni"),
            (d(1990, 6, 1), "da 35 a 39 anni"),
            (d(1961, 11, 24), "da 60 a 64 anni"),
            (d(1961, 11, 23), "65 anni e oltre"),
        ] {
            assert_eq!(age_band(birth, today), band, "born {birth}");
        }
    }
}
