//! The commands the webview may call, by area. Each is a few lines around one
//! `sportello-app` use case.

pub mod candidates;
pub mod dashboard;
pub mod documents;
pub mod export;
pub mod fasce_deboli;
pub mod last_file;
pub mod server;
pub mod session;
pub mod settings;
