//! The SAP (Scheda Anagrafica Professionale) as PDF, in the order and with the section
//! titles of the print in seed 003 ("Stampe: Scheda Anagrafica Professionale"). The
//! seed prints no section 3, and neither does this. Empty sections say so in words.

use sportello_core::Candidate;

use crate::layout::{Col, Flow};
use crate::pdf::{Chrome, Issuer, Meta, Part, assemble};
use crate::words::{date, euro, language, opt, opt_date, sex, yes_no};

pub(crate) const TITLE: &str = "Scheda Anagrafica Professionale";

/// The SAP of `candidate` as a PDF.
pub fn sap_pdf(candidate: &Candidate, issuer: &Issuer) -> Vec<u8> {
    assemble(&meta(candidate, issuer), vec![sap_part(candidate, issuer)])
}

fn meta(c: &Candidate, issuer: &Issuer) -> Meta {
    Meta {
        title: format!(
            "{TITLE} — {} {} ({})",
            c.personal.surname, c.personal.name, c.codice_fiscale
        ),
        author: issuer.operator.clone(),
        subject: format!("{TITLE} di {}", c.codice_fiscale),
        created: issuer.at,
    }
}

/// The citizen's "Libretto formativo" (seed 003, "Stampe"): what they learnt at school,
/// in training, at work and in the active policies, as the SAP records it, under its
/// own title.
pub fn libretto_pdf(c: &Candidate, issuer: &Issuer) -> Vec<u8> {
    const LIBRETTO: &str = "Libretto formativo del cittadino";
    let meta = Meta {
        title: format!(
            "{LIBRETTO} — {} {} ({})",
            c.personal.surname, c.personal.name, c.codice_fiscale
        ),
        author: issuer.operator.clone(),
        subject: format!("{LIBRETTO} di {}", c.codice_fiscale),
        created: issuer.at,
    };
    let mut flow = Flow::new();
    flow.paragraph(crate::font::Face::Bold, 15.0, crate::layout::INK, LIBRETTO);
    flow.paragraph(
        crate::font::Face::Regular,
        9.0,
        crate::layout::INK,
        "Le esperienze educative, formative e lavorative del cittadino e le competenze \
         acquisite, come registrate nella Scheda Anagrafica Professionale dal Centro per \
         l'Impiego.",
    );
    section_1(&mut flow, c);
    section_5(&mut flow, c);
    section_4(&mut flow, c);
    section_6(&mut flow, c);
    let part = Part {
        chrome: Chrome {
            agency: issuer.agency.clone(),
            title: LIBRETTO.into(),
            reference: format!(
                "{} {} · {}",
                c.personal.surname, c.personal.name, c.codice_fiscale
            ),
            footer: format!("{} · {}", c.codice_fiscale, issuer.footer()),
        },
        pages: flow.into_pages(),
    };
    assemble(&meta, vec![part])
}

pub(crate) fn sap_part(c: &Candidate, issuer: &Issuer) -> Part {
    let mut flow = Flow::new();
    flow.paragraph(
        crate::font::Face::Bold,
        13.0,
        crate::layout::INK,
        &format!(
            "{} {} — {}",
            c.personal.surname.to_uppercase(),
            c.personal.name.to_uppercase(),
            c.codice_fiscale
        ),
    );
    section_1(&mut flow, c);
    section_2(&mut flow, c);
    section_4(&mut flow, c);
    section_5(&mut flow, c);
    section_6(&mut flow, c);
    Part {
        chrome: Chrome {
            agency: issuer.agency.clone(),
            title: TITLE.into(),
            reference: match &c.sap_id {
                Some(id) => format!("Codice SAP {id}"),
                None => "Codice SAP non ancora assegnato".into(),
            },
            footer: format!("{} · {}", c.codice_fiscale, issuer.footer()),
        },
        pages: flow.into_pages(),
    }
}

fn section_1(flow: &mut Flow, c: &Candidate) {
    let p = &c.personal;
    flow.section("Sezione 1 - Dati personali");
    flow.subsection("Sezione 1.1 - Dati personali");
    flow.fields(
        4,
        &[
            ("Codice fiscale", c.codice_fiscale.clone()),
            ("Cognome", p.surname.clone()),
            ("Nome", p.name.clone()),
            ("Sesso", sex(p.sex).into()),
            ("Data di nascita", date(p.birth_date)),
            ("Cittadinanza", p.citizenship.clone()),
            (
                "Comune o stato estero di nascita",
                format!("{} ({})", p.birthplace, p.birthplace_code),
            ),
        ],
    );
    flow.subsection("Sezione 1.2 - Notizie sui cittadini stranieri");
    match &c.residence_permit {
        Some(permit) => flow.fields(
            4,
            &[
                ("Titolo di soggiorno", permit.kind.clone()),
                ("Numero titolo di soggiorno", permit.number.clone()),
                ("Motivo titolo di soggiorno", permit.reason.clone()),
                ("Scadenza titolo di soggiorno", opt_date(permit.expiry)),
            ],
        ),
        None => flow.note("Nessun titolo di soggiorno registrato"),
    }
    flow.subsection("Sezione 1.3 - Residenza e domicilio");
    flow.subsection("Sezione 1.3.1 - Residenza");
    match &c.residence {
        Some(a) => address(flow, "residenza", a),
        None => flow.note("Nessuna residenza registrata"),
    }
    flow.subsection("Sezione 1.3.2 - Domicilio");
    match &c.domicile {
        Some(a) => address(flow, "domicilio", a),
        None => flow.note("Il domicilio coincide con la residenza"),
    }
    flow.subsection("Sezione 1.3.3 - Recapiti");
    let k = &c.contacts;
    if k.phone.is_none() && k.mobile.is_none() && k.email.is_none() {
        flow.note("Nessun recapito registrato");
    } else {
        flow.fields(
            3,
            &[
                ("Numero di telefono", opt(k.phone.as_deref())),
                ("Numero di telefono cellulare", opt(k.mobile.as_deref())),
                ("Indirizzo di posta elettronica", opt(k.email.as_deref())),
            ],
        );
    }
}

