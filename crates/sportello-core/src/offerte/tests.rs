use chrono::NaiveDate;

use super::*;
use crate::candidate::tests::sample;
use crate::candidate::{Address, EducationTitle, EmploymentStatus, LanguageSkill};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const OGGI: (i32, u32, u32) = (2026, 12, 6);

fn oggi() -> NaiveDate {
    d(OGGI.0, OGGI.1, OGGI.2)
}

fn voci() -> Voci {
    let v = |c: &str| Voce {
        codice: c.into(),
        descrizione: c.to_lowercase(),
    };
    Voci {
        tipi_offerta: vec![v("PRESELEZIONE")],
        tipi_contratto: vec![v("TD"), v("TI")],
        modalita_lavoro: vec![v("FULL_TIME")],
        motivi_rifiuto: vec![v("DISTANZA")],
    }
}

pub(crate) fn offerta() -> DatiOfferta {
    DatiOfferta {
        filiale: "FI01".into(),
        tipo_offerta: "PRESELEZIONE".into(),
        tipo_contratto: "TD".into(),
        qualifica: "Magazziniere carrellista".into(),
        descrizione_qualifica: "Carico e scarico merci".into(),
        esperienza_richiesta: false,
        descrizione_esperienza: None,
        posti: 2,
        modalita_lavoro: "FULL_TIME".into(),
        sedi: vec!["D612".into()],
        scadenza: d(2027, 1, 31),
        fine_pubblicazione: d(2027, 1, 31),
        requisiti: UlterioriRequisiti::default(),
        titolo_studio_minimo: None,
        patenti: vec![],
        lingue: vec![],
    }
}

/// `expect`: the fields with a problem, in order, as `campo` names.
fn check(edit: impl FnOnce(&mut DatiOfferta), expect: &[&str]) {
    let mut o = offerta();
    edit(&mut o);
    let got: Vec<&str> = o
        .problemi(&voci(), &["FI01".to_string()], oggi())
        .iter()
        .map(|p| p.campo.as_str())
        .collect();
    assert_eq!(got, expect, "{o:?}");
}

#[test]
fn offer_rules() {
    check(|_| {}, &[]);
    check(|o| o.filiale = " fi01 ".into(), &[]);
    check(|o| o.filiale = "PO01".into(), &["filiale"]);
    check(|o| o.tipo_offerta = String::new(), &["tipo_offerta"]);
    check(|o| o.tipo_contratto = "XX".into(), &["tipo_contratto"]);
    check(|o| o.modalita_lavoro = "full_time".into(), &[]);
    check(|o| o.qualifica = "   ".into(), &["qualifica"]);
    check(|o| o.qualifica = "x".repeat(201), &["qualifica"]);
    check(
        |o| o.descrizione_qualifica = "x".repeat(4001),
        &["descrizione_qualifica"],
    );
    check(
        |o| o.esperienza_richiesta = true,
        &["descrizione_esperienza"],
    );
    check(
        |o| {
            o.esperienza_richiesta = true;
            o.descrizione_esperienza = Some("2 anni in magazzino".into());
        },
        &[],
    );
    // A description without experience required is dropped, not an error.
    check(|o| o.descrizione_esperienza = Some("ignored".into()), &[]);
    check(|o| o.posti = 0, &["posti"]);
    check(|o| o.posti = 10_000, &["posti"]);
    check(|o| o.sedi = vec![], &["sedi"]);
    check(|o| o.sedi = vec!["Z404".into()], &["sedi"]);
    check(
        |o| o.sedi = vec!["d612".into(), "D612".into(), "G999".into()],
        &[],
    );
    check(
        |o| o.fine_pubblicazione = d(2026, 12, 5),
        &["fine_pubblicazione"],
    );
    check(|o| o.scadenza = d(2026, 12, 5), &["scadenza"]);
    check(|o| o.patenti = vec!["B".repeat(41)], &["patenti"]);
}

