//! "Configurazione APL" (seed 001): which branches citizens may choose when they sign
//! the PAD. Super and master users read and change it for their branches; every user
//! receives it with the branches in the pull (`Branch.pad`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub mod paths {
    pub const PAD: &str = "/api/v1/configurazione/pad";
}

/// One branch of the session's user, and whether citizens may choose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FilialePad {
    pub code: String,
    pub name: String,
    pub comune: String,
    pub provincia: String,
    pub selezionabile: bool,
    /// Who changed it last, and when (absent: never changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modificata_da: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modificata_il: Option<DateTime<Utc>>,
}

/// `GET` and the answer to `PUT /api/v1/configurazione/pad`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConfigurazionePad {
    /// The user's branches, by code.
    pub filiali: Vec<FilialePad>,
    /// Provinces where citizens of the agency live (**assumed**: the provinces of the
    /// branches that hold citizens) and no branch of the agency is selectable.
    pub province_scoperte: Vec<String>,
}

/// One branch's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SceltaPad {
    #[schema(max_length = 16)]
    pub code: String,
    pub selezionabile: bool,
}

/// `PUT /api/v1/configurazione/pad`: the branches to change (all of them to enable or
/// disable all at once); each must be one of the user's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ModificaPad {
    #[schema(max_items = 1000)]
    pub filiali: Vec<SceltaPad>,
}
