//! Tests shared by the Node and the headless-Chromium suites: they call the exported API
//! against the stand-in (standin/server.mjs) and check what the stand-in saw.

use gloo_net::http::Request;
use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The stand-in's URL, baked in at compile time: `ZTS_STANDIN_URL`, else where `make standin` puts it.
pub const STANDIN: &str = match option_env!("ZTS_STANDIN_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8788",
};

/// A token the stand-in accepts.
pub const TOKEN: &str = "test-token-0123456789abcdef";
/// An email + key pair the stand-in accepts.
pub const EMAIL: &str = "admin@example.com";
/// The key of that pair.
pub const KEY: &str = "0123456789abcdef0123456789abcdef01234";

/// Panics with how to start the stand-in when it does not answer its control API.
pub async fn assert_standin_reachable() {
    let how = "start it with `make standin` (README, Tests)";
    let url = format!("{STANDIN}/__standin/requests?account=reachability");
    match Request::get(&url).send().await {
        Err(err) => panic!("the stand-in is not reachable at {STANDIN}: {how} [{err}]"),
        Ok(response) if !response.ok() => panic!(
            "{STANDIN} is not the stand-in (GET /__standin/requests answered {}): {how}",
            response.status()
        ),
        Ok(_) => {}
    }
}

/// Replaces an account's seats in the stand-in.
pub async fn seed(account: &str, uids: &[&str]) {
    let seats: Vec<String> = uids
        .iter()
        .map(|uid| format!(r#"{{"seat_uid":"{uid}","access_seat":true,"gateway_seat":true}}"#))
        .collect();
    let url = format!("{STANDIN}/__standin/accounts/{account}/seats");
    let response = Request::put(&url)
        .header("Content-Type", "application/json")
        .body(format!("[{}]", seats.join(",")))
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(response.ok(), "seeding failed: {}", response.status());
}

/// Queues faults (a JSON array of fault objects) for the account's next PATCH requests.
pub async fn faults(account: &str, faults_json: &str) {
    let with_account = js(faults_json);
    for fault in js_sys::Array::from(&with_account).iter() {
        Reflect::set(&fault, &"account".into(), &account.into()).unwrap();
    }
    let body = js_sys::JSON::stringify(&with_account)
        .unwrap()
        .as_string()
        .unwrap();
    let response = Request::post(&format!("{STANDIN}/__standin/faults"))
        .header("Content-Type", "application/json")
        .body(body)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(
        response.ok(),
        "queueing faults failed: {}",
        response.status()
    );
}

/// Options aimed at the stand-in with a token plus the given extra JSON members.
pub fn options_with(extra_json: &str) -> JsValue {
    let options = token_options();
    let extra = js(extra_json);
    js_sys::Object::assign(&options.clone().into(), &extra.into());
    options
}

/// An edit of one seat, fully granted.
pub fn one_seat(uid: &str) -> JsValue {
    js(&format!(
        r#"[{{"seat_uid":"{uid}","access_seat":true,"gateway_seat":true}}]"#
    ))
}

/// An `AbortController` that aborts after `ms` milliseconds.
pub fn abort_after(ms: u32) -> web_sys::AbortController {
    let controller = web_sys::AbortController::new().unwrap();
    let abort = js_sys::Function::new_with_args("c", "c.abort()");
    let set_timeout: js_sys::Function = Reflect::get(&js_sys::global(), &"setTimeout".into())
        .unwrap()
        .unchecked_into();
    set_timeout
        .call3(
            &JsValue::UNDEFINED,
            &abort.bind1(&JsValue::NULL, &controller),
            &ms.into(),
            &JsValue::UNDEFINED,
        )
        .unwrap();
    controller
}

/// Milliseconds since the epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// The requests the stand-in recorded for an account, as a JS array.
pub async fn recorded(account: &str) -> js_sys::Array {
    let url = format!("{STANDIN}/__standin/requests?account={account}");
    let text = Request::get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    js_sys::JSON::parse(&text).unwrap().unchecked_into()
}

/// Only the PATCH requests the stand-in recorded for an account (browsers also preflight).
pub async fn patches(account: &str) -> Vec<JsValue> {
    let all = recorded(account).await;
    all.iter()
        .filter(|r| text(r, "method").as_deref() == Some("PATCH"))
        .collect()
}

/// Replaces an account's users (and their registrations) in the stand-in; `users_json` is the
/// control API's array of users.
pub async fn seed_users(account: &str, users_json: &str) {
    let url = format!("{STANDIN}/__standin/accounts/{account}/users");
    let response = Request::put(&url)
        .header("Content-Type", "application/json")
        .body(users_json.to_string())
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(response.ok(), "seeding users failed: {}", response.status());
}

/// The query strings of the GET requests the stand-in recorded for an account, in order.
pub async fn get_queries(account: &str) -> Vec<String> {
    recorded(account)
        .await
        .iter()
        .filter(|r| text(r, "method").as_deref() == Some("GET"))
        .map(|r| {
            let url = text(&r, "url").unwrap();
            let path = text(&r, "path").unwrap();
            let tail = url.split_once('?').map_or("", |(_, q)| q);
            format!("{path}?{tail}")
        })
        .collect()
}

/// The account's seats in the stand-in, as a JS array.
pub async fn state(account: &str) -> js_sys::Array {
    let url = format!("{STANDIN}/__standin/accounts/{account}/seats");
    let text = Request::get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    js_sys::JSON::parse(&text).unwrap().unchecked_into()
}

/// Reads `a.b.c` from a JS value.
pub fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    })
}