#[test]
fn normalising_keeps_one_of_each() {
    let mut o = offerta();
    o.sedi = vec![" d612".into(), "D612".into(), String::new()];
    o.lingue = vec!["Inglese".into(), "inglese ".into()];
    o.qualifica = "  Magazziniere   carrellista ".into();
    let n = o.normalised();
    assert_eq!(n.sedi, ["D612"]);
    assert_eq!(n.lingue, ["inglese"]);
    assert_eq!(n.qualifica, "Magazziniere carrellista");
}

#[test]
fn offer_states() {
    use AzioneOfferta as A;
    use StatoOfferta as S;
    let future = d(2027, 2, 1);
    let past = d(2026, 12, 1);
    let check = |a: A, from: S, expect: Result<S, ()>| {
        assert_eq!(
            a.applica(from, oggi()).map_err(drop),
            expect,
            "{a:?} from {from:?}"
        );
    };
    let publish = A::Pubblica {
        fine_pubblicazione: future,
    };
    let republish = A::Ripubblica {
        fine_pubblicazione: future,
    };
    check(publish, S::Bozza, Ok(S::Pubblicata));
    check(publish, S::Pubblicata, Err(()));
    check(
        A::Pubblica {
            fine_pubblicazione: past,
        },
        S::Bozza,
        Err(()),
    );
    check(republish, S::Scaduta, Ok(S::Pubblicata));
    check(republish, S::Pubblicata, Ok(S::Pubblicata));
    check(republish, S::Bozza, Err(()));
    check(republish, S::Chiusa, Err(()));
    check(
        A::Ripubblica {
            fine_pubblicazione: past,
        },
        S::Scaduta,
        Err(()),
    );
    check(A::Chiudi, S::Pubblicata, Ok(S::Chiusa));
    check(A::Chiudi, S::Scaduta, Ok(S::Chiusa));
    check(A::Chiudi, S::Bozza, Err(()));
    check(A::Chiudi, S::Chiusa, Err(()));
    // Expiry is read from the date, not written.
    assert_eq!(S::Pubblicata.al(d(2026, 12, 5), oggi()), S::Scaduta);
    assert_eq!(S::Pubblicata.al(oggi(), oggi()), S::Pubblicata);
    assert_eq!(S::Bozza.al(d(2026, 12, 5), oggi()), S::Bozza);
    assert_eq!(S::Chiusa.al(d(2026, 12, 5), oggi()), S::Chiusa);
}

#[test]
fn interest_states_only_go_forward() {
    use StatoInteresse as S;
    let ok = [
        (S::DaValutare, S::Contattato),
        (S::DaValutare, S::NonIdoneo),
        (S::DaValutare, S::Ritirato),
        (S::Contattato, S::Colloquio),
        (S::Contattato, S::NonIdoneo),
        (S::Contattato, S::Ritirato),
        (S::Colloquio, S::Assunto),
        (S::Colloquio, S::NonIdoneo),
        (S::Colloquio, S::Ritirato),
    ];
    for from in S::TUTTI {
        for to in S::TUTTI {
            assert_eq!(
                from.verso(to).is_ok(),
                ok.contains(&(from, to)),
                "{from:?} → {to:?}"
            );
        }
    }
    for s in S::TUTTI {
        assert_eq!(S::parse(s.as_str()), Some(s));
    }
}

fn candidate(edit: impl FnOnce(&mut crate::Candidate)) -> crate::Candidate {
    let mut c = sample();
    c.residence = Some(Address {
        street: "Via Roma 1".into(),
        cap: "50100".into(),
        comune: "Firenze".into(),
        provincia: "FI".into(),
    });
    c.administrative.employment_status = Some(EmploymentStatus::Disoccupato);
    c.administrative.did_date = Some(d(2026, 1, 10));
    edit(&mut c);
    c
}