fn address(flow: &mut Flow, what: &str, a: &sportello_core::candidate::Address) {
    flow.fields(
        4,
        &[
            (&format!("Comune di {what}"), a.comune.clone()),
            ("CAP", a.cap.clone()),
            ("Provincia", a.provincia.clone()),
            (&format!("Indirizzo di {what}"), a.street.clone()),
        ],
    );
}

fn section_2(flow: &mut Flow, c: &Candidate) {
    let a = &c.administrative;
    flow.section("Sezione 2 - Dati amministrativi");
    flow.subsection("Sezione 2.1 - Posizione nel mercato del lavoro");
    flow.subsection("Sezione 2.1.1 - Stato in anagrafe");
    flow.fields(
        4,
        &[
            (
                "Stato occupazionale",
                a.employment_status
                    .map(|s| s.label().to_uppercase())
                    .unwrap_or_default(),
            ),
            ("Condizione", opt(a.condition.as_deref())),
            ("Categoria d.lgs. 297/2002", opt(a.categoria_297.as_deref())),
            (
                "Anzianità di disoccupazione (mesi)",
                a.unemployment_months
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
            ),
        ],
    );
    flow.subsection("Sezione 2.1.2 - Periodo di disoccupazione");
    match a.did_date {
        Some(did) => flow.paragraph(
            crate::font::Face::Regular,
            9.0,
            crate::layout::INK,
            &format!(
                "Dichiarazione di disponibilità allo svolgimento ed alla ricerca di una attività lavorativa resa in data {}",
                date(did)
            ),
        ),
        None => flow.note("Nessuna dichiarazione di immediata disponibilità (DID)"),
    }
    flow.fields(
        4,
        &[
            ("Disoccupato dal", opt_date(a.unemployed_since)),
            ("Data ingresso", opt_date(a.entry_date)),
        ],
    );
    flow.subsection("Sezione 2.2 - Liste speciali e liste mobilità");
    list_or_note(
        flow,
        &a.special_lists,
        "Nessuna iscrizione a liste speciali o di mobilità",
    );
    flow.subsection("Sezione 2.3 - Assolvimento diritto/dovere all'istruzione");
    flow.fields(
        4,
        &[(
            "Obbligo formativo assolto",
            yes_no(a.obbligo_formativo_assolto),
        )],
    );
    flow.subsection("Sezione 2.4 - Altre notizie");
    let mut categories = a.special_categories.clone();
    if a.collocamento_mirato && !categories.iter().any(|s| s.contains("68/1999")) {
        categories.push("Collocamento mirato (L. 68/1999)".into());
    }
    flow.fields(
        2,
        &[
            ("Appartenenza particolari categorie", categories.join(", ")),
            ("Indice ISEE", a.isee_cents.map(euro).unwrap_or_default()),
        ],
    );
}

fn list_or_note(flow: &mut Flow, items: &[String], empty: &str) {
    if items.is_empty() {
        flow.note(empty);
    } else {
        let rows: Vec<Vec<String>> = items.iter().map(|s| vec![s.clone()]).collect();
        flow.table("", &[col("Descrizione", 1.0)], &rows);
    }
}

fn section_4(flow: &mut Flow, c: &Candidate) {
    flow.section("Sezione 4 - Esperienze di lavoro");
    flow.subsection("Sezione 4.1 - Esperienze professionali");
    if c.experiences.is_empty() {
        flow.note("Nessuna esperienza lavorativa");
        return;
    }
    let rows: Vec<Vec<String>> = c
        .experiences
        .iter()
        .map(|e| {
            vec![
                e.employer.clone(),
                e.qualification.clone(),
                opt(e.contract.as_deref()),
                opt(e.sector.as_deref()),
                opt_date(e.start),
                opt_date(e.end),
                opt(e.tasks.as_deref()),
            ]
        })
        .collect();
    flow.table(
        "Esperienze professionali",
        &[
            col("Datore di lavoro", 1.4),
            col("Qualifica", 1.2),
            col("Contratto", 1.0),
            col("Settore", 1.0),
            col("Dal", 0.95),
            col("Al", 0.95),
            col("Mansioni", 1.9),
        ],
        &rows,
    );
}

