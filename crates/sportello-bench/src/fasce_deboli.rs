//! Issue 7's budgets on 100,000 participant rows: export for filling ≤ 2 s,
//! check (`controlla`) ≤ 2 s; reading the file back is shown too.

use std::time::Instant;

use chrono::{Days, NaiveDate};
use sportello_core::Sex;
use sportello_core::codice_fiscale::CodiceFiscale;
use sportello_core::fasce_deboli::{Category, Context, Flag, check_rows};
use sportello_sheets::fasce_deboli::{Participant, read_filled, write_participants};

pub fn fasce_deboli(count: usize) {
    println!("== fasce deboli: {count} participant rows");
    let categories = vec![
        Category {
            code: "SVA".into(),
            label: "privo di impiego regolarmente retribuito da almeno 6 mesi".into(),
        },
        Category {
            code: "SVB".into(),
            label: "età compresa tra 15 e 24 anni".into(),
        },
    ];
    let rows: Vec<Participant> = (0..count).map(participant).collect();

    let start = Instant::now();
    let bytes = write_participants(&rows, &categories).expect("write");
    let write = start.elapsed();
    let start = Instant::now();
    let sheet = read_filled(&bytes).expect("read");
    let read = start.elapsed();
    let start = Instant::now();
    let reference = NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date");
    let context = Context {
        categories: &categories,
        known: None,
        reference,
    };
    let report = check_rows(&sheet.header, sheet.data(), &context);
    let check = start.elapsed();
    assert_eq!(report.rows_total, count, "every row is checked");
    println!(
        "export for filling          {:>9.0} ms  ({:.1} MB)",
        write.as_secs_f64() * 1e3,
        bytes.len() as f64 / 1e6
    );
    println!(
        "read the filled file        {:>9.0} ms",
        read.as_secs_f64() * 1e3
    );
    println!(
        "check every row             {:>9.0} ms",
        check.as_secs_f64() * 1e3
    );
}

fn participant(i: usize) -> Participant {
    let birth =
        NaiveDate::from_ymd_opt(1960, 1, 1).expect("valid date") + Days::new((i % 15_000) as u64);
    let codice_fiscale = CodiceFiscale::compute(
        "Rossi",
        "Mario",
        birth,
        Sex::M,
        ["H501", "F205", "L219", "A662"][i % 4],
    )
    .expect("valid data")
    .to_string();
    Participant {
        anno: 2025,
        codice_progetto: format!("FT25-{:05}", i / 3),
        tipologia_formativa: "BASE".into(),
        titolo_corso: "Sicurezza sul lavoro".into(),
        data_inizio_corso: NaiveDate::from_ymd_opt(2025, 3, 1 + (i % 20) as u32)
            .expect("valid date"),
        aula_omogenea: i.is_multiple_of(2),
        codice_fiscale,
        cognome: "Rossi".into(),
        nome: "Mario".into(),
        fascia_debole: match i % 3 {
            0 => Some(Flag::Si),
            1 => Some(Flag::No),
            _ => None,
        },
        categoria: i.is_multiple_of(3).then(|| "SVA".to_string()),
    }
}
