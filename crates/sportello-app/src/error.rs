//! Errors as front ends see them: a closed set of codes with an Italian message.

use serde::Serialize;

pub type Result<T> = std::result::Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("password errata")]
    WrongPassword,
    #[error("nessun archivio locale per questo utente su questo computer")]
    StoreNotFound,
    #[error("esiste già un archivio locale per questo utente")]
    StoreExists,
    #[error(
        "l'archivio locale è stato creato da una versione più recente di Sportello: aggiorna l'applicazione"
    )]
    StoreTooNew,
    #[error(
        "l'archivio locale è danneggiato ({detail}): va ricostruito (le modifiche non inviate vengono salvate)"
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
    #[error("sessione scaduta: accedi di nuovo (nessuna modifica persa)")]
    SessionExpired,
    #[error("nessuna sessione con il server: accedi al server prima di sincronizzare")]
    NotLoggedIn,
    #[error("nome utente o password errati")]
    WrongCredentials,
    #[error(
        "la password è scaduta (vale 3 mesi) o è quella iniziale di una nuova utenza: cambiala per accedere"
    )]
    PasswordExpired,
    #[error("troppi tentativi di accesso: riprova tra {0} secondi")]
    TooManyAttempts(u64),
    /// Logout or wipe with unsent changes, not forced.
    #[error(
        "{0} modifiche non ancora inviate al server: sincronizza prima, altrimenti andrebbero perse"
    )]
    PendingMutations(u64),
    /// The server took the password but the local store has another one (a password
    /// change interrupted, or made on another computer).
    #[error(
        "l'archivio locale usa ancora la password precedente: va aggiornato alla password nuova"
    )]
    LocalPasswordMismatch,
    /// The server refused the request for good: its problem code (`ErrorCode` of the
    /// protocol, e.g. `fuori_ambito`) for front ends to branch on, and its words.
    #[error("il server ha rifiutato la richiesta: {message}")]
    Refused { code: String, message: String },
    /// The secure connection failed: the server's certificate is not trusted (an
    /// agency's own CA not given, a wrong name, an expired certificate) or it does
    /// not speak HTTPS. Trying again changes nothing.
    #[error("{0}")]
    ServerNotTrusted(String),
    /// A file or folder of the computer could not be read, written or opened
    /// (permissions, a full disk, a removed drive): the message names it and says why.
    #[error("{0}")]
    Disk(String),
}

impl AppError {
    /// How to turn an I/O failure on `path` into [`AppError::Disk`]: `doing` is what
    /// was being done, in Italian ("scrivere", "leggere", "aprire").
    pub fn disk(
        doing: &str,
        path: &std::path::Path,
    ) -> impl Fn(std::io::Error) -> AppError + use<> {
        let what = format!("impossibile {doing} {}", path.display());
        move |e| AppError::Disk(format!("{what}: {e}"))
    }
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
    ServerNonAttendibile,
    FileNonAccessibile,
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
            Self::Refused { .. } => ErrorCode::RifiutatoDalServer,
            Self::ServerNotTrusted(_) => ErrorCode::ServerNonAttendibile,
            Self::Disk(_) => ErrorCode::FileNonAccessibile,
        }
    }

    /// The central server's own code, when the server refused the request.
    pub fn server_code(&self) -> Option<&str> {
        match self {
            Self::Refused { code, .. } => Some(code),
            _ => None,
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

/// One problem, as `{code, message}`: `C` is the closed set of codes of its kind
/// ([`crate::codice_fiscale::CfProblem`], [`crate::account::PasswordProblem`],
/// [`crate::desk::ContactField`], [`crate::fasce_deboli::FileRefusal`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorItem<C> {
    pub code: C,
    pub message: String,
}

impl<C> ErrorItem<C> {
    pub fn new(code: C, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl<C: Serialize> ErrorItem<C> {
    /// The code as it travels to front ends, for text output.
    pub fn code_text(&self) -> String {
        match serde_json::to_value(&self.code) {
            Ok(serde_json::Value::String(code)) => code,
            other => format!("{other:?}"),
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
                let mut message = problem.detail.clone();
                for f in &problem.errors {
                    message.push(' ');
                    message.push_str(&f.message);
                }
                Self::Refused {
                    code: problem.code.as_str().into(),
                    message,
                }
            }
            E::Invalid(message) => Self::InvalidInput(message),
            // Transport security: the operator fixes the address or the CA file.
            e @ (E::PlainHttp | E::BadServerUrl { .. } | E::BadCaCertificate(_)) => {
                Self::InvalidInput(e.to_string())
            }
            e @ E::Tls(_) => Self::ServerNotTrusted(e.to_string()),
            E::Protocol(why) => Self::Internal(why),
            E::Store(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use sportello_protocol::{ErrorCode as ServerCode, FieldError, Problem};

    use super::*;

    #[test]
    fn a_servers_refusal_keeps_its_code_apart_from_its_words() {
        let mut problem = Problem::new(ServerCode::FuoriAmbito, "La filiale non è nel tuo ambito.");
        problem.errors.push(FieldError::new(
            "filiale",
            "fuori_ambito",
            "Scegli una tua filiale.",
        ));
        let e = AppError::from(sportello_sync::Error::Refused(Box::new(problem)));
        assert_eq!(e.code(), ErrorCode::RifiutatoDalServer);
        assert_eq!(e.server_code(), Some("fuori_ambito"));
        let text = e.to_string();
        assert!(
            text.contains("nel tuo ambito") && text.contains("Scegli una tua filiale"),
            "{text}"
        );
        assert!(
            !text.contains("fuori_ambito"),
            "no code in the operator's text: {text}"
        );
    }

    #[test]
    fn app_messages_name_no_cli_command() {
        let all = [
            AppError::StoreNotFound,
            AppError::StoreDamaged { detail: "x".into() },
            AppError::SessionExpired,
            AppError::NotLoggedIn,
            AppError::PasswordExpired,
            AppError::PendingMutations(2),
            AppError::LocalPasswordMismatch,
        ];
        for e in all {
            let text = e.to_string();
            assert!(
                !text.contains("sportello ") && !text.contains("--"),
                "the desktop shows this too: {text}"
            );
        }
    }
}
