use super::*;

fn s(v: &str) -> OptionValue {
    OptionValue::Str(v.into())
}

fn field_of(raw: RawOptions, env: EnvDefaults) -> String {
    resolve_client(&raw, &env)
        .unwrap_err()
        .field
        .clone()
        .unwrap()
}

/// Tokens and keys long enough to be accepted (16 characters or more).
const TOKEN: &str = "tok-0123456789abcdef";
const ENV_TOKEN: &str = "env-tok-0123456789abcdef";
const KEY: &str = "key-0123456789abcdef";

fn proxy() -> OptionValue {
    s("http://127.0.0.1:9/client/v4/")
}

#[test]
fn token_gives_bearer_and_defaults() {
    let raw = RawOptions {
        api_token: s(TOKEN),
        ..Default::default()
    };
    let config = resolve_client(&raw, &EnvDefaults::default()).unwrap();
    assert_eq!(config.credentials, Credentials::Token(TOKEN.into()));
    assert_eq!(config.base_url, DEFAULT_BASE_URL);
    assert_eq!(config.timeout_ms, 60_000);
    assert_eq!(config.max_retries, 2);
}

#[test]
fn env_fills_what_is_left_out_and_explicit_wins() {
    let env = EnvDefaults {
        api_token: Some(ENV_TOKEN.into()),
        base_url: Some("http://proxy.local/v4".into()),
        ..Default::default()
    };
    let config = resolve_client(&RawOptions::default(), &env).unwrap();
    assert_eq!(config.credentials, Credentials::Token(ENV_TOKEN.into()));
    assert_eq!(config.base_url, "http://proxy.local/v4");
    let raw = RawOptions {
        api_email: s("a@b.c"),
        api_key: s(KEY),
        ..Default::default()
    };
    let config = resolve_client(&raw, &env).unwrap();
    assert_eq!(
        config.credentials,
        Credentials::EmailKey {
            email: "a@b.c".into(),
            key: KEY.into()
        },
        "explicit email/key replace the env token"
    );
}

#[test]
fn token_and_email_key_together_is_an_error() {
    let raw = RawOptions {
        api_token: s(TOKEN),
        api_email: s("a@b.c"),
        api_key: s(KEY),
        ..Default::default()
    };
    assert_eq!(field_of(raw, EnvDefaults::default()), "apiToken");
    let env = EnvDefaults {
        api_token: Some(TOKEN.into()),
        api_key: Some(KEY.into()),
        api_email: Some("e@x.y".into()),
        ..Default::default()
    };
    assert_eq!(field_of(RawOptions::default(), env), "apiToken");
}

#[test]
fn half_a_legacy_pair_is_an_error() {
    let raw = RawOptions {
        api_email: s("a@b.c"),
        ..Default::default()
    };
    assert_eq!(field_of(raw, EnvDefaults::default()), "apiKey");
    let raw = RawOptions {
        api_key: s(KEY),
        ..Default::default()
    };
    assert_eq!(field_of(raw, EnvDefaults::default()), "apiEmail");
}

#[test]
fn no_credentials_toward_cloudflare_is_an_error_but_a_proxy_is_fine() {
    assert_eq!(
        field_of(RawOptions::default(), EnvDefaults::default()),
        "apiToken"
    );
    let raw = RawOptions {
        base_url: s("https://API.cloudflare.com:443/client/v4"),
        ..Default::default()
    };
    assert_eq!(field_of(raw, EnvDefaults::default()), "apiToken");
    let raw = RawOptions {
        base_url: s("https://api.cloudflare.com/client/v4/"),
        ..Default::default()
    };
    assert_eq!(field_of(raw, EnvDefaults::default()), "apiToken");
    let raw = RawOptions {
        base_url: proxy(),
        ..Default::default()
    };
    let config = resolve_client(&raw, &EnvDefaults::default()).unwrap();
    assert_eq!(config.credentials, Credentials::None);
    assert_eq!(config.base_url, "http://127.0.0.1:9/client/v4");
    // A host that only starts with the API's name is another host.
    let raw = RawOptions {
        base_url: s("https://api.cloudflare.com.proxy.example/client/v4"),
        ..Default::default()
    };
    let config = resolve_client(&raw, &EnvDefaults::default()).unwrap();
    assert_eq!(config.credentials, Credentials::None);
}

