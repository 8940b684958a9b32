//! The commands the webview may call, by area. Each is a few lines around one
//! `sportello-app` use case.

pub mod candidates;
pub mod dashboard;
pub mod export;
pub mod server;
pub mod session;
pub mod settings;
