//! The training-course catalogue (seed 004): who sees which course, the workflow's
//! transitions through the push (allowed and refused), and `noto`.

use chrono::{Days, Utc};
use sportello_core::corsi::{AzioneCorso, DatiCorso, Esito, Segmento, StatoCorso, TipologiaCorso};
use sportello_protocol::corsi::{Corsi, Corso, paths};
use sportello_protocol::sync::{MutationKind, MutationResult};
use uuid::Uuid;

use crate::support::{Client, Sandbox, applied, ok, refused};

const ENTE: &str = "01234567897";

async fn corsi(sb: &Sandbox, token: &str, noto: Option<i64>) -> Corsi {
    let path = match noto {
        Some(v) => format!("{}?noto={v}", paths::CORSI),
        None => paths::CORSI.to_string(),
    };
    ok(sb.get(&path, Some(token)).await).await
}

async fn visibili(sb: &Sandbox, token: &str) -> Vec<Corso> {
    corsi(sb, token, None).await.corsi.expect("the whole set")
}

fn dati(identificativo: &str) -> DatiCorso {
    let inizio = Utc::now().date_naive() + Days::new(30);
    DatiCorso {
        tipologia: TipologiaCorso::PreparazioneCertificazioneInformatica,
        codice_accreditamento: None,
        identificativo: identificativo.into(),
        titolo: "Excel avanzato".into(),
        denominazione_ente: "Agenzia Demo Formazione srl".into(),
        codice_fiscale_ente: ENTE.into(),
        indirizzo_ente: "Via Roma 12".into(),
        comune: "Padova".into(),
        provincia: "PD".into(),
        cap: "35122".into(),
        mail_ente: "formazione@agenzia.example".into(),
        telefono_ente: "049 8765432".into(),
        ore: 24,
        inizio,
        fine: inizio + Days::new(10),
        costo_centesimi: 30_000,
        esito: Esito::C,
        finalita: vec![Segmento {
            testo: "Tabelle pivot e funzioni.".into(),
            ..Segmento::default()
        }],
    }
}

