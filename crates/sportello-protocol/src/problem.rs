//! Errors on the wire: `application/problem+json` (RFC 9457) with a stable `code`.
//!
//! Clients branch on [`ErrorCode`], never on `title` or `detail` (Italian, for people).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// The closed set of error codes the contract uses. Each has one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 401 — wrong username or password (never says which).
    CredenzialiErrate,
    /// 403 — the password is right but expired, or is the one-time password of a new
    /// account: change it with `POST /auth/password`.
    PasswordScaduta,
    /// 403 — the password is right but a master disabled the account.
    UtenzaDisabilitata,
    /// 429 — too many failed logins for this user; see `Retry-After`.
    TroppiTentativi,
    /// 401 — no bearer token, or one the server does not know (revoked, malformed).
    NonAutenticato,
    /// 401 — the token expired: log in again.
    TokenScaduto,
    /// 403 — the branch or record is outside the session's scope.
    FuoriAmbito,
    /// 403 — the role may not do this (e.g. only a master creates users).
    NonAutorizzato,
    /// 410 — the cursor is older than the retained tombstones, or was issued for
    /// another scope: resynchronise from zero (no cursor).
    CursoreScaduto,
    /// 400 — malformed request or invalid fields (see `errors`).
    RichiestaNonValida,
    /// 404
    NonTrovato,
    /// 409 — the record already exists (e.g. a username or codice fiscale taken).
    GiaEsistente,
    /// 500
    ErroreInterno,
    /// 503 — try again later.
    ServizioNonDisponibile,
    /// 409 — the fasce-deboli campaign's deadline has passed: uploads are refused.
    CampagnaChiusa,
    /// 409 — the asynchronous work is not finished yet (fasce-deboli file or outcome).
    NonPronto,
    /// 413 — the uploaded file is over the size limit (fasce deboli: 50 MB).
    FileTroppoGrande,
    /// 422 — the uploaded file cannot be read: `errors[0].code` says why
    /// (`non_un_foglio_di_calcolo`, `file_cifrato`, `intestazione_non_trovata`,
    /// `dimensioni_eccessive`).
    FileNonValido,
    /// 422 — the request is well formed (the schema holds) but breaks a rule of the
    /// server's data: it names a campaign, tipologia or branch that does not exist, a
    /// codice fiscale whose check character is wrong, a password the policy refuses.
    /// `errors` names the fields. (400 is kept for what the schema itself states.)
    DatiNonCoerenti,
    /// 409 — the record changed since the `base_version` the request was decided on:
    /// read it again.
    VersioneSuperata,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            Self::CredenzialiErrate | Self::NonAutenticato | Self::TokenScaduto => 401,
            Self::PasswordScaduta
            | Self::UtenzaDisabilitata
            | Self::FuoriAmbito
            | Self::NonAutorizzato => 403,
            Self::TroppiTentativi => 429,
            Self::CursoreScaduto => 410,
            Self::RichiestaNonValida => 400,
            Self::NonTrovato => 404,
            Self::GiaEsistente => 409,
            Self::ErroreInterno => 500,
            Self::ServizioNonDisponibile => 503,
            Self::CampagnaChiusa | Self::NonPronto | Self::VersioneSuperata => 409,
            Self::FileTroppoGrande => 413,
            Self::FileNonValido | Self::DatiNonCoerenti => 422,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CredenzialiErrate => "credenziali_errate",
            Self::PasswordScaduta => "password_scaduta",
            Self::UtenzaDisabilitata => "utenza_disabilitata",
            Self::TroppiTentativi => "troppi_tentativi",
            Self::NonAutenticato => "non_autenticato",
            Self::TokenScaduto => "token_scaduto",
            Self::FuoriAmbito => "fuori_ambito",
            Self::NonAutorizzato => "non_autorizzato",
            Self::CursoreScaduto => "cursore_scaduto",
            Self::RichiestaNonValida => "richiesta_non_valida",
            Self::NonTrovato => "non_trovato",
            Self::GiaEsistente => "gia_esistente",
            Self::ErroreInterno => "errore_interno",
            Self::ServizioNonDisponibile => "servizio_non_disponibile",
            Self::CampagnaChiusa => "campagna_chiusa",
            Self::NonPronto => "non_pronto",
            Self::FileTroppoGrande => "file_troppo_grande",
            Self::FileNonValido => "file_non_valido",
            Self::DatiNonCoerenti => "dati_non_coerenti",
            Self::VersioneSuperata => "versione_superata",
        }
    }

    /// A short Italian summary, the same for every occurrence of the code.
    pub fn title(self) -> &'static str {
        match self {
            Self::CredenzialiErrate => "Credenziali errate",
            Self::PasswordScaduta => "Password scaduta",
            Self::UtenzaDisabilitata => "Utenza disabilitata",
            Self::TroppiTentativi => "Troppi tentativi",
            Self::NonAutenticato => "Accesso richiesto",
            Self::TokenScaduto => "Sessione scaduta",
            Self::FuoriAmbito => "Fuori ambito",
            Self::NonAutorizzato => "Operazione non consentita",
            Self::CursoreScaduto => "Sincronizzazione da ripetere",
            Self::RichiestaNonValida => "Richiesta non valida",
            Self::NonTrovato => "Non trovato",
            Self::GiaEsistente => "Già esistente",
            Self::ErroreInterno => "Errore interno",
            Self::ServizioNonDisponibile => "Servizio non disponibile",
            Self::CampagnaChiusa => "Campagna chiusa",
            Self::NonPronto => "Non ancora pronto",
            Self::FileTroppoGrande => "File troppo grande",
            Self::FileNonValido => "File non valido",
            Self::DatiNonCoerenti => "Dati non coerenti",
            Self::VersioneSuperata => "Dati cambiati nel frattempo",
        }
    }

    /// The problem `type`: a URN per code (RFC 9457 §3.1.1 allows any URI).
    pub fn type_uri(self) -> String {
        format!("urn:sportello:problema:{}", self.as_str())
    }
}

/// An RFC 9457 problem document with Sportello's extensions `code` and `errors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// `urn:sportello:problema:<code>`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Italian summary of the code.
    pub title: String,
    /// The HTTP status, repeated.
    pub status: u16,
    /// Italian explanation of this occurrence, for the operator.
    pub detail: String,
    /// What clients branch on.
    pub code: ErrorCode,
    /// Per-field errors, when the request had invalid fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            type_uri: code.type_uri(),
            title: code.title().to_string(),
            status: code.status(),
            detail: detail.into(),
            code,
            errors: Vec::new(),
        }
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }
}

/// One invalid field: `field` is a JSON path-like name (`password`, `payload.email`),
/// `code` a stable machine code (see the crate docs), `message` Italian.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_string() {
        for code in [
            ErrorCode::CredenzialiErrate,
            ErrorCode::CursoreScaduto,
            ErrorCode::ServizioNonDisponibile,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::json!(code.as_str())
            );
        }
    }

    #[test]
    fn problem_shape() {
        let p = Problem::new(
            ErrorCode::FuoriAmbito,
            "La filiale PO01 non è nel tuo ambito.",
        );
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["type"], "urn:sportello:problema:fuori_ambito");
        assert_eq!(json["status"], 403);
        assert_eq!(json["code"], "fuori_ambito");
        assert!(json.get("errors").is_none(), "no empty errors array");
    }
}
