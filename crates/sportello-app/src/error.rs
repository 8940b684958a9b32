//! Errors as front ends see them: a closed set of codes with an Italian message.

use serde::Serialize;

pub type Result<T> = std::result::Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("password errata")]
    WrongPassword,
    #[error("nessun archivio locale per questo utente: crealo con `sportello store init`")]
    StoreNotFound,
    #[error("esiste già un archivio locale per questo utente")]
    StoreExists,
    #[error(
        "l'archivio locale è stato creato da una versione più recente di Sportello: aggiorna l'applicazione"
    )]
    StoreTooNew,
    #[error(
        "l'archivio locale è danneggiato ({detail}): ricostruiscilo con `sportello store recover`"
    )]
    StoreDamaged { detail: String },
    #[error("{0}")]
    InvalidInput(String),
    /// An export would write GDPR art. 9 data and the operator has not asked for it.
    #[error("{0}: per esportarli serve una richiesta esplicita")]
    SpecialCategoriesNotConfirmed(String),
    /// The export's file exists and replacing it was not asked for.
    #[error("il file {0} esiste già: scegli un altro nome o chiedi di sovrascriverlo")]
    FileExists(String),
    /// The operator stopped a long operation (a batch of documents); nothing was written.
    #[error("operazione annullata: nessun file scritto")]
    Cancelled,
    /// A command that needs an open session came without one (never signed in, or
    /// locked after idle time).
    #[error("accesso richiesto: inserisci di nuovo la password")]
    NotSignedIn,
    #[error("errore interno: {0}")]
    Internal(String),
    /// The central server cannot be reached (network, timeouts, server errors).
    #[error("server centrale non raggiungibile ({0}): si lavora sui dati locali")]
    Unavailable(String),
    /// The token expired mid-way: log in again; nothing local was lost.
    #[error("sessione scaduta: accedi di nuovo con `sportello login` (nessuna modifica persa)")]
    SessionExpired,
    #[error("nessuna sessione con il server: accedi con `sportello login --server URL`")]
    NotLoggedIn,
    #[error("nome utente o password errati")]
    WrongCredentials,
    #[error("la password è scaduta (vale 3 mesi): cambiala con `sportello password`")]
    PasswordExpired,
    #[error("troppi tentativi di accesso: riprova tra {0} secondi")]
    TooManyAttempts(u64),
    /// Logout or wipe with unsent changes, not forced.
    #[error(
        "{0} modifiche non ancora inviate al server: sincronizza prima, oppure usa --force (le modifiche andrebbero perse)"
    )]
    PendingMutations(u64),
    /// The server took the password but the local store has another one (a password
    /// change interrupted, or made on another computer).
    #[error(
        "l'archivio locale usa ancora la password precedente: aggiornalo con `sportello password --solo-locale`"
    )]
    LocalPasswordMismatch,
    /// The server refused the request for good.
    #[error("il server ha rifiutato la richiesta: {0}")]
    Refused(String),
}

/// The codes a front end may branch on. Add one only when a front end uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    PasswordErrata,
    ArchivioNonTrovato,
    ArchivioEsistente,
    ArchivioDanneggiato,
    ArchivioNonCompatibile,
    InputNonValido,
    DatiParticolariNonRichiesti,
    FileEsistente,
    OperazioneAnnullata,
    ErroreInterno,
    ServerNonRaggiungibile,
    SessioneScaduta,
    AccessoRichiesto,
    CredenzialiErrate,
    PasswordScaduta,
    TroppiTentativi,
    ModificheInSospeso,
    PasswordLocaleDiversa,
    RifiutatoDalServer,
}

/// What kind of failure, for exit codes and retry decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user can fix it (input, password).
    User,
    /// A server or the network is not available.
    Unavailable,
    /// A bug or a broken installation.
    Internal,
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::WrongPassword => ErrorCode::PasswordErrata,
            Self::StoreNotFound => ErrorCode::ArchivioNonTrovato,
            Self::StoreExists => ErrorCode::ArchivioEsistente,
            Self::StoreTooNew => ErrorCode::ArchivioNonCompatibile,
            Self::StoreDamaged { .. } => ErrorCode::ArchivioDanneggiato,
            Self::InvalidInput(_) => ErrorCode::InputNonValido,
            Self::SpecialCategoriesNotConfirmed(_) => ErrorCode::DatiParticolariNonRichiesti,
            Self::FileExists(_) => ErrorCode::FileEsistente,
            Self::Cancelled => ErrorCode::OperazioneAnnullata,
            Self::NotSignedIn => ErrorCode::AccessoRichiesto,
            Self::Internal(_) => ErrorCode::ErroreInterno,
            Self::Unavailable(_) => ErrorCode::ServerNonRaggiungibile,
            Self::SessionExpired => ErrorCode::SessioneScaduta,
            Self::NotLoggedIn => ErrorCode::AccessoRichiesto,
            Self::WrongCredentials => ErrorCode::CredenzialiErrate,
            Self::PasswordExpired => ErrorCode::PasswordScaduta,
            Self::TooManyAttempts(_) => ErrorCode::TroppiTentativi,
            Self::PendingMutations(_) => ErrorCode::ModificheInSospeso,
            Self::LocalPasswordMismatch => ErrorCode::PasswordLocaleDiversa,
            Self::Refused(_) => ErrorCode::RifiutatoDalServer,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Internal(_) => ErrorKind::Internal,
            Self::Unavailable(_) => ErrorKind::Unavailable,
            _ => ErrorKind::User,
        }
    }
}

/// One problem, as `{code, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorItem {
    pub code: String,
    pub message: String,
}

impl ErrorItem {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}

impl From<sportello_store::Error> for AppError {
    fn from(e: sportello_store::Error) -> Self {
        use sportello_store::Error as E;
        match e {
            E::WrongPassword => Self::WrongPassword,
            E::NotFound { .. } => Self::StoreNotFound,
            E::AlreadyExists { .. } => Self::StoreExists,
            E::Corrupt { detail } => Self::StoreDamaged { detail },
            E::SchemaTooNew { .. } => Self::StoreTooNew,
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<sportello_sync::Error> for AppError {
    fn from(e: sportello_sync::Error) -> Self {
        use sportello_sync::Error as E;
        match e {
            E::Unavailable(why) => Self::Unavailable(why),
            E::SessionExpired => Self::SessionExpired,
            E::NotLoggedIn => Self::NotLoggedIn,
            E::WrongCredentials => Self::WrongCredentials,
            E::PasswordExpired => Self::PasswordExpired,
            E::TooManyAttempts { retry_after } => Self::TooManyAttempts(retry_after.as_secs()),
            E::Refused(problem) => {
                let mut text = problem.detail.clone();
                for f in &problem.errors {
                    text.push(' ');
                    text.push_str(&f.message);
                }
                Self::Refused(text)
            }
            E::Invalid(message) => Self::InvalidInput(message),
            // Transport security: the operator fixes the address or the CA file.
            e @ (E::PlainHttp | E::BadServerUrl { .. } | E::BadCaCertificate(_) | E::Tls(_)) => {
                Self::InvalidInput(e.to_string())
            }
            E::Protocol(why) => Self::Internal(why),
            E::Store(e) => e.into(),
        }
    }
}
