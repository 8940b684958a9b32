//! Errors as they cross to the webview: `{code, message, server_code}`, the code from
//! the closed set of `sportello_app::ErrorCode`, and the central server's own code when
//! the server refused the request.

use serde::Serialize;
use sportello_app::{AppError, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    pub server_code: Option<String>,
}

impl From<AppError> for CommandError {
    fn from(e: AppError) -> Self {
        CommandError {
            code: e.code(),
            message: e.to_string(),
            server_code: e.server_code().map(str::to_string),
        }
    }
}

pub type CommandResult<T> = std::result::Result<T, CommandError>;

/// A failure of the shell itself (a thread that died, a window that is gone).
pub fn internal(e: impl std::fmt::Display) -> CommandError {
    AppError::Internal(e.to_string()).into()
}
