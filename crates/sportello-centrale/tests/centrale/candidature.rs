//! Applications (seed 003, "Candidature"): the sandbox's in every outcome; a citizen
//! applies to a published offer once, the requirement declared; a closed offer, another
//! CPI's citizen or offer refused; the CPI's outcome one step at a time, "Non inviata"
//! with its reason, a final outcome unchangeable, a stale one outdated; scope.

use std::collections::HashSet;

use sportello_centrale::clock::Clock;
use sportello_core::cpi::agenda::ora_locale;
use sportello_core::cpi::candidature::EsitoCandidatura as E;
use sportello_core::offerte::StatoOfferta;
use sportello_protocol::candidature::{Candidatura, NuovaCandidatura, NuovoEsito};
use sportello_protocol::offerte::Offerta;
use sportello_protocol::sync::{Change, MutationKind, MutationResult};
use uuid::Uuid;

use crate::support::{Client, Sandbox, applied, candidates, refused};

impl Client<'_> {
    async fn candida(
        &mut self,
        id: Uuid,
        offerta: Uuid,
        cf: &str,
        dichiara: bool,
    ) -> MutationResult {
        let n = NuovaCandidatura {
            cv: None,
            offerta,
            codice_fiscale: cf.into(),
            requisiti_dichiarati: dichiara,
        };
        self.send(MutationKind::CandidaturaNuova, id, None, &n)
            .await
    }

    async fn esito(&mut self, id: Uuid, base: i64, esito: E, nota: &str) -> MutationResult {
        let e = NuovoEsito {
            esito,
            nota: nota.into(),
        };
        self.send(MutationKind::CandidaturaEsito, id, Some(base), &e)
            .await
    }

    async fn pulled(&self) -> (Vec<Offerta>, Vec<Candidatura>, Vec<Change>) {
        let (changes, _) = self.sb.pull_from(&self.token, None, 5000).await;
        let offerte = changes
            .iter()
            .filter_map(|c| match c {
                Change::Offerta { offerta, .. } => Some((**offerta).clone()),
                _ => None,
            })
            .collect();
        let candidature = changes
            .iter()
            .filter_map(|c| match c {
                Change::Candidatura { candidatura, .. } => Some((**candidatura).clone()),
                _ => None,
            })
            .collect();
        (offerte, candidature, changes)
    }
}

