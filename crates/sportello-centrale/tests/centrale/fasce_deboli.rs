//! Fasce deboli (issue 3): request → ready → download → fill → upload → outcome,
//! re-uploads before the deadline and the refusal after it, Idempotency-Key dedup,
//! unreadable uploads refused with problem+json and no state change, scope.

use std::time::Duration;

use chrono::NaiveDate;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use sportello_centrale::isolated::Upload;
use sportello_core::Sex;
use sportello_core::codice_fiscale::CodiceFiscale;
use sportello_core::fasce_deboli::{Category, Cell, Column, Flag};
use sportello_protocol::ErrorCode;
use sportello_protocol::fasce_deboli::{
    Campagne, Caricamenti, Caricamento, Categorie, NewRichiesta, Richiesta, StatoCaricamento,
    StatoRichiesta, Tipologie, paths,
};
use sportello_sheets::fasce_deboli::{Participant, read_filled, read_outcome, write_participants};

use crate::support::{Sandbox, ok, problem};

async fn sandbox(delay: Duration) -> Sandbox {
    Sandbox::start_with(300, 2, |c| c.processing_delay = delay).await
}

fn at(path: &str, id: impl std::fmt::Display) -> String {
    path.replace("{id}", &id.to_string())
}

const ALL_TIPOLOGIE: [&str; 5] = [
    "BASE",
    "PROFESSIONALE",
    "ON_THE_JOB",
    "CONTINUA",
    "DIRITTO_MIRATO",
];

pub(crate) async fn current_year(s: &Sandbox, token: &str) -> i32 {
    let c: Campagne = ok(s.get(paths::CAMPAGNE, Some(token)).await).await;
    c.campagne.iter().map(|c| c.anno).max().unwrap()
}

