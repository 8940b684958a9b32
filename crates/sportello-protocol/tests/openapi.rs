//! The committed OpenAPI document: equal to the generated one, valid OpenAPI 3.1, and
//! faithful to what the wire types really serialise.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use serde_json::{Value, json};
use sportello_core::offerte::{
    AzioneOfferta, OrigineInteresse, StatoInteresse, StatoOfferta, Voce, Voci,
};
use sportello_protocol::offerte::{
    CambioStatoInteresse, EventoInteresse, EventoOfferta, Interesse, NuovoRifiuto, Offerta,
    Proposta, Rifiuto, StatoTrasmissione, TipoEventoOfferta, Trasmissione,
};
use sportello_protocol::openapi;
use sportello_protocol::sync::MutationKind;
use sportello_protocol::sync::{
    Annotation, AnnotationKind, CandidateRecord, Change, ChangesPage, Entity,
    FasciaDeboleDeclaration, Mutation, MutationBatch, MutationResult, MutationResults,
    NewAnnotation, TombstoneReason,
};
use uuid::Uuid;

fn voci() -> Voci {
    let v = |c: &str| {
        vec![Voce {
            codice: c.into(),
            descrizione: c.to_lowercase(),
        }]
    };
    Voci {
        tipi_offerta: v("PRESELEZIONE"),
        tipi_contratto: v("TD"),
        modalita_lavoro: v("FULL_TIME"),
        motivi_rifiuto: v("DISTANZA"),
    }
}

/// Demo offers, one with every optional field set, with an interest and a refusal each.
fn offer_changes(reference: NaiveDate) -> Vec<Change> {
    let generator = sportello_demo::Generator::new(7, reference);
    let branch = &sportello_demo::branches(1)[0];
    let mut out = Vec::new();
    for i in 0..20u64 {
        let mut dati = generator.offerta(i, branch, &voci());
        if i == 0 {
            dati.esperienza_richiesta = true;
            dati.descrizione_esperienza = Some("2 anni".into());
            dati.titolo_studio_minimo = Some(sportello_core::EducationLevel::Maturita);
        }
        let id = Uuid::new_v4();
        let offerta = Offerta {
            id,
            codice: format!("FI-{}", 1000 + i),
            identificativo: format!("{:012}", i),
            version: 2,
            stato: StatoOfferta::Pubblicata,
            storico: vec![EventoOfferta {
                quando: Utc::now(),
                chi: "operatore.fi01".into(),
                evento: TipoEventoOfferta::Pubblicata,
                fine_pubblicazione: Some(dati.fine_pubblicazione),
            }],
            dati,
        };
        out.push(Change::Offerta {
            seq: 500 + i as i64 * 3,
            offerta: Box::new(offerta.clone()),
        });
        out.push(Change::Interesse {
            seq: 501 + i as i64 * 3,
            interesse: Box::new(Interesse {
                id: Uuid::new_v4(),
                offerta: id,
                codice_offerta: offerta.codice.clone(),
                filiale: "FI01".into(),
                codice_fiscale: "RSSMRA85T10A562S".into(),
                cognome: "Rossi".into(),
                nome: "Mario".into(),
                data: Utc::now(),
                origine: OrigineInteresse::PropostaFiliale,
                stato: StatoInteresse::Colloquio,
                version: 3,
                storico: vec![EventoInteresse {
                    quando: Utc::now(),
                    chi: "operatore.fi01".into(),
                    stato: StatoInteresse::Colloquio,
                    nota: Some("Fissato per lunedì".into()),
                }],
            }),
        });
        out.push(Change::Rifiuto {
            seq: 502 + i as i64 * 3,
            rifiuto: Box::new(Rifiuto {
                id: Uuid::new_v4(),
                offerta: id,
                codice_offerta: offerta.codice,
                filiale: "FI01".into(),
                codice_fiscale: "RSSMRA85T10A562S".into(),
                data: reference,
                motivo: "DISTANZA".into(),
                note: (i == 0).then(|| "Troppo lontano".into()),
                operatore: "operatore.fi01".into(),
                registrato_il: Utc::now(),
                trasmissione: Trasmissione {
                    stato: StatoTrasmissione::Trasmesso,
                    protocollo: Some("SIISL-1".into()),
                    trasmesso_il: Some(Utc::now()),
                },
            }),
        });
    }
    out
}

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("openapi.json")
}

