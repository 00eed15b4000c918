//! The exported API in headless Chromium (`wasm-pack test --headless --chrome -- --test browser`):
//! cross-origin to the stand-in, so CORS and preflights are exercised for real.
#![cfg(target_arch = "wasm32")]

mod common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

seat_tests!("browser");

#[wasm_bindgen_test]
async fn cross_origin_call_is_preflighted_with_the_auth_header() {
    let account = "browserpreflight";
    seed(account, &["p-1"]).await;
    let body = js(r#"[{"seat_uid":"p-1","access_seat":true,"gateway_seat":true}]"#);
    settle(edit_seats(account.into(), body, Some(token_options())))
        .await
        .expect("edit succeeds");
    let seen = recorded(account).await;
    assert_eq!(text(&seen.get(0), "method").as_deref(), Some("OPTIONS"));
    let asked = text(&seen.get(0), "headers.access-control-request-headers").unwrap_or_default();
    assert!(asked.contains("authorization"), "{asked}");
    assert_eq!(text(&seen.get(1), "method").as_deref(), Some("PATCH"));
}
