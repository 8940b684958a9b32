//! The text of uploaded CVs (`leggi_cv`): our own CV PDFs, a scan, a docx and an odt
//! written by hand, a .doc written by LibreOffice from that docx, and files whose name
//! and content disagree. Hostile files are in `testo_ostile.rs`.

#[path = "support/documenti.rs"]
mod documenti;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, NaiveDate};
use documenti::{docx, odt, zipped};
use sportello_docs::{CvOptions, FormatoCv, Issuer, RifiutoCv, cv_pdf, leggi_cv};

fn issuer() -> Issuer {
    Issuer {
        agency: "Centro per l'Impiego di Forlì".into(),
        operator: "mario.rossi".into(),
        at: DateTime::parse_from_rfc3339("2026-11-23T10:15:00+01:00").unwrap(),
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// --- PDF --------------------------------------------------------------------------------

#[test]
fn our_cv_pdf_reads_back_with_the_name_and_the_latest_experience() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let g = sportello_demo::Generator::new(5, today);
    let branches = vec!["FO01".to_string()];
    let mut with_experience = 0;
    for c in g.candidates(30, &branches) {
        let pdf = cv_pdf(&c, &issuer(), CvOptions::full(today));
        let letto = leggi_cv("curriculum.pdf", &pdf).unwrap_or_else(|e| {
            panic!("{}: {e}", c.codice_fiscale);
        });
        assert_eq!(letto.formato, FormatoCv::Pdf);
        let testo = squash(&letto.testo);
        assert!(
            testo.contains(&squash(&c.personal.surname)),
            "{} in:\n{}",
            c.personal.surname,
            letto.testo
        );
        let latest = c.experiences.iter().max_by_key(|e| e.start);
        if let Some(e) = latest {
            with_experience += 1;
            let line = squash(&format!("{} — {}", e.qualification, e.employer));
            assert!(testo.contains(&line), "{line} in:\n{}", letto.testo);
        }
        assert!(testo.contains("Esperienze di lavoro"), "{}", letto.testo);
    }
    assert!(
        with_experience >= 10,
        "the sample has experiences to look for"
    );
}

#[test]
fn our_cv_pdf_keeps_lines_and_words_apart() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let c = sportello_demo::Generator::new(9, today)
        .candidates(1, &["FO01".to_string()])
        .next()
        .unwrap();
    let letto = leggi_cv("cv.pdf", &cv_pdf(&c, &issuer(), CvOptions::full(today))).unwrap();
    let righe: Vec<&str> = letto.testo.lines().collect();
    assert!(
        righe.contains(&format!("{} {}", c.personal.name, c.personal.surname).as_str()),
        "the name is a line of its own:\n{}",
        letto.testo
    );
    let a = c.domicile.as_ref().or(c.residence.as_ref()).unwrap();
    let indirizzo = format!("{}, {} {} ({})", a.street, a.cap, a.comune, a.provincia);
    assert!(
        righe.contains(&indirizzo.as_str()),
        "words keep their spaces: {indirizzo} in:\n{}",
        letto.testo
    );
    // Text on one baseline is one line, however far apart: the footer's two ends.
    assert!(
        righe
            .iter()
            .any(|r| r.starts_with("Generato il 23/11/2026") && r.ends_with("Pagina 1 di 1")),
        "{}",
        letto.testo
    );
    assert!(!letto.testo.contains("  ") && !letto.testo.contains("\n\n"));
}

fn qpdf(dir: &Path, input: &[u8], args: &[&str]) -> Vec<u8> {
    let (from, to) = (dir.join("in.pdf"), dir.join("out.pdf"));
    std::fs::write(&from, input).unwrap();
    let out = Command::new("qpdf")
        .args(args)
        .arg(&from)
        .arg(&to)
        .output()
        .expect("qpdf is needed by this test (cargo xtask test installs it)");
    assert!(out.status.success(), "qpdf {args:?}: {out:?}");
    std::fs::read(to).unwrap()
}

