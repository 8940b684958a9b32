//! Branches (filiali) of an agency, and the operator's scope over them (seed 001).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    /// Stable code, e.g. "FI01".
    pub code: String,
    pub name: String,
    pub comune: String,
    pub provincia: String,
    /// Citizens may choose it when they sign the PAD (seed 001, "Configurazione
    /// APL"): a super user decides. Selectable unless said otherwise.
    #[serde(default = "selectable")]
    pub pad: bool,
}

fn selectable() -> bool {
    true
}

/// The provinces among `with_citizens` where none of `branches` is selectable in the
/// PAD: what a change of the "Configurazione APL" warns about (seed 001). Sorted.
pub fn provinces_without_pad(branches: &[Branch], with_citizens: &[String]) -> Vec<String> {
    let mut out: Vec<String> = with_citizens
        .iter()
        .filter(|p| !branches.iter().any(|b| b.pad && &b.provincia == *p))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branch(code: &str, provincia: &str, pad: bool) -> Branch {
        Branch {
            code: code.into(),
            name: code.into(),
            comune: String::new(),
            provincia: provincia.into(),
            pad,
        }
    }

    #[test]
    fn a_province_with_citizens_and_no_selectable_branch_is_named() {
        let branches = [
            branch("FI01", "FI", false),
            branch("FI02", "FI", true),
            branch("PO01", "PO", false),
            branch("PI01", "PI", false),
        ];
        let with = ["PO".to_string(), "FI".into(), "PO".into(), "LU".into()];
        assert_eq!(provinces_without_pad(&branches, &with), ["LU", "PO"]);
        assert!(provinces_without_pad(&branches, &["FI".into()]).is_empty());
    }
}
