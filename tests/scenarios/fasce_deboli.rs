//! The fasce-deboli flow of seed 000 against the sandbox server, as a branch operator
//! lives it: request the participants file, wait, download it, accept suggestions,
//! export it for filling, fill it in LibreOffice (a third-party writer), import it,
//! check it, upload it (with its receipt), read the outcome, and be refused after the
//! deadline.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Local, Utc};
use sportello_app::Profile;
use sportello_app::fasce_deboli::online;
use sportello_app::fasce_deboli::{self as fd, GridFilter};
use sportello_centrale::seed::{SeedOptions, seed};
use sportello_centrale::{Config, serve};

/// LibreOffice converts `src` to `filter`'s format into `dir`.
fn libreoffice(dir: &Path, src: &Path, filter: &str, infilter: Option<&str>) {
    let mut cmd = Command::new(sportello_testkit::soffice());
    cmd.arg(format!(
        "-env:UserInstallation=file://{}/lo-profile",
        dir.display()
    ))
    .arg("--headless");
    if let Some(f) = infilter {
        cmd.arg(format!("--infilter={f}"));
    }
    let status = cmd
        .args(["--convert-to", filter, "--outdir"])
        .arg(dir)
        .arg(src)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "soffice --convert-to {filter}");
}

/// Fills the exported workbook the way an operator would in a spreadsheet: through
/// LibreOffice, to CSV and back; every participant without a declaration gets NO.
fn fill_in_libreoffice(dir: &Path, exported: &Path) -> PathBuf {
    // CSV export of the first sheet (Partecipanti), UTF-8, comma-separated.
    libreoffice(
        dir,
        exported,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        None,
    );
    let csv = exported.with_extension("csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let columns: Vec<&str> = header.split(',').collect();
    let flag = columns
        .iter()
        .position(|c| c.trim_matches('"') == "Fascia debole")
        .expect("the flag column");
    let mut out = vec![header.clone()];
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if cells[flag].trim_matches('"').is_empty() {
            cells[flag] = "NO".into();
        }
        out.push(cells.join(","));
    }
    let filled_csv = dir.join("compilato.csv");
    std::fs::write(&filled_csv, out.join("\n") + "\n").unwrap();
    libreoffice(
        dir,
        &filled_csv,
        "xlsx:Calc MS Excel 2007 XML",
        Some("CSV:44,34,76,1"),
    );
    dir.join("compilato.xlsx")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_fasce_deboli_flow_against_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("centrale.db");
    let today = Local::now().date_naive();
    let opts = SeedOptions {
        citizens: 900,
        branches: 3,
        seed: 11,
        reference: today,
    };
    let seed_path = db.clone();
    let report = tokio::task::spawn_blocking(move || seed(&seed_path, &opts, Utc::now()))
        .await
        .unwrap()
        .expect("seed");
    let mut config = Config::new(&db);
    config.processing_delay = Duration::from_millis(300);
    let server = serve(config).await.expect("the sandbox starts");
    let user = report
        .users
        .iter()
        .find(|u| u.role == "operatore")
        .expect("a branch operator");
    let profile = Profile::new(Some(dir.path().join("data")), &user.username).unwrap();
    let (mut store, login) =
        sportello_app::sync::login(&profile, Some(&server.url()), &user.password, None)
            .await
            .expect("login");
    assert!(login.online);
    sportello_app::sync::sync(&mut store, &|_| {})
        .await
        .expect("first sync");
    let operator = user.username.clone();

    // 1. Richiesta of the current campaign, every tipologia.
    online::refresh_lists(&mut store).await.unwrap();
    let campaign = store
        .fd_campagne()
        .unwrap()
        .into_iter()
        .find(|c| c.aperta)
        .expect("an open campaign");
    let closed = store
        .fd_campagne()
        .unwrap()
        .into_iter()
        .find(|c| !c.aperta)
        .expect("the closed 2019 campaign");
    let tipologie: Vec<String> = store
        .fd_tipologie()
        .unwrap()
        .into_iter()
        .map(|t| t.code)
        .collect();
    let request = online::request_file(&mut store, &operator, &tipologie, campaign.anno, None)
        .await
        .unwrap();
    assert_ne!(request.stato, "da_inviare", "online: sent at once");

    // 2. Followed until the file is ready and in the store.
    let start = Instant::now();
    loop {
        let all = online::requests(&mut store, &operator).await.unwrap();
        let r = all.iter().find(|r| r.id == request.id).unwrap();
        assert_ne!(r.stato, "errore", "{:?}", r.errore);
        if r.downloaded_at.is_some() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "file never ready"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let participants = fd::participants(&store, campaign.anno, &GridFilter::default()).unwrap();
    assert!(!participants.is_empty(), "the file has participants");

    // 3. Suggestions from the SAP data, accepted by the operator.
    let suggestions = fd::suggest(&store, campaign.anno).unwrap();
    let with = suggestions
        .iter()
        .filter(|s| !s.suggestions.is_empty())
        .count();
    assert!(with > 0, "the seeded SAPs support some categories");
    let accepted = fd::accept_suggestions(&mut store, campaign.anno, None, Utc::now()).unwrap();
    assert!(accepted > 0);

    // 4. Export for filling, filled in LibreOffice, imported back.
    let exported = dir.path().join("da-compilare.xlsx");
    fd::export_for_filling(
        &mut store,
        &operator,
        Some(campaign.anno),
        &exported,
        false,
        Local::now(),
    )
    .unwrap();
    let filled = fill_in_libreoffice(dir.path(), &exported);
    let imported = fd::import_filled(&mut store, &filled, Utc::now()).unwrap();
    assert!(
        imported.accepted,
        "{:?} {:?}",
        imported.reason, imported.check.issues
    );
    assert_eq!(imported.imported, participants.len());
    let todo = fd::participants(
        &store,
        campaign.anno,
        &GridFilter {
            da_compilare: true,
            ..GridFilter::default()
        },
    )
    .unwrap();
    assert!(todo.is_empty(), "every participant declared");

    // 5. Check, then upload with its receipt.
    let check = fd::check_file(&store, &filled, today).unwrap();
    assert_eq!(check.rows_with_errors, 0, "{:?}", check.issues);
    assert_eq!(check.declared.si, accepted);
    // Forma.Temp withdraws a category meanwhile; the client still has the old list.
    let declared = fd::participants(&store, campaign.anno, &GridFilter::default()).unwrap();
    let withdrawn = most_used_category(&declared);
    let mut withdrawn_rows: Vec<(String, String)> = declared
        .iter()
        .filter(|p| p.categoria.as_deref() == Some(withdrawn.as_str()))
        .map(|p| (p.codice_fiscale.clone(), p.codice_progetto.clone()))
        .collect();
    withdrawn_rows.sort();
    let code = withdrawn.clone();
    let now = Utc::now();
    let withdrew = server
        .state()
        .write(move |tx| sportello_centrale::db::fasce_deboli::ritira_categoria(tx, &code, now))
        .await
        .unwrap();
    assert!(withdrew);
    let receipt_pdf = dir.path().join("ricevuta.pdf");
    let upload = online::upload_file(
        &mut store,
        &operator,
        &filled,
        Some(&receipt_pdf),
        Local::now(),
    )
    .await
    .unwrap();
    assert!(upload.sent);
    let server_id = upload.upload.server_id.clone().expect("the server's id");
    let receipt = upload.receipt.expect("a receipt");
    assert_eq!(receipt.acknowledgement.as_deref(), Some(server_id.as_str()));
    let sha = {
        use std::fmt::Write;
        let digest = <sha2::Sha256 as sha2::Digest>::digest(std::fs::read(&filled).unwrap());
        digest.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    };
    assert_eq!(
        receipt.file.as_ref().unwrap().sha256,
        sha,
        "the receipt names the file sent"
    );
    assert!(std::fs::read(&receipt_pdf).unwrap().starts_with(b"%PDF"));

    // 6. The outcome, followed until processed: the rows naming the withdrawn category
    //    are rejected by the server (the client judged them with its stale list).
    let done = processed(&mut store, &operator, &upload.upload.id).await;
    assert_eq!(
        done.scartate,
        Some(withdrawn_rows.len() as u32),
        "{:?}",
        done.rejected
    );
    assert_eq!(
        done.acquisite,
        Some((participants.len() - withdrawn_rows.len()) as u32)
    );
    let mut rejected: Vec<(String, String)> = done
        .rejected
        .iter()
        .map(|r| (r.codice_fiscale.clone(), r.codice_progetto.clone()))
        .collect();
    rejected.sort();
    assert_eq!(
        rejected, withdrawn_rows,
        "exactly the rows naming {withdrawn}"
    );
    assert!(
        done.rejected.iter().all(|r| r.motivo.contains("ategoria")),
        "{:?}",
        done.rejected
    );
    let outcome_file = dir.path().join("esito.xlsx");
    online::write_outcome(
        &mut store,
        &operator,
        &upload.upload.id,
        &outcome_file,
        false,
    )
    .unwrap();
    assert!(outcome_file.is_file());

    // 7. Fix: the lists refreshed, the client's own check now finds the same rows; the
    //    operator corrects them in the grid and uploads the working copy again.
    online::follow(&mut store, &operator).await.unwrap();
    assert!(
        !fd::categories(&store)
            .unwrap()
            .iter()
            .any(|c| c.code == withdrawn),
        "the refreshed list no longer has {withdrawn}"
    );
    let (_, recheck) = fd::working_file(&store, campaign.anno, today).unwrap();
    let mut flagged: Vec<u32> = recheck
        .issues
        .iter()
        .filter(|i| i.severity == "error")
        .map(|i| i.row)
        .collect();
    flagged.dedup();
    assert_eq!(
        recheck.rows_with_errors,
        withdrawn_rows.len(),
        "{:?}",
        recheck.issues
    );
    assert_eq!(flagged.len(), withdrawn_rows.len());
    let fixes: Vec<fd::DeclarationInput> = withdrawn_rows
        .iter()
        .map(|(cf, progetto)| fd::DeclarationInput {
            codice_fiscale: cf.clone(),
            codice_progetto: progetto.clone(),
            fascia_debole: Some("NO".into()),
            categoria: None,
        })
        .collect();
    fd::declare(&mut store, campaign.anno, &fixes, Utc::now()).unwrap();
    let (_, fixed) = fd::working_file(&store, campaign.anno, today).unwrap();
    assert_eq!(fixed.rows_with_errors, 0, "{:?}", fixed.issues);
    let again =
        online::upload_working_copy(&mut store, &operator, campaign.anno, None, Local::now())
            .await
            .unwrap();
    assert!(again.sent);
    // The ordinary sync follows it to its outcome, with the candidates.
    let start = Instant::now();
    loop {
        let summary = sportello_app::sync::sync(&mut store, &|_| {})
            .await
            .unwrap();
        let local = store.fd_upload(&again.upload.id).unwrap().unwrap();
        if local.outcome.is_some() {
            assert_eq!(summary.fd_outcomes, 1, "{summary:?}");
            break;
        }
        assert_eq!(summary.fd_outcomes, 0);
        assert!(start.elapsed() < Duration::from_secs(60), "never processed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let done = processed(&mut store, &operator, &again.upload.id).await;
    assert_eq!(done.scartate, Some(0), "{:?}", done.rejected);
    assert_eq!(done.acquisite, Some(participants.len() as u32));
    let history = online::history(&mut store, &operator, today).await.unwrap();
    assert_eq!(history.caricamenti.len(), 2);
    let current = history
        .campagne
        .iter()
        .find(|c| c.anno == campaign.anno)
        .unwrap();
    assert_eq!(
        current.giorni_rimasti,
        (campaign.scadenza - today).num_days()
    );

    // 8. After the deadline: refused before anything leaves.
    let closed_file = dir.path().join("vecchio.xlsx");
    let (corrected, _) = fd::working_file(&store, campaign.anno, today).unwrap();
    std::fs::write(&closed_file, corrected).unwrap();
    let before = store.fd_caricamenti().unwrap().len();
    let mut old = store.fd_campagne().unwrap();
    for c in &mut old {
        if c.anno == campaign.anno {
            c.scadenza = closed.scadenza;
            c.aperta = false;
        }
    }
    store
        .fd_replace_lists(
            &store.fd_categorie().unwrap(),
            &store.fd_tipologie().unwrap(),
            &old,
        )
        .unwrap();
    let refused = online::upload_file(&mut store, &operator, &closed_file, None, Local::now())
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("chiusa"), "{refused}");
    assert_eq!(
        store.fd_caricamenti().unwrap().len(),
        before,
        "nothing queued"
    );

    server.shutdown().await.unwrap();
}

/// The category declared most often (ties: the first code).
fn most_used_category(rows: &[fd::ParticipantDto]) -> String {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for c in rows.iter().filter_map(|p| p.categoria.as_deref()) {
        *counts.entry(c).or_default() += 1;
    }
    let (code, _) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .expect("some participant declared with a category");
    code.to_string()
}

/// Follows an upload until the server has processed it, with its counts.
async fn processed(
    store: &mut sportello_store::Store,
    operator: &str,
    id: &str,
) -> online::UploadDto {
    let start = Instant::now();
    loop {
        let u = online::outcome(store, operator, id).await.unwrap();
        assert_ne!(u.stato, "errore", "{:?}", u.errore);
        if u.stato == "elaborato" && u.acquisite.is_some() {
            return u;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "never processed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
