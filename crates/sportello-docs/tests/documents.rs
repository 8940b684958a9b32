//! Documents checked by real readers: qpdf (structure), pdffonts (embedded subset),
//! pdftotext (extractable text, order, positions), pdftoppm + a QR decoder (receipts).
//! `cargo xtask test` installs qpdf and poppler-utils; a missing tool fails the test.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate};
use sportello_core::Candidate;
use sportello_core::candidate::*;
use sportello_docs::{
    CountTable, CvOptions, Issuer, Receipt, ReceiptFile, cv_pdf, parse_sap_xml, qr_payload,
    receipt_pdf, sap_pdf, sap_xml,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn issuer() -> Issuer {
    Issuer {
        agency: "Centro per l'Impiego di Forlì".into(),
        operator: "mario.rossi".into(),
        at: DateTime::parse_from_rfc3339("2026-11-23T10:15:00+01:00").unwrap(),
    }
}

/// A record with every field set, accents everywhere, values short enough not to wrap.
fn seeded() -> Candidate {
    Candidate {
        codice_fiscale: "DGSNCL90A01D704X".into(),
        sap_id: Some("FC123456789".into()),
        branch: "FO01".into(),
        personal: PersonalData {
            surname: "D'Agostino".into(),
            name: "Nicolò".into(),
            sex: Sex::M,
            birth_date: d(1990, 1, 1),
            citizenship: "Italiana".into(),
            birthplace: "Forlì".into(),
            birthplace_code: "D704".into(),
        },
        residence_permit: Some(ResidencePermit {
            kind: "Permesso UE".into(),
            number: "AÉ1234567".into(),
            reason: "Lavoro subordinato".into(),
            expiry: Some(d(2030, 5, 31)),
        }),
        residence: Some(Address {
            street: "Via Caterina Sforza 12".into(),
            cap: "47121".into(),
            comune: "Forlì".into(),
            provincia: "FC".into(),
        }),
        domicile: Some(Address {
            street: "Piazza Sant'Agostino 3".into(),
            cap: "47521".into(),
            comune: "Cesena".into(),
            provincia: "FC".into(),
        }),
        contacts: Contacts {
            phone: Some("0543 123456".into()),
            mobile: Some("333 1234567".into()),
            email: Some("nicolo.dagostino@esempio.it".into()),
        },
        administrative: AdministrativeData {
            employment_status: Some(EmploymentStatus::Disoccupato),
            condition: Some("In conservazione ordinaria".into()),
            categoria_297: Some("Disoccupato di lunga durata".into()),
            unemployment_months: Some(14),
            did_date: Some(d(2025, 9, 30)),
            unemployed_since: Some(d(2025, 9, 29)),
            entry_date: Some(d(2024, 3, 4)),
            special_lists: vec!["Lista di mobilità ordinaria".into()],
            obbligo_formativo_assolto: Some(true),
            special_categories: vec!["Disabile (L. 68/1999)".into()],
            collocamento_mirato: true,
            income_support: vec![IncomeSupport::Sfl],
            isee_cents: Some(1_234_567),
        },
        experiences: vec![WorkExperience {
            employer: "Pasticceria Lucà".into(),
            qualification: "Pasticciere".into(),
            contract: Some("Determinato".into()),
            sector: Some("Ristorazione".into()),
            start: Some(d(2019, 4, 1)),
            end: Some(d(2024, 2, 29)),
            tasks: Some("Crème brûlée".into()),
        }],
        education: vec![EducationTitle {
            level_code: "40".into(),
            course_code: Some("40301000".into()),
            description: "Diploma alberghiero".into(),
            year: Some(2009),
            institute: Some("IPSSAR Artusi".into()),
        }],
        training: vec![Training {
            title: "Igiene HACCP".into(),
            provider: Some("Cescot Forlì".into()),
            year: Some(2022),
            hours: Some(12),
            certificate: Some("Attestato".into()),
        }],
        languages: vec![LanguageSkill {
            language: "fr".into(),
            level: "B2".into(),
        }],
        it_skills: vec![ItSkill {
            name: "Foglio di calcolo".into(),
            level: "Buono".into(),
        }],
        other: OtherInformation {
            registers: vec!["Albo dei pasticcieri".into()],
            driving_licences: vec!["B".into(), "C".into()],
            special_lists: vec!["Lista protetti".into()],
        },
        policies: vec![PolicyIntervention {
            activity_code: "A02".into(),
            activity_name: "Patto di attivazione".into(),
            denomination: "000000160EX".into(),
            proposed_on: Some(d(2025, 10, 1)),
            start: Some(d(2025, 10, 2)),
            end: Some(d(2025, 10, 3)),
            duration: Some("2 giorni".into()),
            description: Some("Profilazione".into()),
            promoter: Some("H501N000001".into()),
            project_title: Some("Presa in carico".into()),
            last_event: Some("10".into()),
        }],
        desired_jobs: vec!["Pasticciere".into()],
        cv_text: Some("Amo il mio lavoro".into()),
    }
}

/// 40 experiences and 30 policy interventions, some with long wrapping text.
fn long_record() -> Candidate {
    let mut c = seeded();
    c.experiences = (0..40)
        .map(|i| WorkExperience {
            employer: format!("Ditta {i} S.r.l."),
            qualification: "Addetto alla logistica e al magazzino".into(),
            contract: Some("Tempo determinato".into()),
            sector: Some("Trasporti".into()),
            start: Some(d(1990 + i, 1, 1)),
            end: Some(d(1990 + i, 12, 31)),
            tasks: Some(if i % 7 == 0 {
                "Ricevimento merci, controllo qualità, gestione delle giacenze con il gestionale, \
                 preparazione degli ordini, carico e scarico, inventario periodico e formazione \
                 dei nuovi colleghi sulle procedure di sicurezza più importanti"
                    .into()
            } else {
                "Carico e scarico merci".into()
            }),
        })
        .collect();
    c.policies = (0..30)
        .map(|i| PolicyIntervention {
            activity_code: format!("C{:02}", i % 9),
            activity_name: "Formazione per la ricerca attiva del lavoro".into(),
            denomination: format!("POL{i:04}"),
            proposed_on: Some(d(2020, 1, 1)),
            start: Some(d(2020, 2, 1)),
            end: Some(d(2020, 3, 1)),
            duration: Some("1 mese".into()),
            description: Some("Percorso di gruppo con tutor".into()),
            promoter: Some("Centro per l'Impiego".into()),
            project_title: Some("Giovani al lavoro".into()),
            last_event: None,
        })
        .collect();
    c
}

// --- real readers ------------------------------------------------------------------------

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed by this test (cargo xtask test installs it): {e}")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("tool output is UTF-8")
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

/// qpdf finds no error and the font is embedded as a subset with a ToUnicode map.
fn check_pdf(path: &str) {
    let check = tool("qpdf", &["--check", path]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "qpdf --check {path}: {check}"
    );
    let fonts = tool("pdffonts", &[path]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{path} has fonts");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            cols[0].contains('+') && cols[0].contains("TitilliumWeb"),
            "{row}: a subset (TAG+Name) of Titillium Web"
        );
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "{row}: embedded, subset, with ToUnicode"
        );
    }
}

