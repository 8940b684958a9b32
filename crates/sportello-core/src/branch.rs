//! Branches (filiali) of an agency, and the operator's scope over them (seed 001).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    /// Stable code, e.g. "FI01".
    pub code: String,
    pub name: String,
    pub comune: String,
    pub provincia: String,
}