/// The same CV rewritten by qpdf: with object streams and a cross-reference stream,
/// encrypted with an empty user password (it opens without one, as many CVs do),
/// encrypted with a password.
#[test]
fn a_pdf_rewritten_by_qpdf_reads_unless_it_needs_a_password() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let c = sportello_demo::Generator::new(8, today)
        .candidates(1, &["FO01".to_string()])
        .next()
        .unwrap();
    let pdf = cv_pdf(&c, &issuer(), CvOptions::full(today));
    let atteso = leggi_cv("cv.pdf", &pdf).unwrap().testo;
    let dir = tempfile::tempdir().unwrap();
    let compatto = qpdf(dir.path(), &pdf, &["--object-streams=generate"]);
    let aperto = qpdf(
        dir.path(),
        &compatto,
        &[
            "--object-streams=generate",
            "--encrypt",
            "",
            "proprietario",
            "256",
            "--",
        ],
    );
    let ha = |bytes: &[u8], parola: &[u8]| bytes.windows(parola.len()).any(|w| w == parola);
    assert!(ha(&compatto, b"/ObjStm") && ha(&compatto, b"/XRef"));
    assert!(ha(&aperto, b"/ObjStm") && ha(&aperto, b"/Encrypt"));
    for (come, bytes) in [("object streams", &compatto), ("empty password", &aperto)] {
        assert_eq!(
            leggi_cv("cv.pdf", bytes).map(|t| t.testo),
            Ok(atteso.clone()),
            "{come}"
        );
    }
    let chiuso = qpdf(
        dir.path(),
        &pdf,
        &["--encrypt", "utente", "proprietario", "256", "--"],
    );
    assert_eq!(
        leggi_cv("cv.pdf", &chiuso),
        Err(RifiutoCv::Illeggibile("è protetto da password".into()))
    );
}

/// A page with nothing but a picture: a scanned CV.
fn scanned_pdf() -> Vec<u8> {
    use printpdf::{
        Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, RawImage, RawImageData, RawImageFormat,
        XObjectTransform,
    };
    let mut doc = PdfDocument::new("Scansione");
    let (width, height) = (160, 90);
    let pixels: Vec<u8> = (0..width * height * 3)
        .map(|i| (i * 7 % 251) as u8)
        .collect();
    let image = RawImage {
        pixels: RawImageData::U8(pixels),
        width,
        height,
        data_format: RawImageFormat::RGB8,
        tag: Vec::new(),
    };
    let id = doc.add_image(&image);
    let page = PdfPage::new(
        Mm(210.0),
        Mm(297.0),
        vec![Op::UseXobject {
            id,
            transform: XObjectTransform::default(),
        }],
    );
    let mut warnings = Vec::new();
    doc.with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut warnings)
}

#[test]
fn a_scan_has_no_text() {
    let pdf = scanned_pdf();
    assert!(pdf.starts_with(b"%PDF-"));
    let esito = leggi_cv("scansione.pdf", &pdf);
    assert_eq!(esito, Err(RifiutoCv::SenzaTesto));
    assert_eq!(
        esito.unwrap_err().to_string(),
        "Il file non contiene testo leggibile: sembra una scansione. Caricare un file con il \
         testo selezionabile."
    );
}

// --- docx, odt ---------------------------------------------------------------------------

/// The paragraphs both hand-written documents hold, and the text they read as.
const ATTESO: &str = "Curriculum vitae di Niccolò Pietà\n\
    Esperienza: magazziniere presso Rossi & Figli, Forlì\n\
    Mansioni: carico e scarico, inventario 2019 2023\n\
    Perché assumermi? È semplice: sono puntuale, preciso e affidabile.";

fn docx_cv() -> Vec<u8> {
    docx(concat!(
        r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">Curriculum vitae di </w:t></w:r>"#,
        r#"<w:r><w:rPr><w:b/></w:rPr><w:t>Niccolò Pietà</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t xml:space="preserve">Esperienza: magazziniere presso </w:t></w:r>"#,
        r#"<w:r><w:t>Rossi &amp; Figli, Forlì</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>Mansioni: carico e scarico, inventario</w:t><w:tab/><w:t>2019</w:t><w:tab/><w:t>2023</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>Perché assumermi? È semplice:</w:t><w:t xml:space="preserve"> sono puntuale, preciso e affidabile.</w:t></w:r></w:p>"#,
    ))
}

