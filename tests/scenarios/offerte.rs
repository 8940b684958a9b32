//! Seed 001's day with offers, across the branch and the agency: an operatore inserts
//! offers in bulk from a file LibreOffice wrote, matches candidates, proposes an offer
//! to three, records the interviews' outcomes and files a refusal while the server is
//! down; back online everything is synced, and a super user sees it in the lists
//! aggregated over their branches and exports them.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{Days, Local, Utc};
use sportello_app::offerte::interessi::{self, RifiutoForm};
use sportello_app::offerte::{self, OfferteFiltro, massivo};
use sportello_app::search::ExportRequest;
use sportello_app::sync as app;
use sportello_app::{Profile, desk};
use sportello_centrale::ManualClock;
use sportello_centrale::seed::{SeedOptions, seed};

use crate::support::{quiet, start};
use sportello_sheets::table::{Value, read_workbook};

/// The template's first sheet filled with `rows` (`;`-separated, ISO dates) by
/// LibreOffice, a writer that is not ours.
fn filled_by_libreoffice(template: &std::path::Path, rows: &[String]) -> std::path::PathBuf {
    let dir = template.parent().unwrap();
    let header: Vec<String> = read_workbook(template).unwrap()[0].rows[0]
        .iter()
        .map(|v| match v {
            Value::Text(t) => t.clone(),
            other => panic!("a header cell: {other:?}"),
        })
        .collect();
    sportello_testkit::xlsx_by_libreoffice(dir, "compilato", &header, rows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offers_from_a_file_to_the_agency_wide_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("centrale.db");
    let opts = SeedOptions {
        citizens: 500,
        branches: 4,
        seed: 16,
        reference: Utc::now().date_naive(),
    };
    let path = db.clone();
    let seeded = tokio::task::spawn_blocking(move || seed(&path, &opts, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let server = start(&db, clock.clone(), None).await;
    let url = server.url();
    let addr = url.trim_start_matches("http://").to_string();
    let data = tempfile::tempdir().unwrap();
    let user = |role: &str| seeded.users.iter().find(|u| u.role == role).unwrap();
    let sup = user("super");
    let op = seeded
        .users
        .iter()
        .find(|u| u.role == "operatore" && u.branches[0] == sup.branches[0])
        .unwrap();
    let branch = op.branches[0].clone();

    // The operatore signs in and syncs.
    let p = Profile::new(Some(data.path().to_path_buf()), &op.username).unwrap();
    let (mut store, _) = app::login(&p, Some(&url), &op.password, None)
        .await
        .unwrap();
    app::sync(&mut store, &quiet()).await.unwrap();
    let home = store
        .branches()
        .unwrap()
        .into_iter()
        .find(|b| b.code == branch)
        .unwrap();
    let sede = format!("{} ({})", home.comune, home.provincia);

    // Bulk insert: the app's template, filled elsewhere, every row checked, all in.
    let template = dir.path().join("modello.xlsx");
    massivo::scrivi_modello(&mut store, p.user(), &template, false).unwrap();
    let fine = (Utc::now().date_naive() + Days::new(30))
        .format("%Y-%m-%d")
        .to_string();
    let qualifiche = [
        "Magazziniere",
        "Addetto alle vendite",
        "Cuoco",
        "Impiegato amministrativo",
        "Programmatore",
    ];
    let rows: Vec<String> = qualifiche
        .iter()
        .map(|q| {
            format!(
                "{branch};PRESELEZIONE;LAVORO A TEMPO DETERMINATO;{q};Descrizione;NO;;2;FULL_TIME;{sede};{fine};{fine};NO;NO;NO;NO;;;"
            )
        })
        .collect();
    let file = filled_by_libreoffice(&template, &rows);
    let done = massivo::importa(&mut store, &p, &file, true).unwrap();
    assert_eq!(
        (done.inserite, done.pubblicate),
        (5, 5),
        "{:?}",
        done.errori
    );
    let (_, sha) = sportello_app::documents::sha256_file(&file).unwrap();
    assert_eq!(done.ricevuta.unwrap().file.unwrap().sha256, sha);
    app::sync(&mut store, &quiet()).await.unwrap();
    let offer = offerte::elenco(
        &store,
        &OfferteFiltro {
            qualifica: "magazziniere".into(),
            filiale: branch.clone(),
            ..Default::default()
        },
    )
    .unwrap()
    .into_iter()
    .find(|o| o.fine_pubblicazione == day_of(&fine))
    .expect("the imported offer");
    assert!(!offer.codice.is_empty(), "coded by the server");

    // The server goes down; the operatore goes on with the offer.
    server.shutdown().await.unwrap();
    let fits = interessi::abbinamenti(&store, &offer.id, 0, 50).unwrap();
    let three: Vec<String> = fits
        .righe
        .iter()
        .filter(|r| !r.interessato)
        .take(3)
        .map(|r| r.codice_fiscale.clone())
        .collect();
    assert_eq!(three.len(), 3, "{} fit", fits.totale);
    assert_eq!(
        interessi::proponi(&mut store, &offer.id, &three).unwrap(),
        3
    );
    let proposed = |store: &sportello_store::Store| {
        interessi::elenco(store, Some(&offer.id), None)
            .unwrap()
            .into_iter()
            .filter(|i| three.contains(&i.codice_fiscale))
            .collect::<Vec<_>>()
    };
    let interest_of = |cf: &str| {
        proposed(&store)
            .into_iter()
            .find(|i| i.codice_fiscale == cf)
            .unwrap()
            .id
    };
    let (hired, unfit, refuser) = (
        interest_of(&three[0]),
        interest_of(&three[1]),
        three[2].clone(),
    );
    for stato in ["contattato", "colloquio", "assunto"] {
        interessi::avanza(&mut store, &hired, stato, "").unwrap();
    }
    for stato in ["contattato", "colloquio", "non_idoneo"] {
        interessi::avanza(&mut store, &unfit, stato, "Nessuna esperienza").unwrap();
    }
    app::annotate(
        &mut store,
        &p,
        &refuser,
        app::parse_annotation_kind("rifiuto_offerta").unwrap(),
        "Non accetta i turni",
        None,
    )
    .unwrap();
    assert_eq!(
        desk::candidate_notes(&store, &refuser)
            .unwrap()
            .rifiuti_da_comunicare,
        1
    );
    let (filed, _) = interessi::rifiuta(
        &mut store,
        &p,
        &RifiutoForm {
            offerta: offer.id.clone(),
            codice_fiscale: refuser.clone(),
            data: Utc::now().date_naive().format("%d/%m/%Y").to_string(),
            motivo: "ORARIO".into(),
            note: String::new(),
        },
    )
    .unwrap();
    assert_eq!(filed.trasmissione, "in coda");
    assert!(
        app::sync(&mut store, &quiet()).await.is_err(),
        "the server is down"
    );

    // Back online: everything goes, nothing is refused.
    let _server = start(&db, clock.clone(), Some(&addr)).await;
    let summary = app::sync(&mut store, &quiet()).await.unwrap();
    assert_eq!((summary.rejected, summary.conflicts), (0, 0), "{summary:?}");
    drop(store);

    // The super user: the lists aggregated over their branches.
    let ps = Profile::new(Some(data.path().to_path_buf()), &sup.username).unwrap();
    let (mut agency, _) = app::login(&ps, Some(&url), &sup.password, Some("tutte"))
        .await
        .unwrap();
    app::sync(&mut agency, &quiet()).await.unwrap();
    let all = offerte::elenco(&agency, &OfferteFiltro::default()).unwrap();
    let branches: BTreeSet<&str> = all.iter().map(|o| o.filiale.as_str()).collect();
    assert_eq!(
        branches,
        sup.branches.iter().map(String::as_str).collect(),
        "offers of every branch of the super user, and only those"
    );
    assert_eq!(
        all.iter()
            .filter(|o| o.filiale == branch && o.fine_pubblicazione == day_of(&fine))
            .filter(|o| qualifiche.contains(&o.qualifica.as_str()))
            .count(),
        5,
        "the bulk-inserted offers"
    );
    let theirs = interessi::elenco(&agency, Some(&offer.codice), None).unwrap();
    let state = |cf: &str| {
        theirs
            .iter()
            .find(|i| i.codice_fiscale == cf)
            .map(|i| i.stato.as_str())
    };
    assert_eq!(
        [state(&three[0]), state(&three[1]), state(&three[2])],
        [Some("assunto"), Some("non_idoneo"), Some("da_valutare")]
    );
    let every = interessi::elenco(&agency, None, None).unwrap();
    let interest_branches: BTreeSet<&str> = every.iter().map(|i| i.filiale.as_str()).collect();
    assert_eq!(
        interest_branches.len(),
        sup.branches.len(),
        "citizens' interests from every branch"
    );
    let refusals = interessi::rifiuti(&agency, None, Some(&refuser)).unwrap();
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].trasmissione, "trasmessa");
    assert!(refusals[0].protocollo.starts_with("SFL-"));

    // Exported, each through the export path and its audit record.
    let out = dir.path().join("interessi_agenzia.xlsx");
    let written = interessi::esporta(&mut agency, &ps, None, &out, false).unwrap();
    assert_eq!(written.rows as usize, every.len());
    let sheet = &read_workbook(&out).unwrap()[0];
    assert_eq!(
        sheet.rows.len(),
        every.len() + 1,
        "header and every interest"
    );
    let cells: Vec<String> = sheet
        .rows
        .iter()
        .flatten()
        .filter_map(|v| match v {
            Value::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert!(cells.contains(&offer.codice) && cells.contains(&refuser));
    let citizens = dir.path().join("cittadini_agenzia.xlsx");
    let mut request = ExportRequest::new(Default::default(), citizens.clone());
    request.query.scope = app::session_scope(&agency).unwrap();
    let exported =
        sportello_app::search::export_from(&mut agency, ps.user(), &request, Local::now()).unwrap();
    assert_eq!(
        read_workbook(&citizens).unwrap()[0].rows.len() as u64,
        exported.rows + 1
    );
    let audited: Vec<i64> = agency
        .audit_entries(10)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert!(audited.contains(&written.audit_id) && audited.contains(&exported.audit_id));
}

/// `yyyy-mm-dd` as the lists show it.
fn day_of(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .unwrap()
        .format("%d/%m/%Y")
        .to_string()
}
