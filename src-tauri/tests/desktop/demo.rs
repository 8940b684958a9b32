//! The desktop's demo start (`sportello_app::demo::sandbox`), without a window.

use std::sync::Mutex;

use sportello_app::demo::sandbox::{self, StepProgress};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_starts_its_server_once_and_signs_in_with_its_data() {
    let data = tempfile::tempdir().unwrap();
    let mut running = None;
    let steps = Mutex::new(Vec::<StepProgress>::new());
    let first = sandbox::start(data.path(), &mut running, |s| steps.lock().unwrap().push(s))
        .await
        .unwrap();
    let seen: Vec<(u32, u32)> = steps
        .lock()
        .unwrap()
        .iter()
        .map(|s| (s.step, s.steps))
        .collect();
    assert_eq!(seen, [(1, 3), (2, 3), (3, 3)]);
    assert_eq!(
        first.store.candidate_count().unwrap(),
        sandbox::CITIZENS as u64
    );
    assert!(
        first
            .profile
            .store_dir()
            .starts_with(data.path().join("demo"))
    );
    let url = running.as_ref().unwrap().server.url();
    drop(first);

    // Again in the same process: the same server, the same data, signed in again.
    let again = sandbox::start(data.path(), &mut running, |_| {})
        .await
        .unwrap();
    assert_eq!(running.as_ref().unwrap().server.url(), url);
    assert_eq!(
        again.store.candidate_count().unwrap(),
        sandbox::CITIZENS as u64
    );
    assert!(
        again.store.session().unwrap().is_some(),
        "signed in to the demo server"
    );
}
