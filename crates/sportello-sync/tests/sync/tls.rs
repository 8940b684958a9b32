//! HTTPS to a server whose certificate an agency's own CA signed (issue 13): refused
//! without that CA, sign-in and sync with it.

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use sportello_centrale::TlsFiles;
use sportello_sync::{CaCertificates, ClientConfig, Error, session, sync_once};

use crate::support::*;

/// A CA, and a certificate it signed for `localhost` and 127.0.0.1, as PEM files in
/// `dir`; returns the server's files and the CA's PEM.
fn agency_pki(dir: &std::path::Path) -> (TlsFiles, String) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()])
        .unwrap()
        .signed_by(&server_key, &issuer)
        .unwrap();
    let files = TlsFiles {
        cert: dir.join("server.pem"),
        key: dir.join("server-key.pem"),
    };
    std::fs::write(&files.cert, server.pem()).unwrap();
    std::fs::write(&files.key, server_key.serialize_pem()).unwrap();
    (files, ca.pem())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_the_agency_ca_signs_in_and_syncs() {
    let pki = tempfile::tempdir().unwrap();
    let (files, ca_pem) = agency_pki(pki.path());
    let sandbox = Sandbox::start_tls(300, 2, files).await;
    assert!(
        sandbox.url.starts_with("https://127.0.0.1:"),
        "{}",
        sandbox.url
    );
    let password = sandbox.password("master");

    // The built-in roots do not know the agency's CA.
    let untrusting = sandbox.client(fast_config());
    let err = session::login(&untrusting, "master", &password, None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Tls(_)), "{err:?}");

    let trusting = sandbox.client(ClientConfig {
        ca_certificates: Some(CaCertificates::from_pem(ca_pem.as_bytes()).unwrap()),
        ..fast_config()
    });
    let (_dir, mut store) = sandbox.logged_in_store("master", None, &trusting).await;
    let report = sync_once(&trusting, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(
        report.pulled,
        300 + 2,
        "every candidate and branch, over HTTPS"
    );
    fully_loaded(&store);
}
