//! Scenario tests live in `scenarios/`; this library is empty on purpose.
