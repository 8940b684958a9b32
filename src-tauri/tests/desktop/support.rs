//! What the end-to-end tests share: where the app under test keeps its data, and the
//! oracle for the demo citizens it shows.

use std::path::{Path, PathBuf};

use chrono::{Local, Utc};
use sportello_core::{Candidate, CandidateFilter};
use sportello_demo::Generator;

/// The app's data folder (`SPORTELLO_DATA_DIR`) under a test's home.
pub fn data_dir(home: &Path) -> PathBuf {
    home.join("sportello")
}

/// Opens the demo as its master over every branch, waits for the Cruscotto and
/// returns the address of the demo's sandbox, which the Cruscotto names.
pub fn demo_signed_in(app: &crate::webdriver::Desktop) -> String {
    app.click("#login-demo");
    app.click("#scope-submit");
    app.find("#dashboard tbody td");
    let lead = app.text("#dashboard .lead");
    lead.split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("the demo names its sandbox: {lead}"))
        .to_string()
}

/// The environment that points the app at [`data_dir`].
pub fn data_env(home: &Path) -> Vec<(&'static str, String)> {
    vec![("SPORTELLO_DATA_DIR", data_dir(home).display().to_string())]
}

/// The demo citizens (`citizens` of seed `seed` over the first `branches` demo
/// branches) matching `filter` today, by `CandidateFilter::matches`.
pub fn matching(
    seed: u64,
    citizens: usize,
    branches: usize,
    filter: &CandidateFilter,
) -> Vec<Candidate> {
    let today = Local::now().date_naive();
    let codes: Vec<String> = sportello_demo::branches(branches)
        .into_iter()
        .map(|b| b.code)
        .collect();
    let now = Utc::now();
    Generator::new(seed, today)
        .candidates(citizens, &codes)
        .filter(|c| filter.matches(c, now, today))
        .collect()
}
