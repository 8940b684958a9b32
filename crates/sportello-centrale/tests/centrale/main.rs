//! Integration tests of the sandbox server: a real server on an ephemeral loopback
//! port, a real HTTP client, the protocol's wire types.

mod agenda;
mod auth;
mod candidature;
mod cli;
mod corsi;
mod cv;
mod fasce_deboli;
mod faults;
mod http;
mod instances;
mod kills;
mod offerte;
mod pull;
mod push;
mod report;
mod schemathesis;
mod seed;
mod support;