/// `get` as a string, or `None`.
pub fn text(value: &JsValue, path: &str) -> Option<String> {
    get(value, path).as_string()
}

/// Builds a JS value from JSON text.
pub fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// Awaits a promise the API returned.
pub async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// Options with a token, aimed at the stand-in.
pub fn token_options() -> JsValue {
    js(&format!(
        r#"{{"apiToken":"{TOKEN}","baseUrl":"{STANDIN}"}}"#
    ))
}

/// Defines every shared test in the calling file; `$tag` keeps accounts apart per suite.
#[macro_export]
macro_rules! seat_tests {
    ($tag:literal) => {
        use common::*;
        use wasm_bindgen::{JsCast, JsValue};
        use wasm_bindgen_test::wasm_bindgen_test;
        use zero_trust_seats::{edit_seats, find_users_by_email_once, list_users_once, Client};

        /// Five users, a case-differing pair among them, with registrations (one revoked).
        fn five_users() -> String {
            let user = |i: u32, email: &str, devices: &str| format!(
                r#"{{"id":"user-{i}","email":"{email}","name":"User {i}","seat_uid":"seat-{i}","access_seat":true,"gateway_seat":{},
                    "last_successful_login":"2026-11-0{i}T10:00:00Z","registrations":[{devices}]}}"#,
                i % 2 == 0
            );
            let device = |id: &str, revoked: &str| format!(
                r#"{{"id":"{id}","last_seen_at":"2026-11-20T08:00:00Z","revoked_at":{revoked}}}"#
            );
            let users = [
                user(1, "ann@example.com", &device("reg-1", "null")),
                user(2, "Dana.Lee@example.com", ""),
                user(3, "dana.lee@example.com", &format!("{},{}", device("reg-3a", "null"), device("reg-3b", r#""2026-11-21T00:00:00Z""#))),
                user(4, "a+b@example.com", &device("reg-4", "null")),
                user(5, "annie@example.com", ""),
            ];
            format!("[{}]", users.join(","))
        }

        fn ids(list: &JsValue) -> Vec<String> {
            js_sys::Array::from(list).iter().map(|item| text(&item, "id").unwrap()).collect()
        }

        // wasm-bindgen-test runs a file's tests in reverse order of their names (it pops them
        // off its list, which comes sorted by name), so this one runs first: without a
        // stand-in, the first failure says how to start it (tests/js/wasm-pack-standalone.test.mjs).
        #[wasm_bindgen_test]
        async fn zz_runs_first_the_stand_in_answers() {
            assert_standin_reachable().await;
        }

        #[wasm_bindgen_test]
        async fn list_users_follows_pages_with_exact_requests_and_progress() {
            let account = concat!($tag, "users");
            seed_users(account, &five_users()).await;
            let client = Client::new(Some(token_options())).unwrap();
            let progress = js_sys::Array::new();
            let record = js_sys::Function::new_with_args("log, p", "log.push(p.done + '/' + p.total)").bind1(&JsValue::NULL, &progress);
            let options = js("{}");
            js_sys::Reflect::set(&options, &"onProgress".into(), &record).unwrap();
            let users = settle(client.list_users(account.into(), js(r#"{"perPage":2}"#), Some(options))).await.expect("listed");
            assert_eq!(ids(&users), ["user-1", "user-2", "user-3", "user-4", "user-5"]);
            assert_eq!(text(&js_sys::Array::from(&users).get(3), "email").as_deref(), Some("a+b@example.com"));
            let path = format!("/accounts/{account}/access/users");
            assert_eq!(
                get_queries(account).await,
                [1, 2, 3].map(|p| format!("{path}?per_page=2&page={p}"))
            );
            let seen: Vec<String> = progress.iter().map(|p| p.as_string().unwrap()).collect();
            assert_eq!(seen, ["2/5", "4/5", "5/5"]);
        }

        #[wasm_bindgen_test]
        async fn list_registrations_follows_cursors_and_sends_the_filters() {
            let account = concat!($tag, "devices");
            seed_users(account, &five_users()).await;
            let client = Client::new(Some(token_options())).unwrap();
            let query = js(r#"{"status":"all","perPage":2,"seenAfter":"2026-01-01T00:00:00Z"}"#);
            let devices = settle(client.list_device_registrations(account.into(), query, None)).await.expect("listed");
            let mut got = ids(&devices);
            got.sort();
            assert_eq!(got, ["reg-1", "reg-3a", "reg-3b", "reg-4"]);
            let queries = get_queries(account).await;
            assert_eq!(queries.len(), 2);
            let path = format!("/accounts/{account}/devices/registrations");
            assert_eq!(queries[0], format!("{path}?status=all&seen_after=2026-01-01T00%3A00%3A00Z&per_page=2"));
            assert!(queries[1].starts_with(&format!("{path}?status=all&seen_after=2026-01-01T00%3A00%3A00Z&per_page=2&cursor=")), "{}", queries[1]);
            // Without status the API's default (active) applies: the revoked one is not listed.
            let active = settle(client.list_device_registrations(account.into(), JsValue::UNDEFINED, None)).await.expect("listed");
            assert_eq!(js_sys::Array::from(&active).length(), 3);
        }

        #[wasm_bindgen_test]
        async fn find_users_by_email_matches_exactly_from_one_page() {
            let account = concat!($tag, "find");
            seed_users(account, &five_users()).await;
            let emails = js(r#"[" ANN@example.com ", "dana.lee@example.com", "nobody@example.com", "ann@example.com"]"#);
            let matches = settle(find_users_by_email_once(account.into(), emails, Some(token_options()))).await.expect("found");
            assert_eq!(text(&matches, "found.0.email").as_deref(), Some("ANN@example.com"));
            assert_eq!(text(&matches, "found.0.user.id").as_deref(), Some("user-1"));
            assert_eq!(js_sys::Array::from(&get(&matches, "found")).length(), 1, "annie is no match");
            assert_eq!(text(&matches, "missing.0").as_deref(), Some("nobody@example.com"));
            assert_eq!(text(&matches, "ambiguous.0.email").as_deref(), Some("dana.lee@example.com"));
            assert_eq!(ids(&get(&matches, "ambiguous.0.users")), ["user-2", "user-3"]);
            // The first page held everyone: no further request.
            let path = format!("/accounts/{account}/access/users");
            assert_eq!(get_queries(account).await, [format!("{path}?per_page=1000&page=1")]);
        }

        #[wasm_bindgen_test]
        async fn a_429_mid_listing_is_retried_and_the_listing_completes() {
            let account = concat!($tag, "users429");
            seed_users(account, &five_users()).await;
            faults(account, r#"[{"route":"users","delayMs":1},{"route":"users","status":429,"headers":{"retry-after-ms":"5"}}]"#).await;
            let options = token_options();
            let users = settle(list_users_once(account.into(), js(r#"{"perPage":2}"#), Some(options))).await.expect("listed");
            assert_eq!(ids(&users).len(), 5);
            let path = format!("/accounts/{account}/access/users");
            assert_eq!(
                get_queries(account).await,
                [1, 2, 2, 3].map(|p| format!("{path}?per_page=2&page={p}"))
            );
        }

        #[wasm_bindgen_test]
        async fn a_bad_query_is_a_validation_error_and_sends_nothing() {
            let account = concat!($tag, "badquery");
            seed_users(account, &five_users()).await;
            let client = Client::new(Some(token_options())).unwrap();
            let err = settle(client.list_users(account.into(), js(r#"{"perPage":1001}"#), None)).await.unwrap_err();
            assert_eq!(text(&err, "name").as_deref(), Some("ValidationError"));
            assert_eq!(text(&err, "field").as_deref(), Some("query.perPage"));
            let err = settle(client.find_users_by_email(account.into(), js(r#"["a@b.c", "nope"]"#), None)).await.unwrap_err();
            assert_eq!(text(&err, "field").as_deref(), Some("emails[1]"));
            assert_eq!(text(&err, "message").as_deref(), Some("emails[1] must be an email address (name@domain)"));
            assert!(get_queries(account).await.is_empty());
        }

        #[wasm_bindgen_test]
        async fn token_edit_sends_exact_request_and_parses_the_page() {
            let account = concat!($tag, "token");
            seed(account, &["s-1", "s-2"]).await;
            // The body goes out as the caller's own JSON text: the text checked is the text sent.
            let body = js(
                r#"[{"seat_uid":"s-1","access_seat":false,"gateway_seat":false},
                              {"seat_uid":"s-2","access_seat":true,"gateway_seat":false}]"#,
            );
            let page = settle(edit_seats(account.into(), body, Some(token_options())))
                .await
                .expect("edit succeeds");
            assert_eq!(get(&page, "success"), JsValue::TRUE);
            assert_eq!(text(&page, "result.0.seat_uid").as_deref(), Some("s-1"));
            assert_eq!(get(&page, "result.0.access_seat"), JsValue::FALSE);
            assert_eq!(get(&page, "result.1.access_seat"), JsValue::TRUE);
            assert_eq!(get(&page, "result.1.gateway_seat"), JsValue::FALSE);
            assert!(text(&page, "result.1.updated_at").is_some());
            assert_eq!(get(&page, "result_info.count").as_f64(), Some(2.0));

            let patches = patches(account).await;
            assert_eq!(patches.len(), 1);
            let seen = &patches[0];
            assert_eq!(
                text(seen, "path"),
                Some(format!("/accounts/{account}/access/seats"))
            );
            assert_eq!(
                text(seen, "headers.authorization"),
                Some(format!("Bearer {TOKEN}"))
            );
            assert_eq!(
                text(seen, "headers.content-type").as_deref(),
                Some("application/json")
            );
            assert_eq!(
                text(seen, "headers.accept").as_deref(),
                Some("application/json")
            );
            assert!(get(seen, "headers.x-auth-email").is_undefined());
            assert!(get(seen, "headers.x-auth-key").is_undefined());
            assert_eq!(
                text(seen, "body").as_deref(),
Some(concat!(
                    r#"[{"seat_uid":"s-1","access_seat":false,"gateway_seat":false},"#,
                    r#"{"seat_uid":"s-2","access_seat":true,"gateway_seat":false}]"#
                ))
            );
            let left = state(account).await;
            assert_eq!(left.length(), 1, "s-1 was removed");
            assert_eq!(text(&left.get(0), "seat_uid").as_deref(), Some("s-2"));
        }

        #[wasm_bindgen_test]
        async fn client_with_email_and_key_sends_both_headers() {
            let account = concat!($tag, "legacy");
            seed(account, &["k-1"]).await;
            let options = js(&format!(
                r#"{{"apiEmail":"{EMAIL}","apiKey":"{KEY}","baseUrl":"{STANDIN}/"}}"#
            ));
            let client = Client::new(Some(options)).expect("valid options");
            let body = js(r#"[{"seat_uid":"k-1","access_seat":true,"gateway_seat":false}]"#);
            let page = settle(client.edit_seats(account.into(), body, None))
                .await
                .expect("edit succeeds");
            assert_eq!(text(&page, "result.0.seat_uid").as_deref(), Some("k-1"));
            let seen = patches(account).await.remove(0);
            assert_eq!(
                text(&seen, "path"),
                Some(format!("/accounts/{account}/access/seats"))
            );
            assert_eq!(text(&seen, "headers.x-auth-email").as_deref(), Some(EMAIL));
            assert_eq!(text(&seen, "headers.x-auth-key").as_deref(), Some(KEY));
            assert!(get(&seen, "headers.authorization").is_undefined());
        }

        #[wasm_bindgen_test]
        async fn forbidden_token_throws_permission_denied_with_codes_and_ray() {
            let account = concat!($tag, "forbidden");
            seed(account, &["f-1"]).await;
            let options = js(&format!(
                r#"{{"apiToken":"forbidden-token-0123456789abcdef","baseUrl":"{STANDIN}"}}"#
            ));
            let body = js(r#"[{"seat_uid":"f-1","access_seat":false,"gateway_seat":false}]"#);
            let err = settle(edit_seats(account.into(), body, Some(options)))
                .await
                .unwrap_err();
            assert!(err.is_instance_of::<js_sys::Error>());
            assert_eq!(text(&err, "name").as_deref(), Some("PermissionDeniedError"));
            assert_eq!(
                text(&err, "message").as_deref(),
                Some("403 [10000] Authentication error")
            );
            assert_eq!(get(&err, "status").as_f64(), Some(403.0));
            assert_eq!(get(&err, "errors.0.code").as_f64(), Some(10000.0));
            assert!(
                text(&err, "rayId").is_some_and(|ray| ray.ends_with("-SJC")),
                "cf-ray is exposed"
            );
            assert_eq!(state(account).await.length(), 1, "nothing applied");
        }

        #[wasm_bindgen_test]
        async fn invalid_body_throws_validation_error_and_sends_nothing() {
            let account = concat!($tag, "invalid");
            seed(account, &["v-1"]).await;
            let body = js(r#"[{"seat_uid":"v-1","acess_seat":false,"gateway_seat":false}]"#);
            let err = settle(edit_seats(account.into(), body, Some(token_options())))
                .await
                .unwrap_err();
            assert_eq!(text(&err, "name").as_deref(), Some("ValidationError"));
            assert_eq!(text(&err, "field").as_deref(), Some("body[0].acess_seat"));
            assert_eq!(get(&err, "attempts").as_f64(), Some(0.0));
            assert_eq!(
                recorded(account).await.length(),
                0,
                "no request left the process"
            );
        }

        #[wasm_bindgen_test]
        async fn token_never_appears_in_an_error() {
            let account = concat!($tag, "secret");
            let options = js(&format!(
                r#"{{"apiToken":"{TOKEN}","baseUrl":"http://127.0.0.1:9"}}"#
            ));
            let body = js(r#"[{"seat_uid":"x","access_seat":true,"gateway_seat":true}]"#);
            let err = settle(edit_seats(account.into(), body, Some(options)))
                .await
                .unwrap_err();
            assert_eq!(text(&err, "name").as_deref(), Some("APIConnectionError"));
            let shown = format!(
                "{} {}",
                js_sys::JSON::stringify(&err).unwrap().as_string().unwrap(),
                text(&err, "message").unwrap()
            );
            assert!(!shown.contains(TOKEN), "{shown}");
        }

        #[wasm_bindgen_test]
        async fn a_hung_attempt_times_out_with_the_timeout_class() {
            let account = concat!($tag, "timeout");
            seed(account, &["t-1"]).await;
            faults(account, r#"[{"hang":true}]"#).await;
            let options = options_with(r#"{"timeoutMs":300,"maxRetries":0}"#);
            let err = settle(edit_seats(account.into(), one_seat("t-1"), Some(options))).await.unwrap_err();
            assert_eq!(text(&err, "name").as_deref(), Some("APIConnectionTimeoutError"));
            assert_eq!(text(&err, "message").as_deref(), Some("no answer within 300 ms (timeoutMs)"));
            assert_eq!(get(&err, "attempts").as_f64(), Some(1.0));
        }

        #[wasm_bindgen_test]
        async fn a_timeout_is_retried_and_the_retry_succeeds() {
            let account = concat!($tag, "timeoutretry");
            seed(account, &["t-2"]).await;
            faults(account, r#"[{"hang":true}]"#).await;
            let options = options_with(r#"{"timeoutMs":2000,"maxRetries":1}"#);
            let page = settle(edit_seats(account.into(), one_seat("t-2"), Some(options))).await.expect("second attempt answers");
            assert_eq!(text(&page, "result.0.seat_uid").as_deref(), Some("t-2"));
            assert_eq!(patches(account).await.len(), 2);
        }

        #[wasm_bindgen_test]
        async fn server_errors_are_retried_with_the_asked_wait() {
            let account = concat!($tag, "retry503");
            seed(account, &["r-1"]).await;
            faults(account, r#"[{"status":503,"headers":{"retry-after-ms":"20"}},
                               {"status":429,"headers":{"retry-after-ms":"20"}}]"#).await;
            let page = settle(edit_seats(account.into(), one_seat("r-1"), Some(token_options())))
                .await
                .expect("third attempt succeeds");
            assert_eq!(get(&page, "success"), JsValue::TRUE);
            let sent = patches(account).await;
            assert_eq!(sent.len(), 3);
            assert!(sent.iter().all(|r| text(r, "body") == text(&sent[0], "body")), "same request each time");
        }

        #[wasm_bindgen_test]
        async fn retries_give_up_after_max_retries_with_the_attempt_count() {
            let account = concat!($tag, "giveup");
            seed(account, &["g-1"]).await;
            faults(account, r#"[{"status":500,"headers":{"retry-after-ms":"5"}},{"status":502,"headers":{"retry-after-ms":"5"}}]"#).await;
            let options = options_with(r#"{"maxRetries":1}"#);
            let err = settle(edit_seats(account.into(), one_seat("g-1"), Some(options))).await.unwrap_err();
            assert_eq!(text(&err, "name").as_deref(), Some("InternalServerError"));
            assert_eq!(get(&err, "status").as_f64(), Some(502.0));
            assert_eq!(get(&err, "attempts").as_f64(), Some(2.0));
            assert_eq!(get(&err, "retryAfterMs").as_f64(), Some(5.0));
            assert_eq!(patches(account).await.len(), 2);
        }

        #[wasm_bindgen_test]
        async fn x_should_retry_false_stops_at_once() {
            let account = concat!($tag, "noretry");
            seed(account, &["n-1"]).await;
            faults(account, r#"[{"status":503,"headers":{"x-should-retry":"false"}}]"#).await;
            let err = settle(edit_seats(account.into(), one_seat("n-1"), Some(token_options()))).await.unwrap_err();
            assert_eq!(text(&err, "name").as_deref(), Some("InternalServerError"));
            assert_eq!(get(&err, "attempts").as_f64(), Some(1.0));
            assert_eq!(patches(account).await.len(), 1);
        }

        #[wasm_bindgen_test]
        async fn a_long_retry_after_is_left_to_the_caller() {
            let account = concat!($tag, "longwait");
            seed(account, &["l-1"]).await;
            faults(account, r#"[{"status":429,"headers":{"retry-after":"120"}}]"#).await;
            let started = now();
            let err = settle(edit_seats(account.into(), one_seat("l-1"), Some(token_options()))).await.unwrap_err();
            assert!(now() - started < 5_000.0, "did not wait");
            assert_eq!(text(&err, "name").as_deref(), Some("RateLimitError"));
            assert_eq!(get(&err, "retryAfterMs").as_f64(), Some(120_000.0));
            assert_eq!(get(&err, "attempts").as_f64(), Some(1.0));
        }

        #[wasm_bindgen_test]
        async fn abort_cuts_a_pending_request() {
            let account = concat!($tag, "abortreq");
            seed(account, &["a-1"]).await;
            faults(account, r#"[{"hang":true}]"#).await;
            let controller = abort_after(150);
            let options = options_with("{}");
            js_sys::Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
            let started = now();
            let err = settle(edit_seats(account.into(), one_seat("a-1"), Some(options))).await.unwrap_err();
            assert!(now() - started < 5_000.0);
            assert_eq!(text(&err, "name").as_deref(), Some("APIUserAbortError"));
            // Under load the abort may even beat the request out of the door: never a retry.
            assert!(patches(account).await.len() <= 1, "not retried");
        }

        #[wasm_bindgen_test]
        async fn abort_cuts_a_backoff_wait() {
            let account = concat!($tag, "abortwait");
            seed(account, &["a-2"]).await;
            faults(account, r#"[{"status":503,"headers":{"retry-after":"30"}}]"#).await;
            // Abort 50 ms after the first answer arrived: inside the 30 s wait, however slow the machine.
            let controller = web_sys::AbortController::new().unwrap();
            let fetch_then_abort = js_sys::Function::new_with_args(
                "controller, url, init",
                "return fetch(url, init).then((r) => { setTimeout(() => controller.abort(), 50); return r; });",
            )
            .bind1(&JsValue::NULL, &controller);
            let options = options_with("{}");
            js_sys::Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
            js_sys::Reflect::set(&options, &"fetch".into(), &fetch_then_abort).unwrap();
            let started = now();
            let err = settle(edit_seats(account.into(), one_seat("a-2"), Some(options))).await.unwrap_err();
            assert!(now() - started < 5_000.0, "the 30 s wait was cut short");
            assert_eq!(text(&err, "name").as_deref(), Some("APIUserAbortError"));
            assert_eq!(get(&err, "attempts").as_f64(), Some(1.0));
            assert_eq!(patches(account).await.len(), 1);
        }

        #[wasm_bindgen_test]
        async fn an_already_aborted_signal_sends_nothing() {
            let account = concat!($tag, "preaborted");
            let controller = web_sys::AbortController::new().unwrap();
            controller.abort();
            let options = options_with("{}");
            js_sys::Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
            let err = settle(edit_seats(account.into(), one_seat("p-1"), Some(options))).await.unwrap_err();
            assert_eq!(text(&err, "name").as_deref(), Some("APIUserAbortError"));
            assert_eq!(recorded(account).await.length(), 0);
        }

        #[wasm_bindgen_test]
        async fn default_and_call_headers_are_sent_and_call_headers_win() {
            let account = concat!($tag, "headers");
            seed(account, &["h-1"]).await;
            let client = Client::new(Some(options_with(r#"{"defaultHeaders":{"X-Client":"dash","X-Trace":"a"}}"#))).unwrap();
            let call = js(r#"{"headers":{"x-trace":"b"}}"#);
            settle(client.edit_seats(account.into(), one_seat("h-1"), Some(call))).await.expect("edit succeeds");
            let seen = patches(account).await.remove(0);
            assert_eq!(text(&seen, "headers.x-client").as_deref(), Some("dash"));
            assert_eq!(text(&seen, "headers.x-trace").as_deref(), Some("b"));
            assert_eq!(text(&seen, "headers.authorization"), Some(format!("Bearer {TOKEN}")));
        }

        #[wasm_bindgen_test]
        async fn a_custom_fetch_is_used_for_every_attempt() {
            let account = concat!($tag, "customfetch");
            seed(account, &["c-1"]).await;
            faults(account, r#"[{"status":503,"headers":{"retry-after-ms":"5"}}]"#).await;
            let counting = js_sys::Function::new_with_args(
                "url, init",
                "globalThis.__ztsFetches = (globalThis.__ztsFetches || []); \
                 globalThis.__ztsFetches.push(init.method + ' ' + url); return fetch(url, init);",
            );
            let options = options_with("{}");
            js_sys::Reflect::set(&options, &"fetch".into(), &counting).unwrap();
            settle(edit_seats(account.into(), one_seat("c-1"), Some(options))).await.expect("edit succeeds");
            let calls = js_sys::Array::from(&get(&js_sys::global(), "__ztsFetches"));
            let want = format!("PATCH {STANDIN}/accounts/{account}/access/seats");
            let mine: Vec<String> = calls.iter().filter_map(|c| c.as_string()).filter(|c| *c == want).collect();
            assert_eq!(mine.len(), 2, "{:?}", calls);
        }

        #[wasm_bindgen_test]
        async fn a_200_html_page_is_an_invalid_response_not_retried() {
            let account = concat!($tag, "html200");
            seed(account, &["i-1"]).await;
            faults(account, r#"[{"status":200,"body":"<!DOCTYPE html><title>Login</title>","headers":{"content-type":"text/html"}}]"#).await;
            let err = settle(edit_seats(account.into(), one_seat("i-1"), Some(token_options()))).await.unwrap_err();
            assert_eq!(text(&err, "name").as_deref(), Some("InvalidResponseError"));
            assert_eq!(get(&err, "status").as_f64(), Some(200.0));
            assert_eq!(patches(account).await.len(), 1);
        }

        #[wasm_bindgen_test]
        async fn batches_join_results_in_body_order_and_report_progress() {
            let account = concat!($tag, "batches");
            let uids: Vec<String> = (0..10).map(|i| format!("b-{i}")).collect();
            seed(account, &uids.iter().map(String::as_str).collect::<Vec<_>>()).await;
            let body = js_sys::Array::new();
            for uid in &uids {
                body.push(&js(&format!(r#"{{"seat_uid":"{uid}","access_seat":false,"gateway_seat":true}}"#)));
            }
            let progress = js_sys::Array::new();
            let record = js_sys::Function::new_with_args("log, p", "log.push(p.done + '/' + p.total)").bind1(&JsValue::NULL, &progress);
            let options = options_with(r#"{"batchSize":4,"concurrency":2}"#);
            js_sys::Reflect::set(&options, &"onProgress".into(), &record).unwrap();
            let page = settle(edit_seats(account.into(), body.into(), Some(options))).await.expect("all batches succeed");
            let result = js_sys::Array::from(&get(&page, "result"));
            let got: Vec<String> = result.iter().map(|s| text(&s, "seat_uid").unwrap()).collect();
            assert_eq!(got, uids, "joined in body order");
            assert_eq!(patches(account).await.len(), 3);
            let seen: Vec<String> = progress.iter().map(|p| p.as_string().unwrap()).collect();
            assert_eq!(seen.len(), 3);
            assert_eq!(seen.last().map(String::as_str), Some("10/10"));
        }

        #[wasm_bindgen_test]
        async fn a_failed_middle_batch_is_reported_exactly() {
            let account = concat!($tag, "bulkfail");
            let uids: Vec<String> = (0..9).map(|i| format!("m-{i}")).collect();
            seed(account, &uids.iter().map(String::as_str).collect::<Vec<_>>()).await;
            // Batch 1 (seats m-3..m-5) meets a 403: not retried, so the call stops there.
            faults(account, r#"[{"delayMs":1},{"status":403}]"#).await;
            let body = js_sys::Array::new();
            for uid in &uids {
                body.push(&js(&format!(r#"{{"seat_uid":"{uid}","access_seat":false,"gateway_seat":false}}"#)));
            }
            let options = options_with(r#"{"batchSize":3}"#);
            let err = settle(edit_seats(account.into(), body.into(), Some(options))).await.unwrap_err();
            assert_eq!(text(&err, "name").as_deref(), Some("BulkEditError"));
            assert_eq!(text(&err, "cause.name").as_deref(), Some("PermissionDeniedError"));
            let uids_of = |list: JsValue, key: &str| -> Vec<String> {
                js_sys::Array::from(&list).iter().map(|s| text(&s, key).unwrap()).collect()
            };
            assert_eq!(uids_of(get(&err, "applied"), "seat_uid"), vec!["m-0", "m-1", "m-2"]);
            let failed = js_sys::Array::from(&get(&err, "failed"));
            assert_eq!(failed.length(), 1);
            assert_eq!(uids_of(get(&failed.get(0), "edits"), "seat_uid"), vec!["m-3", "m-4", "m-5"]);
            assert_eq!(text(&failed.get(0), "error.name").as_deref(), Some("PermissionDeniedError"));
            assert_eq!(uids_of(get(&err, "notAttempted"), "seat_uid"), vec!["m-6", "m-7", "m-8"]);
            assert_eq!(
                text(&err, "message").as_deref(),
                Some("1 of 3 batches failed; 3 seats applied, 3 failed, 3 not attempted; \
                      first failure: PermissionDeniedError: 403 [10000] Authentication error")
            );
            // The stand-in's state is exactly what the error says: m-0..m-2 removed, the rest kept.
            let left: Vec<String> = state(account).await.iter().map(|s| text(&s, "seat_uid").unwrap()).collect();
            assert_eq!(left, vec!["m-3", "m-4", "m-5", "m-6", "m-7", "m-8"]);
            assert_eq!(patches(account).await.len(), 2, "no batch started after the failure");
        }
    };
}
