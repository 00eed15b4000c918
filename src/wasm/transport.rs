//! Sends one core `HttpRequest` with `fetch` (via gloo-net) and reads the answer back.

use gloo_net::http::{Method, RequestBuilder};

use crate::error::{ErrorKind, SeatsError};
use crate::request::HttpRequest;
use crate::response::HttpResponse;

/// Performs the request; a failure here means no HTTP answer arrived.
pub async fn send(request: &HttpRequest) -> Result<HttpResponse, SeatsError> {
    let mut builder = RequestBuilder::new(&request.url).method(Method::PATCH);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let unreachable = |err: gloo_net::Error| {
        SeatsError::new(
            ErrorKind::Connection,
            format!("could not reach {}: {}", request.url, describe(&err)),
        )
    };
    let response = builder
        .body(request.body.clone())
        .map_err(unreachable)?
        .send()
        .await
        .map_err(unreachable)?;
    let headers = response.headers().entries().collect();
    let body = response.text().await.map_err(unreachable)?;
    Ok(HttpResponse {
        status: response.status(),
        headers,
        body,
    })
}

/// The JS error's message only: never the request, so no header value can leak.
fn describe(err: &gloo_net::Error) -> String {
    match err {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}
