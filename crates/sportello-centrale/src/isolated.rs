//! Files from the network (participants spreadsheets, CVs) are read first by a child
//! process of the server's own binary (`sportello-centrale parse-upload [--cv NOME]`),
//! under an address-space limit and a time limit:
//! a file that got past the guard and makes the reader abort, or allocate without end,
//! kills the child and is refused, while the server goes on serving everyone else. Only
//! a file the child read completely is read again in the server, where the same bytes
//! take the same bounded memory.
//!
//! Without a parser binary ([`crate::Config::parser`] unset: the library inside another
//! program, e.g. the desktop's demo server) the file is read in-process behind the guard
//! alone.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use sportello_docs::{MAX_CV_BYTES, leggi_cv};
use sportello_sheets::fasce_deboli::{MAX_FILE_BYTES, read_filled};
use tokio::io::AsyncWriteExt;

/// The hidden subcommand of the server binary that reads one file from stdin.
pub const PARSE_SUBCOMMAND: &str = "parse-upload";
/// The option of [`PARSE_SUBCOMMAND`] that reads a CV named so.
pub const CV_OPTION: &str = "--cv";
/// Address space of the child (**assumed**: the largest accepted participants file,
/// 50 MB and 11 × 1,048,576 cells, reads in well under 1 GiB; a 5 MB CV in far less).
pub const MEMORY_LIMIT_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Time of the child (**assumed**: a 100,000-row file reads in under a second).
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Why a file was not accepted: the reader's code (`DIMENSIONI_ECCESSIVE`, …) and its
/// Italian message, or [`UNREADABLE`] when the child died or ran out of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub code: String,
    pub message: String,
}

/// The code of a file whose reading was stopped from outside.
pub const UNREADABLE: &str = "LETTURA_INTERROTTA";

fn unreadable() -> Refused {
    Refused {
        code: UNREADABLE.into(),
        message: "Il file non può essere letto in modo sicuro ed è stato rifiutato: \
                  salvalo di nuovo dal foglio di calcolo e ricaricalo."
            .into(),
    }
}

/// What an uploaded file is read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upload {
    /// A filled fasce-deboli participants file.
    Partecipanti,
    /// A CV (seed 003), with the file name its format must match.
    Cv { nome: String },
}

/// The code of a CV the reader refused (its message says why).
pub const CV_NON_VALIDO: &str = "CV_NON_VALIDO";

impl Upload {
    /// The most the child reads: one byte over the limit, which the reader refuses.
    fn max_bytes(&self) -> usize {
        match self {
            Upload::Partecipanti => MAX_FILE_BYTES,
            Upload::Cv { .. } => MAX_CV_BYTES,
        }
    }

    fn args(&self) -> Vec<&str> {
        match self {
            Upload::Partecipanti => vec![PARSE_SUBCOMMAND],
            Upload::Cv { nome } => vec![PARSE_SUBCOMMAND, CV_OPTION, nome],
        }
    }

    fn read(&self, bytes: &[u8]) -> Result<(), Refused> {
        match self {
            Upload::Partecipanti => read_filled(bytes).map(|_| ()).map_err(|r| Refused {
                code: r.code.as_str().into(),
                message: r.message,
            }),
            Upload::Cv { nome } => leggi_cv(nome, bytes).map(|_| ()).map_err(|r| Refused {
                code: CV_NON_VALIDO.into(),
                message: r.to_string(),
            }),
        }
    }
}

/// Reads `bytes` as `upload`, in a child when `parser` is given.
pub async fn check(
    parser: Option<&Path>,
    upload: Upload,
    bytes: Vec<u8>,
) -> std::io::Result<(Vec<u8>, Result<(), Refused>)> {
    let Some(parser) = parser else {
        return tokio::task::spawn_blocking(move || {
            let checked = upload.read(&bytes);
            (bytes, checked)
        })
        .await
        .map_err(std::io::Error::other);
    };
    let mut child = tokio::process::Command::new(parser)
        .args(upload.args())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let answer = tokio::time::timeout(TIME_LIMIT, async {
        // A child that dies early closes its end: that is its answer, not an error.
        let _ = stdin.write_all(&bytes).await;
        drop(stdin);
        child.wait_with_output().await
    })
    .await;
    let checked = match answer {
        Ok(Ok(out)) if out.status.success() => parse_answer(&out.stdout),
        Ok(Ok(out)) => {
            tracing::warn!(status = %out.status, bytes = bytes.len(), "upload reader died: file refused");
            Err(unreadable())
        }
        Ok(Err(e)) => return Err(e),
        Err(_) => {
            tracing::warn!(
                bytes = bytes.len(),
                "upload reader out of time: file refused"
            );
            Err(unreadable())
        }
    };
    Ok((bytes, checked))
}

/// `OK`, or `RIFIUTATO\t<code>\t<message>`.
fn parse_answer(out: &[u8]) -> Result<(), Refused> {
    let text = String::from_utf8_lossy(out);
    let line = text.lines().next().unwrap_or_default();
    if line == "OK" {
        return Ok(());
    }
    match line
        .strip_prefix("RIFIUTATO\t")
        .and_then(|r| r.split_once('\t'))
    {
        Some((code, message)) => Err(Refused {
            code: code.into(),
            message: message.into(),
        }),
        None => Err(unreadable()),
    }
}

/// The child's side: limits itself, reads stdin (at most one byte over the file limit,
/// which the reader refuses), answers on stdout. Returns the exit status.
pub fn parse_upload_child(upload: Upload) -> std::process::ExitCode {
    #[cfg(unix)]
    if let Err(e) = rlimit::setrlimit(rlimit::Resource::AS, MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES)
    {
        eprintln!("address-space limit not set: {e}");
        return std::process::ExitCode::FAILURE;
    }
    let mut bytes = Vec::new();
    if std::io::stdin()
        .take(upload.max_bytes() as u64 + 1)
        .read_to_end(&mut bytes)
        .is_err()
    {
        return std::process::ExitCode::FAILURE;
    }
    let answer = match upload.read(&bytes) {
        Ok(()) => "OK".to_string(),
        Err(r) => format!(
            "RIFIUTATO\t{}\t{}",
            r.code,
            r.message.replace(['\t', '\n'], " ")
        ),
    };
    let mut out = std::io::stdout();
    if writeln!(out, "{answer}")
        .and_then(|()| out.flush())
        .is_err()
    {
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_strictly() {
        assert_eq!(parse_answer(b"OK\n"), Ok(()));
        assert_eq!(
            parse_answer(b"RIFIUTATO\tDIMENSIONI_ECCESSIVE\tTroppo grande.\n"),
            Err(Refused {
                code: "DIMENSIONI_ECCESSIVE".into(),
                message: "Troppo grande.".into()
            })
        );
        assert_eq!(parse_answer(b""), Err(unreadable()));
        assert_eq!(parse_answer(b"OKAY"), Err(unreadable()));
    }
}
