//! End-to-end: the daily cross-branch report (issue 17). The demo's sandbox made
//! yesterday's report at start; its super user signs in, syncs, finds it announced on
//! the Cruscotto, opens it (a column per own branch, a chart each) and exports it to
//! Excel and PDF, both read back.

use sportello_app::demo::sandbox::{BRANCHES, SEED};
use sportello_sheets::table::{Value, read_workbook};

use crate::support::{data_env, demo_signed_in};
use crate::webdriver::Desktop;

#[test]
fn a_super_user_opens_the_daily_report_and_exports_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    let server = demo_signed_in(&app);
    let codes: Vec<String> = sportello_demo::branches(BRANCHES)
        .into_iter()
        .map(|b| b.code)
        .collect();
    let sup = sportello_centrale::seed::demo_users(&codes, SEED)
        .into_iter()
        .find(|u| u.role == "super")
        .unwrap();

    app.click("#nav-signout");
    app.fill("#login-server", &server);
    app.fill("#login-username", &sup.username);
    app.fill("#login-password", &sup.password);
    app.click("#login-submit");
    app.click("#scope-submit");
    app.click("#sync-now");
    let card = app.wait("the report announced on the Cruscotto", || {
        Some(app.text("#dashboard-report")).filter(|t| !t.is_empty())
    });
    assert!(card.contains("Nuovo"), "{card}");
    app.screenshot("report-01-cruscotto");
    app.click_until("#dashboard-report-open", "#report-table tbody tr");
    let mut own = sup.branches.clone();
    own.sort();
    let header = app.text("#report-table thead");
    for code in &own {
        assert!(header.contains(code.as_str()), "{header}");
    }
    for code in codes.iter().filter(|c| !own.contains(c)) {
        assert!(
            !header.contains(code.as_str()),
            "not the super user's: {header}"
        );
    }
    for code in &own {
        assert!(app.exists(&format!(".trend-chart[data-code='{code}']")));
    }
    app.screenshot("report-02-pagina");

    let xlsx = dir.path().join("report.xlsx");
    app.click("#report-excel");
    app.fill("#report-xlsx-form-path", xlsx.to_str().unwrap());
    app.click("#report-xlsx-form-create");
    app.find("#report-xlsx-form-done");
    let sheets = read_workbook(&xlsx).expect("the exported workbook reads back");
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Sintesi", "Interessi", "Offerte", "Andamento 30 giorni"]
    );
    let header: Vec<Value> = sheets[0].rows[0].clone();
    let mut expected = vec![Value::Text("Voce".into())];
    expected.extend(own.iter().map(|c| Value::Text(c.clone())));
    expected.push(Value::Text("Totale".into()));
    assert_eq!(header, expected);

    let pdf = dir.path().join("report.pdf");
    app.click("#report-pdf");
    app.fill("#report-pdf-form-path", pdf.to_str().unwrap());
    app.click("#report-pdf-form-create");
    app.find("#report-pdf-form-done");
    let text = sportello_testkit::pdftotext(&pdf);
    assert!(text.contains("Report giornaliero cross-filiale"), "{text}");
    assert!(text.contains("ultimi 30 giorni"), "{text}");
    app.screenshot("report-03-esportato");
}
