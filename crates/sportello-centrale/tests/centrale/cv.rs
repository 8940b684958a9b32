//! CVs (seed 003): a file uploaded alone and read (a scan, a lying hash, another format
//! refused), sealed at rest; a CV of it pushed, its text in the pull, its file given
//! back only in scope; "Modifica", the view requests answered once, "Elimina"; a year
//! after its last event the CV goes at the maintenance, a tombstone for every cache.

use chrono::Duration;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use sportello_centrale::clock::Clock;
use sportello_core::cpi::cv::StatoRichiestaCv;
use sportello_protocol::ErrorCode;
use sportello_protocol::cv::{
    Cv, DatiCv, EliminaCv, EsitoRichiestaCv, FileCaricato, Impronta, ModificaCv, NuovaRichiestaCv,
    NuovoCv,
};
use sportello_protocol::sync::{Change, Entity, MutationKind, MutationResult};
use uuid::Uuid;

use crate::support::{Client, Sandbox, applied, candidates, ok, problem, refused};

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn impronta(bytes: &[u8]) -> Impronta {
    Impronta::try_from(sha(bytes)).unwrap()
}

fn cv_text() -> Vec<u8> {
    sportello_testkit::text_pdf(&[
        "Curriculum Vitae",
        "Esperienza come speleologo subacqueo presso grotte del Carso, 2015-2020.",
        "Guida ambientale escursionistica, patente nautica, inglese buono.",
    ])
}

impl Client<'_> {
    async fn upload(&self, name: &str, bytes: &[u8], hash: &str) -> reqwest::Response {
        self.sb
            .http
            .put(self.sb.url(&format!("/api/v1/cv-file/{hash}")))
            .query(&[("nome", name)])
            .bearer_auth(&self.token)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap()
    }

    async fn cvs(&self) -> (Vec<Cv>, Vec<Change>) {
        let (changes, _) = self.sb.pull_from(&self.token, None, 5000).await;
        let cvs = changes
            .iter()
            .filter_map(|c| match c {
                Change::Cv { cv, .. } => Some((**cv).clone()),
                _ => None,
            })
            .collect();
        (cvs, changes)
    }

    async fn file(&self, id: Uuid) -> reqwest::Response {
        self.sb
            .get(&format!("/api/v1/cv/{id}/file"), Some(&self.token))
            .await
    }
}

fn dati(consenso: bool) -> DatiCv {
    DatiCv {
        descrizione: "cv numero 1".into(),
        consenso,
        territori: vec!["Firenze".into(), "Prato".into()],
    }
}

