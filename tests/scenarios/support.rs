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