#[test]
fn committed_document_matches_the_code() {
    let generated = openapi::document_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(committed_path(), &generated).expect("write openapi.json");
    }
    let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
    assert!(
        committed == generated,
        "crates/sportello-protocol/openapi.json drifted from the wire types: \
         rerun with UPDATE_OPENAPI=1 and commit the file"
    );
}

fn document() -> Value {
    serde_json::from_str(&openapi::document_json()).expect("the document is JSON")
}

#[test]
fn document_is_openapi_3_1() {
    let text = openapi::document_json();
    let spec = oas3::from_json(&text).expect("oas3 parses the document as OpenAPI 3.1");
    assert!(
        spec.openapi.starts_with("3.1"),
        "utoipa 5 writes 3.1, got {}",
        spec.openapi
    );
    let doc = document();
    let paths = doc["paths"].as_object().expect("paths");
    for path in openapi::PATHS {
        assert!(paths.contains_key(*path), "{path} is documented");
    }
    for (path, item) in paths {
        assert!(path.starts_with("/api/v1/"), "{path} is versioned");
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"]
                .as_object()
                .unwrap_or_else(|| panic!("{method} {path} has responses"));
            assert!(!responses.is_empty(), "{method} {path} has responses");
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        response["content"]["application/problem+json"].is_object(),
                        "{method} {path} {status} is problem+json"
                    );
                }
            }
        }
    }
}

fn refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.insert(r.clone());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_ref_resolves() {
    let doc = document();
    let mut all = BTreeSet::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{r} is a local reference"));
        assert!(
            doc.pointer(pointer).is_some(),
            "{r} resolves inside the document"
        );
    }
}

/// A small JSON Schema checker for the subset utoipa writes: enough to catch a field
/// that serialises differently from what the document says.
struct Validator {
    doc: Value,
}

impl Validator {
    fn check(&self, schema: &Value, value: &Value, at: &str) {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let target = self
                .doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("{r}"));
            return self.check(target, value, at);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(options) = schema.get(key).and_then(Value::as_array) {
                let fits = options.iter().filter(|o| self.fits(o, value)).count();
                if key == "oneOf" {
                    assert_eq!(fits, 1, "{at}: exactly one alternative fits {value}");
                } else {
                    assert!(fits >= 1, "{at}: an alternative fits {value}");
                }
            }
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for s in all {
                self.check(s, value, at);
            }
        }
        if let Some(t) = schema.get("type") {
            let types: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => panic!("{at}: type"),
            };
            let actual = match value {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            };
            let ok = types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
            assert!(ok, "{at}: {value} is {actual}, the schema says {types:?}");
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            assert!(
                options.contains(value),
                "{at}: {value} is one of {options:?}"
            );
        }
        if let Value::Object(map) = value {
            let props = schema.get("properties").and_then(Value::as_object);
            if let Some(props) = props {
                for (k, v) in map {
                    let s = props
                        .get(k)
                        .unwrap_or_else(|| panic!("{at}.{k} is serialised but not in the schema"));
                    self.check(s, v, &format!("{at}.{k}"));
                }
            }
            if let Some(required) = schema.get("required").and_then(Value::as_array) {
                for r in required.iter().filter_map(Value::as_str) {
                    assert!(
                        map.contains_key(r),
                        "{at}.{r} is required by the schema but not serialised"
                    );
                }
            }
        }
        if let (Value::Array(items), Some(s)) = (value, schema.get("items")) {
            for (i, item) in items.iter().enumerate() {
                self.check(s, item, &format!("{at}[{i}]"));
            }
        }
    }

    fn fits(&self, schema: &Value, value: &Value) -> bool {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.check(schema, value, "")
        }))
        .is_ok()
    }

    fn check_component(&self, name: &str, value: &Value) {
        let schema = self.doc["components"]["schemas"][name].clone();
        assert!(schema.is_object(), "component {name} exists");
        self.check(&schema, value, name);
    }
}

