//! What several scenarios need: the sandbox server on a clock the test moves.

use std::sync::Arc;

use sportello_app::sync as app;
use sportello_centrale::{Config, ManualClock, Server, serve};

/// The sandbox on `db`, at `listen` when given (a restart on the same address).
pub async fn start(db: &std::path::Path, clock: Arc<ManualClock>, listen: Option<&str>) -> Server {
    let mut config = Config::new(db);
    config.clock = clock;
    if let Some(addr) = listen {
        config.listen = addr.parse().unwrap();
    }
    serve(config).await.expect("the sandbox starts")
}

pub fn quiet() -> impl Fn(app::SyncProgress) + Send + Sync {
    |_| {}
}

/// A sandbox seeded in `dir` (`citizens` in `branches`, generated as of `reference`) and
/// started on a clock at now: the seed's report (users, branches) and the server.
pub async fn seeded(
    dir: &std::path::Path,
    params: (usize, usize, u64),
    reference: chrono::NaiveDate,
) -> (sportello_centrale::seed::SeedReport, Server) {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    seeded_on(dir, params, reference, clock, |_| {}).await
}

/// [`seeded`] on a clock the test holds, the server configured by `configure`.
pub async fn seeded_on(
    dir: &std::path::Path,
    (citizens, branches, seed): (usize, usize, u64),
    reference: chrono::NaiveDate,
    clock: Arc<ManualClock>,
    configure: fn(&mut Config),
) -> (sportello_centrale::seed::SeedReport, Server) {
    let db = dir.join("centrale.db");
    let opts = sportello_centrale::seed::SeedOptions {
        citizens,
        branches,
        seed,
        reference,
    };
    let path = db.clone();
    let report = tokio::task::spawn_blocking(move || {
        sportello_centrale::seed::seed(&path, &opts, chrono::Utc::now())
    })
    .await
    .unwrap()
    .unwrap();
    let mut config = Config::new(&db);
    config.clock = clock;
    configure(&mut config);
    let server = serve(config).await.expect("the sandbox starts");
    (report, server)
}

/// `user` signed in to `url` (in `scope`) with its own store under `dir`, synced once.
pub async fn synced(
    dir: &std::path::Path,
    url: &str,
    user: &sportello_centrale::seed::SeededUser,
    scope: Option<&str>,
) -> sportello_app::search::Store {
    let profile = sportello_app::Profile::new(Some(dir.to_path_buf()), &user.username).unwrap();
    let (mut store, _) = app::login(&profile, Some(url), &user.password, scope)
        .await
        .unwrap();
    app::sync(&mut store, &quiet()).await.unwrap();
    store
}
