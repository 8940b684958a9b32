//! Matching over the in-memory copy judges exactly as the core's rule does on each
//! whole record, and orders best first.

use std::collections::HashMap;

use sportello_core::offerte::{Fatti, Requisiti, Voce, Voci, esito, valuta};
use sportello_store::Scope;

use crate::support::*;

fn voci() -> Voci {
    let v = |c: &str| {
        vec![Voce {
            codice: c.into(),
            descrizione: c.into(),
        }]
    };
    Voci {
        tipi_offerta: v("P"),
        tipi_contratto: v("T"),
        modalita_lavoro: v("F"),
        motivi_rifiuto: v("M"),
    }
}

#[test]
fn the_copy_judges_every_candidate_as_the_rule_does() {
    let (_dir, mut store) = new_store();
    let branches = demo_branches();
    store.write(|tx| tx.upsert_branches(&branches)).unwrap();
    let records = demo_records(5, 3_000);
    store.bulk_upsert_candidates(&records).unwrap();
    let generator = sportello_demo::Generator::new(9, reference_date());
    let mut checked = 0;
    for (i, branch) in branches.iter().enumerate().take(3) {
        for n in 0..6u64 {
            let mut offer = generator.offerta(i as u64 * 10 + n, branch, &voci());
            // Every criterion asked now and then.
            if n % 2 == 0 {
                offer.patenti = vec!["B".into()];
                offer.lingue = vec!["Inglese".into()];
                offer.requisiti.collocamento_mirato = n == 4;
            }
            let r = Requisiti::of(&offer);
            let scope = Scope::Branches(vec![branch.code.clone(), branches[3].code.clone()]);
            let page = store.abbinamenti(&r, &scope, 0, usize::MAX).unwrap();
            let by_cf: HashMap<&str, _> = page
                .rows
                .iter()
                .map(|(a, s)| (s.codice_fiscale.as_str(), a))
                .collect();
            let mut expected = 0;
            for rec in &records {
                let c = &rec.candidate;
                if c.branch != branch.code && c.branch != branches[3].code {
                    assert!(
                        !by_cf.contains_key(c.codice_fiscale.as_str()),
                        "out of scope"
                    );
                    continue;
                }
                let fatti = Fatti::of(&r, c);
                let truth = esito(&r, &fatti.essenziali());
                match by_cf.get(c.codice_fiscale.as_str()) {
                    Some(a) => {
                        assert_eq!(
                            a.esito, truth,
                            "{} for {}",
                            c.codice_fiscale, offer.qualifica
                        );
                        assert_eq!(a.distanza_km, fatti.distanza_km);
                        expected += 1;
                    }
                    None => assert!(!truth.pertinente(), "{} left out", c.codice_fiscale),
                }
                assert_eq!(valuta(&r, &fatti).punti, truth.punti());
                checked += 1;
            }
            assert_eq!(page.total as usize, expected);
            assert!(expected > 0, "{} fits someone", offer.qualifica);
            // Best first; a page is a slice of the whole order.
            let points: Vec<u32> = page.rows.iter().map(|(a, _)| a.esito.punti()).collect();
            assert!(points.windows(2).all(|w| w[0] >= w[1]));
            let second = store.abbinamenti(&r, &scope, 5, 10).unwrap();
            let ids = |rows: &[(sportello_store::Abbinato, _)]| {
                rows.iter().map(|(a, _)| a.id).collect::<Vec<_>>()
            };
            assert_eq!(
                ids(&second.rows),
                ids(&page.rows[5..15.min(page.rows.len())])
            );
        }
    }
    assert!(checked > 10_000);
}