#[tokio::test]
async fn a_cv_is_uploaded_read_sealed_changed_requested_and_deleted() {
    let sb = Sandbox::start(60, 2).await;
    let branch = sb.branches()[0].clone();
    let other = sb.branches()[1].clone();
    let mut op = Client::new(&sb, &format!("operatore.{}", branch.to_lowercase())).await;
    let stranger = Client::new(&sb, &format!("operatore.{}", other.to_lowercase())).await;
    let (_, changes) = op.cvs().await;
    let cf = candidates(&changes)
        .into_iter()
        .find(|(_, b)| *b == branch)
        .unwrap()
        .0;

    // The file alone: a scan, a lying hash, a name of another format are refused.
    let scan = sportello_testkit::scanned_pdf();
    let p = problem(
        op.upload("scansione.pdf", &scan, &sha(&scan)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    assert!(p.detail.contains("scansione"), "{}", p.detail);
    let pdf = cv_text();
    problem(
        op.upload("cv.pdf", &pdf, &sha(b"other")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    problem(
        op.upload("cv.docx", &pdf, &sha(&pdf)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    let first = op.upload("CV Rossi.pdf", &pdf, &sha(&pdf)).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let read: FileCaricato = ok(first).await;
    assert!(read.caratteri > 100, "{read:?}");
    assert_eq!(read.byte, pdf.len() as u64);
    let again = op.upload("CV Rossi.pdf", &pdf, &sha(&pdf)).await;
    assert_eq!(again.status(), StatusCode::OK, "the same file twice is one");

    // Sealed at rest: the database does not hold the file's bytes.
    let hash = sha(&pdf);
    let sealed: Vec<u8> = sb
        .server
        .state()
        .read(move |tx| sportello_centrale::db::cv::contenuto(tx, &hash).map(|c| c.expect("kept")))
        .await
        .unwrap();
    assert!(!sealed.windows(8).any(|w| w == b"%PDF-1.4"));
    assert!(!sealed.windows(10).any(|w| w == b"speleologo"));

    // The CV: a stranger's citizen is unknown, a file not uploaded refused.
    let id = Uuid::new_v4();
    let nuovo = |cf: &str, sha256: Impronta| NuovoCv {
        codice_fiscale: cf.into(),
        dati: dati(false),
        nome_file: "CV Rossi.pdf".into(),
        sha256,
        caricato_cpi: true,
    };
    let r = op
        .send(
            MutationKind::CvNuovo,
            id,
            None,
            &nuovo(&cf, impronta(b"never")),
        )
        .await;
    assert_eq!(refused(&r), ["payload.sha256:non_trovato"]);
    let v1 = applied(
        &op.send(MutationKind::CvNuovo, id, None, &nuovo(&cf, impronta(&pdf)))
            .await,
    );
    assert_eq!(v1, 1);
    let (cvs, _) = op.cvs().await;
    let cv = cvs.iter().find(|c| c.id == id).unwrap();
    assert!(cv.testo.contains("speleologo subacqueo"), "{}", cv.testo);
    assert!(cv.caricato_cpi && !cv.dati.consenso);
    assert_eq!(cv.storico[0].note, "Curriculum caricato.");
    assert!(
        stranger.cvs().await.0.iter().all(|c| c.id != id),
        "another branch's CV is not pulled"
    );
    let file = op.file(id).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().as_ref(), pdf.as_slice());
    problem(
        stranger.file(id).await,
        StatusCode::NOT_FOUND,
        ErrorCode::NonTrovato,
    )
    .await;

    // A request needs consent; "Modifica" gives it; the answer is given once.
    let richiesta = NuovaRichiestaCv {
        id: Uuid::new_v4(),
        azienda: "GPI S.P.A.".into(),
        posizione: "PIZZAIOLO".into(),
    };
    let r = op
        .send(MutationKind::CvRichiesta, id, None, &richiesta)
        .await;
    assert_eq!(refused(&r), ["payload:incoerente"]);
    let modifica = ModificaCv {
        dati: dati(true),
        file: None,
    };
    assert_eq!(
        applied(
            &op.send(MutationKind::CvModifica, id, Some(v1), &modifica)
                .await
        ),
        2
    );
    let stale = op
        .send(MutationKind::CvModifica, id, Some(v1), &modifica)
        .await;
    assert!(
        matches!(stale, MutationResult::Outdated { .. }),
        "{stale:?}"
    );
    assert_eq!(
        applied(
            &op.send(MutationKind::CvRichiesta, id, None, &richiesta)
                .await
        ),
        3
    );
    let esito = |stato| EsitoRichiestaCv {
        id: richiesta.id,
        stato,
    };
    assert_eq!(
        applied(
            &op.send(
                MutationKind::CvRichiestaEsito,
                id,
                Some(3),
                &esito(StatoRichiestaCv::Accettata)
            )
            .await
        ),
        4
    );
    let r = op
        .send(
            MutationKind::CvRichiestaEsito,
            id,
            Some(4),
            &esito(StatoRichiestaCv::Rifiutata),
        )
        .await;
    assert_eq!(refused(&r), ["payload.stato:incoerente"]);
    let (cvs, _) = op.cvs().await;
    let cv = cvs.iter().find(|c| c.id == id).unwrap();
    assert_eq!(cv.richieste[0].stato, StatoRichiestaCv::Accettata);
    let (_, cursor) = sb.pull_from(&op.token, None, 5000).await;
    assert_eq!(
        cv.storico
            .iter()
            .map(|u| u.tipo.etichetta())
            .collect::<Vec<_>>(),
        ["Caricamento", "Aggiornamento"]
    );

    // "Elimina": a tombstone, the file gone with it.
    applied(
        &op.send(MutationKind::CvElimina, id, Some(4), &EliminaCv {})
            .await,
    );
    let (cvs, _) = op.cvs().await;
    assert!(cvs.iter().all(|c| c.id != id));
    let (changes, _) = sb.pull_from(&op.token, Some(cursor), 5000).await;
    assert!(changes.iter().any(|c| matches!(c,
        Change::Tombstone { entity: Entity::Cv, key, .. } if *key == id.to_string())));
    problem(
        op.file(id).await,
        StatusCode::NOT_FOUND,
        ErrorCode::NonTrovato,
    )
    .await;
}

/// As deployed, an uploaded CV is read first by a child of the server's binary: a
/// genuine CV goes through it, a scan is refused with the reader's words, and a
/// reader that dies refuses the file while the server goes on serving.
#[tokio::test]
async fn a_cv_is_read_in_a_child_and_a_reader_that_dies_takes_only_the_file_down() {
    let sb = Sandbox::start_with(20, 1, |c| {
        c.parser = Some(env!("CARGO_BIN_EXE_sportello-centrale").into());
    })
    .await;
    let op = Client::new(
        &sb,
        &format!("operatore.{}", sb.branches()[0].to_lowercase()),
    )
    .await;
    let pdf = cv_text();
    let read: FileCaricato = ok(op.upload("cv.pdf", &pdf, &sha(&pdf)).await).await;
    assert!(read.caratteri > 100, "{read:?}");
    let scan = sportello_testkit::scanned_pdf();
    let p = problem(
        op.upload("scansione.pdf", &scan, &sha(&scan)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    assert!(p.detail.contains("scansione"), "{}", p.detail);

    let dir = tempfile::tempdir().unwrap();
    let parser = dir.path().join("parser.sh");
    std::fs::write(&parser, "#!/bin/sh\nkill -ABRT $$\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&parser, std::fs::Permissions::from_mode(0o700)).unwrap();
    let sb = Sandbox::start_with(20, 1, |c| c.parser = Some(parser.clone())).await;
    let op = Client::new(
        &sb,
        &format!("operatore.{}", sb.branches()[0].to_lowercase()),
    )
    .await;
    let p = problem(
        op.upload("cv.pdf", &pdf, &sha(&pdf)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    assert!(p.detail.contains("in modo sicuro"), "{}", p.detail);
    let hash = sha(&pdf);
    let kept = sb
        .server
        .state()
        .read(move |tx| sportello_centrale::db::cv::contenuto(tx, &hash))
        .await
        .unwrap();
    assert!(kept.is_none(), "a file the child did not read is not kept");
    let health = sb.get(sportello_protocol::paths::HEALTH, None).await;
    assert_eq!(health.status(), StatusCode::OK, "the server still serves");
}

#[tokio::test]
async fn a_cv_a_year_past_its_last_event_is_deleted_at_the_maintenance() {
    let sb = Sandbox::start(40, 1).await;
    let branch = sb.branches()[0].clone();
    let user = format!("operatore.{}", branch.to_lowercase());
    let now = sb.clock.now();
    // The CVs were uploaded a year and a day ago (the passwords were set today: the
    // clock goes back, not forth past their three months).
    sb.clock.set(now - Duration::days(366));
    let mut op = Client::new(&sb, &user).await;
    let (_, changes) = op.cvs().await;
    let cf = candidates(&changes)[0].0.clone();
    let pdf = cv_text();
    assert_eq!(
        op.upload("cv.pdf", &pdf, &sha(&pdf)).await.status(),
        StatusCode::CREATED
    );
    let (old, used) = (Uuid::new_v4(), Uuid::new_v4());
    for id in [old, used] {
        let n = NuovoCv {
            codice_fiscale: cf.clone(),
            dati: dati(true),
            nome_file: "cv.pdf".into(),
            sha256: impronta(&pdf),
            caricato_cpi: false,
        };
        applied(&op.send(MutationKind::CvNuovo, id, None, &n).await);
    }
    // A month ago one was updated: its year started again.
    sb.clock.set(now - Duration::days(31));
    let mut op = Client::new(&sb, &user).await;
    applied(
        &op.send(
            MutationKind::CvModifica,
            used,
            Some(1),
            &ModificaCv {
                dati: dati(false),
                file: None,
            },
        )
        .await,
    );
    let (_, cursor) = sb.pull_from(&op.token, None, 5000).await;
    sb.clock.set(now);
    sb.server.maintain_now().await.unwrap();
    let op = Client::new(&sb, &user).await;
    let (all, _) = sb.pull_from(&op.token, None, 5000).await;
    let alive: Vec<Uuid> = all
        .iter()
        .filter_map(|c| match c {
            Change::Cv { cv, .. } => Some(cv.id),
            _ => None,
        })
        .collect();
    assert_eq!(alive, [used], "the one past its year went");
    let (changes, _) = sb.pull_from(&op.token, Some(cursor), 5000).await;
    assert!(changes.iter().any(|c| matches!(c,
        Change::Tombstone { entity: Entity::Cv, key, .. } if *key == old.to_string())));
    // The file stays while a CV names it.
    assert_eq!(op.file(used).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_application_with_a_cv_is_a_use_of_it() {
    use sportello_core::cpi::agenda::ora_locale;
    use sportello_core::offerte::StatoOfferta;
    use sportello_protocol::candidature::NuovaCandidatura;

    let sb = Sandbox::start(200, 2).await;
    let branch = sb.branches()[0].clone();
    let mut op = Client::new(&sb, &format!("operatore.{}", branch.to_lowercase())).await;
    let (_, changes) = op.cvs().await;
    let oggi = ora_locale(sb.clock.now()).date();
    let offerta = changes
        .iter()
        .find_map(|c| match c {
            Change::Offerta { offerta: o, .. }
                if o.dati.filiale == branch
                    && o.stato.al(o.dati.fine_pubblicazione, oggi) == StatoOfferta::Pubblicata
                    && o.dati.scadenza >= oggi =>
            {
                Some((**o).clone())
            }
            _ => None,
        })
        .expect("an open offer");
    let taken: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Candidatura { candidatura, .. } if candidatura.offerta == offerta.id => {
                Some(candidatura.codice_fiscale.clone())
            }
            _ => None,
        })
        .collect();
    let mut mine = candidates(&changes)
        .into_iter()
        .filter(|(cf, b)| *b == branch && !taken.contains(cf))
        .map(|(cf, _)| cf);
    let (cf, someone_else) = (mine.next().unwrap(), mine.next().unwrap());
    let pdf = cv_text();
    op.upload("cv.pdf", &pdf, &sha(&pdf)).await;
    let id = Uuid::new_v4();
    let n = NuovoCv {
        codice_fiscale: cf.clone(),
        dati: dati(true),
        nome_file: "cv.pdf".into(),
        sha256: impronta(&pdf),
        caricato_cpi: false,
    };
    applied(&op.send(MutationKind::CvNuovo, id, None, &n).await);
    let candida = |cf: &str| NuovaCandidatura {
        offerta: offerta.id,
        codice_fiscale: cf.into(),
        requisiti_dichiarati: true,
        cv: Some(id),
    };
    let r = op
        .send(
            MutationKind::CandidaturaNuova,
            Uuid::new_v4(),
            None,
            &candida(&someone_else),
        )
        .await;
    assert_eq!(
        refused(&r),
        ["payload.cv:non_trovato"],
        "another citizen's CV"
    );
    applied(
        &op.send(
            MutationKind::CandidaturaNuova,
            Uuid::new_v4(),
            None,
            &candida(&cf),
        )
        .await,
    );
    let (cvs, _) = op.cvs().await;
    let cv = cvs.iter().find(|c| c.id == id).unwrap();
    let last = cv.storico.last().unwrap();
    assert_eq!(last.tipo.etichetta(), "Utilizzo");
    assert_eq!(last.note, format!("Candidatura Offerta {}", offerta.codice));
    assert_eq!(cv.version, 2);
}

#[tokio::test]
async fn the_sandbox_s_cvs_are_real_pdfs_with_text() {
    let sb = Sandbox::start(400, 2).await;
    let (db, report) = (sb.db.clone(), sb.report.clone());
    let now = sb.clock.now();
    let n = tokio::task::spawn_blocking(move || {
        sportello_centrale::seed::cv::seed_cvs(
            &db,
            &sportello_testkit::postgres::chiave_cv(),
            &report,
            now,
        )
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        n,
        (40..400usize).step_by(40).count(),
        "the 40th citizen, the 80th, …"
    );
    let op = Client::new(&sb, "master").await;
    let (cvs, _) = op.cvs().await;
    assert_eq!(cvs.len(), n);
    assert!(cvs.iter().any(|c| c.dati.consenso) && cvs.iter().any(|c| !c.dati.consenso));
    let states: Vec<StatoRichiestaCv> = cvs
        .iter()
        .flat_map(|c| c.richieste.iter().map(|r| r.stato))
        .collect();
    assert!(states.contains(&StatoRichiestaCv::Richiesta));
    assert!(states.contains(&StatoRichiestaCv::Accettata));
    let cv = &cvs[0];
    let file = op.file(cv.id).await;
    assert_eq!(file.status(), StatusCode::OK);
    let bytes = file.bytes().await.unwrap();
    let read = sportello_docs::leggi_cv(&cv.file.nome, &bytes).expect("a CV with text");
    assert_eq!(read.testo, cv.testo);
    assert_eq!(sha(&bytes), cv.file.sha256);
}