#[tokio::test]
async fn an_application_walks_every_outcome_once() {
    let sb = Sandbox::start(200, 2).await;
    let branch = sb.branches()[0].clone();
    let other = sb.branches()[1].clone();
    let op = format!("operatore.{}", branch.to_lowercase());
    let mut a = Client::new(&sb, &op).await;
    let mut b = Client::new(&sb, &op).await;
    let mut stranger_op = Client::new(&sb, &format!("operatore.{}", other.to_lowercase())).await;
    let master = Client::new(&sb, "master").await;

    // The sandbox: applications in every outcome, each of its offer's branch.
    let (offerte, seeded, changes) = master.pulled().await;
    let outcomes: HashSet<E> = seeded.iter().map(|c| c.esito).collect();
    assert_eq!(
        outcomes.len(),
        4,
        "every outcome in the sandbox: {outcomes:?}"
    );
    for c in &seeded {
        let o = offerte.iter().find(|o| o.id == c.offerta).unwrap();
        assert_eq!(
            (&c.filiale, &c.codice_offerta),
            (&o.dati.filiale, &o.codice)
        );
        assert_eq!(
            c.storico.len(),
            1 + usize::from(c.esito != E::Inserita) + usize::from(c.esito.finale())
        );
    }
    let oggi = ora_locale(sb.clock.now()).date();
    let open = |o: &&Offerta| {
        o.dati.filiale == branch
            && o.stato.al(o.dati.fine_pubblicazione, oggi) == StatoOfferta::Pubblicata
            && o.dati.scadenza >= oggi
    };
    let offerta = offerte.iter().find(open).expect("an open offer").clone();
    let chiusa = offerte
        .iter()
        .find(|o| o.dati.filiale == branch && o.stato == StatoOfferta::Chiusa)
        .expect("a closed offer");
    let elsewhere = offerte.iter().find(|o| o.dati.filiale == other).unwrap();
    let taken: HashSet<&str> = seeded
        .iter()
        .filter(|c| c.offerta == offerta.id)
        .map(|c| c.codice_fiscale.as_str())
        .collect();
    let cf = candidates(&changes)
        .into_iter()
        .find(|(cf, b)| *b == branch && !taken.contains(cf.as_str()))
        .unwrap()
        .0;
    let foreign = candidates(&changes)
        .into_iter()
        .find(|(_, b)| *b == other)
        .unwrap()
        .0;

    // Refused: no declaration, a closed offer, another CPI's citizen or offer.
    let id = Uuid::new_v4();
    let r = a.candida(id, offerta.id, &cf, false).await;
    assert_eq!(refused(&r), ["payload.requisiti_dichiarati:incoerente"]);
    let r = a.candida(id, chiusa.id, &cf, true).await;
    assert_eq!(refused(&r), ["payload.offerta:offerta_chiusa"]);
    let r = a.candida(id, offerta.id, &foreign, true).await;
    assert_eq!(refused(&r), ["payload.codice_fiscale:non_trovato"]);
    let r = a.candida(id, elsewhere.id, &cf, true).await;
    assert_eq!(refused(&r), ["payload.offerta:non_trovato"]);

    // Applied once; a second application of the same citizen (another client) refused.
    assert_eq!(
        applied(&a.candida(id, offerta.id, &cf.to_lowercase(), true).await),
        1
    );
    let r = b.candida(Uuid::new_v4(), offerta.id, &cf, true).await;
    assert_eq!(refused(&r), ["payload.codice_fiscale:gia_candidato"]);

    // The outcome: one step at a time, "non inviata" with its reason, stale outdated.
    let r = a.esito(id, 1, E::InviataAzienda, "").await;
    assert_eq!(refused(&r), ["payload.esito:incoerente"]);
    assert_eq!(applied(&a.esito(id, 1, E::PresoInCarico, "").await), 2);
    assert!(matches!(
        b.esito(id, 1, E::InviataAzienda, "").await,
        MutationResult::Outdated { version: 2, .. }
    ));
    let r = a.esito(id, 2, E::NonInviataAzienda, "   ").await;
    assert_eq!(refused(&r), ["payload.esito:incoerente"]);
    let r = stranger_op.esito(id, 2, E::InviataAzienda, "").await;
    assert_eq!(refused(&r), ["key:non_trovato"], "another CPI's is unknown");
    assert_eq!(
        applied(
            &a.esito(id, 2, E::NonInviataAzienda, " Manca la patente C. ")
                .await
        ),
        3
    );
    let r = a.esito(id, 3, E::InviataAzienda, "").await;
    assert_eq!(refused(&r), ["payload.esito:incoerente"], "final");

    let (_, mine, _) = a.pulled().await;
    let c = mine.iter().find(|c| c.id == id).expect("pulled");
    assert_eq!(c.codice_fiscale, cf);
    assert_eq!(c.profilo, offerta.dati.qualifica);
    assert_eq!(c.version, 3);
    let steps: Vec<(E, &str, &str)> = c
        .storico
        .iter()
        .map(|p| (p.esito, p.chi.as_str(), p.nota.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (E::Inserita, op.as_str(), ""),
            (E::PresoInCarico, op.as_str(), ""),
            (E::NonInviataAzienda, op.as_str(), "Manca la patente C."),
        ]
    );
    let (_, theirs, _) = stranger_op.pulled().await;
    assert!(theirs.iter().all(|c| c.filiale == other));
    assert!(!theirs.iter().any(|c| c.id == id));
}