fn sample_page() -> ChangesPage {
    let reference = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let branches = sportello_demo::branches(3);
    let codes: Vec<String> = branches.iter().map(|b| b.code.clone()).collect();
    let mut changes: Vec<Change> = branches
        .into_iter()
        .enumerate()
        .map(|(i, branch)| Change::Branch {
            seq: i as i64 + 1,
            version: 1,
            branch,
        })
        .collect();
    for (i, sap) in sportello_demo::Generator::new(5, reference)
        .candidates(300, &codes)
        .enumerate()
    {
        let fascia_debole = match i % 3 {
            0 => None,
            1 => Some(FasciaDeboleDeclaration {
                fascia_debole: true,
                categoria: Some("SVA".into()),
            }),
            _ => Some(FasciaDeboleDeclaration {
                fascia_debole: false,
                categoria: None,
            }),
        };
        let record = CandidateRecord {
            version: 1,
            updated_at: Utc::now(),
            sap,
            fascia_debole,
        };
        changes.push(Change::Candidate {
            seq: 10 + i as i64,
            record: Box::new(record),
        });
    }
    changes.push(Change::Annotation {
        seq: 400,
        version: 1,
        annotation: Annotation {
            id: Uuid::new_v4(),
            codice_fiscale: "RSSMRA85T10A562S".into(),
            branch: "FI01".into(),
            kind: AnnotationKind::EsitoColloquio,
            text: "Colloquio positivo".into(),
            occurred_on: Some(reference),
            author: "operatore.fi01".into(),
            created_at: Utc::now(),
        },
    });
    changes.extend(offer_changes(reference));
    changes.push(Change::Tombstone {
        seq: 401,
        entity: Entity::Candidate,
        key: "X".into(),
        reason: TombstoneReason::OutOfScope,
    });
    ChangesPage {
        changes,
        next_cursor: "c".into(),
        has_more: false,
    }
}

