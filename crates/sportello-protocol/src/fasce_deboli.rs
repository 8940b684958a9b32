//! Fasce deboli (seed 000): the asynchronous FTWeb procedure.
//!
//! An agency requests the participants file of a campaign (`POST richieste`, answered
//! `202` with the request in state `in_coda`), follows it (`in_coda` → `in_lavorazione`
//! → `pronto` | `errore`) and downloads the xlsx (`GET richieste/{id}/file`, in the
//! FTWeb layout of domain.md). It uploads the filled file (`POST caricamenti`,
//! multipart with the fields `anno` and `file`, and an `Idempotency-Key` header: the
//! same key from the same user answers the same upload and creates nothing), follows
//! it (`in_coda` → `in_lavorazione` → `elaborato` | `errore`) and downloads the
//! outcome (`GET caricamenti/{id}/esito`: per row codice fiscale, codice progetto,
//! esito `ACQUISITO`/`SCARTATO`, motivo). The work takes the server's processing delay.
//!
//! Campaigns (`GET campagne`) are server data: a year and its deadline, inclusive.
//! Before it an agency uploads as often as it needs and the last acquired declaration
//! per (codice fiscale, codice progetto) wins; after it `POST caricamenti` answers
//! `409 campagna_chiusa`. A file that cannot be read at all is refused at once with
//! `413 file_troppo_grande` or `422 file_non_valido` and changes nothing; a readable
//! file is accepted and judged row by row with the rules shared with the client
//! (`sportello_core::fasce_deboli`), rows with errors being `SCARTATO` with the reason.
//!
//! Scope: the sandbox is one agency whose branches are the server's branches; a
//! project belongs to a branch. A request or an upload covers the branches of the
//! session that made it and is visible to any session whose scope includes all of
//! them (an operatore sees its branch's, a cross-branch super or master sees those of
//! its branches); another session gets `403 fuori_ambito`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The paths of this area.
pub mod paths {
    pub const RICHIESTE: &str = "/api/v1/fasce-deboli/richieste";
    pub const RICHIESTA: &str = "/api/v1/fasce-deboli/richieste/{id}";
    pub const RICHIESTA_FILE: &str = "/api/v1/fasce-deboli/richieste/{id}/file";
    pub const CARICAMENTI: &str = "/api/v1/fasce-deboli/caricamenti";
    pub const CARICAMENTO: &str = "/api/v1/fasce-deboli/caricamenti/{id}";
    pub const CARICAMENTO_ESITO: &str = "/api/v1/fasce-deboli/caricamenti/{id}/esito";
    pub const CAMPAGNE: &str = "/api/v1/fasce-deboli/campagne";
    pub const CATEGORIE: &str = "/api/v1/fasce-deboli/categorie";
    pub const TIPOLOGIE: &str = "/api/v1/fasce-deboli/tipologie";
}

/// The header that makes an upload idempotent.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// The media type of the files.
pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The upload size limit, in bytes (50 MB).
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// `POST /fasce-deboli/richieste`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewRichiesta {
    /// Codes from `GET tipologie`; at least one.
    #[schema(min_items = 1)]
    pub tipologie: Vec<String>,
    /// The campaign's year.
    pub anno: i32,
    /// An extra address notified when the file is ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_aggiuntiva: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatoRichiesta {
    InCoda,
    InLavorazione,
    Pronto,
    Errore,
}

/// A request of the participants file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Richiesta {
    pub id: Uuid,
    pub anno: i32,
    pub tipologie: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_aggiuntiva: Option<String>,
    pub stato: StatoRichiesta,
    pub richiesta_il: DateTime<Utc>,
    /// When it became `pronto` or `errore`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completata_il: Option<DateTime<Utc>>,
    /// Participant rows in the file, once `pronto`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub righe: Option<u32>,
    /// Italian, when `errore`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errore: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatoCaricamento {
    InCoda,
    InLavorazione,
    Elaborato,
    Errore,
}

/// Row counts of a processed upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Conteggi {
    /// Non-blank data rows.
    pub righe: u32,
    pub acquisite: u32,
    pub scartate: u32,
}

/// An upload of a filled file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Caricamento {
    pub id: Uuid,
    pub anno: i32,
    pub nome_file: String,
    /// Hex SHA-256 of the uploaded bytes.
    pub sha256: String,
    pub stato: StatoCaricamento,
    pub caricato_da: String,
    pub caricato_il: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elaborato_il: Option<DateTime<Utc>>,
    /// Once `elaborato`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conteggi: Option<Conteggi>,
    /// Italian, when `errore`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errore: Option<String>,
}

/// `GET /fasce-deboli/caricamenti`: the uploads in scope, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Caricamenti {
    pub caricamenti: Vec<Caricamento>,
}

/// The multipart form of `POST /fasce-deboli/caricamenti` (documentation only): these
/// two fields and no other.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaricamentoForm {
    /// The campaign's year.
    pub anno: i32,
    /// The filled workbook (.xlsx, .xls or .ods), at most 50 MB.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// A campaign: a year and its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Campagna {
    pub anno: i32,
    /// The last day uploads are accepted (inclusive, UTC).
    pub scadenza: NaiveDate,
    /// Whether uploads are accepted now.
    pub aperta: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Campagne {
    pub campagne: Vec<Campagna>,
}

/// A fasce-deboli category (the server's list is authoritative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Categoria {
    pub code: String,
    pub label: String,
    /// The legal source.
    pub source: String,
}

/// The category as the shared rules (`sportello-core`) take it.
impl From<Categoria> for sportello_core::fasce_deboli::Category {
    fn from(c: Categoria) -> Self {
        Self {
            code: c.code,
            label: c.label,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Categorie {
    pub categorie: Vec<Categoria>,
}

/// A tipologia formativa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Tipologia {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Tipologie {
    pub tipologie: Vec<Tipologia>,
}
