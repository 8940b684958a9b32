//! Test support shared by the test binaries of several crates (a dev-dependency only):
//! an agency's own certification authority, the real readers the tests check files
//! with (LibreOffice, poppler), and stores seeded with demo citizens.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use sportello_centrale::TlsFiles;
use sportello_store::{CandidateRecord, Store};

pub mod postgres;

/// An agency's own CA and a server certificate it signed, as PEM files.
#[derive(Debug)]
pub struct AgencyPki {
    /// The server's certificate and key, for `sportello-centrale serve --tls-*`.
    pub server: TlsFiles,
    /// The CA certificate, as the operator is given it.
    pub ca_file: PathBuf,
    pub ca_pem: String,
}

/// A CA, and a certificate it signed for `names` (host names or IP addresses), written
/// into `dir`.
pub fn agency_pki(dir: &Path, names: &[&str]) -> AgencyPki {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).expect("CA certificate");
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().expect("server key");
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let cert = CertificateParams::new(names)
        .expect("server names")
        .signed_by(&key, &issuer)
        .expect("server certificate");
    let server = TlsFiles {
        cert: dir.join("server.pem"),
        key: dir.join("server-key.pem"),
    };
    std::fs::write(&server.cert, cert.pem()).expect("write server.pem");
    std::fs::write(&server.key, key.serialize_pem()).expect("write server-key.pem");
    let ca_file = dir.join("ca-ente.pem");
    std::fs::write(&ca_file, ca.pem()).expect("write ca-ente.pem");
    AgencyPki {
        server,
        ca_file,
        ca_pem: ca.pem(),
    }
}

/// LibreOffice's `soffice`, which the test command installs; a test that needs it fails
/// without it rather than skipping.
pub fn soffice() -> PathBuf {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
        .expect("soffice (LibreOffice) must be installed: run `cargo xtask install`")
}

/// `header` and `rows` (`;`-separated, ISO dates) written as `<name>.xlsx` in `dir` by
/// LibreOffice: a spreadsheet filled by a writer that is not ours.
pub fn xlsx_by_libreoffice(dir: &Path, name: &str, header: &[String], rows: &[String]) -> PathBuf {
    let csv = dir.join(format!("{name}.csv"));
    std::fs::write(&csv, format!("{}\n{}\n", header.join(";"), rows.join("\n")))
        .expect("write the CSV");
    let out = Command::new(soffice())
        .args([
            "--headless",
            "--infilter=CSV:59,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(dir)
        .arg(&csv)
        .env("HOME", dir)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join(format!("{name}.xlsx"))
}

/// The text of a PDF as poppler reads it.
pub fn pdftotext(path: impl AsRef<Path>) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path.as_ref())
        .arg("-")
        .output()
        .expect("pdftotext is needed (cargo xtask test installs poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {:?}",
        path.as_ref()
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// The password of the stores [`demo_store`] creates.
pub const STORE_PASSWORD: &str = "Sportello2026";

/// A new store in a temporary folder with `count` demo citizens (generator `seed`)
/// over `branches` branches, ages as of `today`; their codici fiscali in order.
pub fn demo_store(
    count: usize,
    branches: usize,
    seed: u64,
    today: NaiveDate,
) -> (tempfile::TempDir, Store, Vec<String>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::create(&dir.path().join("store"), STORE_PASSWORD).expect("store");
    let branches = sportello_demo::branches(branches);
    store
        .write(|tx| tx.upsert_branches(&branches))
        .expect("branches");
    let codes: Vec<String> = branches.into_iter().map(|b| b.code).collect();
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let records: Vec<CandidateRecord> = sportello_demo::Generator::new(seed, today)
        .candidates(count, &codes)
        .map(|candidate| CandidateRecord {
            candidate,
            version: 1,
            updated_at: at,
        })
        .collect();
    let cfs = records
        .iter()
        .map(|r| r.candidate.codice_fiscale.clone())
        .collect();
    store
        .bulk_upsert_candidates(&records)
        .expect("demo citizens");
    (dir, store, cfs)
}

/// A one-page PDF whose text is `lines` (Helvetica, as a word processor saves a short
/// CV): what the CV reader must accept. ASCII only.
pub fn text_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 11 Tf 56 780 Td 14 TL\n");
    for l in lines {
        assert!(l.is_ascii(), "text_pdf writes ASCII only");
        let escaped = l
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET");
    pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".into(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ])
}

/// A one-page PDF with nothing but a picture on it: a scanned CV, which has no text.
pub fn scanned_pdf() -> Vec<u8> {
    let (w, h) = (40, 40);
    let pixels: String = (0..w * h)
        .map(|i| format!("{:02x}", (i * 7 % 251) as u8))
        .collect();
    let draw = "q 480 0 0 700 56 70 cm /Im1 Do Q";
    pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>".into(),
        format!(
            "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /ASCIIHexDecode /Length {} >>\nstream\n{pixels}>\nendstream",
            pixels.len() + 1
        ),
        format!("<< /Length {} >>\nstream\n{draw}\nendstream", draw.len()),
    ])
}

/// A PDF of `objects` (numbered from 1, the first the catalog) with its
/// cross-reference table.
fn pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
