//! The Sportello desktop app: a thin Tauri 2 shell over `sportello-app`.
//!
//! - `commands/<area>.rs`: the commands the webview may call, each a few lines around
//!   one use case; arguments are one typed struct (`args`), long work reports through
//!   a `Channel` (`on_progress`).
//! - `state`: the open session (profile, store while unlocked, scope).
//! - `bindings`: the TypeScript declarations of every command, DTO and error code,
//!   generated into `ui/src/generated/bindings.ts` (a test fails if they are stale).
//!
//! Configuration from the environment: `SPORTELLO_DATA_DIR` (as the CLI),
//! `SPORTELLO_AUTO_LOCK_SECONDS` (tests: the idle delay in seconds); `--demo` on the
//! command line starts the demo without asking.

pub mod bindings;
pub mod commands;
pub mod error;
pub mod state;

use std::path::PathBuf;

use tauri::Manager;

use crate::commands::last_file::{self, LastFile};
use crate::state::AppState;

/// Every command: registers the handler and lists the signatures for the bindings.
/// `name(Args) -> Result` or `name(Args, progress: P) -> Result`; `()` for no args.
macro_rules! app_commands {
    ($( $area:ident :: $name:ident ( $args:ty $(, progress: $progress:ty)? ) -> $ret:ty ; )*) => {
        fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(commands::$area::$name),*]
        }

        /// Name, argument, progress and result types of every command.
        pub fn command_signatures(cfg: &ts_rs::Config) -> Vec<bindings::Signature> {
            vec![$(bindings::Signature {
                name: stringify!($name),
                args: <$args as ts_rs::TS>::name(cfg),
                progress: app_commands!(@progress cfg $($progress)?),
                result: <$ret as ts_rs::TS>::name(cfg),
            }),*]
        }
    };
    (@progress $cfg:ident) => { None };
    (@progress $cfg:ident $p:ty) => { Some(<$p as ts_rs::TS>::name($cfg)) };
}

use commands::agenda::{
    AgendaArgs, CambiaPrenotazioneArgs, ContattaArgs, ContattiArgs, LiberiArgs, PrenotaArgs,
    RicevutaPrenotazioneArgs, RispondiArgs, SalvaSportelloArgs, SportelloFormArgs,
    StampaAgendaArgs,
};
use commands::candidates::{
    SaveSearchArgs, SavedSearchArgs, SavedSearchForm, SearchArgs, SheetArgs,
};
use commands::candidature::{
    CandidaArgs, EsitoCandidaturaArgs, EsportaCandidatureArgs, OfferteAperteArgs,
};
use commands::corsi::{
    AzioneCorsoArgs, CorsoArgs, EsportaCorsiArgs, FileCorsiArgs, SalvaCorsoArgs,
};
use commands::cv::{
    CaricaCvArgs, CvElencoArgs, CvIdArgs, ModificaCvArgs, RichiestaCvArgs, RispostaCvArgs,
    SalvaCvArgs,
};
use commands::desk::ContactsArgs;
use commands::documenti::{AzioneDocumentoArgs, DocumentoPdfArgs, NuovoDocumentoArgs};
use commands::documents::{DocumentArgs, ReceiptPrintArgs};
use commands::fasce_deboli::{
    FdAcceptArgs, FdDeclareArgs, FdExportArgs, FdGridArgs, FdIdArgs, FdPathArgs, FdRequestArgs,
    FdSaveArgs, FdUploadArgs, FdYearArgs,
};
use commands::offerte::{
    AbbinamentiArgs, AvanzaArgs, EsportaInteressiArgs, ImportaArgs, InteressiArgs, ModelloArgs,
    OffertaArgs, ProponiArgs, SalvaOffertaArgs, StatoOffertaArgs,
};
use commands::report::{EsportaReportArgs, GiornoArgs};
use commands::server::{PasswordChangeArgs, ResolveArgs};
use commands::session::{ScopeArgs, SessionInfo, SignInArgs, Startup, UnlockArgs};
use commands::settings::PasswordArgs;
use commands::utenti::{AbilitaArgs, FilialiArgs, ModificaPadArgs, PasswordUtenzaArgs};
use sportello_app::ErrorItem;
use sportello_app::account::PasswordCheck;
use sportello_app::agenda::{GiornoAgenda, PrenotazioneView, SportelloForm, SportelloView};
use sportello_app::attivita::Attivita;
use sportello_app::candidature::{CandidaturaView, FiltroCandidature};
use sportello_app::configurazione::PadView;
use sportello_app::contatti::ContattoView;
use sportello_app::corsi::{
    Corsi, CorsiFiltro, CorsoForm, CorsoScheda, ImportazioneCorsi, ListeCorsi,
};
use sportello_app::cruscotto::{SyncOutcome, SyncState, SyncStep};
use sportello_app::cv::{CvInScadenza, CvView};
use sportello_app::demo::sandbox::StepProgress;
use sportello_app::desk::{AnnotationForm, CandidateNotes, ContactField, ContactsForm};
use sportello_app::documenti::DocumentoView;
use sportello_app::documents::SapBatchForm;
use sportello_app::documents::{BatchReport, CvForm, DocumentReport, ReceiptDto, SapBatchProgress};
use sportello_app::fasce_deboli::online::{RequestDto, UploadDone, UploadDto};
use sportello_app::fasce_deboli::overview::{FdGrid, FdOverview};
use sportello_app::fasce_deboli::{CheckReport, FdExportReport, ImportReport, SuggestionRow};
use sportello_app::offerte::interessi::{
    Abbinamenti, EsportazioneInteressi, InteresseRiga, OffertaAdatta, RifiutoForm, RifiutoRiga,
};
use sportello_app::offerte::massivo::MassivoReport;
use sportello_app::offerte::{
    Campo, ListeOfferte, OffertaForm, OffertaRiga, OffertaScheda, OfferteFiltro, VoceView,
};
use sportello_app::options::SearchOptions;
use sportello_app::overview::Overview;
use sportello_app::report::{ReportSummary, ReportView};
use sportello_app::search::ExportForm;
use sportello_app::search::{ExportProgress, ExportReport, SavedSearchDto, SearchResult};
use sportello_app::settings::Settings;
use sportello_app::sheet::CandidateSheet;
use sportello_app::utenti::{CampoUtenza, NuovaUtenza, UtenteRiga, Utenti};