#[test]
fn secrets_with_control_characters_are_rejected_without_echo() {
    for (raw, field) in [
        (
            RawOptions {
                api_token: s("abc\r\nX-Evil: 1"),
                ..Default::default()
            },
            "apiToken",
        ),
        (
            RawOptions {
                api_token: s("tok\n"),
                ..Default::default()
            },
            "apiToken",
        ),
        (
            RawOptions {
                api_token: s(""),
                ..Default::default()
            },
            "apiToken",
        ),
        (
            RawOptions {
                api_email: s("a@b\0"),
                api_key: s(KEY),
                ..Default::default()
            },
            "apiEmail",
        ),
        (
            RawOptions {
                api_email: s("a@b"),
                api_key: s("k\t"),
                ..Default::default()
            },
            "apiKey",
        ),
    ] {
        let err = resolve_client(&raw, &EnvDefaults::default()).unwrap_err();
        assert_eq!(err.field.as_deref(), Some(field));
        assert!(
            !err.message().contains("X-Evil") && !err.message().contains("tok"),
            "{}",
            err.message()
        );
    }
}

#[test]
fn tokens_and_keys_under_16_characters_are_refused_without_echo() {
    let short = "tok-0123456789a"; // 15 characters
    let refused = |raw: RawOptions, env: EnvDefaults, field: &str| {
        let err = resolve_client(&raw, &env).unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Validation);
        assert_eq!(err.field.as_deref(), Some(field));
        assert_eq!(
            err.message(),
            format!("{field} must be at least 16 characters long: no Cloudflare API token or key is shorter")
        );
    };
    let token = RawOptions {
        api_token: s(short),
        ..Default::default()
    };
    refused(token, EnvDefaults::default(), "apiToken");
    let env = EnvDefaults {
        api_token: Some(short.into()),
        ..Default::default()
    };
    refused(RawOptions::default(), env, "apiToken");
    let pair = RawOptions {
        api_email: s("a@b.c"),
        api_key: s(short),
        ..Default::default()
    };
    refused(pair, EnvDefaults::default(), "apiKey");
    let sixteen = RawOptions {
        api_token: s("tok-0123456789ab"),
        ..Default::default()
    };
    assert!(resolve_client(&sixteen, &EnvDefaults::default()).is_ok());
}

#[test]
fn wrong_types_name_the_option() {
    let raw = RawOptions {
        api_token: OptionValue::Num(5.0),
        ..Default::default()
    };
    let err = resolve_client(&raw, &EnvDefaults::default()).unwrap_err();
    assert_eq!(err.message(), "apiToken must be a string, not a number");
    let raw = RawOptions {
        base_url: OptionValue::Other("null"),
        ..Default::default()
    };
    assert_eq!(field_of(raw, EnvDefaults::default()), "baseUrl");
}

#[test]
fn base_url_must_be_plain_http_or_https() {
    for bad in [
        "ftp://x",
        "javascript:alert(1)",
        "//x",
        "http://",
        "http://user:pw@host/v4",
        "http://h/v4?x=1",
        "http://h/v4#f",
        "http://h /v4",
        "/client/v4",
    ] {
        let raw = RawOptions {
            base_url: s(bad),
            api_token: s(TOKEN),
            ..Default::default()
        };
        assert_eq!(field_of(raw, EnvDefaults::default()), "baseUrl", "{bad}");
    }
}

#[test]
fn timeout_and_retries_are_checked() {
    for (timeout, retries, field) in [
        (OptionValue::Num(-1.0), OptionValue::Absent, "timeoutMs"),
        (OptionValue::Num(f64::NAN), OptionValue::Absent, "timeoutMs"),
        (s("100"), OptionValue::Absent, "timeoutMs"),
        (OptionValue::Num(0.0), OptionValue::Absent, "timeoutMs"),
        (OptionValue::Absent, OptionValue::Num(-1.0), "maxRetries"),
        (OptionValue::Absent, OptionValue::Num(1.5), "maxRetries"),
        (OptionValue::Absent, OptionValue::Num(11.0), "maxRetries"),
        (OptionValue::Absent, s("2"), "maxRetries"),
    ] {
        let raw = RawOptions {
            timeout_ms: timeout,
            max_retries: retries,
            base_url: proxy(),
            ..Default::default()
        };
        assert_eq!(field_of(raw, EnvDefaults::default()), field);
    }
    let raw = RawOptions {
        timeout_ms: OptionValue::Num(250.0),
        max_retries: OptionValue::Num(0.0),
        base_url: proxy(),
        ..Default::default()
    };
    let config = resolve_client(&raw, &EnvDefaults::default()).unwrap();
    assert_eq!((config.timeout_ms, config.max_retries), (250, 0));
}

