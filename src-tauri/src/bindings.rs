//! The TypeScript side of the IPC contract, generated from the Rust types: every DTO,
//! the error codes, and a `Commands` map from command name to its argument, progress
//! and result types. `ui/src/generated/bindings.ts` is this text; the test
//! `bindings_are_fresh` fails when it is stale (`SPORTELLO_UPDATE_BINDINGS=1` rewrites it).

use ts_rs::{Config, TS};

use crate::commands::agenda::{
    AgendaArgs, CambiaPrenotazioneArgs, ContattaArgs, ContattiArgs, LiberiArgs, PrenotaArgs,
    RicevutaPrenotazioneArgs, RispondiArgs, SalvaSportelloArgs, SportelloFormArgs,
    StampaAgendaArgs,
};
use crate::commands::candidates::{
    SaveSearchArgs, SavedSearchArgs, SavedSearchForm, SearchArgs, SheetArgs,
};
use crate::commands::candidature::{
    CandidaArgs, EsitoCandidaturaArgs, EsportaCandidatureArgs, OfferteAperteArgs,
};
use crate::commands::corsi::{
    AzioneCorsoArgs, CorsoArgs, EsportaCorsiArgs, FileCorsiArgs, SalvaCorsoArgs,
};
use crate::commands::cv::{
    CaricaCvArgs, CvElencoArgs, CvIdArgs, ModificaCvArgs, RichiestaCvArgs, RispostaCvArgs,
    SalvaCvArgs,
};
use crate::commands::desk::ContactsArgs;
use crate::commands::documenti::{AzioneDocumentoArgs, DocumentoPdfArgs, NuovoDocumentoArgs};
use crate::commands::documents::{DocumentArgs, ReceiptPrintArgs};
use crate::commands::fasce_deboli::{
    FdAcceptArgs, FdDeclareArgs, FdExportArgs, FdGridArgs, FdIdArgs, FdPathArgs, FdRequestArgs,
    FdSaveArgs, FdUploadArgs, FdYearArgs, ParticipantKey,
};
use crate::commands::offerte::{
    AbbinamentiArgs, AvanzaArgs, EsportaInteressiArgs, ImportaArgs, InteressiArgs, ModelloArgs,
    OffertaArgs, ProponiArgs, SalvaOffertaArgs, StatoOffertaArgs,
};
use crate::commands::report::{EsportaReportArgs, GiornoArgs};
use crate::commands::server::{PasswordChangeArgs, ResolveArgs};
use crate::commands::session::{ScopeArgs, SessionInfo, SignInArgs, Startup, UnlockArgs};
use crate::commands::settings::PasswordArgs;
use crate::commands::utenti::{
    AbilitaArgs, FilialiArgs, ModificaPadArgs, PasswordUtenzaArgs, SceltaPadArgs,
};
use crate::error::CommandError;
use sportello_app::account::{PasswordCheck, PasswordProblem};
use sportello_app::agenda::{
    EccezioneForm, FasciaForm, GiornoAgenda, PrenotazioneView, SportelloForm, SportelloView,
};
use sportello_app::attivita::{Attivita, AttivitaColloquio, AttivitaGaranziaGiovani, Colloquio};
use sportello_app::candidature::{CandidaturaView, FiltroCandidature};
use sportello_app::configurazione::{FilialePadView, PadView};
use sportello_app::contatti::ContattoView;
use sportello_app::corsi::{
    Corsi, CorsiFiltro, CorsoForm, CorsoRiga, CorsoScheda, EsitoView, ImportazioneCorsi,
    ListeCorsi, SegmentoView, TipologiaView,
};
use sportello_app::cruscotto::{LoginInfo, ProblemView, SyncOutcome, SyncState, SyncStep};
use sportello_app::cv::{CvInScadenza, CvView, DatiCvForm, RichiestaCvView, UtilizzoView};
use sportello_app::demo::sandbox::StepProgress;
use sportello_app::desk::{
    AnnotationForm, AnnotationView, CandidateNotes, ContactField, ContactsForm,
};
use sportello_app::documenti::DocumentoView;
use sportello_app::documents::SapBatchForm;
use sportello_app::documents::{
    BatchReport, CountTableDto, CvForm, DocumentReport, ReceiptDto, ReceiptFileDto,
    SapBatchProgress,
};
use sportello_app::fasce_deboli::online::{
    CampaignDto, FollowReport, History, RejectedRow, RequestDto, UploadDone, UploadDto, YearSummary,
};
use sportello_app::fasce_deboli::overview::{FdGrid, FdOverview};
use sportello_app::fasce_deboli::{
    CheckIssue, CheckReport, DeclarationInput, DeclaredCounts, FdExportReport, FileRefusal,
    ImportReport, ParticipantDto, SuggestedCategory, SuggestionRow,
};
use sportello_app::offerte::interessi::{
    Abbinamenti, AbbinamentoRiga, CriterioView, EsportazioneInteressi, InteresseRiga,
    OffertaAdatta, RifiutoForm, RifiutoRiga,
};
use sportello_app::offerte::massivo::{MassivoReport, RigaErrore};
use sportello_app::offerte::{
    Campo, ListeOfferte, OffertaForm, OffertaRiga, OffertaScheda, OfferteFiltro, VoceView,
};
use sportello_app::options::{Choice, ColumnChoice, SearchOptions};
use sportello_app::overview::{BranchCount, Overview};
use sportello_app::report::{ColonnaReport, PuntoView, ReportSummary, ReportView};
use sportello_app::search::ExportForm;
use sportello_app::search::{
    CandidateRow, ExportProgress, ExportReport, FilterInput, SavedSearchDto, SearchResult,
};
use sportello_app::settings::Settings;
use sportello_app::sheet::{CandidateSheet, SheetField, SheetSection, SheetTable};
use sportello_app::utenti::{CampoUtenza, NuovaUtenza, UtenteRiga, Utenti};
use sportello_app::{ErrorCode, ErrorItem};