/// `expect`: per criterion asked, `+name` met or `-name` missed.
fn check_fit(
    offer: impl FnOnce(&mut DatiOfferta),
    c: &crate::Candidate,
    expect: &str,
    listed: bool,
) {
    let mut o = offerta();
    offer(&mut o);
    let r = Requisiti::of(&o);
    let a = valuta(&r, &Fatti::of(&r, c));
    let got: Vec<String> = a
        .criteri
        .iter()
        .map(|k| {
            let name = serde_json::to_value(k.criterio).unwrap();
            format!(
                "{}{}",
                if k.soddisfatto { '+' } else { '-' },
                name.as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(got.join(" "), expect, "{:#?}", a.criteri);
    assert_eq!(a.pertinente, listed);
}

#[test]
fn matching_explains_each_criterion() {
    let base = candidate(|_| {});
    check_fit(|_| {}, &base, "+qualifica +distanza +disponibilita", true);
    // Prato is within 30 km of Firenze; Milano is not.
    let prato = candidate(|c| c.residence.as_mut().unwrap().comune = "Prato".into());
    check_fit(|_| {}, &prato, "+qualifica -distanza +disponibilita", true);
    let prato = candidate(|c| {
        c.residence.as_mut().unwrap().comune = "Prato".into();
        c.residence.as_mut().unwrap().provincia = "PO".into();
    });
    check_fit(|_| {}, &prato, "+qualifica +distanza +disponibilita", true);
    let milano = candidate(|c| {
        c.residence = None;
        c.domicile = Some(Address {
            street: "Via Po 2".into(),
            cap: "20100".into(),
            comune: "Milano".into(),
            provincia: "MI".into(),
        });
        c.experiences.clear();
    });
    check_fit(
        |_| {},
        &milano,
        "-qualifica -distanza +disponibilita",
        false,
    );
    // Only the articles and generic words of the qualifica are ignored.
    check_fit(
        |o| o.qualifica = "Addetto alla cucina".into(),
        &base,
        "-qualifica +distanza +disponibilita",
        true,
    );
    let cook = candidate(|c| c.desired_jobs = vec!["cuoco in cucine di ristoranti".into()]);
    check_fit(
        |o| o.qualifica = "Addetto alla cucina".into(),
        &cook,
        "+qualifica +distanza +disponibilita",
        true,
    );

    let skilled = candidate(|c| {
        c.education.push(EducationTitle {
            level_code: "40".into(),
            course_code: None,
            description: "Diploma".into(),
            year: None,
            institute: None,
        });
        c.other.driving_licences = vec!["b".into()];
        c.languages.push(LanguageSkill {
            language: "Inglese".into(),
            level: "B1".into(),
        });
        c.administrative.collocamento_mirato = true;
    });
    let demanding = |o: &mut DatiOfferta| {
        o.titolo_studio_minimo = Some(EducationLevel::Maturita);
        o.patenti = vec!["B".into()];
        o.lingue = vec!["inglese".into()];
        o.requisiti.collocamento_mirato = true;
    };
    check_fit(
        demanding,
        &skilled,
        "+qualifica +distanza +titolo_studio +patenti +lingue +collocamento_mirato +disponibilita",
        true,
    );
    check_fit(
        demanding,
        &base,
        "+qualifica +distanza -titolo_studio -patenti -lingue -collocamento_mirato +disponibilita",
        true,
    );
    let employed = candidate(|c| {
        c.administrative.employment_status = Some(EmploymentStatus::Occupato);
    });
    check_fit(
        |_| {},
        &employed,
        "+qualifica +distanza -disponibilita",
        true,
    );
}

#[test]
fn points_order_the_list() {
    let o = offerta();
    let r = Requisiti::of(&o);
    let near = candidate(|_| {});
    let far = candidate(|c| c.residence.as_mut().unwrap().comune = "Nowhere".into());
    let a = valuta(&r, &Fatti::of(&r, &near));
    let b = valuta(&r, &Fatti::of(&r, &far));
    assert!(a.punti > b.punti);
    assert!(a.distanza_km.unwrap() < 5.0);
    assert_eq!(b.distanza_km, None);
}