fn text_of(path: &str) -> String {
    tool("pdftotext", &["-enc", "UTF-8", path, "-"])
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(path: &str) -> usize {
    let info = tool("pdfinfo", &[path]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints the page count")
}

// --- SAP ----------------------------------------------------------------------------------

fn date(n: NaiveDate) -> String {
    n.format("%d/%m/%Y").to_string()
}

#[test]
fn sap_pdf_holds_every_field_in_section_order_with_accents() {
    let dir = tempfile::tempdir().unwrap();
    let c = seeded();
    let path = save(dir.path(), "sap.pdf", &sap_pdf(&c, &issuer()));
    check_pdf(&path);
    let text = squash(&text_of(&path));
    let p = &c.personal;
    let a = &c.administrative;
    let e = &c.experiences[0];
    let t = &c.education[0];
    let tr = &c.training[0];
    let pol = &c.policies[0];
    let r = c.residence.as_ref().unwrap();
    let dom = c.domicile.as_ref().unwrap();
    let permit = c.residence_permit.as_ref().unwrap();
    let expected: Vec<(&str, Vec<String>)> = vec![
        (
            "Sezione 1.1 - Dati personali",
            vec![
                c.codice_fiscale.clone(),
                p.surname.clone(),
                p.name.clone(),
                "MASCHIO".into(),
                date(p.birth_date),
                p.citizenship.clone(),
                p.birthplace.clone(),
            ],
        ),
        (
            "Sezione 1.2 - Notizie sui cittadini stranieri",
            vec![
                permit.kind.clone(),
                permit.number.clone(),
                permit.reason.clone(),
                date(permit.expiry.unwrap()),
            ],
        ),
        (
            "Sezione 1.3.1 - Residenza",
            vec![r.comune.clone(), r.cap.clone(), r.street.clone()],
        ),
        (
            "Sezione 1.3.2 - Domicilio",
            vec![dom.comune.clone(), dom.cap.clone(), dom.street.clone()],
        ),
        (
            "Sezione 1.3.3 - Recapiti",
            vec![
                c.contacts.phone.clone().unwrap(),
                c.contacts.mobile.clone().unwrap(),
                c.contacts.email.clone().unwrap(),
            ],
        ),
        (
            "Sezione 2.1.1 - Stato in anagrafe",
            vec![
                "DISOCCUPATO".into(),
                a.condition.clone().unwrap(),
                a.categoria_297.clone().unwrap(),
                "14".into(),
            ],
        ),
        (
            "Sezione 2.1.2 - Periodo di disoccupazione",
            vec![
                format!("resa in data {}", date(a.did_date.unwrap())),
                date(a.unemployed_since.unwrap()),
                date(a.entry_date.unwrap()),
            ],
        ),
        (
            "Sezione 2.2 - Liste speciali e liste mobilità",
            vec![a.special_lists[0].clone()],
        ),
        (
            "Sezione 2.3 - Assolvimento diritto/dovere all'istruzione",
            vec!["SÌ".into()],
        ),
        (
            "Sezione 2.4 - Altre notizie",
            vec![a.special_categories[0].clone(), "12.345,67 €".into()],
        ),
        (
            "Sezione 4.1 - Esperienze professionali",
            vec![
                e.employer.clone(),
                e.qualification.clone(),
                e.contract.clone().unwrap(),
                e.sector.clone().unwrap(),
                date(e.start.unwrap()),
                date(e.end.unwrap()),
                e.tasks.clone().unwrap(),
            ],
        ),
        (
            "Sezione 5.1 - Titoli di studio",
            vec![
                "40 - ".into(),
                t.course_code.clone().unwrap(),
                t.description.clone(),
                "2009".into(),
                t.institute.clone().unwrap(),
            ],
        ),
        (
            "Sezione 5.2 - Formazione professionale",
            vec![
                tr.title.clone(),
                tr.provider.clone().unwrap(),
                "2022".into(),
                "12".into(),
                tr.certificate.clone().unwrap(),
            ],
        ),
        (
            "Sezione 5.3 - Lingue straniere conosciute",
            vec!["Francese".into(), "B2".into()],
        ),
        (
            "Sezione 5.4 - Conoscenze informatiche",
            vec![c.it_skills[0].name.clone(), c.it_skills[0].level.clone()],
        ),
        ("Sezione 5.5.1 - Albi", vec![c.other.registers[0].clone()]),
        ("Sezione 5.5.2 - Patenti", vec!["B, C".into()]),
        (
            "Sezione 5.5.3 - Liste speciali",
            vec![c.other.special_lists[0].clone()],
        ),
        (
            "Sezione 6.1 - Interventi di politiche attive",
            vec![
                format!("{} - {}", pol.activity_code, pol.activity_name),
                pol.denomination.clone(),
                date(pol.proposed_on.unwrap()),
                date(pol.start.unwrap()),
                date(pol.end.unwrap()),
                pol.duration.clone().unwrap(),
                pol.description.clone().unwrap(),
                pol.promoter.clone().unwrap(),
                pol.project_title.clone().unwrap(),
            ],
        ),
    ];
    let mut from = 0;
    for (i, (heading, values)) in expected.iter().enumerate() {
        let start = from
            + text[from..]
                .find(heading)
                .unwrap_or_else(|| panic!("{heading:?} after the previous section"));
        let end = expected
            .get(i + 1)
            .and_then(|(next, _)| text[start..].find(next).map(|k| start + k))
            .unwrap_or(text.len());
        let body = &text[start..end];
        for v in values {
            assert!(
                body.contains(v.as_str()),
                "{v:?} must be printed in {heading:?}, found: {body}"
            );
        }
        from = start;
    }
    for chrome in [
        "Centro per l'Impiego di Forlì",
        "Codice SAP FC123456789",
        "Pagina 1 di",
        "Generato il 23/11/2026 alle 10:15 da mario.rossi",
    ] {
        assert!(text.contains(chrome), "header/footer {chrome:?}");
    }
    let info = tool("pdfinfo", &[&path]);
    for meta in [
        "Title:           Scheda Anagrafica Professionale — D'Agostino Nicolò",
        "Author:          mario.rossi",
        "Subject:         Scheda Anagrafica Professionale di DGSNCL90A01D704X",
    ] {
        assert!(info.contains(meta), "pdfinfo shows {meta:?}: {info}");
    }
    assert!(
        info.lines()
            .any(|l| l.starts_with("CreationDate:") && l.contains("2026")),
        "creation date set: {info}"
    );
}

#[test]
fn empty_sections_say_so_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = seeded();
    c.residence_permit = None;
    c.domicile = None;
    c.experiences.clear();
    c.education.clear();
    c.training.clear();
    c.languages.clear();
    c.it_skills.clear();
    c.other = OtherInformation::default();
    c.policies.clear();
    c.administrative.special_lists.clear();
    let path = save(dir.path(), "vuota.pdf", &sap_pdf(&c, &issuer()));
    check_pdf(&path);
    let text = squash(&text_of(&path));
    for sentence in [
        "Nessun titolo di soggiorno registrato",
        "Il domicilio coincide con la residenza",
        "Nessuna iscrizione a liste speciali o di mobilità",
        "Nessuna esperienza lavorativa",
        "Nessun titolo di studio conseguito",
        "Nessuna formazione",
        "Nessuna lingua straniera conosciuta",
        "Nessuna conoscenza informatica",
        "Nessuna iscrizione ad albi ed ordini professionali",
        "Nessuna patente",
        "Nessuna iscrizione a liste speciali",
        "Nessun intervento di politica attiva",
    ] {
        assert!(text.contains(sentence), "{sentence:?} in: {text}");
    }
}

/// Words as pdftotext -bbox-layout places them: (page, text, xMin, yMin, xMax, yMax),
/// y from the top of the page.
type Word = (usize, String, f32, f32, f32, f32);

fn words(path: &str) -> (f32, f32, Vec<Word>) {
    let html = tool("pdftotext", &["-bbox", "-enc", "UTF-8", path, "-"]);
    let attr = |line: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let start = line.find(&key).unwrap() + key.len();
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    let (mut w, mut h, mut page) = (0.0, 0.0, 0);
    let mut out = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
            w = attr(line, "width");
            h = attr(line, "height");
        } else if line.starts_with("<word ") {
            let text =
                line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_string();
            out.push((
                page,
                text,
                attr(line, "xMin"),
                attr(line, "yMin"),
                attr(line, "xMax"),
                attr(line, "yMax"),
            ));
        }
    }
    (w, h, out)
}

