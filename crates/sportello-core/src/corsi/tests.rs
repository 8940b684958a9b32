use chrono::NaiveDate;

use super::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
}

fn valid() -> DatiCorso {
    DatiCorso {
        tipologia: TipologiaCorso::PreparazioneCertificazioneLinguistica,
        codice_accreditamento: None,
        identificativo: "ING-B1-01".into(),
        titolo: "Inglese B1 per il lavoro".into(),
        denominazione_ente: "Formazione Veneta srl".into(),
        // A well-formed partita IVA (check digit 4).
        codice_fiscale_ente: "03180130274".into(),
        indirizzo_ente: "Via Roma 1".into(),
        comune: "Venezia".into(),
        provincia: "ve".into(),
        cap: "30121".into(),
        mail_ente: "Corsi@Ente.it".into(),
        telefono_ente: "041 123456".into(),
        ore: 40,
        inizio: day(1),
        fine: day(31),
        costo_centesimi: 120_000,
        esito: Esito::B,
        finalita: vec![
            Segmento {
                testo: "Preparare all’esame ".into(),
                ..Segmento::default()
            },
            Segmento {
                testo: "B1".into(),
                grassetto: true,
                ..Segmento::default()
            },
        ],
    }
}

fn fields(d: &DatiCorso) -> Vec<&'static str> {
    d.problemi().iter().map(|p| p.campo.as_str()).collect()
}

#[test]
fn a_complete_course_breaks_no_rule() {
    assert_eq!(valid().problemi(), vec![]);
    assert_eq!(valid().belfiore(), Some("L736"));
}

/// Seed 004's table, every pair: the type's outcomes are exactly these.
#[test]
fn each_type_gives_exactly_the_outcomes_of_seed_004() {
    use Esito::*;
    use TipologiaCorso as T;
    let table: [(T, &[Esito]); 7] = [
        (T::PreparazioneCertificazioneLinguistica, &[A, B]),
        (T::PreparazioneCertificazioneInformatica, &[C]),
        (T::EsameCertificazioneLinguistica, &[D]),
        (T::EsameCertificazioneInformatica, &[E]),
        (T::PreparazioneAbilitazioneAttrezzature, &[F]),
        (T::AggiornamentoProfessionale, &[A]),
        (T::FormazioneSaluteSicurezza, &[A]),
    ];
    assert_eq!(table.len(), T::TUTTE.len());
    for (tipologia, allowed) in table {
        for esito in Esito::TUTTI {
            let mut d = valid();
            d.tipologia = tipologia;
            d.esito = esito;
            d.codice_accreditamento = Some("ACC-1".into());
            let refused = fields(&d).contains(&"esito");
            assert_eq!(
                !refused,
                allowed.contains(&esito),
                "{} → {}",
                tipologia.etichetta(),
                esito.as_str()
            );
        }
    }
}

#[test]
fn the_accreditation_code_is_required_only_for_professional_updates() {
    let mut d = valid();
    d.tipologia = TipologiaCorso::AggiornamentoProfessionale;
    d.esito = Esito::A;
    d.codice_accreditamento = Some("   ".into());
    assert_eq!(fields(&d), ["codice_accreditamento"]);
    d.codice_accreditamento = Some("A0123".into());
    assert_eq!(fields(&d), Vec::<&str>::new());
    let mut other = valid();
    other.codice_accreditamento = None;
    assert!(fields(&other).is_empty(), "optional for the other types");
}

