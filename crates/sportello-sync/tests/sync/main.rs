//! The sync client against the real sandbox server (in-process, on loopback), with its
//! fault mode: one test binary, one module per area.

mod faults;
mod flows;
mod instances;
mod kills;
mod offerte;
mod support;
mod tls;
