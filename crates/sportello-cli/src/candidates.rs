//! `sportello candidates search|export|saved`: flags in, one sportello-app call, output.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, Utc};
use clap::{Args, Subcommand};
use sportello_app::search::{self as app, ExportRequest, FilterInput, SearchRequest};
use sportello_app::{AppError, Profile};

use crate::output;

#[derive(Debug, Subcommand)]
pub enum CandidatesCommand {
    /// Find candidates in the local store: one page and the total count.
    Search(SearchArgs),
    /// Write every matching candidate to an Excel file (.xlsx), with a "Criteri" sheet.
    /// Recorded in the audit log.
    Export(ExportArgs),
    /// List the saved searches, or delete one.
    Saved(SavedArgs),
    /// Local changes, sent at the next sync.
    #[command(flatten)]
    Edit(crate::sync::EditCommand),
}

/// The filters, shared by `search` and `export`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Minimum age (completed years, today).
    #[arg(long, value_name = "YEARS")]
    age_min: Option<u32>,
    /// Maximum age (completed years, today).
    #[arg(long, value_name = "YEARS")]
    age_max: Option<u32>,
    /// Minimum education: ministerial level code (00…90, e.g. 40 = maturità) or name
    /// (licenza_media, maturita, laurea_triennale…).
    #[arg(long, value_name = "CODE")]
    education_min: Option<String>,
    /// Words that must all appear in CV, jobs, experiences, titles, skills; "quoted
    /// words" form a phrase. Accents and inflections do not matter (cuoco = cuochi).
    #[arg(long, value_name = "TEXT")]
    keywords: Option<String>,
    /// Branch code (repeat or comma-separate for several).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    branch: Vec<String>,
    /// Comune of residence or domicile.
    #[arg(long, value_name = "NAME")]
    comune: Option<String>,
    /// Province (sigla, e.g. FI) of residence or domicile.
    #[arg(long, value_name = "SIGLA")]
    provincia: Option<String>,
    /// M or F.
    #[arg(long, value_name = "M|F")]
    sex: Option<String>,
    /// Employment status: disoccupato, inoccupato, occupato, occupato_in_cerca,
    /// studente, inattivo.
    #[arg(long, value_name = "STATUS")]
    status: Option<String>,
    /// Minimum months of unemployment.
    #[arg(long, value_name = "MONTHS")]
    unemployed_months_min: Option<u32>,
    /// DID on or after this day (DD/MM/YYYY or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    did_from: Option<String>,
    /// DID on or before this day.
    #[arg(long, value_name = "DATE")]
    did_to: Option<String>,
    /// Only beneficiaries of SFL/RdC/ADI (true) or only non-beneficiaries (false).
    #[arg(long, value_name = "BOOL")]
    income_support: Option<bool>,
    /// Only those in the collocamento mirato, L. 68/1999 (true) or not (false).
    /// GDPR art. 9 data: an export with this filter needs --include-special-categories.
    #[arg(long, value_name = "BOOL")]
    collocamento_mirato: Option<bool>,
    /// Driving licence category that must be held (repeat or comma-separate).
    #[arg(long, value_name = "CAT", value_delimiter = ',')]
    licence: Vec<String>,
    /// Language (ISO 639-1, e.g. en) that must be known (repeat or comma-separate).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    language: Vec<String>,
    /// Has had this active-policy activity (e.g. C06 tirocinio).
    #[arg(long, value_name = "CODE")]
    policy: Option<String>,
    /// Record updated on or after this day.
    #[arg(long, value_name = "DATE")]
    updated_since: Option<String>,
    /// Start from a saved search; the flags above are added to it.
    #[arg(long, value_name = "NAME")]
    saved: Option<String>,
    /// Sort column, optionally `:desc` (surname, name, codice_fiscale, birth_date, age,
    /// sex, branch, comune, provincia, status, education, unemployment_months,
    /// did_date, updated_at). Default surname.
    #[arg(long, value_name = "COL[:desc]")]
    sort: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Rows per page (1–1000).
    #[arg(long, default_value_t = app::DEFAULT_PAGE)]
    limit: u64,
    /// Rows to skip.
    #[arg(long, default_value_t = 0)]
    offset: u64,
    /// Save this search (filters and sort) under a name.
    #[arg(long, value_name = "NAME")]
    save: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// The Excel file to write (.xlsx).
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
    /// Columns, in order (default: codice_fiscale,surname,name,sex,birth_date,age,
    /// comune,provincia,mobile,email,branch,status,unemployment_months,did_date,
    /// education). Also: sap_id, birthplace, citizenship, address, cap,
    /// domicile_comune, phone, education_title, last_qualification, desired_jobs,
    /// driving_licences, languages, policies, income_support, updated_at;
    /// art. 9 data: collocamento_mirato, special_categories.
    #[arg(long, value_name = "a,b,c")]
    columns: Option<String>,
    /// Replace the file if it exists.
    #[arg(long)]
    overwrite: bool,
    /// Allow GDPR art. 9 data (disability / collocamento mirato) in the file: its
    /// columns, or a filter on it.
    #[arg(long)]
    include_special_categories: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SavedArgs {
    /// Delete the saved search with this name.
    #[arg(long, value_name = "NAME")]
    delete: Option<String>,
    #[arg(long)]
    json: bool,
}

