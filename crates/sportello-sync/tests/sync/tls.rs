//! HTTPS to a server whose certificate an agency's own CA signed (issue 13): refused
//! without that CA, sign-in and sync with it.

use sportello_sync::{CaCertificates, ClientConfig, Error, session, sync_once};

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_the_agency_ca_signs_in_and_syncs() {
    let pki = tempfile::tempdir().unwrap();
    let agency = sportello_testkit::agency_pki(pki.path(), &["localhost", "127.0.0.1"]);
    let (files, ca_pem) = (agency.server, agency.ca_pem);
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
    let offer_area = store.offerte(&Default::default()).unwrap().len()
        + store.interessi(None, None).unwrap().len();
    assert!(offer_area > 0, "the seed's offers and interests came too");
    let agenda =
        store.sportelli().unwrap().len() + store.prenotazioni(&[], "0000", "9999").unwrap().len();
    assert!(agenda >= 4, "two desks a CPI, and their bookings");
    let candidature = store.candidature(&Default::default()).unwrap().len();
    assert!(candidature > 0, "the seed's applications");
    let contatti = store.contatti(false).unwrap().len();
    assert_eq!(contatti, 4, "two requests to each CPI");
    assert_eq!(
        report.pulled,
        (300 + 2
            + offer_area
            + agenda
            + candidature
            + contatti
            + 2 * sportello_centrale::seed::DOCUMENTI_PER_FILIALE) as u64,
        "every candidate, branch, offer, interest, application, document, desk and booking, over HTTPS"
    );
    fully_loaded(&store);
}

/// The agency's CA is trusted for what it signed, not for any address: a certificate
/// for another name is refused even with the CA given, before any password is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_for_another_name_is_refused_even_with_the_ca() {
    let pki = tempfile::tempdir().unwrap();
    let agency = sportello_testkit::agency_pki(pki.path(), &["centrale.ente.example"]);
    let sandbox = Sandbox::start_tls(20, 1, agency.server).await;
    let client = sandbox.client(ClientConfig {
        ca_certificates: Some(CaCertificates::from_pem(agency.ca_pem.as_bytes()).unwrap()),
        ..fast_config()
    });
    let password = sandbox.password("master");
    let err = session::login(&client, "master", &password, None)
        .await
        .unwrap_err();
    let Error::Tls(why) = &err else {
        panic!("refused as a TLS failure, not retried: {err:?}");
    };
    assert!(
        why.contains("non è intestato a questo indirizzo"),
        "the reason, in Italian: {why}"
    );
}
