//! Requests the worker sends (the panel, Discord, Telegram, the shop's alert hook), built from
//! the runtime's own `RequestInit`. `worker::RequestInit` converts itself through
//! `serde_wasm_bindgen` for its image options on every call: ~15 KB of `.wasm` for settings
//! these requests never use.

use worker::wasm_bindgen::JsValue;
use worker::{AbortSignal, Fetch, Request, Response, Result};

/// `method url` with these headers and a text body, given up after `timeout_ms`.
pub async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: String,
    timeout_ms: u32,
) -> Result<Response> {
    let signal = AbortSignal::from(worker::web_sys::AbortSignal::timeout_with_u32(timeout_ms));
    send_with(method, url, headers, body, &signal).await
}

/// As `send`, under a deadline the caller keeps (to read the answer's body under it too).
pub async fn send_with(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: String,
    signal: &AbortSignal,
) -> Result<Response> {
    let request = build(method, url, headers, Some(body))?;
    Fetch::Request(request).send_with_signal(signal).await
}

/// A body-less GET, for a binding's `fetch_request` (the assets).
pub fn get(url: &str) -> Result<Request> {
    build("GET", url, &[], None)
}

fn build(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<Request> {
    let init = worker::web_sys::RequestInit::new();
    init.set_method(method);
    let list = worker::web_sys::Headers::new()?;
    for (name, value) in headers {
        list.set(name, value)?;
    }
    init.set_headers(&list);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(&body));
    }
    Ok(Request::from(
        worker::web_sys::Request::new_with_str_and_init(url, &init)?,
    ))
}