app_commands! {
    session::startup(()) -> Startup;
    session::start_demo((), progress: StepProgress) -> SessionInfo;
    session::sign_in(SignInArgs) -> SessionInfo;
    session::sign_out(()) -> ();
    session::session_info(()) -> SessionInfo;
    session::lock(()) -> ();
    session::unlock(UnlockArgs) -> ();
    session::choose_scope(ScopeArgs) -> ();
    dashboard::dashboard(()) -> Overview;
    candidates::search_options(()) -> SearchOptions;
    candidates::search_candidates(SearchArgs) -> SearchResult;
    candidates::candidate_sheet(SheetArgs) -> CandidateSheet;
    candidates::saved_searches(()) -> Vec<SavedSearchDto>;
    candidates::save_search(SaveSearchArgs) -> bool;
    candidates::load_saved_search(SavedSearchArgs) -> SavedSearchForm;
    candidates::delete_saved_search(SavedSearchArgs) -> ();
    export::export_candidates(ExportForm, progress: ExportProgress) -> ExportReport;
    export::open_export(()) -> ();
    export::reveal_export(()) -> ();
    settings::get_settings(()) -> Settings;
    settings::save_settings(Settings) -> ();
    settings::check_password(PasswordArgs) -> PasswordCheck;
    documents::print_sap(DocumentArgs) -> DocumentReport;
    documents::export_sap_xml(DocumentArgs) -> DocumentReport;
    documents::print_cv(CvForm) -> DocumentReport;
    documents::print_libretto(DocumentArgs) -> DocumentReport;
    candidates::attivita_liste(SheetArgs) -> Attivita;
    documents::sap_batch(SapBatchForm, progress: SapBatchProgress) -> BatchReport;
    documents::cancel_sap_batch(()) -> ();
    documents::receipts(()) -> Vec<ReceiptDto>;
    documents::print_receipt(ReceiptPrintArgs) -> DocumentReport;
    documents::open_document(()) -> ();
    documents::reveal_document(()) -> ();
    fasce_deboli::fd_overview(()) -> FdOverview;
    fasce_deboli::fd_request(FdRequestArgs) -> RequestDto;
    fasce_deboli::fd_save_participants_file(FdSaveArgs) -> String;
    fasce_deboli::fd_grid(FdGridArgs) -> FdGrid;
    fasce_deboli::fd_declare(FdDeclareArgs) -> usize;
    fasce_deboli::fd_suggestions(FdYearArgs) -> Vec<SuggestionRow>;
    fasce_deboli::fd_accept_suggestions(FdAcceptArgs) -> usize;
    fasce_deboli::fd_export(FdExportArgs) -> FdExportReport;
    fasce_deboli::fd_import(FdPathArgs) -> ImportReport;
    fasce_deboli::fd_check(FdYearArgs) -> CheckReport;
    fasce_deboli::fd_upload(FdUploadArgs) -> UploadDone;
    fasce_deboli::fd_open_receipt(()) -> ();
    fasce_deboli::fd_outcome(FdIdArgs) -> UploadDto;
    fasce_deboli::fd_save_outcome(FdSaveArgs) -> String;
    server::change_expired_password(PasswordChangeArgs) -> ();
    server::sync_status(()) -> SyncState;
    server::sync_now((), progress: SyncStep) -> SyncOutcome;
    server::switch_scope(ScopeArgs, progress: SyncStep) -> ();
    desk::candidate_notes(SheetArgs) -> CandidateNotes;
    desk::add_annotation(AnnotationForm) -> CandidateNotes;
    desk::edit_contacts(ContactsArgs) -> CandidateNotes;
    desk::check_contacts(ContactsForm) -> Vec<ErrorItem<ContactField>>;
    server::resolve_conflict(ResolveArgs) -> ();
    offerte::offerte_liste(()) -> ListeOfferte;
    offerte::offerte_elenco(OfferteFiltro) -> Vec<OffertaRiga>;
    offerte::offerta_scheda(OffertaArgs) -> OffertaScheda;
    offerte::offerta_nuova(()) -> OffertaForm;
    offerte::offerta_problemi(OffertaForm) -> Vec<ErrorItem<Campo>>;
    offerte::offerta_salva(SalvaOffertaArgs) -> OffertaScheda;
    offerte::offerta_stato(StatoOffertaArgs) -> OffertaScheda;
    offerte::interessi_elenco(InteressiArgs) -> Vec<InteresseRiga>;
    offerte::interesse_avanza(AvanzaArgs) -> InteresseRiga;
    offerte::offerta_proponi(ProponiArgs) -> u64;
    offerte::abbinamenti(AbbinamentiArgs) -> Abbinamenti;
    offerte::offerte_adatte(SheetArgs) -> Vec<OffertaAdatta>;
    offerte::rifiuto_nuovo(RifiutoForm) -> (RifiutoRiga, ReceiptDto);
    offerte::rifiuti_elenco(InteressiArgs) -> Vec<RifiutoRiga>;
    offerte::offerte_modello(ModelloArgs) -> String;
    offerte::offerte_importa(ImportaArgs) -> MassivoReport;
    offerte::interessi_esporta(EsportaInteressiArgs) -> EsportazioneInteressi;
    utenti::utenti_elenco(()) -> Utenti;
    utenti::utenza_problemi(NuovaUtenza) -> Vec<ErrorItem<CampoUtenza>>;
    utenti::utenza_crea(NuovaUtenza) -> UtenteRiga;
    utenti::utenza_abilita(AbilitaArgs) -> UtenteRiga;
    utenti::utenza_filiali(FilialiArgs) -> UtenteRiga;
    utenti::utenza_password(PasswordUtenzaArgs) -> UtenteRiga;
    utenti::configurazione_pad(()) -> PadView;
    utenti::configurazione_pad_salva(ModificaPadArgs) -> PadView;
    report::report_elenco(()) -> Vec<ReportSummary>;
    report::report_apri(GiornoArgs) -> ReportView;
    report::report_chiedi(GiornoArgs) -> ReportView;
    report::report_esporta(EsportaReportArgs) -> DocumentReport;
    corsi::corsi_liste(()) -> ListeCorsi;
    corsi::corsi_elenco(CorsiFiltro) -> Corsi;
    corsi::corso_scheda(CorsoArgs) -> CorsoScheda;
    corsi::corso_nuovo(()) -> CorsoForm;
    corsi::corso_problemi(CorsoForm) -> Vec<ErrorItem<String>>;
    corsi::corso_salva(SalvaCorsoArgs) -> CorsoScheda;
    corsi::corso_azione(AzioneCorsoArgs) -> Option<CorsoScheda>;
    corsi::corso_duplica(CorsoArgs) -> CorsoForm;
    corsi::corsi_esporta(EsportaCorsiArgs) -> DocumentReport;
    corsi::corsi_modello(FileCorsiArgs) -> DocumentReport;
    corsi::corsi_importa(FileCorsiArgs) -> ImportazioneCorsi;
    documenti::documenti_tipi(()) -> Vec<VoceView>;
    documenti::documenti_elenco(SheetArgs) -> Vec<DocumentoView>;
    documenti::documento_nuovo(NuovoDocumentoArgs) -> DocumentoView;
    documenti::documento_azione(AzioneDocumentoArgs) -> DocumentoView;
    documenti::documento_pdf(DocumentoPdfArgs) -> DocumentReport;
    agenda::agenda_tipi(()) -> Vec<VoceView>;
    agenda::agenda_sportelli(()) -> Vec<SportelloView>;
    agenda::agenda_giorni(AgendaArgs) -> Vec<GiornoAgenda>;
    agenda::agenda_stampa(StampaAgendaArgs) -> DocumentReport;
    agenda::agenda_liberi(LiberiArgs) -> Vec<String>;
    agenda::agenda_prenota(PrenotaArgs) -> PrenotazioneView;
    agenda::agenda_cambia(CambiaPrenotazioneArgs) -> PrenotazioneView;
    agenda::agenda_del_cittadino(SheetArgs) -> Vec<PrenotazioneView>;
    agenda::agenda_ricevuta(RicevutaPrenotazioneArgs) -> DocumentReport;
    agenda::agenda_sportello_form(SportelloFormArgs) -> SportelloForm;
    agenda::agenda_sportello_salva(SalvaSportelloArgs) -> SportelloView;
    agenda::contatti_elenco(ContattiArgs) -> Vec<ContattoView>;
    agenda::contatta_cpi(ContattaArgs) -> ContattoView;
    agenda::contatto_rispondi(RispondiArgs) -> ContattoView;
    candidature::candidature_esiti(()) -> Vec<VoceView>;
    candidature::candidature_offerte(OfferteAperteArgs) -> Vec<OffertaRiga>;
    candidature::candidature_elenco(FiltroCandidature) -> Vec<CandidaturaView>;
    candidature::candidatura_nuova(CandidaArgs) -> CandidaturaView;
    candidature::candidatura_esito(EsitoCandidaturaArgs) -> CandidaturaView;
    candidature::candidature_esporta(EsportaCandidatureArgs) -> DocumentReport;
    cv::cv_territori(()) -> Vec<String>;
    cv::cv_in_scadenza(()) -> Vec<CvInScadenza>;
    cv::cv_elenco(CvElencoArgs) -> Vec<CvView>;
    cv::cv_carica(CaricaCvArgs) -> CvView;
    cv::cv_modifica(ModificaCvArgs) -> CvView;
    cv::cv_elimina(CvIdArgs) -> ();
    cv::cv_richiesta(RichiestaCvArgs) -> CvView;
    cv::cv_risposta(RispostaCvArgs) -> CvView;
    cv::cv_salva(SalvaCvArgs) -> DocumentReport;
}

/// Starts the app; returns when its window is closed.
pub fn run() {
    let demo_requested = std::env::args().any(|a| a == "--demo");
    let data_dir =
        match sportello_app::data_dir(std::env::var_os("SPORTELLO_DATA_DIR").map(PathBuf::from)) {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!("sportello: {e}");
                std::process::exit(1);
            }
        };
    let auto_lock_seconds = std::env::var("SPORTELLO_AUTO_LOCK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s| *s > 0);
    let result = tauri::Builder::default()
        // First: a second launch only brings the running window to the front, so two
        // processes never share one store.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .manage(AppState::new(data_dir, demo_requested, auto_lock_seconds))
        .manage(LastFile::<last_file::Export>::default())
        .manage(LastFile::<last_file::Document>::default())
        .manage(commands::documents::RunningBatch::default())
        .manage(LastFile::<last_file::Receipt>::default())
        .invoke_handler(handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("sportello: {e}");
        std::process::exit(1);
    }
}
