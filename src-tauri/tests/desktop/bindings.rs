//! The committed TypeScript bindings are the ones the Rust types give today.

use std::path::Path;

#[test]
fn bindings_are_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/generated/bindings.ts");
    let fresh = sportello_desktop::bindings::typescript();
    if std::env::var_os("SPORTELLO_UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        committed == fresh,
        "{} is stale: run `SPORTELLO_UPDATE_BINDINGS=1 cargo test -p sportello-desktop --test desktop bindings`",
        path.display()
    );
}
