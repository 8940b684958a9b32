//! A desk's form: what the operator types comes back the same when the desk is opened
//! again; a wrong window, an unknown interview or another CPI is refused in words.

use chrono::NaiveDate;
use sportello_app::agenda::{self, EccezioneForm, FasciaForm, SportelloForm};

#[test]
fn a_desk_form_round_trips_and_wrong_ones_are_refused() {
    let (_dir, mut store, _) =
        sportello_testkit::demo_store(5, 2, 3, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let branch = store.branches().unwrap()[0].code.clone();
    let mut form = SportelloForm::di(&store, None, &branch).unwrap();
    form.nome = "Sportello serale".into();
    form.indirizzo = "Via dei Servi 3".into();
    form.fasce = vec![FasciaForm {
        giorno: 3,
        dalle: "17:00".into(),
        alle: "19:30".into(),
        eventi: vec!["ricerca_lavoro".into(), "stesura_cv".into()],
    }];
    form.eccezioni = vec![
        EccezioneForm {
            data: "2026-12-09".into(),
            dalle: String::new(),
            alle: String::new(),
            motivo: "Assemblea".into(),
        },
        EccezioneForm {
            data: "2026-12-16".into(),
            dalle: "18:00".into(),
            alle: "19:00".into(),
            motivo: "Formazione".into(),
        },
    ];
    let saved = agenda::salva_form(&mut store, None, &form).unwrap();
    assert_eq!(
        saved.orari,
        [
            "Mercoledì 17:00–19:30 (Colloquio per la ricerca di lavoro, Colloquio per stesura curriculum vitae)"
        ]
    );
    assert_eq!(
        SportelloForm::di(&store, Some(&saved.id), "").unwrap(),
        form
    );

    let mut w = form.clone();
    w.fasce[0].alle = "16:00".into();
    let e = agenda::salva_form(&mut store, Some(&saved.id), &w).unwrap_err();
    assert!(e.to_string().contains("deve seguire"), "{e}");
    let mut w = form.clone();
    w.fasce[0].dalle = "25:00".into();
    assert!(agenda::salva_form(&mut store, Some(&saved.id), &w).is_err());
    let mut w = form.clone();
    w.fasce[0].eventi = vec!["karaoke".into()];
    assert!(agenda::salva_form(&mut store, Some(&saved.id), &w).is_err());
    let mut w = form.clone();
    w.fasce[0].giorno = 9;
    assert!(agenda::salva_form(&mut store, Some(&saved.id), &w).is_err());
    let mut w = form.clone();
    w.filiale = "ZZ99".into();
    assert!(
        agenda::salva_form(&mut store, None, &w).is_err(),
        "not a CPI of the session"
    );
    assert_eq!(
        SportelloForm::di(&store, Some(&saved.id), "").unwrap(),
        form,
        "nothing refused was kept"
    );
}