#[test]
fn headers_are_checked_and_auth_headers_are_reserved() {
    let map = |name: &str, value: OptionValue| OptionValue::Map(vec![(name.into(), value)]);
    for (headers, field) in [
        (map("X-Trace", s("a\r\nb")), "defaultHeaders.X-Trace"),
        (map("Bad Name", s("v")), "defaultHeaders.Bad Name"),
        (
            map("authorization", s("Bearer x")),
            "defaultHeaders.authorization",
        ),
        (map("X-Auth-Key", s("x")), "defaultHeaders.X-Auth-Key"),
        (map("X-N", OptionValue::Num(1.0)), "defaultHeaders.X-N"),
        (s("X-A: b"), "defaultHeaders"),
    ] {
        let raw = RawOptions {
            headers,
            base_url: proxy(),
            ..Default::default()
        };
        assert_eq!(field_of(raw, EnvDefaults::default()), field);
    }
}

#[test]
fn call_settings_override_client_settings() {
    let raw = RawOptions {
        base_url: proxy(),
        headers: OptionValue::Map(vec![("X-A".into(), s("1")), ("X-B".into(), s("2"))]),
        ..Default::default()
    };
    let config = resolve_client(&raw, &EnvDefaults::default()).unwrap();
    let call = RawOptions {
        timeout_ms: OptionValue::Num(5.0),
        headers: OptionValue::Map(vec![("x-b".into(), s("3"))]),
        ..Default::default()
    };
    let merged = config.with(&resolve_request(&call, "headers").unwrap());
    assert_eq!(merged.timeout_ms, 5);
    assert_eq!(merged.max_retries, 2);
    assert_eq!(
        merged.headers,
        vec![
            ("X-A".to_string(), "1".to_string()),
            ("x-b".to_string(), "3".to_string())
        ]
    );
}

#[test]
fn fetch_must_be_a_function_and_signal_an_abort_signal() {
    let raw = RawOptions {
        base_url: proxy(),
        fetch: s("fetch"),
        ..Default::default()
    };
    let err = resolve_client(&raw, &EnvDefaults::default()).unwrap_err();
    assert_eq!(
        err.message(),
        "fetch must be a function like the global fetch, not a string"
    );
    let raw = RawOptions {
        base_url: proxy(),
        fetch: OptionValue::Function,
        ..Default::default()
    };
    assert!(resolve_client(&raw, &EnvDefaults::default()).is_ok());
    let call = RawOptions {
        signal: OptionValue::Map(vec![]),
        ..Default::default()
    };
    let err = resolve_request(&call, "headers").unwrap_err();
    assert_eq!(
        err.message(),
        "signal must be an AbortSignal, not an object"
    );
    let call = RawOptions {
        signal: OptionValue::AbortSignal,
        ..Default::default()
    };
    assert!(resolve_request(&call, "headers").is_ok());
}

#[test]
fn batch_options_are_checked() {
    for (raw, field) in [
        (
            RawOptions {
                batch_size: OptionValue::Num(0.0),
                ..Default::default()
            },
            "batchSize",
        ),
        (
            RawOptions {
                batch_size: OptionValue::Num(2.5),
                ..Default::default()
            },
            "batchSize",
        ),
        (
            RawOptions {
                batch_size: s("10"),
                ..Default::default()
            },
            "batchSize",
        ),
        (
            RawOptions {
                concurrency: OptionValue::Num(0.0),
                ..Default::default()
            },
            "concurrency",
        ),
        (
            RawOptions {
                concurrency: OptionValue::Num(33.0),
                ..Default::default()
            },
            "concurrency",
        ),
        (
            RawOptions {
                on_progress: s("x"),
                ..Default::default()
            },
            "onProgress",
        ),
    ] {
        assert_eq!(
            resolve_request(&raw, "headers")
                .unwrap_err()
                .field
                .as_deref(),
            Some(field)
        );
    }
    let raw = RawOptions {
        batch_size: OptionValue::Num(500.0),
        concurrency: OptionValue::Num(4.0),
        on_progress: OptionValue::Function,
        ..Default::default()
    };
    let settings = resolve_request(&raw, "headers").unwrap();
    assert_eq!((settings.batch_size, settings.concurrency), (Some(500), 4));
    assert_eq!(
        resolve_request(&RawOptions::default(), "headers")
            .unwrap()
            .concurrency,
        1
    );
}

#[test]
fn options_must_be_an_object() {
    assert!(check_options_object(&OptionValue::Absent).is_ok());
    assert!(check_options_object(&OptionValue::Map(vec![])).is_ok());
    let err = check_options_object(&s("apiToken=x")).unwrap_err();
    assert_eq!(
        err.message(),
        "options must be an object of options, not a string"
    );
}
