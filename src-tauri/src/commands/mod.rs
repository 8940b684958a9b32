//! The commands the webview may call, by area. Each is a few lines around one
//! `sportello-app` use case.

pub mod agenda;
pub mod candidates;
pub mod candidature;
pub mod corsi;
pub mod cv;
pub mod dashboard;
pub mod desk;
pub mod documenti;
pub mod documents;
pub mod export;
pub mod fasce_deboli;
pub mod last_file;
pub mod offerte;
pub mod report;
pub mod server;
pub mod session;
pub mod settings;
pub mod utenti;

/// Runs `work` on a worker thread with its own connection to the store; `work` may
/// block on the server (through the runtime's handle it is given).
pub(crate) async fn on_worker<T: Send + 'static>(
    state: &crate::state::AppState,
    work: impl FnOnce(
        &mut sportello_app::search::Store,
        &str,
        &tokio::runtime::Handle,
    ) -> sportello_app::Result<T>
    + Send
    + 'static,
) -> crate::error::CommandResult<T> {
    let runtime = tokio::runtime::Handle::current();
    let own = state.own_connection()?;
    own.run(move |store, operator| work(store, operator, &runtime))
        .await
}

/// Shows a desktop notification without waiting for it; best effort (a desktop
/// without a notification service still has the screen).
fn notify(app: &tauri::AppHandle, notice: sportello_app::notices::Notice) {
    use tauri_plugin_notification::NotificationExt;
    let app = app.clone();
    std::thread::spawn(move || {
        let shown = app
            .notification()
            .builder()
            .title(notice.title)
            .body(notice.body)
            .show();
        drop(shown);
    });
}