fn odt_cv() -> Vec<u8> {
    odt(concat!(
        "\n      <text:h text:outline-level=\"1\">Curriculum vitae di <text:span>Niccolò\n        Pietà</text:span></text:h>\n",
        "      <text:p>Esperienza: magazziniere<text:s text:c=\"3\"/>presso Rossi &amp; Figli, Forlì</text:p>\n",
        "      <text:p>Mansioni: carico e scarico, inventario<text:tab/>2019<text:tab/>2023</text:p>\n",
        "      <text:p>Perché assumermi?<text:line-break/>È semplice: sono puntuale, preciso e affidabile.</text:p>\n",
        "      <text:tracked-changes><text:changed-region><text:deletion><text:p>cancellato</text:p></text:deletion></text:changed-region></text:tracked-changes>\n",
    ))
}

#[test]
fn a_docx_reads_paragraph_by_paragraph_with_its_accents() {
    let letto = leggi_cv("CV Pietà.DOCX", &docx_cv()).unwrap();
    assert_eq!(letto.formato, FormatoCv::Docx);
    assert_eq!(letto.testo, ATTESO);
}

#[test]
fn an_odt_reads_paragraph_by_paragraph_with_its_accents() {
    let letto = leggi_cv("cv.odt", &odt_cv()).unwrap();
    assert_eq!(letto.formato, FormatoCv::Odt);
    // The line break inside the last paragraph is kept as one.
    assert_eq!(letto.testo, ATTESO.replace("assumermi? È", "assumermi?\nÈ"));
}

#[test]
fn a_document_with_a_title_only_is_taken_for_a_scan() {
    let poco = docx("<w:p><w:r><w:t>Curriculum vitae</w:t></w:r></w:p>");
    assert_eq!(leggi_cv("cv.docx", &poco), Err(RifiutoCv::SenzaTesto));
}

// --- doc -----------------------------------------------------------------------------------

/// LibreOffice's `soffice`, which `cargo xtask install` installs (with Writer): a test
/// that needs it fails without it rather than skipping. (sportello-testkit has the
/// same lookup, but would bring the store and the central server into this crate's
/// tests.)
fn soffice() -> PathBuf {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
        .expect("soffice (LibreOffice Writer) must be installed: run `cargo xtask install`")
}

/// `file` converted by LibreOffice to `ext` in `dir`.
fn converted(dir: &Path, file: &Path, ext: &str) -> Vec<u8> {
    let out = Command::new(soffice())
        .arg(format!(
            "-env:UserInstallation=file://{}/profilo",
            dir.display()
        ))
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(dir)
        .arg(file)
        .env("HOME", dir)
        .output()
        .expect("soffice runs");
    let target = dir.join(file.file_stem().unwrap()).with_extension(ext);
    assert!(
        out.status.success() && target.is_file(),
        "soffice --convert-to {ext} (is LibreOffice Writer installed? run `cargo xtask \
         install`): {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(target).unwrap()
}

#[test]
fn what_libreoffice_writes_from_the_docx_reads_like_it() {
    let dir = tempfile::tempdir().unwrap();
    let docx_path = dir.path().join("curriculum.docx");
    std::fs::write(&docx_path, docx_cv()).unwrap();
    for (ext, formato) in [
        ("doc", FormatoCv::Doc),
        ("odt", FormatoCv::Odt),
        ("pdf", FormatoCv::Pdf),
    ] {
        let bytes = converted(dir.path(), &docx_path, ext);
        let letto =
            leggi_cv(&format!("curriculum.{ext}"), &bytes).unwrap_or_else(|e| panic!("{ext}: {e}"));
        assert_eq!(letto.formato, formato);
        assert_eq!(
            squash(&letto.testo),
            squash(ATTESO),
            "{ext}: {}",
            letto.testo
        );
        assert!(
            letto.testo.contains("Pietà\nEsperienza: magazziniere"),
            "{ext}: paragraphs are lines: {}",
            letto.testo
        );
    }
    let doc = converted(dir.path(), &docx_path, "doc");
    assert!(doc.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]));
    // Named as what it is not.
    for nome in ["curriculum.docx", "curriculum.pdf"] {
        assert_eq!(
            leggi_cv(nome, &doc),
            Err(RifiutoCv::FormatoNonAmmesso),
            "{nome}"
        );
    }
}