#[test]
fn serialised_wire_types_fit_the_document() {
    let v = Validator { doc: document() };
    let page = sample_page();
    v.check_component("ChangesPage", &serde_json::to_value(&page).unwrap());

    let Change::Candidate { record, .. } = &page.changes[3] else {
        panic!("a candidate")
    };
    let contacts = record.sap.contacts.clone();
    let batch = MutationBatch {
        client_id: Uuid::new_v4(),
        mutations: vec![
            Mutation::edit_contacts(1, "RSSMRA85T10A562S", 1, &contacts),
            Mutation::add_annotation(
                2,
                "RSSMRA85T10A562S",
                &NewAnnotation {
                    id: Uuid::new_v4(),
                    kind: AnnotationKind::Nota,
                    text: "x".into(),
                    occurred_on: None,
                },
            ),
            Mutation::set_fascia_debole(
                3,
                "RSSMRA85T10A562S",
                2,
                &FasciaDeboleDeclaration {
                    fascia_debole: true,
                    categoria: Some("DIS".into()),
                },
            ),
            Mutation::offerte(
                MutationKind::SalvaOfferta,
                4,
                Uuid::new_v4(),
                None,
                &sportello_demo::Generator::new(1, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
                    .offerta(0, &sportello_demo::branches(1)[0], &voci()),
            ),
            Mutation::offerte(
                MutationKind::StatoOfferta,
                5,
                Uuid::new_v4(),
                Some(1),
                &AzioneOfferta::Pubblica {
                    fine_pubblicazione: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                },
            ),
            Mutation::offerte(
                MutationKind::StatoOfferta,
                6,
                Uuid::new_v4(),
                Some(2),
                &AzioneOfferta::Chiudi,
            ),
            Mutation::offerte(
                MutationKind::ProponiOfferta,
                7,
                Uuid::new_v4(),
                None,
                &Proposta {
                    offerta: Uuid::new_v4(),
                    codice_fiscale: "RSSMRA85T10A562S".into(),
                },
            ),
            Mutation::offerte(
                MutationKind::StatoInteresse,
                8,
                Uuid::new_v4(),
                Some(1),
                &CambioStatoInteresse {
                    stato: StatoInteresse::Contattato,
                    nota: None,
                },
            ),
            Mutation::offerte(
                MutationKind::RifiutoOfferta,
                9,
                Uuid::new_v4(),
                None,
                &NuovoRifiuto {
                    offerta: Uuid::new_v4(),
                    codice_fiscale: "RSSMRA85T10A562S".into(),
                    data: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                    motivo: "DISTANZA".into(),
                    note: Some("x".into()),
                },
            ),
        ],
    };
    for m in &batch.mutations {
        assert_eq!(m.shape_error(), None, "{}", m.kind);
    }
    v.check_component("MutationBatch", &serde_json::to_value(&batch).unwrap());

    let results = MutationResults {
        results: vec![
            MutationResult::Applied {
                seq: 1,
                mutation_id: Uuid::new_v4(),
                version: 2,
            },
            MutationResult::Conflict {
                seq: 2,
                mutation_id: Uuid::new_v4(),
                server: record.clone(),
            },
            MutationResult::Outdated {
                seq: 4,
                mutation_id: Uuid::new_v4(),
                version: 5,
            },
            MutationResult::Rejected {
                seq: 3,
                mutation_id: Uuid::new_v4(),
                errors: vec![sportello_protocol::FieldError::new(
                    "payload.email",
                    "formato_non_valido",
                    "E-mail non valida.",
                )],
            },
        ],
    };
    v.check_component("MutationResults", &serde_json::to_value(&results).unwrap());

    let problem = sportello_protocol::Problem::new(
        sportello_protocol::ErrorCode::CursoreScaduto,
        "Ripeti la sincronizzazione.",
    );
    v.check_component("Problem", &serde_json::to_value(&problem).unwrap());
}

#[test]
fn validator_catches_a_field_missing_from_the_schema() {
    let v = Validator { doc: document() };
    let bad = json!({"code": "FI01", "name": "n", "comune": "c", "provincia": "FI", "extra": 1});
    let caught = std::panic::catch_unwind(|| v.check_component("Branch", &bad)).is_err();
    assert!(
        caught,
        "an undocumented field must fail the check, or the mirrors could drift unnoticed"
    );
}

/// serde reads a number in an internally tagged enum's tag as the variant's index; the
/// document says a name, so the push refuses it whole like any other shape error.
#[test]
fn a_numbered_tag_is_a_shape_error() {
    let with = |payload: serde_json::Value, kind: MutationKind| Mutation {
        seq: 1,
        mutation_id: Uuid::new_v4(),
        kind: kind.as_str().into(),
        key: Uuid::new_v4().to_string(),
        base_version: Some(1),
        payload,
    };
    let numbered = with(
        serde_json::json!({"azione": "annulla", "annullamento": {"tipo": 0, "motivo": ""}}),
        MutationKind::DocumentoAzione,
    );
    assert!(numbered.shape_error().is_some());
    assert!(
        with(serde_json::json!({"azione": 1}), MutationKind::AzioneCorso)
            .shape_error()
            .is_some()
    );
    let named = with(
        serde_json::json!({"azione": "annulla", "annullamento": {"tipo": "motivo", "motivo": "x"}}),
        MutationKind::DocumentoAzione,
    );
    assert_eq!(named.shape_error(), None);
}