pub(crate) fn col(title: &str, weight: f32) -> Col {
    Col {
        title: title.into(),
        weight,
    }
}

fn section_5(flow: &mut Flow, c: &Candidate) {
    flow.section("Sezione 5 - Informazioni curriculari utili all'incontro domanda/offerta");
    flow.subsection("Sezione 5.1 - Titoli di studio");
    if c.education.is_empty() {
        flow.note("Nessun titolo di studio conseguito");
    } else {
        let rows: Vec<Vec<String>> = c
            .education
            .iter()
            .map(|t| {
                vec![
                    match t.level() {
                        Some(l) => format!("{} - {}", t.level_code, l.label()),
                        None => t.level_code.clone(),
                    },
                    opt(t.course_code.as_deref()),
                    t.description.clone(),
                    t.year.map(|y| y.to_string()).unwrap_or_default(),
                    opt(t.institute.as_deref()),
                ]
            })
            .collect();
        flow.table(
            "Titoli di studio",
            &[
                col("Livello", 1.6),
                col("Codice corso", 0.9),
                col("Titolo", 2.2),
                col("Anno", 0.5),
                col("Istituto", 1.8),
            ],
            &rows,
        );
    }
    flow.subsection("Sezione 5.2 - Formazione professionale");
    if c.training.is_empty() {
        flow.note("Nessuna formazione");
    } else {
        let rows: Vec<Vec<String>> = c
            .training
            .iter()
            .map(|t| {
                vec![
                    t.title.clone(),
                    opt(t.provider.as_deref()),
                    t.year.map(|y| y.to_string()).unwrap_or_default(),
                    t.hours.map(|h| h.to_string()).unwrap_or_default(),
                    opt(t.certificate.as_deref()),
                ]
            })
            .collect();
        flow.table(
            "Formazione professionale",
            &[
                col("Corso", 2.4),
                col("Ente", 1.8),
                col("Anno", 0.5),
                col("Ore", 0.5),
                col("Attestato", 1.6),
            ],
            &rows,
        );
    }
    flow.subsection("Sezione 5.3 - Lingue straniere conosciute");
    if c.languages.is_empty() {
        flow.note("Nessuna lingua straniera conosciuta");
    } else {
        let rows: Vec<Vec<String>> = c
            .languages
            .iter()
            .map(|l| vec![language(&l.language), l.level.clone()])
            .collect();
        flow.table(
            "Lingue straniere",
            &[col("Lingua", 1.0), col("Livello", 1.0)],
            &rows,
        );
    }
    flow.subsection("Sezione 5.4 - Conoscenze informatiche");
    if c.it_skills.is_empty() {
        flow.note("Nessuna conoscenza informatica");
    } else {
        let rows: Vec<Vec<String>> = c
            .it_skills
            .iter()
            .map(|s| vec![s.name.clone(), s.level.clone()])
            .collect();
        flow.table(
            "Conoscenze informatiche",
            &[col("Conoscenza", 1.0), col("Livello", 1.0)],
            &rows,
        );
    }
    flow.subsection(
        "Sezione 5.5 - Altre informazioni utili all'incontro fra domanda e offerta di lavoro",
    );
    let o = &c.other;
    flow.subsection("Sezione 5.5.1 - Albi");
    list_or_note(
        flow,
        &o.registers,
        "Nessuna iscrizione ad albi ed ordini professionali",
    );
    flow.subsection("Sezione 5.5.2 - Patenti");
    if o.driving_licences.is_empty() {
        flow.note("Nessuna patente");
    } else {
        flow.fields(1, &[("Patenti", o.driving_licences.join(", "))]);
    }
    flow.subsection("Sezione 5.5.3 - Liste speciali");
    list_or_note(
        flow,
        &o.special_lists,
        "Nessuna iscrizione a liste speciali",
    );
}

fn section_6(flow: &mut Flow, c: &Candidate) {
    flow.section("Sezione 6 - Interventi di politiche attive");
    flow.subsection("Sezione 6.1 - Interventi di politiche attive");
    if c.policies.is_empty() {
        flow.note("Nessun intervento di politica attiva");
        return;
    }
    let rows: Vec<Vec<String>> = c
        .policies
        .iter()
        .map(|p| {
            vec![
                format!("{} - {}", p.activity_code, p.activity_name),
                p.denomination.clone(),
                opt_date(p.proposed_on),
                opt_date(p.start),
                opt_date(p.end),
                opt(p.duration.as_deref()),
                opt(p.description.as_deref()),
                opt(p.promoter.as_deref()),
                opt(p.project_title.as_deref()),
            ]
        })
        .collect();
    flow.table(
        "Interventi di politiche attive",
        &[
            col("Attività", 1.35),
            col("Denominazione", 1.2),
            col("Data proposta", 0.95),
            col("Data inizio", 0.95),
            col("Data fine", 0.95),
            col("Durata", 0.6),
            col("Descrizione", 1.2),
            col("Ente promotore", 1.0),
            col("Titolo progetto", 1.0),
        ],
        &rows,
    );
}
