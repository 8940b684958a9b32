//! The daily cross-branch report (issue 17): made when the clock passes the report
//! time, for super and master users over their branches, never for operatori; its
//! counts computed here again from what a full pull shows.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{Days, NaiveDate, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::json;
use sportello_centrale::db::report::{giorno_di, inizio};
use sportello_core::offerte::{StatoInteresse, StatoOfferta};
use sportello_protocol::ErrorCode;
use sportello_protocol::offerte::{Interesse, NuovoRifiuto, Offerta};
use sportello_protocol::report::{Conteggi, NuovoReport, Report, Reports, paths};
use sportello_protocol::sync::{Change, Mutation, MutationKind, MutationResult};
use uuid::Uuid;

use crate::fasce_deboli as fd;
use crate::offerte::{interests, offers, refusals};
use crate::support::{Sandbox, candidates, ok, problem};

async fn reports(sb: &Sandbox, token: &str) -> Vec<Report> {
    let r: Reports = ok(sb.get(paths::REPORT, Some(token)).await).await;
    r.report
}

/// Waits until the worker has made `user`'s report of `day`.
async fn report_of(sb: &Sandbox, user: &str, day: NaiveDate) -> Report {
    let token = sb.login(user, None).await.token;
    for _ in 0..200 {
        if let Some(r) = reports(sb, &token)
            .await
            .into_iter()
            .find(|r| r.giorno == day)
        {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no report of {day} for {user}");
}

/// The counts of `branch` as the pulled records say, on `day` (new citizens are the
/// ones this test made arrive).
fn expected(
    all: &[Change],
    branch: &str,
    day: NaiveDate,
    arrived: &HashMap<String, u32>,
    uploaded: &HashMap<String, u32>,
) -> Conteggi {
    let within = |at: chrono::DateTime<Utc>| giorno_di(at) == day;
    let oggi = day + Days::new(1);
    let mine_i: Vec<Interesse> = interests(all)
        .into_iter()
        .filter(|i| i.filiale == branch)
        .collect();
    let mine_o: Vec<Offerta> = offers(all)
        .into_iter()
        .filter(|o| o.dati.filiale == branch)
        .collect();
    let state_of = |o: &Offerta| o.stato.al(o.dati.fine_pubblicazione, oggi);
    Conteggi {
        cittadini: candidates(all).iter().filter(|(_, b)| b == branch).count() as u32,
        cittadini_nuovi: arrived.get(branch).copied().unwrap_or(0),
        interessi_nuovi: mine_i.iter().filter(|i| within(i.data)).count() as u32,
        interessi_da_valutare: mine_i
            .iter()
            .filter(|i| i.stato == StatoInteresse::DaValutare)
            .count() as u32,
        interessi_per_stato: StatoInteresse::TUTTI
            .iter()
            .map(|s| sportello_protocol::report::InteressiInStato {
                stato: *s,
                numero: mine_i.iter().filter(|i| i.stato == *s).count() as u32,
            })
            .collect(),
        offerte_pubblicate: mine_o
            .iter()
            .filter(|o| state_of(o) == StatoOfferta::Pubblicata)
            .count() as u32,
        offerte_in_scadenza: mine_o
            .iter()
            .filter(|o| {
                state_of(o) == StatoOfferta::Pubblicata
                    && o.dati.fine_pubblicazione <= oggi + Days::new(7)
            })
            .count() as u32,
        offerte_scadute: mine_o
            .iter()
            .filter(|o| state_of(o) == StatoOfferta::Scaduta)
            .count() as u32,
        offerte_chiuse: mine_o
            .iter()
            .filter(|o| state_of(o) == StatoOfferta::Chiusa)
            .count() as u32,
        rifiuti_comunicati: refusals(all)
            .iter()
            .filter(|r| r.filiale == branch && within(r.registrato_il))
            .count() as u32,
        caricamenti_fasce_deboli: uploaded.get(branch).copied().unwrap_or(0),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_report_counts_each_branch_for_super_and_master_never_for_operatori() {
    let sb = Sandbox::start_with(400, 4, |c| {
        c.processing_delay = Duration::from_millis(50);
    })
    .await;
    // Today, 10:00 in Italy.
    let day = giorno_di(Utc::now());
    let ten = chrono_tz::Europe::Rome
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc);
    sb.clock.set(ten);
    let (a, b) = (sb.branches()[0].clone(), sb.branches()[1].clone());

    // The day's events: citizens arrive in two branches, interests anywhere, a refusal.
    let mut arrived = HashMap::new();
    for (branch, n) in [(&a, 3u32), (&b, 2)] {
        let made: serde_json::Value = ok(sb
            .post(
                "/api/v1/sandbox/cittadini",
                None,
                &json!({"quanti": n, "filiale": branch, "seed": 99}),
            )
            .await)
        .await;
        assert_eq!(made["codici_fiscali"].as_array().unwrap().len(), n as usize);
        arrived.insert(branch.clone(), n);
    }
    ok::<serde_json::Value>(
        sb.post(
            "/api/v1/sandbox/interessi",
            None,
            &json!({"quanti": 25, "seed": 5}),
        )
        .await,
    )
    .await;
    let master = sb.login("master", None).await.token;
    let (before, _) = sb.pull_from(&master, None, 5000).await;
    let offer = offers(&before)
        .into_iter()
        .find(|o| {
            o.dati.filiale == a
                && o.stato.al(o.dati.fine_pubblicazione, day) == StatoOfferta::Pubblicata
        })
        .expect("a published offer of the branch");
    let cf = candidates(&before)
        .into_iter()
        .find(|(_, br)| *br == a)
        .unwrap()
        .0;
    let op = sb
        .login(&format!("operatore.{}", a.to_lowercase()), None)
        .await
        .token;
    let refusal = NuovoRifiuto {
        offerta: offer.id,
        codice_fiscale: cf,
        data: day,
        motivo: "DISTANZA".into(),
        note: None,
    };
    let results = sb
        .push(
            &op,
            Uuid::new_v4(),
            vec![Mutation::offerte(
                MutationKind::RifiutoOfferta,
                1,
                Uuid::new_v4(),
                None,
                &refusal,
            )],
        )
        .await;
    assert!(
        matches!(results[0], MutationResult::Applied { .. }),
        "{results:?}"
    );

    // The operatore uploads the branch's fasce-deboli file of the open campaign.
    let anno = fd::current_year(&sb, &op).await;
    let rows = fd::participants(&fd::request_file_now(&sb, &op, anno).await);
    let file =
        sportello_sheets::fasce_deboli::write_participants(&rows, &fd::categories()).unwrap();
    ok::<serde_json::Value>(fd::upload(&sb, &op, anno, file, None).await).await;
    let uploaded = HashMap::from([(a.clone(), 1u32)]);

    // Nothing for today yet: the day is not over.
    assert!(reports(&sb, &master).await.iter().all(|r| r.giorno < day));
    problem(
        sb.post(paths::REPORT, Some(&master), &NuovoReport { giorno: day })
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;

    // A super user disabled before the morning gets no report.
    let made: sportello_protocol::auth::User = ok(sb
        .post(
            sportello_protocol::paths::USERS,
            Some(&master),
            &sportello_protocol::auth::NewUser {
                role: sportello_protocol::auth::Role::Super,
                username: "super.sospeso".into(),
                password: "Sosp2026ab".into(),
                branches: vec![a.clone()],
                codice_fiscale: None,
                email: None,
            },
        )
        .await)
    .await;
    ok::<sportello_protocol::auth::User>(
        sb.request(
            reqwest::Method::PATCH,
            &sportello_protocol::paths::USER.replace("{username}", &made.username),
            Some(&master),
            Some(&sportello_protocol::auth::UserUpdate {
                enabled: Some(false),
                ..Default::default()
            }),
        )
        .await,
    )
    .await;

    // A new super user with an address receives the report there; a malformed one is refused.
    let new_super = |username: &str, email: &str| sportello_protocol::auth::NewUser {
        role: sportello_protocol::auth::Role::Super,
        username: username.into(),
        password: "Posta2026ab".into(),
        branches: vec![b.clone()],
        codice_fiscale: None,
        email: Some(email.into()),
    };
    let refused = problem(
        sb.post(
            sportello_protocol::paths::USERS,
            Some(&master),
            &new_super("super.errata", "posta@"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    assert_eq!(refused.errors[0].field, "email", "{refused:?}");
    let with_mail: sportello_protocol::auth::User = ok(sb
        .post(
            sportello_protocol::paths::USERS,
            Some(&master),
            &new_super("super.posta", " Posta@Agenzia.IT "),
        )
        .await)
    .await;
    assert_eq!(with_mail.email.as_deref(), Some("posta@agenzia.it"));

    // The next morning, at 07:05.
    let (all, _) = sb.pull_from(&master, None, 5000).await;
    sb.clock
        .set(inizio(day + Days::new(1)) + chrono::Duration::minutes(7 * 60 + 5));
    let of_master = report_of(&sb, "master", day).await;
    assert!(of_master.programmato);
    let codes: Vec<String> = of_master.filiali.iter().map(|f| f.code.clone()).collect();
    let mut every = sb.branches().to_vec();
    every.sort();
    assert_eq!(codes, every, "every branch, by code");
    let mut refusals_seen = 0;
    for f in &of_master.filiali {
        let want = expected(&all, &f.code, day, &arrived, &uploaded);
        assert_eq!(f.conteggi, want, "branch {}", f.code);
        refusals_seen += f.conteggi.rifiuti_comunicati;
        assert_eq!(f.andamento.len(), 30);
        assert_eq!(f.andamento.last().unwrap().giorno, day);
        assert_eq!(
            f.andamento.last().unwrap().cittadini_nuovi,
            want.cittadini_nuovi
        );
    }
    assert_eq!(refusals_seen, 1);
    assert_eq!(of_master.totale.caricamenti_fasce_deboli, 1);
    let campagna = of_master.campagna.as_ref().expect("the open campaign");
    assert_eq!(campagna.anno, anno);
    assert_eq!(
        campagna.giorni_alla_scadenza,
        (campagna.scadenza - day).num_days() - 1,
        "from the morning after to the deadline"
    );
    assert_eq!(of_master.totale.cittadini, candidates(&all).len() as u32);
    assert_eq!(of_master.totale.cittadini_nuovi, 5);
    assert_eq!(
        of_master.totale.interessi_nuovi,
        interests(&all)
            .iter()
            .filter(|i| giorno_di(i.data) == day)
            .count() as u32
    );
    assert!(of_master.totale.interessi_nuovi >= 25);

    // The super user's report covers its branches only, with the same counts.
    let of_super = report_of(&sb, "super", day).await;
    let mut super_branches = sb.user("super").branches.clone();
    super_branches.sort();
    assert!(super_branches.len() < every.len());
    assert_eq!(
        of_super
            .filiali
            .iter()
            .map(|f| f.code.clone())
            .collect::<Vec<_>>(),
        super_branches
    );
    for f in &of_super.filiali {
        let same = of_master.filiali.iter().find(|m| m.code == f.code).unwrap();
        assert_eq!(f.conteggi, same.conteggi);
    }
    assert_eq!(
        of_super.totale.cittadini,
        of_super
            .filiali
            .iter()
            .map(|f| f.conteggi.cittadini)
            .sum::<u32>()
    );

    // Operatori get none, and may not ask. (The clock moved: sign in again.)
    let op = sb
        .login(&format!("operatore.{}", a.to_lowercase()), None)
        .await
        .token;
    let master = sb.login("master", None).await.token;
    problem(
        sb.get(paths::REPORT, Some(&op)).await,
        StatusCode::FORBIDDEN,
        ErrorCode::NonAutorizzato,
    )
    .await;

    // Each daily report waits in the mail outbox, addressed; none for an operatore.
    let mail: Vec<serde_json::Value> = ok(sb.get("/api/v1/sandbox/posta", None).await).await;
    let subject = format!(
        "Sportello — report giornaliero del {}",
        day.format("%d/%m/%Y")
    );
    let to: Vec<&str> = mail
        .iter()
        .filter(|m| m["oggetto"] == subject.as_str())
        .map(|m| m["destinatario"].as_str().unwrap())
        .collect();
    assert!(to.contains(&"master") && to.contains(&"super"), "{to:?}");
    assert!(to.iter().all(|u| !u.starts_with("operatore")), "{to:?}");
    assert!(!to.contains(&"super.sospeso"), "a disabled account: {to:?}");
    let to_new = mail
        .iter()
        .find(|m| m["oggetto"] == subject.as_str() && m["destinatario"] == "super.posta")
        .expect("the new super user's report");
    assert_eq!(to_new["indirizzo"], "posta@agenzia.it");
    let to_master = mail
        .iter()
        .find(|m| m["oggetto"] == subject.as_str() && m["destinatario"] == "master")
        .unwrap();
    assert_eq!(to_master["indirizzo"], "master@agenzia.example");
    assert!(
        to_master["corpo"].as_str().unwrap().contains(&format!(
            "cittadini: {} (5 nuovi)",
            of_master.totale.cittadini
        )),
        "{}",
        to_master["corpo"]
    );

    // A later run of the job makes nothing twice.
    sb.clock.advance(chrono::Duration::hours(2));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let again = reports(&sb, &master).await;
    assert_eq!(again.iter().filter(|r| r.giorno == day).count(), 1);

    // On demand, for an earlier day: made now, marked as not the daily one, kept.
    let earlier = day - Days::new(3);
    let made: Report = ok(sb
        .post(
            paths::REPORT,
            Some(&master),
            &NuovoReport { giorno: earlier },
        )
        .await)
    .await;
    assert_eq!((made.giorno, made.programmato), (earlier, false));
    let listed = reports(&sb, &master).await;
    assert!(listed.contains(&made));
    assert!(listed.windows(2).all(|w| w[0].giorno < w[1].giorno));
}
