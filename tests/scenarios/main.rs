//! Whole user flows across crates, through the use cases the front ends call.
//! One binary (ripgrep-style); each module is one area of the product.

mod agenda;
mod candidature;
mod corsi;
mod cv;
mod documenti;
mod fasce_deboli;
mod foundation;
mod offerte;
mod support;
mod sync;
