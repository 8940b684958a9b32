//! Integration tests of the encrypted local store: one test binary, one module per area.

mod abbinamenti;
mod candidates;
mod encryption;
mod migrations;
mod outbox;
mod receipts;
mod recovery;
mod search;
mod settings;
mod support;
mod sync;
