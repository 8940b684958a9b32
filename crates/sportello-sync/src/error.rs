//! The sync client's error type. Front ends branch on the variant, never on text.

use std::time::Duration;

use sportello_protocol::Problem;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server could not be reached or kept failing (network, timeouts, 5xx) after
    /// every retry. Nothing local was lost; try again later.
    #[error("server non raggiungibile: {0}")]
    Unavailable(String),
    /// The token expired or was revoked: the operator must log in again. What was
    /// already pulled and the outbox are kept.
    #[error("sessione scaduta: accedi di nuovo")]
    SessionExpired,
    /// No session in the store: log in first.
    #[error("nessuna sessione: accedi al server")]
    NotLoggedIn,
    #[error("nome utente o password errati")]
    WrongCredentials,
    #[error("password scaduta o iniziale: cambiala per accedere")]
    PasswordExpired,
    #[error("troppi tentativi di accesso: riprova tra {} secondi", .retry_after.as_secs())]
    TooManyAttempts { retry_after: Duration },
    /// The server refused the request for good (fields, scope, role): its problem.
    #[error("{}", .0.detail)]
    Refused(Box<Problem>),
    /// The server answered something the contract does not allow.
    #[error("risposta del server non conforme: {0}")]
    Protocol(String),
    /// `http://` to another computer: the password and the data would travel in clear.
    #[error(
        "il server deve usare HTTPS: le connessioni non cifrate sono ammesse solo verso questo computer (localhost)"
    )]
    PlainHttp,
    /// Not an address of a central server (scheme, syntax, credentials in it).
    #[error("indirizzo del server non valido «{url}»: {why}")]
    BadServerUrl { url: String, why: String },
    /// The extra CA certificate file cannot be read or holds no valid certificate.
    #[error("certificato della CA non valido: {0}")]
    BadCaCertificate(String),
    /// The TLS handshake failed: the server's certificate is not trusted, or the
    /// connection is not TLS. Not retried: trying again changes nothing.
    #[error("connessione sicura con il server non riuscita: {0}")]
    Tls(String),
    /// A local change that cannot be made (bad input, unknown candidate).
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] sportello_store::Error),
}

impl Error {
    /// Bad input for a local change, in Italian.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }
}