/// One command's types, as TypeScript names.
#[derive(Debug, Clone)]
pub struct Signature {
    pub name: &'static str,
    pub args: String,
    pub progress: Option<String>,
    pub result: String,
}

fn config() -> Config {
    // u64 counts travel as JSON numbers; they stay far below 2^53.
    Config::new().with_large_int("number")
}

macro_rules! declarations {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),*]
    };
}

/// The whole file.
pub fn typescript() -> String {
    let cfg = config();
    let decls: Vec<String> = declarations!(&cfg;
        ErrorCode, CommandError, ErrorItem<ContactField>, ContactField, PasswordProblem, FileRefusal,
        FilterInput, CandidateRow, SearchResult, SavedSearchDto, ExportProgress, ExportReport,
        Choice, ColumnChoice, SearchOptions, BranchCount, Overview, Settings, PasswordCheck,
        SheetField, SheetTable, SheetSection, CandidateSheet,
        Startup, SessionInfo, SignInArgs, UnlockArgs, ScopeArgs, StepProgress,
        SearchArgs, SheetArgs, SaveSearchArgs, SavedSearchArgs, SavedSearchForm,
        ExportForm, PasswordArgs,
        DocumentReport, BatchReport, SapBatchProgress, CountTableDto, ReceiptFileDto, ReceiptDto,
        DocumentArgs, CvForm, SapBatchForm, ReceiptPrintArgs,
        FdOverview, RequestDto, UploadDto, RejectedRow, FollowReport, History, CampaignDto,
        YearSummary, FdGrid, ParticipantDto, DeclarationInput, SuggestionRow, SuggestedCategory,
        CheckReport, DeclaredCounts, CheckIssue, ImportReport, FdExportReport,
        FdYearArgs, FdRequestArgs, FdSaveArgs, FdGridArgs, FdDeclareArgs, ParticipantKey,
        FdAcceptArgs, FdExportArgs, FdPathArgs, FdUploadArgs, FdIdArgs, UploadDone,
        LoginInfo, PasswordChangeArgs, ProblemView, SyncState, SyncStep, SyncOutcome,
        AnnotationForm, ContactsArgs, ContactsForm, AnnotationView, CandidateNotes, ResolveArgs,
        Campo, VoceView, ListeOfferte, OffertaForm, OffertaRiga, OffertaScheda,
        OfferteFiltro, InteresseRiga, RifiutoForm, RifiutoRiga, CriterioView, AbbinamentoRiga,
        Abbinamenti, OffertaArgs, SalvaOffertaArgs, StatoOffertaArgs, InteressiArgs, AvanzaArgs,
        ProponiArgs, AbbinamentiArgs, ModelloArgs, ImportaArgs, MassivoReport, RigaErrore,
        EsportaInteressiArgs, EsportazioneInteressi, OffertaAdatta,
        Utenti, UtenteRiga, NuovaUtenza, CampoUtenza, AbilitaArgs, FilialiArgs,
        PadView, FilialePadView, ModificaPadArgs, SceltaPadArgs, PasswordUtenzaArgs,
        ReportSummary, ReportView, ColonnaReport, PuntoView, GiornoArgs, EsportaReportArgs,
        SegmentoView, CorsoForm, TipologiaView, EsitoView, ListeCorsi, CorsiFiltro, CorsoRiga,
        Corsi, CorsoScheda, ImportazioneCorsi, CorsoArgs, SalvaCorsoArgs, AzioneCorsoArgs,
        EsportaCorsiArgs, FileCorsiArgs,
        DocumentoView, NuovoDocumentoArgs, AzioneDocumentoArgs, DocumentoPdfArgs,
        SportelloView, PrenotazioneView, GiornoAgenda, AgendaArgs, StampaAgendaArgs, LiberiArgs,
        PrenotaArgs, CambiaPrenotazioneArgs, RicevutaPrenotazioneArgs,
        CandidaturaView, FiltroCandidature, CandidaArgs, EsitoCandidaturaArgs, EsportaCandidatureArgs,
        CvView, CvInScadenza, UtilizzoView, RichiestaCvView, DatiCvForm, CvElencoArgs, CaricaCvArgs, ModificaCvArgs,
        CvIdArgs, RichiestaCvArgs, RispostaCvArgs, SalvaCvArgs,
        OfferteAperteArgs,
        Attivita, AttivitaGaranziaGiovani, Colloquio, AttivitaColloquio,
        SportelloForm, FasciaForm, EccezioneForm, SportelloFormArgs, SalvaSportelloArgs,
        ContattoView, ContattiArgs, ContattaArgs, RispondiArgs,
    );
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri (bindings.rs). Do not edit:\n\
         // run `SPORTELLO_UPDATE_BINDINGS=1 cargo test -p sportello-desktop --test desktop bindings`.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(
        "/** Every command: its `args`, the messages of its `progress` channel, its `result`. */\n",
    );
    out.push_str("export type Commands = {\n");
    for s in crate::command_signatures(&cfg) {
        out.push_str(&format!(
            "  {}: {{ args: {}; progress: {}; result: {} }};\n",
            s.name,
            s.args,
            s.progress.as_deref().unwrap_or("never"),
            s.result
        ));
    }
    out.push_str("};\n");
    out
}