/// Polls until `done` holds for the resource at `path` (the worker polls the clock).
async fn wait_for<T: serde::de::DeserializeOwned>(
    s: &Sandbox,
    token: &str,
    path: &str,
    done: impl Fn(&T) -> bool,
) -> T {
    for _ in 0..500 {
        let v: T = ok(s.get(path, Some(token)).await).await;
        if done(&v) {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{path} did not complete within 10 s");
}

async fn request_file(s: &Sandbox, token: &str, anno: i32) -> Vec<u8> {
    let req = NewRichiesta {
        tipologie: ALL_TIPOLOGIE.iter().map(|t| t.to_string()).collect(),
        anno,
        email_aggiuntiva: Some("placement@agenzia.example".into()),
    };
    let response = s.post(paths::RICHIESTE, Some(token), &req).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let r: Richiesta = ok(response).await;
    assert_eq!(r.stato, StatoRichiesta::InCoda, "asynchronous, as FTWeb");
    let path = at(paths::RICHIESTA, r.id);
    let r: Richiesta = wait_for(s, token, &path, |r: &Richiesta| {
        r.stato == StatoRichiesta::Pronto
    })
    .await;
    assert!(r.righe.unwrap() > 0, "the seed has participants for {anno}");
    let response = s.get(&at(paths::RICHIESTA_FILE, r.id), Some(token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.bytes().await.unwrap().to_vec()
}

/// The downloaded file's rows as participants, to be filled and written back.
pub(crate) fn participants(file: &[u8]) -> Vec<Participant> {
    let sheet = read_filled(file).expect("the server's file reads");
    let text = |cells: &[Cell], c: Column| cells[sheet.header.columns[&c]].text();
    sheet
        .rows
        .iter()
        .map(|(_, cells)| Participant {
            anno: text(cells, Column::Anno).parse().unwrap(),
            codice_progetto: text(cells, Column::CodiceProgetto),
            tipologia_formativa: text(cells, Column::TipologiaFormativa),
            titolo_corso: text(cells, Column::TitoloCorso),
            data_inizio_corso: match &cells[sheet.header.columns[&Column::DataInizioCorso]] {
                Cell::Date(d) => *d,
                other => panic!("a real date, got {other:?}"),
            },
            aula_omogenea: text(cells, Column::AulaOmogenea) == "SI",
            codice_fiscale: text(cells, Column::CodiceFiscale),
            cognome: text(cells, Column::Cognome),
            nome: text(cells, Column::Nome),
            fascia_debole: match text(cells, Column::FasciaDebole).as_str() {
                "SI" => Some(Flag::Si),
                "NO" => Some(Flag::No),
                _ => None,
            },
            categoria: Some(text(cells, Column::Categoria)).filter(|c| !c.is_empty()),
        })
        .collect()
}

pub(crate) fn categories() -> Vec<Category> {
    ["SVA", "SVB", "DIS"]
        .iter()
        .map(|c| Category {
            code: c.to_string(),
            label: String::new(),
        })
        .collect()
}

pub(crate) async fn upload(
    s: &Sandbox,
    token: &str,
    anno: i32,
    bytes: Vec<u8>,
    key: Option<&str>,
) -> reqwest::Response {
    let form = Form::new()
        .text("anno", anno.to_string())
        .part("file", Part::bytes(bytes).file_name("compilato.xlsx"));
    let mut req = s
        .http
        .post(s.url(paths::CARICAMENTI))
        .bearer_auth(token)
        .multipart(form);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    req.send().await.unwrap()
}

async fn processed(s: &Sandbox, token: &str, response: reqwest::Response) -> Caricamento {
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let c: Caricamento = ok(response).await;
    wait_for(
        s,
        token,
        &at(paths::CARICAMENTO, c.id),
        |c: &Caricamento| c.stato == StatoCaricamento::Elaborato,
    )
    .await
}

async fn uploads(s: &Sandbox, token: &str) -> Vec<Caricamento> {
    let c: Caricamenti = ok(s.get(paths::CARICAMENTI, Some(token)).await).await;
    c.caricamenti
}

#[tokio::test]
async fn full_cycle_request_download_fill_upload_outcome() {
    let s = sandbox(Duration::ZERO).await;
    let token = s.login("master", None).await.token;
    let cats: Categorie = ok(s.get(paths::CATEGORIE, Some(&token)).await).await;
    assert_eq!(cats.categorie.len(), 9, "domain.md's table");
    let tips: Tipologie = ok(s.get(paths::TIPOLOGIE, Some(&token)).await).await;
    assert_eq!(tips.tipologie.len(), 5);
    let campagne: Campagne = ok(s.get(paths::CAMPAGNE, Some(&token)).await).await;
    let y2019 = campagne.campagne.iter().find(|c| c.anno == 2019).unwrap();
    assert_eq!(
        (y2019.scadenza, y2019.aperta),
        (NaiveDate::from_ymd_opt(2020, 11, 30).unwrap(), false)
    );
    let anno = current_year(&s, &token).await;
    assert!(campagne.campagne.iter().any(|c| c.anno == anno && c.aperta));

    let mut rows = participants(&request_file(&s, &token, anno).await);
    let n = rows.len();
    for (i, r) in rows.iter_mut().enumerate() {
        (r.fascia_debole, r.categoria) = match i {
            0 => (Some(Flag::Si), Some("SVA".into())),
            1 => (Some(Flag::Si), Some("XYZ".into())),
            _ => (Some(Flag::No), None),
        };
    }
    let mut stranger = rows[0].clone();
    stranger.codice_fiscale = CodiceFiscale::compute(
        "Estraneo",
        "Ugo",
        NaiveDate::from_ymd_opt(1980, 2, 3).unwrap(),
        Sex::M,
        "F205",
    )
    .unwrap()
    .as_str()
    .to_string();
    rows.push(stranger);
    let filled = write_participants(&rows, &categories()).unwrap();

    let c = processed(
        &s,
        &token,
        upload(&s, &token, anno, filled, Some("k-1")).await,
    )
    .await;
    let counts = c.conteggi.unwrap();
    assert_eq!(
        (counts.righe, counts.acquisite, counts.scartate),
        (n as u32 + 1, n as u32 - 1, 2)
    );
    let response = s
        .get(&at(paths::CARICAMENTO_ESITO, c.id), Some(&token))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let esito = read_outcome(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(esito.len(), n + 1);
    assert!(esito[0].acquisito);
    assert!(
        !esito[1].acquisito && esito[1].motivo.contains("XYZ"),
        "{:?}",
        esito[1]
    );
    assert!(
        !esito[n].acquisito && esito[n].motivo.contains("non risulta"),
        "{:?}",
        esito[n]
    );
    assert_eq!(uploads(&s, &token).await, vec![c], "the dashboard");

    // The next file carries what was acquired.
    let again = participants(&request_file(&s, &token, anno).await);
    assert_eq!(
        (again[0].fascia_debole, again[0].categoria.as_deref()),
        (Some(Flag::Si), Some("SVA"))
    );
    assert_eq!(
        again[1].fascia_debole, None,
        "a rejected row declares nothing"
    );
}

#[tokio::test]
async fn last_upload_wins_before_the_deadline_and_none_is_taken_after() {
    let s = sandbox(Duration::from_secs(3600)).await;
    let token = s.login("master", None).await.token;
    let anno = current_year(&s, &token).await;
    let req = NewRichiesta {
        tipologie: vec!["BASE".into()],
        anno,
        email_aggiuntiva: None,
    };
    let r: Richiesta = ok(s.post(paths::RICHIESTE, Some(&token), &req).await).await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    let still: Richiesta = ok(s.get(&at(paths::RICHIESTA, r.id), Some(&token)).await).await;
    assert_eq!(
        still.stato,
        StatoRichiesta::InCoda,
        "nothing happens before the delay on the server's clock"
    );
    let mut rows = participants(&request_file_now(&s, &token, anno).await);
    rows.truncate(1);
    rows[0].fascia_debole = Some(Flag::Si);
    rows[0].categoria = Some("SVB".into());
    let first = upload(
        &s,
        &token,
        anno,
        write_participants(&rows, &categories()).unwrap(),
        None,
    )
    .await;
    rows[0].fascia_debole = Some(Flag::No);
    rows[0].categoria = None;
    let second = upload(
        &s,
        &token,
        anno,
        write_participants(&rows, &categories()).unwrap(),
        None,
    )
    .await;
    s.clock.advance(chrono::Duration::seconds(3601));
    processed(&s, &token, first).await;
    processed(&s, &token, second).await;
    let now = participants(&request_file_now(&s, &token, anno).await);
    let row = now
        .iter()
        .find(|p| {
            p.codice_fiscale == rows[0].codice_fiscale
                && p.codice_progetto == rows[0].codice_progetto
        })
        .unwrap();
    assert_eq!(
        row.fascia_debole,
        Some(Flag::No),
        "the last acquired declaration wins"
    );

    let before = uploads(&s, &token).await;
    let file = write_participants(&rows, &categories()).unwrap();
    let closed = upload(&s, &token, 2019, file.clone(), None).await;
    problem(closed, StatusCode::CONFLICT, ErrorCode::CampagnaChiusa).await;
    s.clock.advance(chrono::Duration::days(31));
    let token = s.login("master", None).await.token;
    let late = upload(&s, &token, anno, file, None).await;
    let p = problem(late, StatusCode::CONFLICT, ErrorCode::CampagnaChiusa).await;
    assert!(p.detail.contains("chiusa"));
    assert_eq!(
        uploads(&s, &token).await,
        before,
        "refused uploads leave no trace"
    );
}

#[tokio::test]
async fn idempotency_key_creates_one_upload() {
    let s = sandbox(Duration::from_secs(3600)).await;
    let token = s.login("master", None).await.token;
    let anno = current_year(&s, &token).await;
    let rows: Vec<Participant> = participants(&request_file_now(&s, &token, anno).await);
    let file = write_participants(&rows, &categories()).unwrap();
    let a: Caricamento = ok(upload(&s, &token, anno, file.clone(), Some("same")).await).await;
    let b: Caricamento = ok(upload(&s, &token, anno, file.clone(), Some("same")).await).await;
    assert_eq!(a, b, "the retry answers the first upload");
    let other = write_participants(&rows[..1], &categories()).unwrap();
    let clash = upload(&s, &token, anno, other, Some("same")).await;
    problem(clash, StatusCode::CONFLICT, ErrorCode::GiaEsistente).await;
    let c: Caricamento = ok(upload(&s, &token, anno, file, Some("another")).await).await;
    assert_ne!(c.id, a.id);
    assert_eq!(uploads(&s, &token).await.len(), 2);
}

#[tokio::test]
async fn idempotency_key_creates_one_request() {
    let s = sandbox(Duration::from_secs(3600)).await;
    let token = s.login("master", None).await.token;
    let anno = current_year(&s, &token).await;
    let send = |tipologie: &[&str], key: Option<&'static str>| {
        let body = NewRichiesta {
            tipologie: tipologie.iter().map(|t| t.to_string()).collect(),
            anno,
            email_aggiuntiva: None,
        };
        let mut req = s
            .http
            .post(s.url(paths::RICHIESTE))
            .bearer_auth(&token)
            .json(&body);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        req.send()
    };
    let a: Richiesta = ok(send(&["BASE"], Some("r-1")).await.unwrap()).await;
    let b: Richiesta = ok(send(&["BASE"], Some("r-1")).await.unwrap()).await;
    assert_eq!(a, b, "the retry answers the first request");
    let clash = send(&["CONTINUA"], Some("r-1")).await.unwrap();
    problem(clash, StatusCode::CONFLICT, ErrorCode::GiaEsistente).await;
    let c: Richiesta = ok(send(&["BASE"], Some("r-2")).await.unwrap()).await;
    let d: Richiesta = ok(send(&["BASE"], None).await.unwrap()).await;
    assert_ne!(c.id, a.id);
    assert_ne!(d.id, c.id, "without a key every call is a new request");
    let rows = s
        .server
        .state()
        .read(|c| {
            c.query_row("SELECT count(*) FROM fd_richieste", (), |r| {
                r.get::<_, i64>(0)
            })
        })
        .await
        .unwrap();
    assert_eq!(rows, 3);
}

/// With the delay on a manual clock, the file is ready after one step of the clock.
pub(crate) async fn request_file_now(s: &Sandbox, token: &str, anno: i32) -> Vec<u8> {
    let req = NewRichiesta {
        tipologie: vec!["BASE".into(), "CONTINUA".into()],
        anno,
        email_aggiuntiva: None,
    };
    let r: Richiesta = ok(s.post(paths::RICHIESTE, Some(token), &req).await).await;
    s.clock.advance(chrono::Duration::seconds(3601));
    wait_for(s, token, &at(paths::RICHIESTA, r.id), |r: &Richiesta| {
        r.stato == StatoRichiesta::Pronto
    })
    .await;
    s.get(&at(paths::RICHIESTA_FILE, r.id), Some(token))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

#[tokio::test]
async fn unreadable_uploads_are_refused_and_change_nothing() {
    let s = sandbox(Duration::ZERO).await;
    let token = s.login("master", None).await.token;
    let anno = current_year(&s, &token).await;
    let field_code = |p: &sportello_protocol::Problem| p.errors[0].code.clone();

    let p = problem(
        upload(&s, &token, anno, b"codice fiscale;progetto".to_vec(), None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    assert_eq!(field_code(&p), "non_un_foglio_di_calcolo");

    let encrypted =
        include_bytes!("../../../sportello-sheets/src/fasce_deboli/fixtures/cifrato.xlsx");
    let p = problem(
        upload(&s, &token, anno, encrypted.to_vec(), None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    assert_eq!(field_code(&p), "file_cifrato");

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Codice fiscale").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let huge = wb.save_to_buffer().unwrap();
    let p = problem(
        upload(&s, &token, anno, huge, None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    assert_eq!(field_code(&p), "dimensioni_eccessive");

    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "niente intestazione")
        .unwrap();
    let p = problem(
        upload(&s, &token, anno, wb.save_to_buffer().unwrap(), None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    assert_eq!(field_code(&p), "intestazione_non_trovata");

    let oversized = vec![b'P'; 50 * 1024 * 1024 + 1];
    problem(
        upload(&s, &token, anno, oversized, Some("big")).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::FileTroppoGrande,
    )
    .await;

    let not_multipart = s
        .post(
            paths::CARICAMENTI,
            Some(&token),
            &serde_json::json!({"anno": anno}),
        )
        .await;
    problem(
        not_multipart,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    let no_file = s
        .http
        .post(s.url(paths::CARICAMENTI))
        .bearer_auth(&token)
        .multipart(Form::new().text("anno", anno.to_string()))
        .send()
        .await
        .unwrap();
    problem(
        no_file,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    let unknown_year = upload(
        &s,
        &token,
        1999,
        write_participants(&[], &categories()).unwrap(),
        None,
    )
    .await;
    problem(
        unknown_year,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;

    assert!(
        uploads(&s, &token).await.is_empty(),
        "no refused upload was stored"
    );
    let bad = NewRichiesta {
        tipologie: vec!["NESSUNA".into()],
        anno,
        email_aggiuntiva: None,
    };
    problem(
        s.post(paths::RICHIESTE, Some(&token), &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    problem(
        s.get(&at(paths::CARICAMENTO, uuid::Uuid::new_v4()), Some(&token))
            .await,
        StatusCode::NOT_FOUND,
        ErrorCode::NonTrovato,
    )
    .await;
    problem(
        s.get(paths::CAMPAGNE, None).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;
}

#[tokio::test]
async fn uploads_are_visible_within_scope() {
    let s = sandbox(Duration::from_secs(3600)).await;
    let branch = s.branches()[0].clone();
    let op = s
        .login(&format!("operatore.{}", branch.to_lowercase()), None)
        .await
        .token;
    let master = s.login("master", None).await.token;
    let anno = current_year(&s, &op).await;
    let rows = participants(&request_file_now(&s, &op, anno).await);
    assert!(
        rows.iter().all(|r| r.codice_progetto.contains(&branch)),
        "an operatore's file has its branch's projects only"
    );
    let file = write_participants(&rows, &categories()).unwrap();
    let mine: Caricamento = ok(upload(&s, &op, anno, file.clone(), None).await).await;
    let theirs: Caricamento = ok(upload(&s, &master, anno, file, None).await).await;
    assert_eq!(
        uploads(&s, &master).await.len(),
        2,
        "cross-branch sees both"
    );
    assert_eq!(
        uploads(&s, &op).await,
        vec![mine.clone()],
        "the operatore sees its branch's"
    );
    problem(
        s.get(&at(paths::CARICAMENTO, theirs.id), Some(&op)).await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
    problem(
        s.get(&at(paths::CARICAMENTO_ESITO, mine.id), Some(&op))
            .await,
        StatusCode::CONFLICT,
        ErrorCode::NonPronto,
    )
    .await;
}

#[tokio::test]
async fn seed_has_projects_for_both_campaigns_mostly_with_seeded_citizens() {
    let s = sandbox(Duration::ZERO).await;
    let stats = s
        .server
        .state()
        .read(|c| {
            let q = |sql: &str| -> sportello_centrale::Result<i64> { c.query_row(sql, (), |r| r.get(0)) };
            Ok((
                q("SELECT COUNT(DISTINCT anno) FROM fd_progetti")?,
                q("SELECT COUNT(DISTINCT tipologia) FROM fd_progetti")?,
                q("SELECT COUNT(*) FROM fd_progetti WHERE aula_omogenea = 0")?,
                q("SELECT COUNT(*) FROM fd_progetti")?,
                q("SELECT COUNT(*) FROM fd_partecipanti")?,
                q("SELECT COUNT(*) FROM fd_partecipanti a JOIN candidates c USING (codice_fiscale)")?,
            ))
        })
        .await
        .unwrap();
    let (years, tipologie, mixed, projects, participants, citizens) = stats;
    assert_eq!(years, 2, "2019 and the current campaign");
    assert!(tipologie >= 4, "across tipologie formative: {tipologie}");
    assert!(
        mixed > 0 && mixed < projects,
        "some non-homogeneous classes"
    );
    assert!(
        citizens * 2 > participants,
        "most participants are seeded citizens: {citizens}/{participants}"
    );
    assert!(citizens < participants, "and some are not");
}

#[tokio::test]
async fn an_upload_interrupted_again_and_again_is_failed_not_left_hanging() {
    // A long delay keeps both uploads queued until the test says otherwise.
    let s = sandbox(Duration::from_secs(3600)).await;
    let token = s.login("master", None).await.token;
    let anno = current_year(&s, &token).await;
    let file = request_file_now(&s, &token, anno).await;
    for key in ["primo", "secondo"] {
        let r = upload(&s, &token, anno, file.clone(), Some(key)).await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
    }
    let mut ids: Vec<_> = uploads(&s, &token)
        .await
        .into_iter()
        .map(|c| c.id.to_string())
        .collect();
    ids.sort();
    // As a worker that died mid-job leaves them: the first taken up three times.
    let marked = ids.clone();
    s.server
        .state()
        .write(move |tx| {
            tx.execute(
                "UPDATE fd_caricamenti SET stato = 'in_lavorazione', tentativi = 3 WHERE id = ?1",
                [&marked[0]],
            )?;
            tx.execute(
                "UPDATE fd_caricamenti SET stato = 'in_lavorazione', tentativi = 1 WHERE id = ?1",
                [&marked[1]],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let now = sportello_centrale::Clock::now(&*s.clock);
    s.server
        .state()
        .write(move |tx| sportello_centrale::db::fasce_deboli::requeue_interrupted(tx, now))
        .await
        .unwrap();
    let after = uploads(&s, &token).await;
    let of = |id: &str| after.iter().find(|c| c.id.to_string() == id).unwrap();
    assert_eq!(of(&ids[0]).stato, StatoCaricamento::Errore);
    assert_eq!(
        of(&ids[0]).errore.as_deref(),
        Some(sportello_centrale::db::fasce_deboli::INTERRUPTED)
    );
    assert_eq!(of(&ids[1]).stato, StatoCaricamento::InCoda, "tried again");
}

/// `xlsx` with its shared strings declaring `unique_count` strings: calamine reserves
/// them all before reading one (96 GB for four billion), which aborts a process.
fn with_unique_count(xlsx: &[u8], unique_count: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).unwrap();
        if name == "xl/sharedStrings.xml" {
            let xml = String::from_utf8(text).unwrap();
            let start = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = start + xml[start..].find('"').unwrap();
            text = format!("{}{unique_count}{}", &xml[..start], &xml[end..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[tokio::test]
async fn uploads_are_read_in_a_child_whose_death_refuses_the_file_not_the_server() {
    let s = Sandbox::start_with(300, 2, |c| {
        c.processing_delay = Duration::ZERO;
        c.parser = Some(env!("CARGO_BIN_EXE_sportello-centrale").into());
    })
    .await;
    let token = s.login("master", None).await.token;
    let anno = current_year(&s, &token).await;
    let field_code = |p: &sportello_protocol::Problem| p.errors[0].code.clone();

    // The child passes the reader's own refusals through.
    let p = problem(
        upload(&s, &token, anno, b"codice fiscale;progetto".to_vec(), None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    assert_eq!(field_code(&p), "non_un_foglio_di_calcolo");

    // A file whose reading would abort the process: refused, whichever line of
    // defence stops it (the guard's code, or the child's death).
    let file = request_file_now(&s, &token, anno).await;
    let bomb = with_unique_count(&file, "4000000000");
    let p = problem(
        upload(&s, &token, anno, bomb, None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::FileNonValido,
    )
    .await;
    assert!(
        ["lettura_interrotta", "dimensioni_eccessive"].contains(&field_code(&p).as_str()),
        "{p:?}"
    );
    let health = s.get(sportello_protocol::paths::HEALTH, None).await;
    assert_eq!(health.status(), StatusCode::OK, "the server still serves");

    // And the genuine file goes through the child and is processed.
    let c = processed(&s, &token, upload(&s, &token, anno, file, None).await).await;
    assert!(c.conteggi.is_some_and(|n| n.righe > 0), "{c:?}");
}

#[tokio::test]
async fn a_reader_that_dies_refuses_the_file_with_its_own_code() {
    let dir = tempfile::tempdir().unwrap();
    let parser = dir.path().join("parser.sh");
    std::fs::write(&parser, "#!/bin/sh\nkill -ABRT $$\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&parser, std::fs::Permissions::from_mode(0o700)).unwrap();
    let (bytes, checked) =
        sportello_centrale::isolated::check(Some(&parser), Upload::Partecipanti, b"PK".to_vec())
            .await
            .unwrap();
    assert_eq!(bytes, b"PK", "the bytes come back for the in-process read");
    let refused = checked.unwrap_err();
    assert_eq!(refused.code, sportello_centrale::isolated::UNREADABLE);
    assert!(refused.message.contains("rifiutato"), "{}", refused.message);
}

/// The hostile corpus of `sportello-sheets` (issue 13), uploaded to a running server
/// that reads uploads as deployed (in a child): each file refused with its code, and
/// the server still answers.
#[tokio::test]
async fn every_hostile_file_is_refused_and_the_server_survives_them_all() {
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sportello-sheets/tests/hostile");
    let manifest = std::fs::read_to_string(corpus.join("manifest")).unwrap();
    let s = Sandbox::start_with(50, 1, |c| {
        c.parser = Some(env!("CARGO_BIN_EXE_sportello-centrale").into());
    })
    .await;
    let token = s.login("master", None).await.token;
    let anno = current_year(&s, &token).await;
    let mut files = 0;
    for line in manifest
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (name, code) = line.split_once(' ').unwrap();
        let bytes = std::fs::read(corpus.join(name)).unwrap();
        let p = problem(
            upload(&s, &token, anno, bytes, None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FileNonValido,
        )
        .await;
        assert_eq!(p.errors[0].code, code.trim().to_lowercase(), "{name}");
        files += 1;
    }
    assert!(files >= 20, "the corpus has {files} files");
    let health = s.get(sportello_protocol::paths::HEALTH, None).await;
    assert_eq!(health.status(), StatusCode::OK, "the server still serves");
    assert!(uploads(&s, &token).await.is_empty(), "nothing was stored");
}