#[test]
fn a_long_record_paginates_without_text_running_off_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let c = long_record();
    let path = save(dir.path(), "lunga.pdf", &sap_pdf(&c, &issuer()));
    check_pdf(&path);
    let n = pages(&path);
    assert!(
        n >= 4,
        "40 experiences and 30 policies take several pages, got {n}"
    );
    let (width, height, words) = words(&path);
    assert!(
        (width - 595.28).abs() < 1.0 && (height - 841.89).abs() < 1.0,
        "A4"
    );
    let margin = 42.0 - 1.0;
    // The content ends 54 pt above the bottom; the footer sits below its rule.
    let content_bottom = height - 54.0 + 1.0;
    let footer_top = height - 42.0;
    for (page, text, x0, y0, x1, y1) in &words {
        assert!(
            *x0 >= margin && *x1 <= width - margin,
            "page {page}: {text:?} runs off the side ({x0}–{x1})"
        );
        assert!(
            *y1 <= content_bottom || *y0 >= footer_top,
            "page {page}: {text:?} runs into the footer ({y0}–{y1})"
        );
        assert!(
            *y0 >= 0.0 && *y1 <= height,
            "page {page}: {text:?} is on the page"
        );
    }
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            let overlap_x = a.4.min(b.4) - a.2.max(b.2);
            let overlap_y = a.5.min(b.5) - a.3.max(b.3);
            // Boxes span ascent to descent (1.5 em for this font): consecutive lines
            // overlap a little, text drawn over text overlaps much more.
            let tolerance = 0.3 * (a.5 - a.3).min(b.5 - b.3);
            assert!(
                a.0 != b.0 || overlap_x < 0.5 || overlap_y < tolerance,
                "page {}: {:?} and {:?} are drawn over each other",
                a.0,
                a.1,
                b.1
            );
        }
    }
    let text = squash(&text_of(&path));
    for i in 1..=n {
        assert!(
            text.contains(&format!("Pagina {i} di {n}")),
            "page {i} numbered"
        );
    }
    for i in 0..40 {
        let employer = format!("Ditta {i} S.r.l.");
        assert_eq!(
            text.matches(&format!("{employer} ")).count(),
            1,
            "{employer} printed once: no row lost or doubled at a page break"
        );
    }
    for i in 0..30 {
        let denomination = format!("POL{i:04}");
        assert_eq!(
            text.matches(&denomination).count(),
            1,
            "{denomination} printed once"
        );
    }
    assert!(
        text.contains("Esperienze professionali (segue)"),
        "a table that continues says so under its repeated header"
    );
}