/// A table, a field (a link: its code is not text, its result is), a page break and
/// letters outside Windows-1252, which LibreOffice stores as UTF-16 pieces.
#[test]
fn a_doc_with_a_table_a_link_and_any_letters_reads_whole() {
    let body = concat!(
        r#"<w:p><w:r><w:t>Curriculum di Zoë Łukasiewicz, nata a Łódź</w:t></w:r></w:p>"#,
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Lingua</w:t></w:r></w:p></w:tc>"#,
        r#"<w:tc><w:p><w:r><w:t>Inglese C1 — Polacco madrelingua</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        r#"<w:p><w:r><w:t xml:space="preserve">Contatti: </w:t></w:r>"#,
        r#"<w:fldSimple w:instr=" HYPERLINK &quot;mailto:zoe@esempio.it&quot; "><w:r><w:t>zoe@esempio.it</w:t></w:r></w:fldSimple></w:p>"#,
        r#"<w:p><w:r><w:br w:type="page"/><w:t>Retribuzione attesa: 1.500 €</w:t></w:r></w:p>"#,
    );
    let dir = tempfile::tempdir().unwrap();
    let docx_path = dir.path().join("zoe.docx");
    std::fs::write(&docx_path, docx(body)).unwrap();
    let dal_docx = leggi_cv("zoe.docx", &docx(body)).unwrap().testo;
    let letto = leggi_cv("zoe.doc", &converted(dir.path(), &docx_path, "doc"))
        .unwrap()
        .testo;
    for testo in [&dal_docx, &letto] {
        for atteso in [
            "Curriculum di Zoë Łukasiewicz, nata a Łódź",
            "Lingua",
            "Inglese C1 — Polacco madrelingua",
            "Contatti: zoe@esempio.it",
            "Retribuzione attesa: 1.500 €",
        ] {
            assert!(testo.contains(atteso), "{atteso} in:\n{testo}");
        }
        assert!(
            !testo.contains("HYPERLINK") && !testo.contains("mailto"),
            "{testo}"
        );
    }
}

// --- names and contents ----------------------------------------------------------------------

#[test]
fn the_extension_must_agree_with_the_content() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let c = sportello_demo::Generator::new(1, today)
        .candidates(1, &["FO01".to_string()])
        .next()
        .unwrap();
    let pdf = cv_pdf(&c, &issuer(), CvOptions::full(today));
    for (nome, bytes) in [
        ("cv.pdf", docx_cv()),
        ("cv.odt", docx_cv()),
        ("cv.docx", odt_cv()),
        ("cv.doc", pdf.clone()),
        ("cv.docx", pdf.clone()),
        ("cv", pdf.clone()),
        ("cv.txt", pdf.clone()),
    ] {
        assert_eq!(
            leggi_cv(nome, &bytes),
            Err(RifiutoCv::FormatoNonAmmesso),
            "{nome}"
        );
    }
    assert!(leggi_cv("CV.PDF", &pdf).is_ok());
}

#[test]
fn other_formats_are_not_admitted() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";
    let rtf = b"{\\rtf1\\ansi Curriculum vitae di Mario Rossi, magazziniere a Forli}";
    let xlsx = zipped(&[("xl/workbook.xml", b"<workbook/>")]);
    let ods = zipped(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", b"<office:document-content/>"),
    ]);
    for (nome, bytes) in [
        ("cv.pdf", &png[..]),
        ("cv.png", &png[..]),
        ("cv.doc", &rtf[..]),
        ("cv.rtf", &rtf[..]),
        ("cv.docx", &xlsx[..]),
        ("cv.odt", &ods[..]),
    ] {
        assert_eq!(
            leggi_cv(nome, bytes),
            Err(RifiutoCv::FormatoNonAmmesso),
            "{nome}"
        );
    }
    assert_eq!(
        RifiutoCv::FormatoNonAmmesso.to_string(),
        "Il formato del file non è ammesso: si possono caricare solo file PDF, Word (.doc, \
         .docx) o OpenDocument (.odt), con l'estensione che corrisponde al contenuto."
    );
}

#[test]
fn formats_name_their_extension_and_media_type() {
    assert_eq!(FormatoCv::Docx.estensione(), "docx");
    assert_eq!(FormatoCv::Pdf.mime(), "application/pdf");
    assert_eq!(FormatoCv::Doc.mime(), "application/msword");
    assert_eq!(
        FormatoCv::Odt.mime(),
        "application/vnd.oasis.opendocument.text"
    );
}
