//! Hostile CVs: each is refused with the expected reason, without aborting, hanging or
//! allocating what it declares. A counting global allocator refuses to hand out more
//! than [`LIMITE`] at once (the test binary would then abort: a failure), and each
//! reading checks the high-water mark. The tests run one at a time, so the mark is
//! that of one hostile file (and of the test building it).

#[path = "support/a_mano.rs"]
mod a_mano;
#[path = "support/documenti.rs"]
mod documenti;

use std::alloc::System;
use std::io::{Cursor, Write};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use a_mano::{FRASE, clx_di, contenuto, doc, o, ole, pdf, pdf_valido, stream, zeri_compressi};
use cap::Cap;
use chrono::{DateTime, NaiveDate};
use documenti::{docx, zipped};
use sportello_docs::{CvOptions, Issuer, MAX_CV_BYTES, RifiutoCv, cv_pdf, leggi_cv};

/// What the test binary may hold at once: a hostile file, its reading and the test
/// that built it (the largest, a 4 GB flate bomb's test, peaks below 100 MB).
const LIMITE: usize = 256 * 1024 * 1024;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, LIMITE);

static UNO_ALLA_VOLTA: Mutex<()> = Mutex::new(());

/// Held by each test for its whole run.
fn da_solo() -> MutexGuard<'static, ()> {
    UNO_ALLA_VOLTA.lock().unwrap_or_else(|e| e.into_inner())
}

/// `leggi_cv` of `bytes` as `nome`, timed; checks the high-water mark.
fn leggi(nome: &str, bytes: &[u8]) -> Result<String, RifiutoCv> {
    let inizio = Instant::now();
    let esito = leggi_cv(nome, bytes).map(|t| t.testo);
    assert!(
        inizio.elapsed() < Duration::from_secs(20),
        "{nome}: {:?}",
        inizio.elapsed()
    );
    let picco = ALLOCATOR.max_allocated();
    assert!(picco < LIMITE, "peak allocation {picco} bytes");
    esito
}

fn illeggibile(nome: &str, bytes: &[u8], motivo: &str) {
    match leggi(nome, bytes) {
        Err(RifiutoCv::Illeggibile(m)) => assert_eq!(m, motivo, "{nome}"),
        altro => panic!("{nome}: {altro:?}, expected Illeggibile({motivo})"),
    }
}

const DANNEGGIATO: &str = "è danneggiato o incompleto";
const TROPPO_GRANDE: &str = "una volta decompresso è troppo grande";

/// Deterministic noise (xorshift).
fn rumore(n: usize, mut seme: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seme ^= seme << 13;
            seme ^= seme >> 7;
            seme ^= seme << 17;
            seme as u8
        })
        .collect()
}

// --- any format -------------------------------------------------------------------------------

