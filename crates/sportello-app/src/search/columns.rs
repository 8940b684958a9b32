//! The columns an export can have: one table of code, header and cell.

use super::*;

/// Defines [`ExportColumn`] from one table: variant, command-line code, Italian header.
macro_rules! export_columns {
    ($( $(#[$doc:meta])* $variant:ident => $code:literal, $header:literal; )*) => {
        /// A column the operator can put in an export; the header is Italian.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ExportColumn {
            $( $(#[$doc])* $variant, )*
        }

        impl ExportColumn {
            /// Every column, in the order the forms offer them.
            pub const ALL: &[ExportColumn] = &[$(Self::$variant),*];

            fn meta(self) -> (&'static str, &'static str) {
                match self {
                    $(Self::$variant => ($code, $header),)*
                }
            }
        }
    };
}

export_columns! {
    CodiceFiscale => "codice_fiscale", "Codice fiscale";
    SapId => "sap_id", "Codice SAP";
    Surname => "surname", "Cognome";
    Name => "name", "Nome";
    Sex => "sex", "Sesso";
    BirthDate => "birth_date", "Data di nascita";
    Age => "age", "Età";
    Birthplace => "birthplace", "Luogo di nascita";
    Citizenship => "citizenship", "Cittadinanza";
    Branch => "branch", "Filiale";
    Address => "address", "Indirizzo di residenza";
    Cap => "cap", "CAP";
    Comune => "comune", "Comune di residenza";
    Provincia => "provincia", "Provincia";
    DomicileComune => "domicile_comune", "Comune di domicilio";
    Mobile => "mobile", "Cellulare";
    Phone => "phone", "Telefono";
    Email => "email", "Email";
    Status => "status", "Stato occupazionale";
    UnemploymentMonths => "unemployment_months", "Mesi di disoccupazione";
    DidDate => "did_date", "Data DID";
    Education => "education", "Titolo di studio";
    EducationTitle => "education_title", "Descrizione del titolo";
    LastQualification => "last_qualification", "Ultima qualifica";
    DesiredJobs => "desired_jobs", "Professioni cercate";
    DrivingLicences => "driving_licences", "Patenti";
    Languages => "languages", "Lingue";
    Policies => "policies", "Politiche attive";
    IncomeSupport => "income_support", "Sostegno al reddito";
    UpdatedAt => "updated_at", "Ultimo aggiornamento";
    /// GDPR art. 9.
    CollocamentoMirato => "collocamento_mirato", "Collocamento mirato (L. 68/1999)";
    /// GDPR art. 9 (the SAP's 2.4, e.g. "Disabile (L. 68/1999)").
    SpecialCategories => "special_categories", "Categorie particolari";
}

/// Fifteen columns an operator usually wants, in this order.
pub const DEFAULT_COLUMNS: [ExportColumn; 15] = [
    ExportColumn::CodiceFiscale,
    ExportColumn::Surname,
    ExportColumn::Name,
    ExportColumn::Sex,
    ExportColumn::BirthDate,
    ExportColumn::Age,
    ExportColumn::Comune,
    ExportColumn::Provincia,
    ExportColumn::Mobile,
    ExportColumn::Email,
    ExportColumn::Branch,
    ExportColumn::Status,
    ExportColumn::UnemploymentMonths,
    ExportColumn::DidDate,
    ExportColumn::Education,
];

impl ExportColumn {
    /// The name used on the command line (`--columns codice_fiscale,surname`).
    pub fn code(self) -> &'static str {
        self.meta().0
    }

    /// The Italian header.
    pub fn header(self) -> &'static str {
        self.meta().1
    }

    /// GDPR art. 9 data: exported only on explicit request.
    pub fn is_special_category(self) -> bool {
        matches!(self, Self::CollocamentoMirato | Self::SpecialCategories)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }

    /// Codes and numbers kept as typed (codice fiscale, phones, CAP): text cells in
    /// the text format, so Excel keeps them as text even when retyped.
    pub fn is_code(self) -> bool {
        matches!(
            self,
            Self::CodiceFiscale | Self::SapId | Self::Cap | Self::Mobile | Self::Phone
        )
    }

    /// Whether the column needs the whole SAP record; the others come from the
    /// candidate's summary, which an export reads much faster.
    pub fn needs_record(self) -> bool {
        !matches!(
            self,
            Self::CodiceFiscale
                | Self::Surname
                | Self::Name
                | Self::Sex
                | Self::BirthDate
                | Self::Age
                | Self::Branch
                | Self::Comune
                | Self::Provincia
                | Self::Mobile
                | Self::Email
                | Self::Status
                | Self::UnemploymentMonths
                | Self::DidDate
                | Self::Education
                | Self::UpdatedAt
        )
    }

    /// This column's cell for a candidate; ages at `today`. `record` is the whole SAP
    /// record, needed (and only read) for the columns that [`Self::needs_record`].
    pub fn value<'a>(
        self,
        s: &'a CandidateSummary,
        record: Option<&'a Candidate>,
        today: NaiveDate,
    ) -> ExportValue<'a> {
        use ExportValue::{Date, Empty, Number, Text};
        let text = |s: &'a str| Text(Cow::Borrowed(s));
        let opt = |s: Option<&'a str>| s.map_or(Empty, text);
        match self {
            Self::CodiceFiscale => return text(&s.codice_fiscale),
            Self::Surname => return text(&s.surname),
            Self::Name => return text(&s.name),
            Self::Sex => return text(sex_code(s.sex)),
            Self::BirthDate => return Date(s.birth_date),
            Self::Age => {
                return sportello_core::candidate::age_at(s.birth_date, today)
                    .map_or(Empty, |a| Number(f64::from(a)));
            }
            Self::Branch => return text(&s.branch),
            Self::Comune => return opt(s.comune.as_deref()),
            Self::Provincia => return opt(s.provincia.as_deref()),
            Self::Mobile => return opt(s.mobile.as_deref()),
            Self::Email => return opt(s.email.as_deref()),
            Self::Status => return opt(s.status.map(|s| s.label())),
            Self::UnemploymentMonths => {
                return s
                    .unemployment_months
                    .map_or(Empty, |m| Number(f64::from(m)));
            }
            Self::DidDate => return s.did_date.map_or(Empty, Date),
            Self::Education => return opt(s.education.map(|l| l.label())),
            Self::UpdatedAt => return Date(s.updated_at.with_timezone(&Local).date_naive()),
            _ => {}
        }
        let Some(c) = record else {
            // The export reads records exactly when a column needs one.
            debug_assert!(!self.needs_record(), "{self:?} needs the record");
            return Empty;
        };
        let admin = &c.administrative;
        let list = |items: Vec<&'a str>| {
            if items.is_empty() {
                Empty
            } else {
                Text(Cow::Owned(items.join(", ")))
            }
        };
        match self {
            Self::SapId => opt(c.sap_id.as_deref()),
            Self::Birthplace => text(&c.personal.birthplace),
            Self::Citizenship => text(&c.personal.citizenship),
            Self::Address => opt(c.residence.as_ref().map(|a| a.street.as_str())),
            Self::Cap => opt(c.residence.as_ref().map(|a| a.cap.as_str())),
            Self::DomicileComune => opt(c.domicile.as_ref().map(|a| a.comune.as_str())),
            Self::Phone => opt(c.contacts.phone.as_deref()),
            Self::EducationTitle => {
                list(c.education.iter().map(|t| t.description.as_str()).collect())
            }
            Self::LastQualification => opt(c.experiences.last().map(|e| e.qualification.as_str())),
            Self::DesiredJobs => list(c.desired_jobs.iter().map(String::as_str).collect()),
            Self::DrivingLicences => list(
                c.other
                    .driving_licences
                    .iter()
                    .map(String::as_str)
                    .collect(),
            ),
            Self::Languages => {
                if c.languages.is_empty() {
                    Empty
                } else {
                    Text(Cow::Owned(
                        c.languages
                            .iter()
                            .map(|l| format!("{} {}", l.language, l.level))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ))
                }
            }
            Self::Policies => list(
                c.policies
                    .iter()
                    .map(|p| p.activity_code.as_str())
                    .collect(),
            ),
            Self::IncomeSupport => list(
                admin
                    .income_support
                    .iter()
                    .map(|s| match s {
                        IncomeSupport::Sfl => "SFL",
                        IncomeSupport::Rdc => "RdC",
                        IncomeSupport::Adi => "ADI",
                    })
                    .collect(),
            ),
            Self::CollocamentoMirato => text(if admin.collocamento_mirato {
                "SI"
            } else {
                "NO"
            }),
            Self::SpecialCategories => list(
                admin
                    .special_categories
                    .iter()
                    .map(String::as_str)
                    .collect(),
            ),
            // Answered from the summary above.
            Self::CodiceFiscale
            | Self::Surname
            | Self::Name
            | Self::Sex
            | Self::BirthDate
            | Self::Age
            | Self::Branch
            | Self::Comune
            | Self::Provincia
            | Self::Mobile
            | Self::Email
            | Self::Status
            | Self::UnemploymentMonths
            | Self::DidDate
            | Self::Education
            | Self::UpdatedAt => Empty,
        }
    }
}