impl Client<'_> {
    async fn azione(&mut self, key: Uuid, base: i64, azione: AzioneCorso) -> MutationResult {
        self.send(MutationKind::AzioneCorso, key, Some(base), &azione)
            .await
    }

    async fn corso(&self, id: Uuid) -> Option<Corso> {
        visibili(self.sb, &self.token)
            .await
            .into_iter()
            .find(|c| c.id == id)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_sees_its_part_of_the_seeded_catalogue() {
    let sb = Sandbox::start(50, 2).await;
    let master = sb.login("master", None).await.token;
    let op = sb
        .login(
            &format!("operatore.{}", sb.branches()[0].to_lowercase()),
            None,
        )
        .await
        .token;
    let regione = sb.login("regione", None).await;
    assert!(regione.profile.branches.is_empty());
    let regione = regione.token;

    let of_master = corsi(&sb, &master, None).await;
    assert_eq!(of_master.ente.as_deref(), Some(ENTE));
    let of_master = of_master.corsi.unwrap();
    let everyone = visibili(&sb, &op).await;
    let office = visibili(&sb, &regione).await;

    // The provider: all of its own, drafts included, and the others' catalogue.
    let own: Vec<&Corso> = of_master
        .iter()
        .filter(|c| c.dati.codice_fiscale_ente == ENTE)
        .collect();
    assert_eq!(own.len(), 6);
    for stato in [
        StatoCorso::Bozza,
        StatoCorso::InValidazione,
        StatoCorso::Validato,
        StatoCorso::Cancellato,
    ] {
        assert!(own.iter().any(|c| c.stato == stato), "{stato:?}");
    }
    assert!(
        own.iter()
            .any(|c| c.ultimo_rinvio().is_some() && c.stato == StatoCorso::Bozza),
        "a draft sent back with its reason"
    );
    assert!(
        of_master
            .iter()
            .filter(|c| c.dati.codice_fiscale_ente != ENTE)
            .all(Corso::in_catalogo)
    );
    // Everyone: the catalogue only (validated, or cancelled after validation).
    assert!(!everyone.is_empty() && everyone.iter().all(Corso::in_catalogo));
    assert!(everyone.iter().any(|c| c.stato == StatoCorso::Cancellato));
    // The regional office: every provider's, none a draft.
    assert!(office.iter().all(|c| c.stato != StatoCorso::Bozza));
    assert!(
        office
            .iter()
            .any(|c| c.stato == StatoCorso::InValidazione && c.dati.codice_fiscale_ente != ENTE)
    );
    assert!(office.len() > everyone.len());

    // Unchanged since the version named: nothing; after a change: the set again.
    let v = corsi(&sb, &op, None).await.versione;
    assert_eq!(corsi(&sb, &op, Some(v)).await.corsi, None);
    let mut provider = Client::new(&sb, "master").await;
    let r = provider
        .send(
            MutationKind::SalvaCorso,
            Uuid::new_v4(),
            None,
            &dati("NUOVO-1"),
        )
        .await;
    applied(&r);
    let after = corsi(&sb, &op, Some(v)).await;
    assert!(after.versione > v);
    assert_eq!(
        after.corsi.as_deref(),
        Some(&everyone[..]),
        "a draft is nobody else's business"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_walks_its_workflow_and_refused_steps_change_nothing() {
    let sb = Sandbox::start(50, 2).await;
    let mut ente = Client::new(&sb, "master").await;
    let mut regione = Client::new(&sb, "regione").await;
    let mut op = Client::new(
        &sb,
        &format!("operatore.{}", sb.branches()[0].to_lowercase()),
    )
    .await;
    let id = Uuid::new_v4();

    // The rules of the data, each refused with its field.
    let mut bad = dati("EXC-1");
    bad.esito = Esito::A;
    assert_eq!(
        refused(&ente.send(MutationKind::SalvaCorso, id, None, &bad).await),
        ["payload.esito:formato_non_valido"]
    );
    let mut bad = dati("EXC-1");
    bad.tipologia = TipologiaCorso::AggiornamentoProfessionale;
    bad.esito = Esito::A;
    assert_eq!(
        refused(&ente.send(MutationKind::SalvaCorso, id, None, &bad).await),
        ["payload.codice_accreditamento:formato_non_valido"]
    );
    let mut bad = dati("EXC-1");
    bad.codice_fiscale_ente = "04567890126".into();
    assert_eq!(
        refused(&ente.send(MutationKind::SalvaCorso, id, None, &bad).await),
        ["payload.codice_fiscale_ente:incoerente"]
    );
    assert_eq!(
        refused(
            &ente
                .send(MutationKind::SalvaCorso, id, None, &dati("0123-001"))
                .await
        ),
        ["payload.identificativo:gia_esistente"],
        "the seed's first course has this code"
    );
    assert_eq!(
        refused(
            &op.send(MutationKind::SalvaCorso, id, None, &dati("EXC-1"))
                .await
        ),
        ["key:non_autorizzato"],
        "an account that acts for no provider"
    );
    assert!(ente.corso(id).await.is_none());

    // Draft: saved, saved again, a stale edit is outdated.
    assert_eq!(
        applied(
            &ente
                .send(MutationKind::SalvaCorso, id, None, &dati("EXC-1"))
                .await
        ),
        1
    );
    let mut edit = dati("EXC-1");
    edit.titolo = "Excel avanzato per l’ufficio".into();
    assert_eq!(
        applied(
            &ente
                .send(MutationKind::SalvaCorso, id, Some(1), &edit)
                .await
        ),
        2
    );
    assert!(matches!(
        ente.send(MutationKind::SalvaCorso, id, Some(1), &dati("EXC-1"))
            .await,
        MutationResult::Outdated { version: 2, .. }
    ));
    assert!(
        regione.corso(id).await.is_none(),
        "a draft is the provider's only"
    );

    // Request: locked; the office sees it; neither edit nor delete any more.
    assert_eq!(
        applied(&ente.azione(id, 2, AzioneCorso::RichiediValidazione).await),
        3
    );
    let c = ente.corso(id).await.unwrap();
    assert_eq!(c.stato, StatoCorso::InValidazione);
    assert!(c.richiesta_il.is_some());
    assert_eq!(
        refused(
            &ente
                .send(MutationKind::SalvaCorso, id, Some(3), &edit)
                .await
        ),
        ["key:incoerente"]
    );
    assert_eq!(
        refused(&ente.azione(id, 3, AzioneCorso::Elimina).await),
        ["payload.azione:incoerente"]
    );
    assert_eq!(
        refused(&ente.azione(id, 3, AzioneCorso::Valida).await),
        ["key:non_autorizzato"],
        "a provider does not validate its own course"
    );

    // Sent back with a reason: a draft again, gone from the office's queue.
    assert_eq!(
        refused(
            &regione
                .azione(
                    id,
                    3,
                    AzioneCorso::Rinvia {
                        motivo: "  ".into()
                    }
                )
                .await
        ),
        ["payload.motivo:obbligatorio"]
    );
    let motivo = "Manca il programma dettagliato.";
    assert_eq!(
        applied(
            &regione
                .azione(
                    id,
                    3,
                    AzioneCorso::Rinvia {
                        motivo: motivo.into()
                    }
                )
                .await
        ),
        4
    );
    assert!(regione.corso(id).await.is_none());
    let c = ente.corso(id).await.unwrap();
    assert_eq!(
        (c.stato, c.ultimo_rinvio()),
        (StatoCorso::Bozza, Some(motivo))
    );

    // Requested again and validated: everyone sees it; a stale validation is outdated.
    applied(&ente.azione(id, 4, AzioneCorso::RichiediValidazione).await);
    assert!(matches!(
        regione.azione(id, 4, AzioneCorso::Valida).await,
        MutationResult::Outdated { version: 5, .. }
    ));
    assert_eq!(
        applied(&regione.azione(id, 5, AzioneCorso::Valida).await),
        6
    );
    let c = op.corso(id).await.expect("in the catalogue");
    assert_eq!(c.stato, StatoCorso::Validato);
    assert!(c.utilizzabile());
    assert_eq!(
        refused(&op.azione(id, 6, AzioneCorso::Cancella).await),
        ["key:non_autorizzato"]
    );
    assert_eq!(
        refused(&ente.azione(id, 6, AzioneCorso::Duplica).await),
        ["payload.azione:formato_non_valido"],
        "a copy is a new draft, not a change of this course"
    );

    // Cancelled: still visible to everyone, marked, no longer usable; not twice.
    assert_eq!(applied(&ente.azione(id, 6, AzioneCorso::Cancella).await), 7);
    let c = op
        .corso(id)
        .await
        .expect("a cancelled course stays visible");
    assert_eq!(c.stato, StatoCorso::Cancellato);
    assert!(!c.utilizzabile() && c.cancellato_il.is_some());
    assert_eq!(
        refused(&ente.azione(id, 7, AzioneCorso::Cancella).await),
        ["payload.azione:incoerente"]
    );
    let who: Vec<&str> = c.storico.iter().map(|e| e.chi.as_str()).collect();
    assert_eq!(
        who,
        [
            "master", "master", "master", "regione", "master", "regione", "master"
        ]
    );

    // A draft is deleted for good.
    let draft = Uuid::new_v4();
    applied(
        &ente
            .send(MutationKind::SalvaCorso, draft, None, &dati("EXC-2"))
            .await,
    );
    applied(&ente.azione(draft, 1, AzioneCorso::Elimina).await);
    assert!(ente.corso(draft).await.is_none());
    assert_eq!(
        refused(
            &ente
                .azione(draft, 1, AzioneCorso::RichiediValidazione)
                .await
        ),
        ["key:non_trovato"]
    );
}
