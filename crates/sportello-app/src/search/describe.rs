//! A filter and a sort in words, for people (the export's "Criteri" sheet, the CLI).

use super::*;

/// The filter in Italian, one `(criterion, value)` per field set: for the "Criteri"
/// sheet, the CLI and the UI.
pub fn describe_filter(filter: &CandidateFilter) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |k: &str, v: String| out.push((k.to_string(), v));
    let yes_no = |b: bool| if b { "sì" } else { "no" }.to_string();
    if let Some(v) = filter.age_min {
        add("Età minima", v.to_string());
    }
    if let Some(v) = filter.age_max {
        add("Età massima", v.to_string());
    }
    if let Some(v) = filter.education_min {
        add("Titolo di studio minimo", v.label().into());
    }
    if let Some(v) = &filter.keywords {
        add("Parole chiave", v.clone());
    }
    if !filter.branches.is_empty() {
        add("Filiali", filter.branches.join(", "));
    }
    if let Some(v) = &filter.comune {
        add("Comune di residenza o domicilio", v.clone());
    }
    if let Some(v) = &filter.provincia {
        add("Provincia di residenza o domicilio", v.clone());
    }
    if let Some(v) = filter.sex {
        add("Sesso", sex_code(v).into());
    }
    if let Some(v) = filter.status {
        add("Stato occupazionale", v.label().into());
    }
    if let Some(v) = filter.unemployed_months_min {
        add("Mesi di disoccupazione (minimo)", v.to_string());
    }
    if let Some(v) = filter.did_from {
        add("Data DID dal", italian_date(v));
    }
    if let Some(v) = filter.did_to {
        add("Data DID al", italian_date(v));
    }
    if let Some(v) = filter.income_support {
        add("Beneficiario SFL/RdC/ADI", yes_no(v));
    }
    if let Some(v) = filter.collocamento_mirato {
        add("Collocamento mirato (L. 68/1999)", yes_no(v));
    }
    if !filter.driving_licences.is_empty() {
        add("Patenti", filter.driving_licences.join(", "));
    }
    if !filter.languages.is_empty() {
        add("Lingue", filter.languages.join(", "));
    }
    if let Some(v) = &filter.policy_activity {
        add("Politica attiva svolta", v.clone());
    }
    if let Some(v) = filter.updated_since {
        add("Aggiornati dal", italian_date(v));
    }
    out
}

pub(super) fn italian_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub(super) fn sort_description(sort: Sort) -> String {
    format!(
        "{}, {}",
        sort_key_label(sort.key),
        if sort.descending {
            "decrescente"
        } else {
            "crescente"
        }
    )
}

/// The column a sort key orders by, in Italian.
pub fn sort_key_label(key: SortKey) -> &'static str {
    match key {
        SortKey::Surname => "Cognome",
        SortKey::Name => "Nome",
        SortKey::CodiceFiscale => "Codice fiscale",
        SortKey::BirthDate => "Data di nascita",
        SortKey::Age => "Età",
        SortKey::Sex => "Sesso",
        SortKey::Branch => "Filiale",
        SortKey::Comune => "Comune di residenza",
        SortKey::Provincia => "Provincia di residenza",
        SortKey::Status => "Stato occupazionale",
        SortKey::Education => "Titolo di studio",
        SortKey::UnemploymentMonths => "Mesi di disoccupazione",
        SortKey::DidDate => "Data DID",
        SortKey::UpdatedAt => "Ultimo aggiornamento",
    }
}