#[test]
fn each_field_rule_names_its_field() {
    type Breaks = Box<dyn Fn(&mut DatiCorso)>;
    let cases: Vec<(&str, Breaks)> = vec![
        (
            "identificativo",
            Box::new(|d| d.identificativo = " ".into()),
        ),
        (
            "titolo",
            Box::new(|d| d.titolo = "x".repeat(MAX_TITOLO + 1)),
        ),
        (
            "codice_fiscale_ente",
            Box::new(|d| d.codice_fiscale_ente = "03180130275".into()),
        ),
        (
            "codice_fiscale_ente",
            Box::new(|d| d.codice_fiscale_ente = "0318013027".into()),
        ),
        (
            "codice_fiscale_ente",
            Box::new(|d| d.codice_fiscale_ente = "RSSMRA80A01H501U".into()),
        ),
        ("comune", Box::new(|d| d.comune = "Atlantide".into())),
        ("cap", Box::new(|d| d.cap = "3012".into())),
        ("cap", Box::new(|d| d.cap = "30l21".into())),
        ("mail_ente", Box::new(|d| d.mail_ente = "ente.it".into())),
        ("telefono_ente", Box::new(|d| d.telefono_ente = "12".into())),
        ("ore", Box::new(|d| d.ore = 0)),
        ("fine", Box::new(|d| d.fine = day(1).pred_opt().unwrap())),
        (
            "costo_centesimi",
            Box::new(|d| d.costo_centesimi = MAX_COSTO_CENTESIMI + 1),
        ),
        ("finalita", Box::new(|d| d.finalita.clear())),
        (
            "finalita",
            Box::new(|d| {
                d.finalita = vec![Segmento {
                    testo: "a\u{7}b".into(),
                    ..Segmento::default()
                }]
            }),
        ),
        (
            "indirizzo_ente",
            Box::new(|d| d.indirizzo_ente = "Via\u{0}Roma".into()),
        ),
    ];
    for (want, break_it) in cases {
        let mut d = valid();
        break_it(&mut d);
        assert_eq!(fields(&d), [want], "{d:?}");
    }
    let mut same_day = valid();
    same_day.fine = same_day.inizio;
    assert!(fields(&same_day).is_empty(), "a one-day course");
}

#[test]
fn partita_iva_check_digits() {
    for ok in ["03180130274", "00000000000", "12345678903"] {
        assert!(codice_fiscale_ente_valido(ok), "{ok}");
    }
    for bad in ["03180130270", "1234567890", "123456789012", "0318013027A"] {
        assert!(!codice_fiscale_ente_valido(bad), "{bad}");
    }
}

#[test]
fn the_workflow_allows_each_action_only_where_the_seed_does() {
    use AzioneCorso as A;
    use StatoCorso as S;
    let rinvia = A::Rinvia {
        motivo: "Manca il programma".into(),
    };
    let table = [
        (A::Salva, S::Bozza, Some(S::Bozza)),
        (A::Salva, S::InValidazione, None),
        (A::Salva, S::Validato, None),
        (A::Elimina, S::Bozza, Some(S::Bozza)),
        (A::Elimina, S::InValidazione, None),
        (A::Elimina, S::Validato, None),
        (A::RichiediValidazione, S::Bozza, Some(S::InValidazione)),
        (A::RichiediValidazione, S::InValidazione, None),
        (A::Valida, S::InValidazione, Some(S::Validato)),
        (A::Valida, S::Bozza, None),
        (A::Valida, S::Validato, None),
        (rinvia.clone(), S::InValidazione, Some(S::Bozza)),
        (rinvia.clone(), S::Validato, None),
        (A::Cancella, S::InValidazione, Some(S::Cancellato)),
        (A::Cancella, S::Validato, Some(S::Cancellato)),
        (A::Cancella, S::Bozza, None),
        (A::Cancella, S::Cancellato, None),
        (A::Duplica, S::Validato, Some(S::Validato)),
        (A::Duplica, S::Bozza, None),
        (A::Duplica, S::InValidazione, None),
        (A::Duplica, S::Cancellato, None),
    ];
    for (azione, da, verso) in table {
        assert_eq!(azione.applica(da).ok(), verso, "{azione:?} from {da:?}");
    }
    let labels = |s, who| {
        A::ammesse(s, who)
            .iter()
            .map(|a| a.etichetta())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        labels(S::Bozza, Attore::Ente),
        ["Salva", "Elimina", "Richiedi validazione"]
    );
    assert_eq!(labels(S::InValidazione, Attore::Ente), ["Cancella corso"]);
    assert_eq!(
        labels(S::InValidazione, Attore::Regione),
        ["Valida", "Rinvia all’ente"]
    );
    assert_eq!(
        labels(S::Validato, Attore::Ente),
        ["Cancella corso", "Duplica"]
    );
    assert!(labels(S::Validato, Attore::Regione).is_empty());
    assert!(labels(S::Cancellato, Attore::Ente).is_empty());
}

#[test]
fn codes_round_trip() {
    for t in TipologiaCorso::TUTTE {
        assert_eq!(TipologiaCorso::parse(t.as_str()), Some(t));
    }
    for e in Esito::TUTTI {
        assert_eq!(Esito::parse(e.as_str()), Some(e));
    }
    for s in [
        StatoCorso::Bozza,
        StatoCorso::InValidazione,
        StatoCorso::Validato,
        StatoCorso::Cancellato,
    ] {
        assert_eq!(StatoCorso::parse(s.as_str()), Some(s));
    }
}
