//! PDFs and Word 97 documents written byte by byte, so that one part at a time can be
//! made hostile while the rest stays valid. Each test binary uses some of them.
#![allow(dead_code)]

use std::io::{Cursor, Write};

/// Text enough not to be taken for a scan.
pub const FRASE: &str = "Curriculum vitae di Mario Rossi, magazziniere a Forli con esperienza";

/// A PDF whose objects 1, 2, … are `oggetti` (object 1 the catalog), with a correct
/// cross-reference table.
pub fn pdf(oggetti: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in oggetti.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", oggetti.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            oggetti.len() + 1
        )
        .as_bytes(),
    );
    out
}

pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend(data);
    o.extend(b"\nendstream");
    o
}

pub fn o(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// A page showing [`FRASE`] in Helvetica: catalog, pages, page, content, font.
pub fn pdf_valido() -> Vec<Vec<u8>> {
    vec![
        o("<< /Type /Catalog /Pages 2 0 R >>"),
        o("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        o(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> >> >>",
        ),
        stream("", contenuto().as_bytes()),
        o("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ]
}

pub fn contenuto() -> String {
    format!("BT /F1 12 Tf 72 720 Td ({FRASE}) Tj ET")
}

/// A zlib stream of `giga` GiB of zeros, about a megabyte a GiB: one block sequence
/// deflated once and repeated (every block only refers back to zeros).
pub fn zeri_compressi(giga: usize) -> Vec<u8> {
    let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    let mega = vec![0u8; 1 << 20];
    for _ in 0..64 {
        deflate.write_all(&mega).unwrap();
    }
    deflate.flush().unwrap();
    let blocchi = deflate.get_ref().clone();
    let mut zlib = vec![0x78, 0xDA];
    for _ in 0..giga * 16 {
        zlib.extend(&blocchi);
    }
    // An empty final block, then Adler-32 of n zeros: a = 1, b = n mod 65521.
    zlib.extend([0x03, 0x00]);
    let n = (giga as u64) << 30;
    let adler = ((n % 65_521) << 16) | 1;
    zlib.extend((adler as u32).to_be_bytes());
    zlib
}

/// A Word 97 document: the FIB, `testo` at 0x800 of the `WordDocument` stream (UTF-16
/// unless `compresso`), and a `1Table` stream holding `clx` (or, if `None`, the CLX
/// of one piece over the whole text).
pub fn doc(testo: &str, compresso: bool, clx: Option<Vec<u8>>) -> Vec<u8> {
    const TESTO_AT: usize = 0x800;
    let caratteri: Vec<u8> = if compresso {
        testo
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect()
    } else {
        testo.encode_utf16().flat_map(u16::to_le_bytes).collect()
    };
    let n = testo.chars().count() as u32;
    let clx = clx.unwrap_or_else(|| {
        let fc = if compresso {
            0x4000_0000 | (TESTO_AT as u32 * 2)
        } else {
            TESTO_AT as u32
        };
        clx_di(&[(0, n, fc)])
    });
    let mut parola = vec![0u8; TESTO_AT];
    let put16 =
        |p: &mut Vec<u8>, at: usize, v: u16| p[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |p: &mut Vec<u8>, at: usize, v: u32| p[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut parola, 0, 0xA5EC);
    put16(&mut parola, 2, 0x00C1);
    put16(&mut parola, 0x0A, 0x0200); // fWhichTblStm: 1Table
    put16(&mut parola, 0x20, 14); // csw
    put16(&mut parola, 0x3E, 22); // cslw
    put32(&mut parola, 0x40 + 12, n); // ccpText
    put16(&mut parola, 0x98, 93); // cbRgFcLcb
    put32(&mut parola, 0x1A2, 0); // fcClx
    put32(&mut parola, 0x1A6, clx.len() as u32); // lcbClx
    parola.extend(&caratteri);
    ole(&[("WordDocument", &parola), ("1Table", &clx)])
}

/// A CLX of pieces (first CP, last CP, fc with its compression bit).
pub fn clx_di(pezzi: &[(u32, u32, u32)]) -> Vec<u8> {
    let mut plc = Vec::new();
    for (i, (inizio, _, _)) in pezzi.iter().enumerate() {
        if i == 0 {
            plc.extend(inizio.to_le_bytes());
        }
    }
    for (_, fine, _) in pezzi {
        plc.extend(fine.to_le_bytes());
    }
    for (_, _, fc) in pezzi {
        plc.extend([0, 0]);
        plc.extend(fc.to_le_bytes());
        plc.extend([0, 0]);
    }
    let mut clx = vec![0x02];
    clx.extend((plc.len() as u32).to_le_bytes());
    clx.extend(plc);
    clx
}

/// An OLE2 compound file with these streams.
pub fn ole(flussi: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (nome, bytes) in flussi {
        file.create_stream(nome).unwrap().write_all(bytes).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}
