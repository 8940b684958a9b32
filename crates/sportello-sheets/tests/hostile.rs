//! Every file of the hostile corpus is refused with the code its manifest names,
//! through `read_filled` and (for xlsx) `table::read_workbook`; the committed files
//! are what the generator makes (`SPORTELLO_REGENERATE_HOSTILE=1` rewrites them).

#[path = "support/hostile.rs"]
mod hostile;

use std::path::PathBuf;

use sportello_sheets::fasce_deboli::read_filled;
use sportello_sheets::table::{Error, read_workbook};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn manifest() -> String {
    hostile::corpus()
        .iter()
        .map(|(name, code, _)| format!("{name} {code}\n"))
        .collect()
}

#[test]
fn committed_corpus_is_what_the_generator_makes() {
    let corpus = hostile::corpus();
    assert!(corpus.len() >= 20);
    if std::env::var_os("SPORTELLO_REGENERATE_HOSTILE").is_some() {
        for (name, _, bytes) in &corpus {
            std::fs::write(dir().join(name), bytes).unwrap();
        }
        std::fs::write(dir().join("manifest"), manifest()).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(dir().join("manifest")).unwrap(),
        manifest()
    );
    for (name, _, bytes) in &corpus {
        assert_eq!(&std::fs::read(dir().join(name)).unwrap(), bytes, "{name}");
    }
}

#[test]
fn every_hostile_file_is_refused_with_its_code() {
    let manifest = std::fs::read_to_string(dir().join("manifest")).unwrap();
    let mut seen = 0;
    for line in manifest.lines() {
        let (name, code) = line.split_once(' ').unwrap();
        let path = dir().join(name);
        let bytes = std::fs::read(&path).unwrap();
        let refusal = read_filled(&bytes).expect_err(name);
        assert_eq!(refusal.code.as_str(), code, "{name}: {}", refusal.message);
        if name.ends_with(".xlsx") {
            match read_workbook(&path) {
                Err(Error::Refused(r)) => assert_eq!(r.code.as_str(), code, "{name}"),
                other => panic!("{name}: read_workbook gave {other:?}"),
            }
        }
        seen += 1;
    }
    assert!(seen >= 20);
}
