//! Login, roles and scope, password policy and expiry, rate limit, tokens, users.

use std::sync::Arc;

use chrono::{Duration, SubsecRound};
use reqwest::{Method, StatusCode};
use sportello_protocol::auth::{
    NewUser, PasswordChange, PasswordChanged, Role, ScopeRequest, Session, User,
};
use sportello_protocol::{ErrorCode, paths};

use sportello_centrale::rate_limit::{MAX_FAILURES, MAX_FAILURES_PER_ADDRESS};

use crate::support::{Sandbox, ok, problem};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_gets_its_scope() {
    let sb = Sandbox::start(50, 4).await;
    let all = sb.branches().to_vec();
    let (first, last) = (all[0].clone(), all[3].clone());

    let master = sb.login("master", None).await;
    assert_eq!(
        (master.profile.role, master.scope.as_str()),
        (Role::Master, "tutte")
    );
    assert_eq!(
        master.scope_branches,
        {
            let mut a = all.clone();
            a.sort();
            a
        },
        "master: every branch"
    );
    assert_eq!(
        master.profile.branch_details,
        {
            let mut named = sportello_demo::branches(4);
            named.sort_by(|a, b| a.code.cmp(&b.code));
            named
        },
        "the login names the enabled branches, so a scope is chosen by name before any sync"
    );

    let sup = sb.login("super", None).await;
    assert_eq!(sup.profile.role, Role::Super);
    assert_eq!(
        sup.scope, "tutte",
        "master and super default to cross-branch"
    );
    assert_eq!(
        sup.scope_branches.len(),
        2,
        "the demo super has half of the branches"
    );
    let one = sb.login("super", Some(&format!("filiale:{first}"))).await;
    assert_eq!(
        (one.scope.clone(), one.scope_branches.clone()),
        (format!("filiale:{first}"), vec![first.clone()])
    );
    let p = problem(
        sb.try_login(
            "super",
            &sb.user("super").password,
            Some(&format!("filiale:{last}")),
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
    assert!(
        p.detail.contains(&last),
        "the detail names the branch: {}",
        p.detail
    );

    let op_name = format!("operatore.{}", first.to_lowercase());
    let op = sb.login(&op_name, None).await;
    assert_eq!(
        op.profile
            .branch_details
            .iter()
            .map(|b| b.code.clone())
            .collect::<Vec<_>>(),
        vec![first.clone()]
    );
    assert_eq!(
        (op.profile.role, op.scope.clone(), op.scope_branches.clone()),
        (
            Role::Operatore,
            format!("filiale:{first}"),
            vec![first.clone()]
        )
    );
    let pw = sb.user(&op_name).password.clone();
    problem(
        sb.try_login(&op_name, &pw, Some("tutte")).await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
    problem(
        sb.try_login(&op_name, &pw, Some(&format!("filiale:{last}")))
            .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
    problem(
        sb.try_login(&op_name, &pw, Some("FI01")).await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    let upper = sb.try_login(&op_name.to_uppercase(), &pw, None).await;
    assert_eq!(
        upper.status(),
        StatusCode::OK,
        "usernames are case-insensitive"
    );
    assert!(
        op.profile.password_expires_at > sb.clock_now() + Duration::days(85),
        "a fresh password lasts 3 months"
    );
}

impl Sandbox {
    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        use sportello_centrale::Clock;
        self.clock.now()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_are_one_answer_and_are_rate_limited() {
    let sb = Sandbox::start(10, 2).await;
    let p1 = problem(
        sb.try_login("master", "Sbagliata123", None).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::CredenzialiErrate,
    )
    .await;
    let p2 = problem(
        sb.try_login("nessuno", "Sbagliata123", None).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::CredenzialiErrate,
    )
    .await;
    assert_eq!(
        p1.detail, p2.detail,
        "an unknown user and a wrong password look the same"
    );

    for _ in 0..4 {
        problem(
            sb.try_login("master", "Sbagliata123", None).await,
            StatusCode::UNAUTHORIZED,
            ErrorCode::CredenzialiErrate,
        )
        .await;
    }
    let password = sb.user("master").password.clone();
    let limited = sb.try_login("master", &password, None).await;
    let retry: u64 = limited
        .headers()
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "retry after {retry}");
    problem(
        limited,
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::TroppiTentativi,
    )
    .await;
    assert_eq!(
        sb.try_login("super", &sb.user("super").password, None)
            .await
            .status(),
        StatusCode::OK,
        "the limit is per user"
    );
    sb.clock.advance(Duration::seconds(61));
    assert_eq!(
        sb.try_login("master", &password, None).await.status(),
        StatusCode::OK,
        "a minute later it works again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_password_must_be_changed_within_the_policy() {
    let sb = Sandbox::start(10, 2).await;
    let user = "operatore.fi01";
    let p0 = sb.user(user).password.clone();
    sb.clock.advance(Duration::days(93));
    problem(
        sb.try_login(user, &p0, None).await,
        StatusCode::FORBIDDEN,
        ErrorCode::PasswordScaduta,
    )
    .await;
    problem(
        sb.try_login(user, "Sbagliata123", None).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::CredenzialiErrate,
    )
    .await;

    let change = |old: &str, new: &str| PasswordChange {
        username: user.into(),
        old_password: old.into(),
        new_password: new.into(),
    };
    let bad = problem(
        sb.post(paths::PASSWORD, None, &change(&p0, "corta1")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    let codes: Vec<&str> = bad.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        ["password_troppo_corta", "password_senza_maiuscola"],
        "every broken rule is reported"
    );
    assert!(bad.errors.iter().all(|e| e.field == "new_password"));
    let same = problem(
        sb.post(paths::PASSWORD, None, &change(&p0, &p0)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    assert_eq!(same.errors[0].code, "password_gia_usata");
    let named = problem(
        sb.post(paths::PASSWORD, None, &change(&p0, "Operatore.fi01"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    assert!(
        named
            .errors
            .iter()
            .any(|e| e.code == "password_caratteri_non_ammessi")
    );
    problem(
        sb.post(paths::PASSWORD, None, &change("Sbagliata123", "Nuova12345"))
            .await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::CredenzialiErrate,
    )
    .await;

    let changed: PasswordChanged = ok(sb
        .post(paths::PASSWORD, None, &change(&p0, "Nuova12345"))
        .await)
    .await;
    assert!(changed.password_expires_at > sb.clock_now() + Duration::days(85));
    let session: Session = ok(sb.try_login(user, "Nuova12345", None).await).await;
    assert_eq!(
        session.profile.password_expires_at,
        changed.password_expires_at
    );
    problem(
        sb.try_login(user, &p0, None).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::CredenzialiErrate,
    )
    .await;

    // History: the last three (current included) are refused, the fourth is allowed.
    ok::<PasswordChanged>(
        sb.post(paths::PASSWORD, None, &change("Nuova12345", "Seconda1234"))
            .await,
    )
    .await;
    let again = problem(
        sb.post(paths::PASSWORD, None, &change("Seconda1234", &p0))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    assert_eq!(
        again.errors[0].code, "password_gia_usata",
        "the first password is still among the last three"
    );
    ok::<PasswordChanged>(
        sb.post(paths::PASSWORD, None, &change("Seconda1234", "Terza12345"))
            .await,
    )
    .await;
    ok::<PasswordChanged>(
        sb.post(paths::PASSWORD, None, &change("Terza12345", &p0))
            .await,
    )
    .await;

    // A password change revokes the sessions.
    let s = sb.login(user, None).await;
    ok::<PasswordChanged>(
        sb.post(paths::PASSWORD, None, &change(&p0, "Quarta12345"))
            .await,
    )
    .await;
    problem(
        sb.page(&s.token, None, 10).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_expire_and_can_be_revoked() {
    let sb = Sandbox::start_with(10, 2, |c| c.token_ttl = Duration::minutes(30)).await;
    problem(
        sb.page("", None, 10).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;
    problem(
        sb.page("inventato", None, 10).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;
    let s = sb.login("master", None).await;
    assert_eq!(
        s.expires_at,
        sb.clock_now().trunc_subsecs(6) + Duration::minutes(30)
    );
    assert_eq!(sb.page(&s.token, None, 10).await.status(), StatusCode::OK);
    sb.clock.advance(Duration::minutes(31));
    problem(
        sb.page(&s.token, None, 10).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::TokenScaduto,
    )
    .await;

    let s = sb.login("master", None).await;
    let out = sb
        .request(Method::POST, paths::LOGOUT, Some(&s.token), None::<&()>)
        .await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    problem(
        sb.page(&s.token, None, 10).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_switch_gives_a_new_token() {
    let sb = Sandbox::start(10, 4).await;
    let first = sb.branches()[0].clone();
    let s = sb.login("super", None).await;
    let switched: Session = ok(sb
        .post(
            paths::SCOPE,
            Some(&s.token),
            &ScopeRequest {
                scope: format!("filiale:{first}"),
            },
        )
        .await)
    .await;
    assert_eq!(switched.scope_branches, vec![first.clone()]);
    assert_ne!(switched.token, s.token);
    problem(
        sb.page(&s.token, None, 10).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;
    let last = sb.branches()[3].clone();
    problem(
        sb.post(
            paths::SCOPE,
            Some(&switched.token),
            &ScopeRequest {
                scope: format!("filiale:{last}"),
            },
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
    let op = sb
        .login(&format!("operatore.{}", first.to_lowercase()), None)
        .await;
    problem(
        sb.post(
            paths::SCOPE,
            Some(&op.token),
            &ScopeRequest {
                scope: "tutte".into(),
            },
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_master_creates_super_users() {
    let sb = Sandbox::start(10, 3).await;
    let branches = sb.branches().to_vec();
    let new = |name: &str, password: &str, branches: &[String]| NewUser {
        role: Role::Super,
        username: name.into(),
        password: password.into(),
        branches: branches.to_vec(),
        codice_fiscale: None,
        email: None,
    };
    let master = sb.login("master", None).await;
    let created = sb
        .post(
            paths::USERS,
            Some(&master.token),
            &new("super.nord", "Nord2026ab", &branches[1..]),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let user: User = ok(created).await;
    let mut expected = branches[1..].to_vec();
    expected.sort();
    assert_eq!(
        (user.role, user.branches.clone()),
        (Role::Super, expected),
        "branches come back sorted"
    );
    // The password given at creation is one-time: changed first, then the login works.
    problem(
        sb.try_login("super.nord", "Nord2026ab", None).await,
        StatusCode::FORBIDDEN,
        ErrorCode::PasswordScaduta,
    )
    .await;
    replace_password(&sb, "super.nord", "Nord2026ab", "Mia2026nord").await;
    let s: Session = ok(sb.try_login("super.nord", "Mia2026nord", None).await).await;
    let mut expected = branches[1..].to_vec();
    expected.sort();
    assert_eq!((s.profile.role, s.scope_branches), (Role::Super, expected));

    problem(
        sb.post(
            paths::USERS,
            Some(&master.token),
            &new("super.nord", "Nord2026ab", &branches),
        )
        .await,
        StatusCode::CONFLICT,
        ErrorCode::GiaEsistente,
    )
    .await;
    let bad = problem(
        sb.post(
            paths::USERS,
            Some(&master.token),
            &new("X", "nord", &["ZZ99".into()]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    let fields: Vec<(&str, &str)> = bad
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert!(
        fields.contains(&("username", "formato_non_valido")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("password", "password_troppo_corta")),
        "{fields:?}"
    );
    assert!(fields.contains(&("branches", "sconosciuto")), "{fields:?}");

    let sup = sb.login("super", None).await;
    problem(
        sb.post(
            paths::USERS,
            Some(&sup.token),
            &new("super.sud", "Sud2026abc", &branches[..1]),
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::NonAutorizzato,
    )
    .await;
    let op = sb.login("operatore.fi01", None).await;
    problem(
        sb.post(
            paths::USERS,
            Some(&op.token),
            &new("super.sud", "Sud2026abc", &branches[..1]),
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::NonAutorizzato,
    )
    .await;
    let narrow = sb
        .login("master", Some(&format!("filiale:{}", branches[0])))
        .await;
    problem(
        sb.post(
            paths::USERS,
            Some(&narrow.token),
            &new("super.sud", "Sud2026abc", &branches[1..2]),
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;

    let with_cf = |name: &str| NewUser {
        codice_fiscale: Some("RSSMRA85T10A562S".into()),
        ..new(name, "Centro2026x", &branches[..1])
    };
    assert_eq!(
        sb.post(paths::USERS, Some(&master.token), &with_cf("super.centro"))
            .await
            .status(),
        StatusCode::CREATED
    );
    problem(
        sb.post(paths::USERS, Some(&master.token), &with_cf("super.centro2"))
            .await,
        StatusCode::CONFLICT,
        ErrorCode::GiaEsistente,
    )
    .await;
}

/// The logins at once; their statuses.
async fn burst(sb: &Arc<Sandbox>, logins: Vec<(String, String)>) -> Vec<StatusCode> {
    let mut tries = tokio::task::JoinSet::new();
    for (user, password) in logins {
        let sb = sb.clone();
        tries.spawn(async move { sb.try_login(&user, &password, None).await.status() });
    }
    tries.join_all().await
}

fn assert_limited(statuses: &[StatusCode], most_failures: usize) {
    let failed = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(failed <= most_failures, "{failed} answered 401");
    assert_eq!(failed + limited, statuses.len(), "{statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_logins_for_one_user_is_limited() {
    let sb = Arc::new(Sandbox::start(10, 2).await);
    let wrong = vec![("master".to_string(), "Sbagliata123".to_string()); 50];
    assert_limited(&burst(&sb, wrong).await, MAX_FAILURES);
    let password = sb.user("master").password.clone();
    assert_eq!(
        sb.try_login("master", &password, None).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the right password too, within the window"
    );
    sb.clock.advance(Duration::seconds(61));
    assert_eq!(
        sb.try_login("master", &password, None).await.status(),
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_logins_from_one_address_is_limited() {
    let sb = Arc::new(Sandbox::start(10, 2).await);
    let wrong = (0..50)
        .map(|i| (format!("nessuno{i}"), "Sbagliata123".to_string()))
        .collect();
    assert_limited(&burst(&sb, wrong).await, MAX_FAILURES_PER_ADDRESS);
    let password = sb.user("master").password.clone();
    assert_eq!(
        sb.try_login("master", &password, None).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "any user from that address, within the window"
    );
    sb.clock.advance(Duration::seconds(61));
    assert_eq!(
        sb.try_login("master", &password, None).await.status(),
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_credentials_are_refused_before_any_check() {
    let sb = Sandbox::start(10, 2).await;
    let password = sb.user("master").password.clone();
    let long_name = "m".repeat(65);
    let long_password = "p".repeat(1025);
    // More than the address may fail: none of them reaches the limiter or a hash.
    for _ in 0..=MAX_FAILURES_PER_ADDRESS {
        problem(
            sb.try_login(&long_name, "Sbagliata123", None).await,
            StatusCode::BAD_REQUEST,
            ErrorCode::RichiestaNonValida,
        )
        .await;
        problem(
            sb.try_login("master", &long_password, None).await,
            StatusCode::BAD_REQUEST,
            ErrorCode::RichiestaNonValida,
        )
        .await;
    }
    let change = PasswordChange {
        username: "master".into(),
        old_password: password.clone(),
        new_password: long_password,
    };
    problem(
        sb.request(Method::POST, paths::PASSWORD, None, Some(&change))
            .await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    assert_eq!(
        sb.try_login("master", &password, None).await.status(),
        StatusCode::OK,
        "neither the user nor the address was charged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_master_manages_the_agencys_accounts() {
    use sportello_protocol::auth::{UserUpdate, Users};
    let sb = Sandbox::start(60, 4).await;
    let branches = sb.branches().to_vec();
    let master = sb.login("master", None).await;
    let user_path = |name: &str| paths::USER.replace("{username}", name);
    let patch = |token: String, name: String, body: UserUpdate| {
        let sb = &sb;
        async move {
            sb.request(Method::PATCH, &user_path(&name), Some(&token), Some(&body))
                .await
        }
    };

    // Who sees which accounts: master all, super those sharing a branch, operatore none.
    let all: Users = ok(sb.get(paths::USERS, Some(&master.token)).await).await;
    let names = |u: &Users| {
        u.users
            .iter()
            .map(|u| u.username.clone())
            .collect::<Vec<_>>()
    };
    let mut seeded: Vec<String> = sb_users(&sb).iter().map(|u| u.0.clone()).collect();
    seeded.sort();
    assert_eq!(names(&all), seeded);
    assert!(
        all.users
            .iter()
            .all(|u| u.enabled && !u.must_change_password)
    );
    let sup = sb.login("super", None).await;
    let theirs: Users = ok(sb.get(paths::USERS, Some(&sup.token)).await).await;
    let mut expected: Vec<String> = sb_users(&sb)
        .into_iter()
        .filter(|(_, b)| b.iter().any(|b| sup.profile.branches.contains(b)))
        .map(|(n, _)| n)
        .collect();
    expected.sort();
    assert_eq!(
        names(&theirs),
        expected,
        "a super: the accounts of its branches"
    );
    assert!(expected.len() < seeded.len());
    let op = sb
        .login(&format!("operatore.{}", branches[0].to_lowercase()), None)
        .await;
    problem(
        sb.get(paths::USERS, Some(&op.token)).await,
        StatusCode::FORBIDDEN,
        ErrorCode::NonAutorizzato,
    )
    .await;

    // An operatore has one branch; created with a one-time password.
    let new_op = |b: &[String]| NewUser {
        role: Role::Operatore,
        username: "mario.rossi".into(),
        password: "Inizio2026x".into(),
        branches: b.to_vec(),
        codice_fiscale: None,
        email: None,
    };
    let two = problem(
        sb.post(paths::USERS, Some(&master.token), &new_op(&branches[..2]))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
    assert_eq!(two.errors[0].code, "una_sola_filiale");
    let made: User = ok(sb
        .post(paths::USERS, Some(&master.token), &new_op(&branches[..1]))
        .await)
    .await;
    assert_eq!(made.role, Role::Operatore);
    assert!(made.must_change_password && made.enabled && made.last_access_at.is_none());
    assert_eq!(made.created_by.as_deref(), Some("master"));
    problem(
        sb.try_login("mario.rossi", "Inizio2026x", None).await,
        StatusCode::FORBIDDEN,
        ErrorCode::PasswordScaduta,
    )
    .await;
    replace_password(&sb, "mario.rossi", "Inizio2026x", "Rossi2026ok").await;
    let mario: Session = ok(sb.try_login("mario.rossi", "Rossi2026ok", None).await).await;
    let listed: Users = ok(sb.get(paths::USERS, Some(&master.token)).await).await;
    let row = listed
        .users
        .iter()
        .find(|u| u.username == "mario.rossi")
        .unwrap();
    assert!(!row.must_change_password && row.last_access_at.is_some());

    // Only a master changes accounts, and never a master's.
    problem(
        patch(
            sup.token.clone(),
            "mario.rossi".into(),
            UserUpdate {
                enabled: Some(false),
                branches: None,
                password: None,
            },
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::NonAutorizzato,
    )
    .await;
    problem(
        patch(
            master.token.clone(),
            "master".into(),
            UserUpdate {
                enabled: Some(false),
                branches: None,
                password: None,
            },
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::NonAutorizzato,
    )
    .await;

    // Disabled: the session ends at once and the right password no longer logs in.
    let off: User = ok(patch(
        master.token.clone(),
        "mario.rossi".into(),
        UserUpdate {
            enabled: Some(false),
            branches: None,
            password: None,
        },
    )
    .await)
    .await;
    assert!(!off.enabled);
    problem(
        sb.page(&mario.token, None, 10).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;
    problem(
        sb.try_login("mario.rossi", "Rossi2026ok", None).await,
        StatusCode::FORBIDDEN,
        ErrorCode::UtenzaDisabilitata,
    )
    .await;
    problem(
        sb.try_login("mario.rossi", "Sbagliata2026", None).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::CredenzialiErrate,
    )
    .await;
    // A forgotten password: a new one-time one, changed at the next access.
    let reset: User = ok(patch(
        master.token.clone(),
        "mario.rossi".into(),
        UserUpdate {
            enabled: Some(true),
            password: Some("Nuova2026abc".into()),
            ..UserUpdate::default()
        },
    )
    .await)
    .await;
    assert!(reset.must_change_password);
    problem(
        sb.try_login("mario.rossi", "Rossi2026ok", None).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::CredenzialiErrate,
    )
    .await;
    problem(
        sb.try_login("mario.rossi", "Nuova2026abc", None).await,
        StatusCode::FORBIDDEN,
        ErrorCode::PasswordScaduta,
    )
    .await;
    replace_password(&sb, "mario.rossi", "Nuova2026abc", "Mario2026ok").await;
    let _: User = ok(patch(
        master.token.clone(),
        "mario.rossi".into(),
        UserUpdate {
            enabled: Some(true),
            branches: None,
            password: None,
        },
    )
    .await)
    .await;
    let mario: Session = ok(sb.try_login("mario.rossi", "Mario2026ok", None).await).await;

    // Moved to another branch: the session ends; the next login sees that branch only.
    let (before, _) = sb.pull_from(&mario.token, None, 500).await;
    assert!(!crate::support::candidates(&before).is_empty());
    let moved: User = ok(patch(
        master.token.clone(),
        "mario.rossi".into(),
        UserUpdate {
            enabled: None,
            branches: Some(vec![branches[1].clone()]),
            password: None,
        },
    )
    .await)
    .await;
    assert_eq!(moved.branches, vec![branches[1].clone()]);
    problem(
        sb.page(&mario.token, None, 10).await,
        StatusCode::UNAUTHORIZED,
        ErrorCode::NonAutenticato,
    )
    .await;
    let mario: Session = ok(sb.try_login("mario.rossi", "Mario2026ok", None).await).await;
    assert_eq!(mario.scope_branches, vec![branches[1].clone()]);
    let (after, _) = sb.pull_from(&mario.token, None, 500).await;
    let seen: std::collections::BTreeSet<String> = crate::support::candidates(&after)
        .into_iter()
        .map(|(_, branch)| branch)
        .collect();
    assert_eq!(seen, [branches[1].clone()].into());
    problem(
        patch(
            master.token.clone(),
            "mario.rossi".into(),
            UserUpdate {
                enabled: None,
                branches: Some(vec!["ZZ99".into()]),
                password: None,
            },
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DatiNonCoerenti,
    )
    .await;
}

/// The seeded accounts: name and branches.
fn sb_users(sb: &Sandbox) -> Vec<(String, Vec<String>)> {
    ["master", "super"]
        .into_iter()
        .map(String::from)
        .chain(
            sb.branches()
                .iter()
                .map(|b| format!("operatore.{}", b.to_lowercase())),
        )
        .map(|n| {
            let u = sb.user(&n);
            (n, u.branches.clone())
        })
        .collect()
}

/// The password change a new account's first access asks for.
async fn replace_password(sb: &Sandbox, username: &str, old: &str, new: &str) {
    let _: PasswordChanged = ok(sb
        .post(
            paths::PASSWORD,
            None,
            &PasswordChange {
                username: username.into(),
                old_password: old.into(),
                new_password: new.into(),
            },
        )
        .await)
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_super_user_chooses_the_branches_of_the_pad() {
    use sportello_protocol::configurazione::{
        ConfigurazionePad, ModificaPad, SceltaPad, paths as conf,
    };
    use sportello_protocol::sync::{Change, ChangesPage};
    let sb = Sandbox::start(60, 4).await;
    let sup = sb.login("super", None).await;
    let mut own = sup.profile.branches.clone();
    own.sort();
    let read: ConfigurazionePad = ok(sb.get(conf::PAD, Some(&sup.token)).await).await;
    assert_eq!(
        read.filiali
            .iter()
            .map(|f| f.code.clone())
            .collect::<Vec<_>>(),
        own,
        "a super configures its own branches"
    );
    assert!(
        read.filiali
            .iter()
            .all(|f| f.selezionabile && f.modificata_da.is_none())
    );
    assert!(read.province_scoperte.is_empty());

    // An operatore of the first branch, synced before the change.
    let op_name = format!("operatore.{}", own[0].to_lowercase());
    let op = sb.login(&op_name, None).await;
    let (_, cursor) = sb.pull_from(&op.token, None, 500).await;
    problem(
        sb.get(conf::PAD, Some(&op.token)).await,
        StatusCode::FORBIDDEN,
        ErrorCode::NonAutorizzato,
    )
    .await;

    // All at once off: the provinces of those branches are left without one.
    let all_off = ModificaPad {
        filiali: own
            .iter()
            .map(|c| SceltaPad {
                code: c.clone(),
                selezionabile: false,
            })
            .collect(),
    };
    let put = |token: String, body: ModificaPad| {
        let sb = &sb;
        async move {
            sb.request(Method::PUT, conf::PAD, Some(&token), Some(&body))
                .await
        }
    };
    let after: ConfigurazionePad = ok(put(sup.token.clone(), all_off).await).await;
    assert!(
        after
            .filiali
            .iter()
            .all(|f| !f.selezionabile && f.modificata_da.as_deref() == Some("super"))
    );
    let branches = sportello_demo::branches(4);
    let mut expected: Vec<String> = branches
        .iter()
        .filter(|b| own.contains(&b.code))
        .map(|b| b.provincia.clone())
        .filter(|p| {
            !branches
                .iter()
                .any(|b| !own.contains(&b.code) && &b.provincia == p)
        })
        .collect();
    expected.sort();
    expected.dedup();
    assert!(
        !expected.is_empty(),
        "some province has only the super's branches"
    );
    assert_eq!(after.province_scoperte, expected);

    // The operatore's next pull carries the branch with its new choice.
    let page: ChangesPage = ok(sb.page(&op.token, Some(&cursor), 500).await).await;
    let pulled: Vec<_> = page
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Branch { branch, .. } => Some((branch.code.clone(), branch.pad)),
            _ => None,
        })
        .collect();
    assert_eq!(pulled, vec![(own[0].clone(), false)]);

    // Another branch is not the super's; an unchanged choice records nothing.
    let other = branches.iter().find(|b| !own.contains(&b.code)).unwrap();
    problem(
        put(
            sup.token.clone(),
            ModificaPad {
                filiali: vec![SceltaPad {
                    code: other.code.clone(),
                    selezionabile: false,
                }],
            },
        )
        .await,
        StatusCode::FORBIDDEN,
        ErrorCode::FuoriAmbito,
    )
    .await;
    let (_, cursor) = sb.pull_from(&op.token, Some(page.next_cursor), 500).await;
    let again = ModificaPad {
        filiali: vec![SceltaPad {
            code: own[0].clone(),
            selezionabile: false,
        }],
    };
    let _: ConfigurazionePad = ok(put(sup.token.clone(), again).await).await;
    let page: ChangesPage = ok(sb.page(&op.token, Some(&cursor), 500).await).await;
    assert!(page.changes.is_empty(), "nothing changed, nothing to pull");
}