#[test]
fn empty_too_large_and_noise() {
    let _solo = da_solo();
    assert_eq!(leggi("cv.pdf", b""), Err(RifiutoCv::Vuoto));
    let zeri = vec![0u8; 6 * 1024 * 1024];
    assert_eq!(
        leggi("cv.pdf", &zeri),
        Err(RifiutoCv::TroppoGrande { byte: zeri.len() })
    );
    assert_eq!(
        leggi("cv.pdf", &vec![b'%'; MAX_CV_BYTES + 1]),
        Err(RifiutoCv::TroppoGrande {
            byte: MAX_CV_BYTES + 1
        })
    );
    assert_eq!(
        leggi("cv.pdf", &rumore(200_000, 7)),
        Err(RifiutoCv::FormatoNonAmmesso)
    );
    // Noise behind each format's magic bytes.
    let magie: [(&str, &[u8]); 3] = [
        ("cv.pdf", b"%PDF-1.7\n"),
        ("cv.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        ("cv.docx", b"PK\x03\x04"),
    ];
    for (nome, magia) in magie {
        for seme in 1..20 {
            let mut bytes = magia.to_vec();
            bytes.extend(rumore(50_000, seme));
            bytes.extend(b"\n%%EOF\n");
            illeggibile(nome, &bytes, DANNEGGIATO);
        }
    }
}

// --- PDF --------------------------------------------------------------------------------------

#[test]
fn the_hand_written_pdf_is_read() {
    let _solo = da_solo();
    assert_eq!(leggi("cv.pdf", &pdf(&pdf_valido())), Ok(FRASE.to_string()));
}

#[test]
fn a_truncated_pdf_is_damaged() {
    let _solo = da_solo();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let c = sportello_demo::Generator::new(2, today)
        .candidates(1, &["FO01".to_string()])
        .next()
        .unwrap();
    let issuer = Issuer {
        agency: "Centro per l'Impiego di Forlì".into(),
        operator: "mario.rossi".into(),
        at: DateTime::parse_from_rfc3339("2026-11-23T10:15:00+01:00").unwrap(),
    };
    let intero = cv_pdf(&c, &issuer, CvOptions::full(today));
    assert!(leggi("cv.pdf", &intero).is_ok());
    for quanto in [10, 100, 1000, intero.len() / 2, intero.len() - 8] {
        illeggibile("cv.pdf", &intero[..intero.len() - quanto], DANNEGGIATO);
    }
}

#[test]
fn page_trees_and_references_that_loop_are_damaged() {
    let _solo = da_solo();
    let mut ciclo = pdf_valido();
    ciclo[1] = o("<< /Type /Pages /Kids [2 0 R] /Count 1 >>");
    illeggibile("cv.pdf", &pdf(&ciclo), DANNEGGIATO);

    let mut genitori = pdf_valido();
    genitori[1] = o("<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 /Parent 3 0 R >>");
    genitori[2] = o("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>");
    illeggibile("cv.pdf", &pdf(&genitori), DANNEGGIATO);

    let mut se_stesso = pdf_valido();
    se_stesso[1] = o("2 0 R");
    illeggibile("cv.pdf", &pdf(&se_stesso), DANNEGGIATO);

    let mut contenuto_se_stesso = pdf_valido();
    contenuto_se_stesso[3] = o("4 0 R");
    illeggibile("cv.pdf", &pdf(&contenuto_se_stesso), DANNEGGIATO);

    let mut lunghezza_se_stessa = pdf_valido();
    lunghezza_se_stessa.push(o("6 0 R"));
    // lopdf cannot tell where the stream ends: the page is lost.
    lunghezza_se_stessa[3] = {
        let mut s = o("<< /Length 6 0 R >>\nstream\n");
        s.extend(contenuto().as_bytes());
        s.extend(b"\nendstream");
        s
    };
    illeggibile("cv.pdf", &pdf(&lunghezza_se_stessa), DANNEGGIATO);
}

#[test]
fn a_length_of_a_terabyte_is_not_believed() {
    let _solo = da_solo();
    let tera = 1u64 << 40;
    let mut bugiardo = pdf_valido();
    bugiardo[3] = {
        let mut s = format!("<< /Length {tera} >>\nstream\n").into_bytes();
        s.extend(contenuto().as_bytes());
        s.extend(b"\nendstream");
        s
    };
    // Wrong lengths are common in real files: the stream ends at `endstream`.
    assert_eq!(leggi("cv.pdf", &pdf(&bugiardo)), Ok(FRASE.to_string()));

    // Without `endstream` there is no end to find: the page is lost.
    let mut senza_fine = pdf_valido();
    senza_fine[3] = {
        let mut s = format!("<< /Length {tera} >>\nstream\n").into_bytes();
        s.extend(contenuto().as_bytes());
        s.extend(rumore(100_000, 3));
        s
    };
    senza_fine.swap(3, 4);
    senza_fine[2] =
        o("<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>");
    illeggibile("cv.pdf", &pdf(&senza_fine), DANNEGGIATO);
}

#[test]
fn a_flate_bomb_is_not_inflated() {
    let _solo = da_solo();
    let bomba = zeri_compressi(4);
    assert!(bomba.len() < 5_000_000, "{} bytes", bomba.len());
    // As the page's content.
    let mut pagina = pdf_valido();
    pagina[3] = stream("/Filter /FlateDecode", &bomba);
    illeggibile("cv.pdf", &pdf(&pagina), TROPPO_GRANDE);

    // As an object stream, which is inflated while the file is loaded.
    let mut oggetti = pdf_valido();
    oggetti.push(stream(
        "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
        &bomba,
    ));
    illeggibile("cv.pdf", &pdf(&oggetti), TROPPO_GRANDE);

    // As a font's ToUnicode map.
    let mut mappa = pdf_valido();
    mappa[4] = o("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>");
    mappa.push(stream("/Filter /FlateDecode", &bomba));
    illeggibile("cv.pdf", &pdf(&mappa), TROPPO_GRANDE);
}

#[test]
fn a_tounicode_map_over_every_code_is_refused() {
    let _solo = da_solo();
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n\
        1 beginbfrange\n<00000000> <FFFFFFFF> <0041>\nendbfrange\nendcmap end end\n";
    let mut oggetti = pdf_valido();
    oggetti[4] =
        o("<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>");
    oggetti.push(stream("", cmap.as_bytes()));
    illeggibile(
        "cv.pdf",
        &pdf(&oggetti),
        "contiene una tabella dei caratteri anomala",
    );
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let _solo = da_solo();
    let profondo = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    // In the page's content, before the text: the operators after it are not read.
    let mut operandi = pdf_valido();
    operandi[3] = stream(
        "",
        format!("{} pop {}", profondo(100_000), contenuto()).as_bytes(),
    );
    illeggibile("cv.pdf", &pdf(&operandi), DANNEGGIATO);
    // In the page's dictionary: the page cannot be read.
    let mut pagina = pdf_valido();
    pagina[2] = format!(
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots {} \
         /Resources << /Font << /F1 5 0 R >> >> >>",
        profondo(100_000)
    )
    .into_bytes();
    illeggibile("cv.pdf", &pdf(&pagina), DANNEGGIATO);
    // Nested dictionaries and strings in parentheses.
    let mut dizionari = pdf_valido();
    dizionari.push(format!("{}{}", "<< /A ".repeat(50_000), ">> ".repeat(50_000)).into_bytes());
    dizionari.push(format!("({})", "(".repeat(100_000)).into_bytes());
    assert_eq!(leggi("cv.pdf", &pdf(&dizionari)), Ok(FRASE.to_string()));
}

/// The valid PDF and `copie` object streams of `n` objects each, all at one offset: a
/// few megabytes of file unpack into millions of objects.
fn pdf_con_flussi_di_oggetti(n: u32, copie: usize) -> Vec<u8> {
    let indice: String = (10..10 + n).map(|i| format!("{i} 0 ")).collect();
    let mut dati = indice.clone().into_bytes();
    dati.extend(b"null");
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&dati).unwrap();
    let compresso = z.finish().unwrap();
    let dict = format!(
        "/Type /ObjStm /N {n} /First {} /Filter /FlateDecode",
        indice.len()
    );
    let mut oggetti = pdf_valido();
    oggetti.extend(std::iter::repeat_n(stream(&dict, &compresso), copie));
    pdf(&oggetti)
}