#[test]
fn a_typical_demo_sap_is_small() {
    let today = d(2026, 11, 23);
    let g = sportello_demo::Generator::new(7, today);
    let branches = vec!["FI01".to_string()];
    for c in g.candidates(20, &branches) {
        let bytes = sap_pdf(&c, &issuer());
        assert!(
            bytes.len() <= 60_000,
            "{}: {} bytes; a typical SAP stays within 60 KB",
            c.codice_fiscale,
            bytes.len()
        );
    }
}

// --- XML ----------------------------------------------------------------------------------

fn sap_only(mut c: Candidate) -> Candidate {
    c.desired_jobs.clear();
    c.cv_text = None;
    c
}

#[test]
fn sap_xml_round_trips() {
    let today = d(2026, 11, 23);
    let g = sportello_demo::Generator::new(3, today);
    let branches = vec!["FI01".to_string(), "PO01".to_string()];
    let mut tricky = long_record();
    tricky.personal.surname = "D'Àngelo & <Figli> \"sas\"".into();
    tricky.experiences[0].tasks = Some("  spazi  iniziali\ne a capo ".into());
    tricky.contacts.phone = Some(String::new());
    let all: Vec<Candidate> = g
        .candidates(300, &branches)
        .chain([seeded(), tricky])
        .collect();
    for c in all {
        let xml = sap_xml(&c, today);
        let text = std::str::from_utf8(&xml).expect("UTF-8");
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(text.contains("<lavoratore>") && text.contains("<datipersonali>"));
        let back = parse_sap_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(
            back,
            sap_only(c),
            "the SAP XML reads back to the same record"
        );
    }
}

