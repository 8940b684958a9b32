//! The commands the webview may call, by area. Each is a few lines around one
//! `sportello-app` use case.

pub mod candidates;
pub mod dashboard;
pub mod desk;
pub mod documents;
pub mod export;
pub mod fasce_deboli;
pub mod last_file;
pub mod offerte;
pub mod server;
pub mod session;
pub mod settings;

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
