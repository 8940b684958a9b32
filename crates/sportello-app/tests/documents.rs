//! Document use cases without a front end: files appear only with their audit entry,
//! batches are all-or-nothing and cancellable, receipts carry the file's real hash.

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Local, TimeZone, Utc};
use sportello_app::documents::{
    self, BatchRequest, CountTableDto, CvChoice, ReceiptRequest, sha256_file,
};
use sportello_app::search::{CandidateFilter, Sort, Store};
use sportello_app::{AppError, ErrorCode};
use sportello_store::{AuditAction, CandidateRecord};

fn now() -> chrono::DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap()
}

fn store_with(count: usize) -> (tempfile::TempDir, Store, Vec<String>) {
    sportello_testkit::demo_store(count, 2, 5, now().date_naive())
}

/// The SAP of every candidate in the store, one file each into `out`.
fn into_folder(out: &Path) -> BatchRequest {
    BatchRequest {
        query: sportello_app::search::Query {
            filter: CandidateFilter::default(),
            scope: sportello_app::search::Scope::All,
            sort: Sort::default(),
        },
        out_dir: Some(out.to_path_buf()),
        merged: None,
        overwrite: false,
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn sap_pdf_xml_and_cv_are_written_with_an_audit_entry_each() {
    let (dir, mut store, cfs) = store_with(5);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let cf = &cfs[2];
    let pdf = documents::sap_pdf(
        &mut store,
        "mario.rossi",
        &cf.to_lowercase(),
        &out.join("sap.pdf"),
        false,
        now(),
    )
    .unwrap();
    let xml = documents::sap_xml(
        &mut store,
        "mario.rossi",
        cf,
        &out.join("sap.xml"),
        false,
        now(),
    )
    .unwrap();
    let cv = documents::cv_pdf(
        &mut store,
        "mario.rossi",
        cf,
        CvChoice {
            anonymous: true,
            ..CvChoice::default()
        },
        &out.join("cv.pdf"),
        false,
        now(),
    )
    .unwrap();
    assert_eq!(
        files_in(&out),
        ["cv.pdf", "sap.pdf", "sap.xml"],
        "no temporary file left"
    );
    assert!(sportello_testkit::pdftotext(&pdf.file).contains(cf.as_str()));
    let back = sportello_docs::parse_sap_xml(&std::fs::read(&xml.file).unwrap()).unwrap();
    assert_eq!(&back.codice_fiscale, cf);
    assert!(
        !sportello_testkit::pdftotext(&cv.file).contains(cf.as_str()),
        "anonymous CV"
    );
    let audit = store.audit_entries(10).unwrap();
    let kinds: Vec<(&str, AuditAction, &str)> = audit
        .iter()
        .map(|e| {
            (
                e.event.details["kind"].as_str().unwrap(),
                e.event.action,
                e.event.subject.as_str(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("cv_pdf", AuditAction::Export, cv.file.as_str()),
            ("sap_xml", AuditAction::Export, xml.file.as_str()),
            ("sap_pdf", AuditAction::Export, pdf.file.as_str()),
        ],
        "each file that left the store is in the audit log, newest first"
    );
    assert_eq!(audit[0].event.details["anonymous"], true);
    assert_eq!(audit[0].id, cv.audit_id);
}

#[test]
fn an_existing_file_or_an_unknown_candidate_changes_nothing() {
    let (dir, mut store, cfs) = store_with(2);
    let target = dir.path().join("sap.pdf");
    std::fs::write(&target, b"mine").unwrap();
    let err = documents::sap_pdf(&mut store, "op", &cfs[0], &target, false, now()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileEsistente);
    assert_eq!(std::fs::read(&target).unwrap(), b"mine", "left as it was");
    let err = documents::sap_pdf(
        &mut store,
        "op",
        "RSSMRA85T10A562S",
        &dir.path().join("x.pdf"),
        false,
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InputNonValido);
    assert!(err.to_string().contains("RSSMRA85T10A562S"));
    assert!(
        store.audit_entries(10).unwrap().is_empty(),
        "nothing left the store"
    );
    assert!(!dir.path().join("x.pdf").exists());
    documents::sap_pdf(&mut store, "op", &cfs[0], &target, true, now()).unwrap();
    assert!(
        std::fs::read(&target).unwrap().starts_with(b"%PDF"),
        "replaced on request"
    );
}

#[test]
fn a_batch_writes_one_pdf_per_candidate_and_a_merged_one() {
    let (dir, mut store, cfs) = store_with(12);
    let out = dir.path().join("schede");
    let merged = dir.path().join("tutte.pdf");
    let seen = Mutex::new(Vec::new());
    let report = documents::sap_batch(
        &mut store,
        "mario.rossi",
        &BatchRequest {
            query: sportello_app::search::Query {
                filter: CandidateFilter::default(),
                scope: sportello_app::search::Scope::All,
                sort: Sort::default(),
            },
            out_dir: Some(out.clone()),
            merged: Some(merged.clone()),
            overwrite: false,
        },
        now(),
        &|p| seen.lock().unwrap().push(p),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.candidates, 12);
    let mut expected: Vec<String> = cfs.iter().map(|cf| format!("{cf}.pdf")).collect();
    expected.sort();
    assert_eq!(
        files_in(&out),
        expected,
        "named by codice fiscale, nothing else left"
    );
    let progress = seen.into_inner().unwrap();
    assert_eq!(
        progress.len(),
        24,
        "one call per document, folder and merged file"
    );
    assert!(
        progress
            .iter()
            .all(|p| p.total == 12 && p.done >= 1 && p.done <= 12)
    );
    let text = sportello_testkit::pdftotext(merged.to_str().unwrap());
    for cf in &cfs {
        assert!(text.contains(cf.as_str()), "{cf} in the merged PDF");
    }
    let audit = &store.audit_entries(1).unwrap()[0];
    assert_eq!(audit.event.details["kind"], "sap_batch");
    assert_eq!(
        audit.event.details["candidates"].as_array().unwrap().len(),
        12
    );
}

#[test]
fn a_cancelled_batch_leaves_nothing_behind() {
    let (dir, mut store, _) = store_with(30);
    let out = dir.path().join("schede");
    let cancel = AtomicBool::new(false);
    let err = documents::sap_batch(
        &mut store,
        "op",
        &into_folder(&out),
        now(),
        &|p| {
            if p.done >= 3 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .unwrap_err();
    assert!(matches!(err, AppError::Cancelled), "{err}");
    assert_eq!(err.code(), ErrorCode::OperazioneAnnullata);
    assert!(
        files_in(&out).is_empty(),
        "no SAP and no staging folder left"
    );
    assert!(store.audit_entries(10).unwrap().is_empty());
}

#[test]
fn receipts_carry_the_files_hash_and_can_be_listed_and_reprinted() {
    let (dir, mut store, _) = store_with(1);
    let file = dir.path().join("partecipanti.xlsx");
    std::fs::write(&file, b"contenuto del file caricato").unwrap();
    let sha = Command::new("sha256sum")
        .arg(&file)
        .output()
        .expect("sha256sum (coreutils)");
    let expected_hash = String::from_utf8(sha.stdout).unwrap()[..64].to_string();
    assert_eq!(sha256_file(&file).unwrap(), (27, expected_hash.clone()));
    let request = ReceiptRequest {
        kind: "fasce_deboli_upload".into(),
        title: "Caricamento file fasce deboli".into(),
        branch: "FI01".into(),
        fields: vec![("Campagna".into(), "2026".into())],
        tables: vec![CountTableDto {
            title: "Esito".into(),
            headers: vec!["Stato".into(), "Righe".into()],
            rows: vec![vec!["ACQUISITO".into(), "3".into()]],
        }],
        file: Some(file.clone()),
        file_hashed: None,
        acknowledgement: Some("ACK-77".into()),
    };
    let first = documents::issue_receipt(&mut store, "mario.rossi", &request, Utc::now()).unwrap();
    let second = documents::issue_receipt(&mut store, "mario.rossi", &request, Utc::now()).unwrap();
    assert_ne!(first.number, second.number, "numbers are unique");
    assert!(first.number.starts_with("R-") && first.number.ends_with("-000001"));
    assert_eq!(first.file.as_ref().unwrap().sha256, expected_hash);
    let listed = documents::receipts(&store, 10).unwrap();
    assert_eq!(
        listed,
        [second.clone(), first.clone()],
        "newest first, as issued"
    );
    let out = dir.path().join("ricevuta.pdf");
    let report = documents::receipt_pdf(
        &mut store,
        "anna.bianchi",
        &first.number,
        &out,
        false,
        now(),
    )
    .unwrap();
    let text = sportello_testkit::pdftotext(&report.file);
    assert!(text.contains(&expected_hash[..32]), "the hash is printed");
    assert!(text.contains(&first.number) && text.contains("ACK-77"));
    let audit = store.audit_entries(3).unwrap();
    assert_eq!(audit[0].event.details["kind"], "receipt_pdf");
    assert_eq!(audit[1].event.action, AuditAction::Receipt);
    assert_eq!(audit[1].event.subject, second.number);
    let err = documents::receipt(&store, "R-NESSUNA").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InputNonValido);
}

#[test]
fn batch_progress_reaches_a_front_end_about_every_half_per_cent_and_at_the_end() {
    use documents::{BatchProgress, SapBatchProgress};
    let reported = |total: usize| -> Vec<usize> {
        (1..=total)
            .filter(|&done| SapBatchProgress::worth_reporting(BatchProgress { done, total }))
            .collect()
    };
    assert_eq!(
        reported(3),
        [1, 2, 3],
        "a small batch reports every document"
    );
    let large = reported(10_000);
    assert_eq!(large.len(), 200, "every 50 documents out of 10,000");
    assert_eq!(large.last(), Some(&10_000), "the end is always reported");
    let odd = reported(1_001);
    assert_eq!(odd.first(), Some(&5));
    assert_eq!(odd.last(), Some(&1_001), "the end, even off the step");
}

#[test]
fn a_batch_never_writes_outside_its_folder_whatever_a_record_says() {
    let (dir, mut store, _) = store_with(0);
    let codes = vec![sportello_demo::branches(1)[0].code.clone()];
    let mut hostile: Vec<CandidateRecord> = sportello_demo::Generator::new(9, now().date_naive())
        .candidates(2, &codes)
        .map(|candidate| CandidateRecord {
            candidate,
            version: 1,
            updated_at: Utc::now(),
        })
        .collect();
    // As a crafted server answer could carry them, were they not refused at the sync.
    hostile[0].candidate.codice_fiscale = "../../fuori".into();
    hostile[1].candidate.codice_fiscale = "../fuori".into();
    store.bulk_upsert_candidates(&hostile).unwrap();
    let out = dir.path().join("a").join("b").join("schede");
    documents::sap_batch(
        &mut store,
        "op",
        &into_folder(&out),
        now(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(
        files_in(&out),
        ["fuori-2.pdf", "fuori.pdf"],
        "inside, and one each"
    );
    assert!(!dir.path().join("a").join("fuori.pdf").exists());
    assert!(!dir.path().join("a").join("b").join("fuori.pdf").exists());
    #[cfg(unix)]
    for name in files_in(&out) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join(&name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}: owner only, like every output");
    }
}

#[test]
fn a_refused_document_of_any_kind_leaves_no_audit_entry_and_no_temporary_file() {
    let (dir, mut store, cfs) = store_with(3);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let receipt = documents::issue_receipt(
        &mut store,
        "op",
        &ReceiptRequest {
            branch: "FI01".into(),
            kind: "prova".into(),
            title: "Ricevuta di prova".into(),
            fields: vec![],
            tables: vec![],
            file: None,
            file_hashed: None,
            acknowledgement: None,
        },
        now().with_timezone(&Utc),
    )
    .unwrap();
    let audited = store.audit_entries(100).unwrap().len();
    let taken = out.join("preso.bin");
    std::fs::write(&taken, b"mine").unwrap();
    let cf = cfs[0].as_str();
    let attempts: Vec<(&str, AppError)> = vec![
        (
            "sap pdf",
            documents::sap_pdf(&mut store, "op", cf, &taken, false, now()).unwrap_err(),
        ),
        (
            "sap xml",
            documents::sap_xml(&mut store, "op", cf, &taken, false, now()).unwrap_err(),
        ),
        (
            "cv",
            documents::cv_pdf(
                &mut store,
                "op",
                cf,
                CvChoice::default(),
                &taken,
                false,
                now(),
            )
            .unwrap_err(),
        ),
        (
            "receipt",
            documents::receipt_pdf(&mut store, "op", &receipt.number, &taken, false, now())
                .unwrap_err(),
        ),
        (
            "export",
            sportello_app::search::export_from(
                &mut store,
                "op",
                &sportello_app::search::ExportRequest::new(
                    CandidateFilter::default(),
                    taken.clone(),
                ),
                now(),
            )
            .unwrap_err(),
        ),
    ];
    for (kind, err) in attempts {
        assert_eq!(err.code(), ErrorCode::FileEsistente, "{kind}: {err}");
        assert_eq!(
            std::fs::read(&taken).unwrap(),
            b"mine",
            "{kind}: left as it was"
        );
        assert_eq!(files_in(&out), ["preso.bin"], "{kind}: no temporary file");
    }
    assert_eq!(
        store.audit_entries(100).unwrap().len(),
        audited,
        "no entry for a file never written"
    );
}

/// Seed 003's activity lists from the SAP's section 6, and the Libretto formativo:
/// a Garanzia Giovani traineeship in its own list, the other interventions by the
/// interview that proposed them; the libretto names the citizen and what they did.
#[test]
fn activity_lists_and_the_libretto_formativo() {
    let (dir, mut store, cfs) = store_with(200);
    let mut found = None;
    for cf in &cfs {
        let c = store.candidate(cf).unwrap().unwrap().candidate;
        let gg = c
            .policies
            .iter()
            .filter(|p| p.project_title.as_deref() == Some("Garanzia Giovani"))
            .count();
        if gg > 0 && c.policies.len() > gg {
            found = Some((c, gg));
            break;
        }
    }
    let (c, gg) = found.expect("a demo citizen with a Garanzia Giovani traineeship and more");
    let liste = sportello_app::attivita::liste(&store, &c.codice_fiscale.to_lowercase()).unwrap();
    assert_eq!(liste.garanzia_giovani.len(), gg);
    assert!(
        liste.garanzia_giovani[0].azione.contains("TIROCINIO"),
        "{liste:?}"
    );
    let others: usize = liste.colloqui.iter().map(|k| k.attivita.len()).sum();
    assert_eq!(others, c.policies.len() - gg);
    let patto = liste
        .colloqui
        .iter()
        .find(|k| {
            k.attivita
                .iter()
                .any(|a| a.tipo_attivita.starts_with("PATTO DI ATTIVAZIONE"))
        })
        .expect("the pact's interview");
    assert!(patto.colloquio.starts_with("Date: "), "{}", patto.colloquio);
    assert!(
        patto.colloquio.contains("Disoccupato ai sensi del 150"),
        "{}",
        patto.colloquio
    );
    // A well-formed codice fiscale of nobody in the store.
    let stranger = "RSSMRA80A01H501U";
    assert!(store.candidate(stranger).unwrap().is_none());
    assert!(sportello_app::attivita::liste(&store, stranger).is_err());

    let out = dir.path().join("libretto.pdf");
    let done = documents::libretto_pdf(
        &mut store,
        "mario.rossi",
        &c.codice_fiscale,
        &out,
        false,
        now(),
    )
    .unwrap();
    let text = sportello_testkit::pdftotext(&out);
    assert!(text.contains("Libretto formativo del cittadino"), "{text}");
    assert!(text.contains(&c.codice_fiscale), "{text}");
    assert!(
        text.contains("Garanzia"),
        "the project, in section 6: {text}"
    );
    let audit = store.audit_entries(5).unwrap();
    assert!(
        audit.iter().any(|e| e.event.action == AuditAction::Export
            && e.event.details.to_string().contains("libretto_pdf")),
        "the print is in the audit log: {audit:?}"
    );
    assert!(done.bytes > 0);
}