impl FilterArgs {
    pub(crate) fn resolve(&self, store: &app::Store) -> Result<app::Query, AppError> {
        app::resolve_query(
            store,
            self.saved.as_deref(),
            &self.input(),
            self.sort.as_deref(),
        )
    }

    fn input(&self) -> FilterInput {
        FilterInput {
            age_min: self.age_min,
            age_max: self.age_max,
            education_min: self.education_min.clone(),
            keywords: self.keywords.clone(),
            branches: self.branch.clone(),
            comune: self.comune.clone(),
            provincia: self.provincia.clone(),
            sex: self.sex.clone(),
            status: self.status.clone(),
            unemployed_months_min: self.unemployed_months_min,
            did_from: self.did_from.clone(),
            did_to: self.did_to.clone(),
            income_support: self.income_support,
            collocamento_mirato: self.collocamento_mirato,
            driving_licences: self.licence.clone(),
            languages: self.language.clone(),
            policy_activity: self.policy.clone(),
            updated_since: self.updated_since.clone(),
        }
    }
}

pub fn run(
    command: CandidatesCommand,
    profile: &Profile,
    password: &str,
) -> Result<ExitCode, AppError> {
    if let CandidatesCommand::Edit(cmd) = command {
        return crate::sync::edit(cmd, profile, password);
    }
    let mut store = sportello_app::store::open(profile, password)?;
    let today = Local::now().date_naive();
    match command {
        CandidatesCommand::Edit(_) => unreachable!("handled above"),
        CandidatesCommand::Search(args) => {
            let query = args.filter.resolve(&store)?;
            let request = SearchRequest {
                query,
                offset: args.offset,
                limit: args.limit,
            };
            let result = app::search_in(&store, &request, today)?;
            if let Some(name) = &args.save {
                app::save_search(
                    &mut store,
                    name,
                    &request.query.filter,
                    request.query.sort,
                    Utc::now(),
                )?;
                if !args.json {
                    println!("Ricerca salvata come «{}».", name.trim());
                }
            }
            output::search_result(
                &result,
                &app::describe_filter(&request.query.filter),
                args.json,
            );
        }
        CandidatesCommand::Export(args) => {
            let query = args.filter.resolve(&store)?;
            let request = ExportRequest {
                query,
                columns: app::parse_columns(args.columns.as_deref().unwrap_or(""))?,
                out: args.out,
                overwrite: args.overwrite,
                include_special_categories: args.include_special_categories,
                rows_per_sheet: None,
            };
            let report = app::export_from(&mut store, profile.user(), &request, Local::now())?;
            output::export_report(&report, args.json);
        }
        CandidatesCommand::Saved(args) => {
            if let Some(name) = args.delete {
                app::delete_saved_search(&mut store, &name)?;
                println!("Ricerca «{}» eliminata.", name.trim());
            } else {
                output::saved_searches(&app::saved_searches(&store)?, args.json);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