#[test]
fn sap_xml_uses_the_ministerial_names() {
    let xml = String::from_utf8(sap_xml(&seeded(), d(2026, 11, 23))).unwrap();
    for path in [
        "<lavoratore>",
        "<datiinvio>",
        "<dataultimoagg>2026-11-23</dataultimoagg>",
        "<identificativosap>FC123456789</identificativosap>",
        "<datianagrafici>",
        "<datipersonali>",
        "<codicefiscale>DGSNCL90A01D704X</codicefiscale>",
        "<datanascita>1990-01-01</datanascita>",
        "<codcomune>D704</codcomune>",
        "<datiamministrativi>",
        "<statoanagrafe>",
        "<anzianita>14</anzianita>",
        "<esperienzelavoro_lst>",
        "<allegato>",
        "<titolistudio_lst>",
        "<formazioneprofessionale_lst>",
        "<linguestraniere_lst>",
        "<conoscenzeinformatiche_lst>",
        "<altreinformazioni_lst>",
        "<politiche_attive_lst>",
        "<tipo_attivita>A02</tipo_attivita>",
        "<titolo_denominazione>000000160EX</titolo_denominazione>",
        "<data_proposta>2025-10-01</data_proposta>",
        "<codice_ente_promotore>H501N000001</codice_ente_promotore>",
        "<cognome>D&apos;Agostino</cognome>",
    ] {
        assert!(xml.contains(path), "{path} in:\n{xml}");
    }
}