/// A cell of an export, as data (the front ends and the tests compare with it).
#[derive(Debug, Clone, PartialEq)]
pub enum ExportValue<'a> {
    Empty,
    Text(Cow<'a, str>),
    Number(f64),
    Date(NaiveDate),
}

impl ExportValue<'_> {
    /// The cell for this value; `code` text gets the text format (see [`Cell::Code`]).
    pub(super) fn cell(&self, code: bool) -> Cell<'_> {
        match self {
            Self::Empty => Cell::Empty,
            Self::Text(s) if code => Cell::Code(s),
            Self::Text(s) => Cell::Text(s),
            Self::Number(n) => Cell::Number(*n),
            Self::Date(d) => Cell::Date(*d),
        }
    }
}

/// `a,b,c` into columns, in that order; empty means [`DEFAULT_COLUMNS`].
pub fn parse_columns(text: &str) -> Result<Vec<ExportColumn>> {
    let mut columns = Vec::new();
    for code in text.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let column = ExportColumn::from_code(code).ok_or_else(|| {
            let known: Vec<&str> = ExportColumn::ALL.iter().map(|c| c.code()).collect();
            invalid(format!(
                "colonna sconosciuta «{code}»: usa una di {}",
                known.join(", ")
            ))
        })?;
        if columns.contains(&column) {
            return Err(invalid(format!("colonna ripetuta «{code}»")));
        }
        columns.push(column);
    }
    Ok(if columns.is_empty() {
        DEFAULT_COLUMNS.to_vec()
    } else {
        columns
    })
}
