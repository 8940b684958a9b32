//! The SAP of one candidate as a front end shows it: sections of labelled fields and
//! tables, in Italian, in the order of the SAP (seed 003).

use chrono::NaiveDate;
use serde::Serialize;
use sportello_core::Candidate;
use sportello_core::candidate::{Address, IncomeSupport};
use sportello_store::Store;

use crate::{AppError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetField {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetTable {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetSection {
    /// Stable id (`anagrafica`, `amministrativi`…).
    pub id: String,
    pub title: String,
    pub fields: Vec<SheetField>,
    pub tables: Vec<SheetTable>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CandidateSheet {
    pub codice_fiscale: String,
    pub surname: String,
    pub name: String,
    pub branch: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
    pub sections: Vec<SheetSection>,
}

/// The SAP of the candidate with this codice fiscale, ages at `today`.
pub fn candidate_sheet(
    store: &Store,
    codice_fiscale: &str,
    today: NaiveDate,
) -> Result<CandidateSheet> {
    let cf = codice_fiscale.trim().to_uppercase();
    let record = store.candidate(&cf)?.ok_or_else(|| {
        AppError::InvalidInput(format!(
            "nessun candidato con codice fiscale {cf} nell'archivio"
        ))
    })?;
    let c = &record.candidate;
    Ok(CandidateSheet {
        codice_fiscale: c.codice_fiscale.clone(),
        surname: c.personal.surname.clone(),
        name: c.personal.name.clone(),
        branch: c.branch.clone(),
        updated_at: record
            .updated_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        sections: vec![
            anagrafica(c, today),
            amministrativi(c),
            esperienze(c),
            istruzione(c),
            competenze(c),
            politiche(c),
        ],
    })
}

/// Fields with a value; unknown ones are left out rather than shown empty.
struct Fields(Vec<SheetField>);

impl Fields {
    fn add(&mut self, label: &str, value: impl Into<String>) -> &mut Self {
        let value = value.into();
        if !value.trim().is_empty() {
            self.0.push(SheetField {
                label: label.into(),
                value,
            });
        }
        self
    }

    fn opt(&mut self, label: &str, value: Option<impl ToString>) -> &mut Self {
        if let Some(v) = value {
            self.add(label, v.to_string());
        }
        self
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn address(a: &Address) -> String {
    format!("{}, {} {} ({})", a.street, a.cap, a.comune, a.provincia)
}

fn yes_no(b: bool) -> &'static str {
    if b { "sì" } else { "no" }
}

fn section(id: &str, title: &str, fields: Fields, tables: Vec<SheetTable>) -> SheetSection {
    SheetSection {
        id: id.into(),
        title: title.into(),
        fields: fields.0,
        tables,
    }
}

fn table(title: &str, headers: &[&str], rows: Vec<Vec<String>>) -> Vec<SheetTable> {
    if rows.is_empty() {
        return Vec::new();
    }
    vec![SheetTable {
        title: title.into(),
        headers: headers.iter().map(|h| (*h).to_string()).collect(),
        rows,
    }]
}

fn anagrafica(c: &Candidate, today: NaiveDate) -> SheetSection {
    let p = &c.personal;
    let mut f = Fields(Vec::new());
    f.add("Codice fiscale", c.codice_fiscale.clone())
        .opt("Codice SAP", c.sap_id.as_ref())
        .add("Cognome", p.surname.clone())
        .add("Nome", p.name.clone())
        .add(
            "Sesso",
            if p.sex == sportello_core::Sex::M {
                "M"
            } else {
                "F"
            },
        )
        .add("Data di nascita", date(Some(p.birth_date)))
        .opt("Età", c.age_at(today))
        .add("Luogo di nascita", p.birthplace.clone())
        .add("Cittadinanza", p.citizenship.clone())
        .opt("Residenza", c.residence.as_ref().map(address))
        .opt("Domicilio", c.domicile.as_ref().map(address))
        .opt("Telefono", c.contacts.phone.as_ref())
        .opt("Cellulare", c.contacts.mobile.as_ref())
        .opt("Email", c.contacts.email.as_ref())
        .add("Filiale", c.branch.clone());
    if let Some(permit) = &c.residence_permit {
        f.add(
            "Permesso di soggiorno",
            format!("{} n. {} ({})", permit.kind, permit.number, permit.reason),
        )
        .add("Scadenza del permesso", date(permit.expiry));
    }
    section("anagrafica", "Anagrafica", f, Vec::new())
}

fn amministrativi(c: &Candidate) -> SheetSection {
    let a = &c.administrative;
    let mut f = Fields(Vec::new());
    f.opt(
        "Stato occupazionale",
        a.employment_status.map(|s| s.label()),
    )
    .add("Condizione", text(&a.condition))
    .add("Categoria (d.lgs. 297/2002)", text(&a.categoria_297))
    .opt("Mesi di disoccupazione", a.unemployment_months)
    .add("Data DID", date(a.did_date))
    .add("Disoccupato dal", date(a.unemployed_since))
    .add("Data di ingresso", date(a.entry_date))
    .add("Liste speciali", a.special_lists.join(", "))
    .opt(
        "Obbligo formativo assolto",
        a.obbligo_formativo_assolto.map(yes_no),
    )
    .add(
        "Collocamento mirato (L. 68/1999)",
        yes_no(a.collocamento_mirato),
    )
    .add("Categorie particolari", a.special_categories.join(", "))
    .add(
        "Sostegno al reddito",
        a.income_support
            .iter()
            .map(|s| match s {
                IncomeSupport::Sfl => "SFL",
                IncomeSupport::Rdc => "RdC",
                IncomeSupport::Adi => "ADI",
            })
            .collect::<Vec<_>>()
            .join(", "),
    )
    .opt(
        "ISEE",
        a.isee_cents
            .map(|c| format!("{},{:02} €", c / 100, (c % 100).abs())),
    );
    section("amministrativi", "Dati amministrativi", f, Vec::new())
}

fn esperienze(c: &Candidate) -> SheetSection {
    let rows = c
        .experiences
        .iter()
        .map(|e| {
            vec![
                e.employer.clone(),
                e.qualification.clone(),
                text(&e.contract),
                text(&e.sector),
                date(e.start),
                date(e.end),
                text(&e.tasks),
            ]
        })
        .collect();
    let mut f = Fields(Vec::new());
    f.add("Professioni cercate", c.desired_jobs.join(", "));
    section(
        "esperienze",
        "Esperienze lavorative",
        f,
        table(
            "Esperienze",
            &[
                "Datore di lavoro",
                "Qualifica",
                "Contratto",
                "Settore",
                "Dal",
                "Al",
                "Mansioni",
            ],
            rows,
        ),
    )
}

fn istruzione(c: &Candidate) -> SheetSection {
    let titles = c
        .education
        .iter()
        .map(|t| {
            vec![
                t.level()
                    .map(|l| l.label().to_string())
                    .unwrap_or_else(|| t.level_code.clone()),
                t.description.clone(),
                t.year.map(|y| y.to_string()).unwrap_or_default(),
                text(&t.institute),
            ]
        })
        .collect();
    let training = c
        .training
        .iter()
        .map(|t| {
            vec![
                t.title.clone(),
                text(&t.provider),
                t.year.map(|y| y.to_string()).unwrap_or_default(),
                t.hours.map(|h| h.to_string()).unwrap_or_default(),
                text(&t.certificate),
            ]
        })
        .collect();
    let mut f = Fields(Vec::new());
    f.opt("Titolo più alto", c.education_level().map(|l| l.label()));
    let mut tables = table(
        "Titoli di studio",
        &["Livello", "Titolo", "Anno", "Istituto"],
        titles,
    );
    tables.extend(table(
        "Formazione professionale",
        &["Corso", "Ente", "Anno", "Ore", "Attestato"],
        training,
    ));
    section("istruzione", "Istruzione e formazione", f, tables)
}

fn competenze(c: &Candidate) -> SheetSection {
    let languages = c
        .languages
        .iter()
        .map(|l| vec![l.language.clone(), l.level.clone()])
        .collect();
    let it = c
        .it_skills
        .iter()
        .map(|s| vec![s.name.clone(), s.level.clone()])
        .collect();
    let mut f = Fields(Vec::new());
    f.add("Patenti", c.other.driving_licences.join(", "))
        .add("Albi e registri", c.other.registers.join(", "))
        .add("Altre liste", c.other.special_lists.join(", "));
    let mut tables = table("Lingue", &["Lingua", "Livello"], languages);
    tables.extend(table(
        "Competenze informatiche",
        &["Competenza", "Livello"],
        it,
    ));
    section("competenze", "Lingue e altre informazioni", f, tables)
}

fn politiche(c: &Candidate) -> SheetSection {
    let rows = c
        .policies
        .iter()
        .map(|p| {
            vec![
                p.activity_code.clone(),
                p.activity_name.clone(),
                p.denomination.clone(),
                date(p.start),
                date(p.end),
                text(&p.promoter),
                text(&p.last_event),
            ]
        })
        .collect();
    section(
        "politiche",
        "Politiche attive",
        Fields(Vec::new()),
        table(
            "Interventi",
            &[
                "Attività",
                "Descrizione",
                "Denominazione",
                "Inizio",
                "Fine",
                "Promotore",
                "Ultimo evento",
            ],
            rows,
        ),
    )
}