#[test]
fn bad_sap_xml_is_refused_with_a_message() {
    for (bad, why) in [
        (&b"<lavoratore>"[..], "incompleto"),
        (b"<persona/>", "radice"),
        (b"<lavoratore><datiinvio/></lavoratore>", "manca"),
        (b"\xff\xfe", "UTF-8"),
    ] {
        let err = parse_sap_xml(bad).unwrap_err().to_string();
        assert!(err.contains(why), "{err:?} should mention {why:?}");
    }
}

// --- CV -----------------------------------------------------------------------------------

#[test]
fn the_cv_has_the_chosen_data_and_fits_two_pages() {
    let dir = tempfile::tempdir().unwrap();
    let today = d(2026, 11, 23);
    let c = seeded();
    let path = save(
        dir.path(),
        "cv.pdf",
        &cv_pdf(&c, &issuer(), CvOptions::full(today)),
    );
    check_pdf(&path);
    let text = squash(&text_of(&path));
    for v in [
        "Nicolò D'Agostino",
        "01/01/1990",
        "DGSNCL90A01D704X",
        "333 1234567",
        "nicolo.dagostino@esempio.it",
        "Pasticciere — Pasticceria Lucà",
        "Diploma alberghiero (2009)",
        "Francese B2",
        "Foglio di calcolo (Buono)",
    ] {
        assert!(text.contains(v), "{v:?} in the CV: {text}");
    }
    let long = save(
        dir.path(),
        "cv-lungo.pdf",
        &cv_pdf(&long_record(), &issuer(), CvOptions::full(today)),
    );
    check_pdf(&long);
    assert!(pages(&long) <= 2, "even 40 experiences fit two pages");
    let mut chosen = CvOptions::full(today);
    chosen.include_contacts = false;
    let without = save(dir.path(), "cv-senza.pdf", &cv_pdf(&c, &issuer(), chosen));
    let text = text_of(&without);
    assert!(!text.contains("333 1234567") && !text.contains("@esempio.it"));
}

#[test]
fn the_anonymous_cv_has_no_name_cf_contacts_or_birth_date() {
    let dir = tempfile::tempdir().unwrap();
    let today = d(2026, 11, 23);
    let c = seeded();
    let mut options = CvOptions::full(today);
    options.anonymous = true;
    let path = save(dir.path(), "anonimo.pdf", &cv_pdf(&c, &issuer(), options));
    check_pdf(&path);
    let text = text_of(&path) + &tool("pdfinfo", &[&path]);
    for secret in [
        "Nicolò",
        "D'Agostino",
        "DGSNCL90A01D704X",
        "0543 123456",
        "333 1234567",
        "nicolo.dagostino@esempio.it",
        "01/01/1990",
        "1990",
        "Caterina Sforza",
        "Sant'Agostino",
        "Amo il mio lavoro",
    ] {
        assert!(
            !text.contains(secret),
            "{secret:?} must not be in an anonymous CV"
        );
    }
    assert!(text.contains("da 35 a 39 anni"), "the age as a band");
    assert!(text.contains("Pasticciere"), "the experience is there");
}

// --- receipts -----------------------------------------------------------------------------