#[test]
fn many_objects_from_object_streams_stay_bounded() {
    let _solo = da_solo();
    let molti = pdf_con_flussi_di_oggetti(200_000, 8);
    assert!(molti.len() <= MAX_CV_BYTES, "{}", molti.len());
    illeggibile("cv.pdf", &molti, "è troppo complesso da leggere");
    // One object stream of 7 MB is not even inflated whole.
    let grande = pdf_con_flussi_di_oggetti(800_000, 1);
    illeggibile("cv.pdf", &grande, TROPPO_GRANDE);
    // A few are fine.
    let pochi = pdf_con_flussi_di_oggetti(1_000, 3);
    assert_eq!(leggi("cv.pdf", &pochi), Ok(FRASE.to_string()));
}

/// The valid PDF with a 1 MB stream as object 6, its cross-reference section naming
/// object 6's offset for `copie` more objects, as a table or as a stream.
fn pdf_con_indice_ripetuto(copie: usize, come_flusso: bool) -> Vec<u8> {
    let mut oggetti = pdf_valido();
    oggetti.push(stream("", &vec![b'a'; 1 << 20]));
    let base = pdf(&oggetti);
    let offset = |i: usize| {
        let intestazione = format!("{i} 0 obj\n");
        base.windows(intestazione.len())
            .position(|w| w == intestazione.as_bytes())
            .unwrap()
    };
    let mut voci: Vec<usize> = (1..=6).map(offset).collect();
    voci.extend(std::iter::repeat_n(offset(6), copie));
    let xref_at = base.windows(5).rposition(|w| w == b"xref\n").unwrap();
    let mut out = base[..xref_at].to_vec();
    let dimensione = voci.len() + 1;
    if come_flusso {
        let mut righe = vec![0u8, 0, 0, 0, 0, 0xFF];
        for v in &voci {
            righe.push(1);
            righe.extend((*v as u32).to_be_bytes());
            righe.push(0);
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&righe).unwrap();
        let dati = z.finish().unwrap();
        let n = dimensione + 1;
        out.extend(format!("{n} 0 obj\n").as_bytes());
        out.extend(stream(
            &format!("/Type /XRef /Size {n} /W [1 4 1] /Index [0 {dimensione}] /Root 1 0 R /Filter /FlateDecode"),
            &dati,
        ));
        out.extend(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    } else {
        out.extend(format!("xref\n0 {dimensione}\n0000000000 65535 f \n").as_bytes());
        for v in &voci {
            out.extend(format!("{v:010} 00000 n \n").as_bytes());
        }
        out.extend(
            format!("trailer\n<< /Size {dimensione} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n")
                .as_bytes(),
        );
    }
    out
}

#[test]
fn a_cross_reference_naming_one_object_many_times_costs_one_copy() {
    let _solo = da_solo();
    // lopdf would keep a 1 MB copy for each entry: 150 GB from the table, a terabyte
    // from the stream.
    let tabella = pdf_con_indice_ripetuto(150_000, false);
    assert!(tabella.len() <= MAX_CV_BYTES);
    assert_eq!(leggi("cv.pdf", &tabella), Ok(FRASE.to_string()));
    let flusso = pdf_con_indice_ripetuto(1_000_000, true);
    assert!(flusso.len() <= MAX_CV_BYTES);
    assert_eq!(leggi("cv.pdf", &flusso), Ok(FRASE.to_string()));
}

/// The valid PDF declaring encryption, with `n` lines `N 0 obj` inside one object
/// before its single `endobj`: lopdf copies an encrypted file's objects from each
/// header to the next `endobj` before decrypting them.
fn pdf_cifrato_con_intestazioni(n: u32) -> Vec<u8> {
    let mut oggetti = pdf_valido();
    let righe: String = (10..10 + n).map(|i| format!("{i} 0 obj\n")).collect();
    oggetti.push(format!("[\n{righe}]").into_bytes());
    let mut out = pdf(&oggetti);
    let trailer = out.windows(9).rposition(|w| w == b"/Root 1 0").unwrap();
    out.splice(
        trailer..trailer,
        *b"/Encrypt << /Filter /Standard /V 1 /R 2 >> ",
    );
    out
}

#[test]
fn an_encrypted_pdf_of_headers_without_their_end_is_not_copied_for_each() {
    let _solo = da_solo();
    // About 400 GB of copies in lopdf's reading.
    let molte = pdf_cifrato_con_intestazioni(300_000);
    assert!(molte.len() <= MAX_CV_BYTES, "{}", molte.len());
    illeggibile("cv.pdf", &molte, "è troppo complesso da leggere");
    // Ten are measured and let through: then the encryption dictionary, which no
    // password opens, makes the file damaged.
    let poche = pdf_cifrato_con_intestazioni(10);
    illeggibile("cv.pdf", &poche, DANNEGGIATO);
}

// --- docx, odt --------------------------------------------------------------------------------

#[test]
fn a_docx_whose_body_inflates_to_a_gigabyte_is_not_inflated() {
    let _solo = da_solo();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opzioni = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    let (testa, coda) = (
        &b"<w:document xmlns:w=\"w\"><w:body>"[..],
        &b"</w:body></w:document>"[..],
    );
    zip.start_file("word/document.xml", opzioni).unwrap();
    zip.write_all(testa).unwrap();
    let spazi = vec![b' '; 1 << 20];
    for _ in 0..1024 {
        zip.write_all(&spazi).unwrap();
    }
    zip.write_all(coda).unwrap();
    let bomba = zip.finish().unwrap().into_inner();
    assert!(bomba.len() < MAX_CV_BYTES, "{} bytes", bomba.len());
    illeggibile("cv.docx", &bomba, TROPPO_GRANDE);

    // The same, declaring a few bytes: the zip's own check stops it.
    let mut bugiardo = bomba.clone();
    let dichiarato = ((testa.len() + coda.len() + (1 << 30)) as u32).to_le_bytes();
    let mut at = 0;
    while let Some(p) = bugiardo[at..].windows(4).position(|w| w == dichiarato) {
        bugiardo[at + p..at + p + 4].copy_from_slice(&100u32.to_le_bytes());
        at += p + 4;
    }
    assert!(at > 0, "the declared size was found and replaced");
    assert!(matches!(
        leggi("cv.docx", &bugiardo),
        Err(RifiutoCv::Illeggibile(_))
    ));
}

/// A zip of `n` central-directory entries over one local file (an entry a name), with
/// a zip64 end record: the most entries that fit in 5 MB.
fn zip_di_voci(n: usize) -> Vec<u8> {
    let nome_corpo = b"word/document.xml";
    let dati = b"<w:document/>";
    let crc = {
        let mut h = flate2::Crc::new();
        h.update(dati);
        h.sum()
    };
    let mut out = Vec::new();
    out.extend(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0");
    out.extend(crc.to_le_bytes());
    out.extend((dati.len() as u32).to_le_bytes());
    out.extend((dati.len() as u32).to_le_bytes());
    out.extend((nome_corpo.len() as u16).to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(nome_corpo);
    out.extend(dati);
    let cd_at = out.len();
    for i in 0..n {
        let nome = if i == 0 {
            nome_corpo.to_vec()
        } else {
            let alfabeto = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            let k = alfabeto.len();
            vec![
                alfabeto[i % k],
                alfabeto[i / k % k],
                alfabeto[i / k / k % k],
            ]
        };
        out.extend(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0");
        out.extend(crc.to_le_bytes());
        out.extend((dati.len() as u32).to_le_bytes());
        out.extend((dati.len() as u32).to_le_bytes());
        out.extend((nome.len() as u16).to_le_bytes());
        out.extend([0; 12]);
        out.extend(0u32.to_le_bytes());
        out.extend(nome);
    }
    let cd_len = out.len() - cd_at;
    let eocd64_at = out.len();
    out.extend(b"PK\x06\x06");
    out.extend(44u64.to_le_bytes());
    out.extend([0x2D, 0, 0x2D, 0]);
    out.extend([0; 8]);
    out.extend((n as u64).to_le_bytes());
    out.extend((n as u64).to_le_bytes());
    out.extend((cd_len as u64).to_le_bytes());
    out.extend((cd_at as u64).to_le_bytes());
    out.extend(b"PK\x06\x07");
    out.extend(0u32.to_le_bytes());
    out.extend((eocd64_at as u64).to_le_bytes());
    out.extend(1u32.to_le_bytes());
    out.extend(b"PK\x05\x06\0\0\0\0\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\0\0");
    out
}

#[test]
fn a_zip_of_a_hundred_thousand_entries_is_refused() {
    let _solo = da_solo();
    let zip = zip_di_voci(100_000);
    assert!(zip.len() <= MAX_CV_BYTES, "{} bytes", zip.len());
    illeggibile("cv.docx", &zip, "contiene troppi file al suo interno");
    // The same structure with a few entries is a (textless) docx: only the count
    // differs.
    assert_eq!(
        leggi("cv.docx", &zip_di_voci(10)),
        Err(RifiutoCv::SenzaTesto)
    );
}

#[test]
fn a_docx_nested_a_hundred_thousand_deep_is_refused() {
    let _solo = da_solo();
    let profondo = format!(
        "{}<w:r><w:t>{FRASE}</w:t></w:r>{}",
        "<w:p>".repeat(100_000),
        "</w:p>".repeat(100_000)
    );
    illeggibile(
        "cv.docx",
        &docx(&profondo),
        "ha una struttura troppo annidata",
    );
}

#[test]
fn an_encrypted_or_damaged_zip_is_refused() {
    let _solo = da_solo();
    let troncato = docx(&format!("<w:p><w:r><w:t>{FRASE}</w:t></w:r></w:p>"));
    assert!(leggi("cv.docx", &troncato).is_ok());
    illeggibile("cv.docx", &troncato[..troncato.len() - 30], DANNEGGIATO);
    // A body that is not XML.
    let non_xml = zipped(&[("word/document.xml", b"<w:document><w:body></w:bo")]);
    illeggibile("cv.docx", &non_xml, DANNEGGIATO);
    // An encrypted .docx is an OLE file holding the encrypted package.
    let cifrato = ole(&[
        ("EncryptionInfo", &[4, 0, 4, 0]),
        ("EncryptedPackage", &[0; 64]),
    ]);
    illeggibile("cv.docx", &cifrato, "è protetto da password");
    // And named as a .pdf, it is a file of another format.
    assert_eq!(
        leggi("cv.pdf", &troncato),
        Err(RifiutoCv::FormatoNonAmmesso)
    );
}

// --- doc --------------------------------------------------------------------------------------

const LETTERA: &str = "Curriculum vitae di Niccolò Pietà, magazziniere a Forlì: perché no?\r";

#[test]
fn the_hand_written_doc_is_read_compressed_or_not() {
    let _solo = da_solo();
    for compresso in [true, false] {
        assert_eq!(
            leggi("cv.doc", &doc(LETTERA, compresso, None)),
            Ok(LETTERA.trim_end().to_string()),
            "compressed: {compresso}"
        );
    }
    let cinese = "简历: 项目经理 with twenty years of experience in Italian logistics\r";
    assert_eq!(
        leggi("cv.doc", &doc(cinese, false, None)),
        Ok(cinese.trim_end().to_string())
    );
}

#[test]
fn a_piece_table_claiming_more_than_the_stream_is_damaged() {
    let _solo = da_solo();
    let n = LETTERA.chars().count() as u32;
    // A hundred thousand pieces over the same text.
    let pezzi: Vec<(u32, u32, u32)> = (0..100_000u32)
        .map(|i| (i * n, (i + 1) * n, 0x4000_0000 | 0x1000))
        .collect();
    let clx = clx_di(&pezzi);
    illeggibile("cv.doc", &doc(LETTERA, true, Some(clx)), DANNEGGIATO);
    // A piece past the end of the stream.
    let fuori = clx_di(&[(0, n, 0x0010_0000)]);
    illeggibile("cv.doc", &doc(LETTERA, false, Some(fuori)), DANNEGGIATO);
    // A CLX past the end of the table stream.
    let mut corto = doc(LETTERA, false, Some(vec![0x02, 0xFF, 0xFF, 0xFF, 0x7F]));
    illeggibile("cv.doc", &corto, DANNEGGIATO);
    // Not a Word document at all behind the OLE header.
    corto = ole(&[("Workbook", &[0; 600])]);
    assert_eq!(leggi("cv.doc", &corto), Err(RifiutoCv::FormatoNonAmmesso));
}

#[test]
fn an_ole_file_with_a_corrupt_fat_is_damaged() {
    let _solo = da_solo();
    let buono = doc(LETTERA, true, None);
    assert!(leggi("cv.doc", &buono).is_ok());
    // The header gives the sector size (a power of two) and, in its first DIFAT
    // entry, the FAT's sector; sector n follows the header's sector.
    let dimensione = 1usize << u16::from_le_bytes([buono[0x1E], buono[0x1F]]);
    let settore = u32::from_le_bytes(buono[0x4C..0x50].try_into().unwrap()) as usize;
    let fat = (settore + 1) * dimensione;
    assert_eq!(
        buono[fat..fat + 4],
        0xFFFF_FFFDu32.to_le_bytes(),
        "the FAT marks itself"
    );
    for (nome, voce) in [
        ("every sector its own next", None),
        ("all to sector 1", Some(1u32)),
    ] {
        let mut guasto = buono.clone();
        for i in 0..128 {
            let v = voce.unwrap_or(i as u32);
            guasto[fat + 4 * i..fat + 4 * i + 4].copy_from_slice(&v.to_le_bytes());
        }
        assert!(
            matches!(leggi("cv.doc", &guasto), Err(RifiutoCv::Illeggibile(_))),
            "{nome}"
        );
    }
    let mut troncato = buono.clone();
    troncato.truncate(buono.len() / 2);
    illeggibile("cv.doc", &troncato, DANNEGGIATO);
}

#[test]
fn a_word_95_or_encrypted_doc_is_refused_with_its_reason() {
    let _solo = da_solo();
    let mut vecchio = doc(LETTERA, true, None);
    let flusso = trova_fib(&vecchio);
    vecchio[flusso + 2..flusso + 4].copy_from_slice(&0x0065u16.to_le_bytes());
    illeggibile(
        "cv.doc",
        &vecchio,
        "è stato salvato con una versione di Word precedente a Word 97",
    );
    let mut cifrato = doc(LETTERA, true, None);
    let flusso = trova_fib(&cifrato);
    cifrato[flusso + 0x0A..flusso + 0x0C].copy_from_slice(&0x0300u16.to_le_bytes());
    illeggibile("cv.doc", &cifrato, "è protetto da password");
}

/// Where the FIB (`wIdent` 0xA5EC, nFib 0x00C1) is in the compound file.
fn trova_fib(ole: &[u8]) -> usize {
    ole.windows(4)
        .position(|w| w == [0xEC, 0xA5, 0xC1, 0x00])
        .unwrap()
}

// --- valid files, mutated ---------------------------------------------------------------------

/// A valid file of each format: our CV PDF, the hand-written PDF, docx, odt and doc.
fn validi() -> &'static [(&'static str, Vec<u8>)] {
    static VALIDI: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    VALIDI.get_or_init(|| {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let c = sportello_demo::Generator::new(4, today)
            .candidates(1, &["FO01".to_string()])
            .next()
            .unwrap();
        let issuer = Issuer {
            agency: "Centro per l'Impiego di Forlì".into(),
            operator: "mario.rossi".into(),
            at: DateTime::parse_from_rfc3339("2026-11-23T10:15:00+01:00").unwrap(),
        };
        let paragrafo = format!("<w:p><w:r><w:t>{FRASE}</w:t></w:r></w:p>");
        let validi = vec![
            ("cv.pdf", cv_pdf(&c, &issuer, CvOptions::full(today))),
            ("cv.pdf", pdf(&pdf_valido())),
            ("cv.docx", docx(&paragrafo.repeat(20))),
            (
                "cv.odt",
                documenti::odt(&format!("<text:p>{FRASE}</text:p>").repeat(20)),
            ),
            ("cv.doc", doc(LETTERA, true, None)),
        ];
        for (nome, bytes) in &validi {
            assert!(leggi_cv(nome, bytes).is_ok(), "{nome} is valid");
        }
        validi
    })
}

proptest::proptest! {
    // A fixed seed: CI runs the same cases every time.
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 64,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x4356_5f54_4553_544f),
        ..proptest::prelude::ProptestConfig::default()
    })]

    #[test]
    fn truncated_anywhere(quale in 0usize..5, taglio in 0.0f64..1.0) {
        let _solo = da_solo();
        let (nome, bytes) = &validi()[quale];
        let _ = leggi(nome, &bytes[..(bytes.len() as f64 * taglio) as usize]);
    }

    #[test]
    fn bytes_flipped(
        quale in 0usize..5,
        cambi in proptest::collection::vec((0.0f64..1.0, 1u8..=255), 1..16),
    ) {
        let _solo = da_solo();
        let (nome, bytes) = &validi()[quale];
        let mut bytes = bytes.clone();
        for (dove, xor) in cambi {
            let i = ((bytes.len() - 1) as f64 * dove) as usize;
            bytes[i] ^= xor;
        }
        let _ = leggi(nome, &bytes);
    }
}