fn receipt() -> Receipt {
    Receipt {
        number: "R-7F3A9C-000042".into(),
        issued_at: DateTime::parse_from_rfc3339("2026-11-23T10:20:30+01:00").unwrap(),
        operator: "mario.rossi".into(),
        branch: "FO01 — Filiale di Forlì".into(),
        title: "Caricamento file fasce deboli".into(),
        fields: vec![
            ("Campagna".into(), "2026".into()),
            ("Righe dichiarate".into(), "120".into()),
        ],
        tables: vec![CountTable {
            title: "Righe per categoria".into(),
            headers: vec!["Categoria".into(), "Righe".into()],
            rows: vec![
                vec!["SVA".into(), "70".into()],
                vec!["DIS".into(), "5".into()],
            ],
        }],
        file: Some(ReceiptFile {
            name: "partecipanti_2026.xlsx".into(),
            bytes: 48_213,
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        }),
        acknowledgement: Some("ACK-2026-000123".into()),
    }
}

/// The first QR code on page 1, decoded from a 150 dpi greyscale rendering.
fn decode_qr(path: &str, dir: &Path) -> String {
    let prefix = dir.join("qr");
    tool(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            path,
            prefix.to_str().unwrap(),
        ],
    );
    let pgm = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pgm"))
        .expect("pdftoppm -gray writes a PGM");
    let bytes = std::fs::read(pgm).unwrap();
    // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte a pixel.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &bytes[i + 1..];
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the receipt");
    grids[0].decode().expect("the QR code decodes").1
}

#[test]
fn a_receipt_shows_everything_and_its_qr_code_carries_number_and_hash() {
    let dir = tempfile::tempdir().unwrap();
    let r = receipt();
    let path = save(dir.path(), "ricevuta.pdf", &receipt_pdf(&r, &issuer()));
    check_pdf(&path);
    let text = squash(&text_of(&path));
    for v in [
        "Caricamento file fasce deboli",
        "R-7F3A9C-000042",
        "23/11/2026 10:20:30",
        "mario.rossi",
        "FO01 — Filiale di Forlì",
        "ACK-2026-000123",
        "Righe dichiarate",
        "SVA 70",
        "partecipanti_2026.xlsx",
        "48213 byte",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "Generato il 23/11/2026 alle 10:15 da mario.rossi",
    ] {
        assert!(text.contains(v), "{v:?} on the receipt: {text}");
    }
    let decoded = decode_qr(&path, dir.path());
    assert_eq!(decoded, qr_payload(&r));
    assert_eq!(
        decoded,
        "RICEVUTA R-7F3A9C-000042\nSHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    );
}

// --- batch ---------------------------------------------------------------------------------

#[test]
fn a_merged_pdf_numbers_each_sap_on_its_own() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let list = vec![seeded(), long_record(), seeded()];
    let calls = AtomicUsize::new(0);
    let cancel = AtomicBool::new(false);
    let control = sportello_docs::batch::Control {
        cancel: &cancel,
        progress: &|_| {
            calls.fetch_add(1, Ordering::Relaxed);
        },
    };
    let bytes = sportello_docs::batch::sap_merged(&list, &issuer(), control).unwrap();
    let path = save(dir.path(), "tutte.pdf", &bytes);
    check_pdf(&path);
    assert_eq!(calls.load(Ordering::Relaxed), 3, "progress after each SAP");
    let single = save(dir.path(), "una.pdf", &sap_pdf(&seeded(), &issuer()));
    let lunga = save(dir.path(), "lunga.pdf", &sap_pdf(&long_record(), &issuer()));
    let (a, b) = (pages(&single), pages(&lunga));
    assert_eq!(pages(&path), 2 * a + b, "each SAP starts on a new page");
    let text = squash(&text_of(&path));
    assert_eq!(
        text.matches(&format!("Pagina 1 di {a}")).count(),
        2,
        "the short SAPs number their own pages"
    );
    assert!(text.contains(&format!("Pagina {b} di {b}")));
    cancel.store(true, Ordering::Relaxed);
    assert!(matches!(
        sportello_docs::batch::sap_merged(&list, &issuer(), control),
        Err(sportello_docs::Error::Cancelled)
    ));
}
