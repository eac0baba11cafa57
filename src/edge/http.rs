//! HTTP in and out: the envelope becomes a `Response`, a body is read within a size limit.

use super::ctx::Ctx;
use super::guard::SECURITY_HEADERS;
use crate::core::envelope::{success_body, ApiError};
use serde::Serialize;
use serde_json::Value;
use worker::{Headers, Request, Response};

/// What a handler answers when it succeeds.
pub struct Reply {
    status: u16,
    body: Body,
    /// Headers beyond the usual ones (an export's `Link: <…>; rel="next"`).
    extra: Vec<(&'static str, String)>,
}

enum Body {
    Empty,
    Json(Value),
    /// Plain text (Sellauth shows it to the buyer line by line) or a download (CSV).
    Text {
        content_type: &'static str,
        filename: Option<String>,
        text: String,
    },
}

impl Reply {
    pub fn ok(message: &str, data: impl Serialize) -> Reply {
        Reply {
            status: 200,
            body: Body::Json(success_body(message, data)),
            extra: Vec::new(),
        }
    }

    /// JSON in the caller's own shape, not the envelope (Discord reads its own fields).
    pub fn raw_json(value: Value) -> Reply {
        Reply {
            status: 200,
            body: Body::Json(value),
            extra: Vec::new(),
        }
    }

    /// No body (a CORS preflight's 204).
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            body: Body::Empty,
            extra: Vec::new(),
        }
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn text(text: String) -> Reply {
        Reply {
            status: 200,
            body: Body::Text {
                content_type: "text/plain; charset=utf-8",
                filename: None,
                text,
            },
            extra: Vec::new(),
        }
    }

    pub fn csv(filename: String, text: String) -> Reply {
        Reply {
            status: 200,
            body: Body::Text {
                content_type: "text/csv; charset=utf-8",
                filename: Some(filename),
                text,
            },
            extra: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.extra.push((name, value));
        self
    }

    pub fn with_status(mut self, status: u16) -> Reply {
        self.status = status;
        self
    }

    /// A failure that still carries data (health: what is degraded).
    pub fn failed_with(request_id: &str, e: &ApiError, data: impl Serialize) -> Reply {
        let mut body = e.body(request_id, None);
        body["data"] = serde_json::to_value(data).unwrap_or(Value::Null);
        Reply {
            status: e.status,
            body: Body::Json(body),
            extra: Vec::new(),
        }
    }
}

pub type Outcome = Result<Reply, ApiError>;

/// Unexpected failures of the runtime (D1 down, JS exceptions) are logged here with their
/// detail and reach the client only as the generic 500 envelope.
impl From<worker::Error> for ApiError {
    fn from(e: worker::Error) -> ApiError {
        worker::console_error!("internal error: {e}");
        ApiError::internal()
    }
}

/// The one place a `Response` is built: the envelope (or text), the security headers, and CORS
/// for an allowed origin.
/// `support`: the shop's `SUPPORT_CONTACT`, carried as `error.support` when the trouble is
/// the panel's (502, 504), where a buyer needs a person.
pub fn respond(
    outcome: Outcome,
    request_id: &str,
    support: Option<&str>,
    cors_origin: Option<&str>,
    extra: Option<Headers>,
) -> Response {
    let headers = extra.unwrap_or_default();
    let (status, body) = match outcome {
        Ok(r) => {
            for (name, value) in &r.extra {
                let _ = headers.set(name, value);
            }
            (r.status, r.body)
        }
        Err(e) => {
            if let Some(seconds) = e.retry_after {
                let _ = headers.set("retry-after", &seconds.to_string());
            }
            (e.status, Body::Json(e.body(request_id, support)))
        }
    };
    let _ = headers.set("x-request-id", request_id);
    let text = match body {
        // A 204 must not have a body, not even an empty one.
        Body::Empty => None,
        Body::Json(v) => {
            let _ = headers.set("content-type", "application/json; charset=utf-8");
            Some(serde_json::to_string(&v).unwrap_or_else(|_| "{}".into()))
        }
        Body::Text {
            content_type,
            filename,
            text,
        } => {
            let _ = headers.set("content-type", content_type);
            if let Some(name) = filename {
                let _ = headers.set(
                    "content-disposition",
                    &format!("attachment; filename=\"{name}\""),
                );
            }
            Some(text)
        }
    };
    let _ = headers.set("cache-control", "no-store");
    finish(&headers, cors_origin);
    let built = match text {
        Some(t) => Response::ok(t),
        None => Response::empty(),
    };
    match built {
        Ok(r) => r.with_status(status).with_headers(headers),
        Err(_) => Response::empty().expect("an empty response can always be built"),
    }
}

/// Reads the body, refusing more than `limit` bytes before and after reading
/// (Content-Length can be absent or lie).
/// The request's body, within its route's limit (`core::route::policy`, set on `Ctx`).
pub async fn read_body(ctx: &Ctx, req: &mut Request) -> Result<Vec<u8>, ApiError> {
    let limit = ctx.body_limit;
    let declared = req
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::payload_too_large(limit));
    }
    let body = req.bytes().await?;
    if body.len() > limit {
        return Err(ApiError::payload_too_large(limit));
    }
    Ok(body)
}

/// Security headers (and CORS) on a header set about to be sent.
fn finish(headers: &Headers, cors_origin: Option<&str>) {
    for (name, value) in SECURITY_HEADERS {
        let _ = headers.set(name, value);
    }
    if let Some(origin) = cors_origin {
        let _ = headers.set("access-control-allow-origin", origin);
        let _ = headers.set("vary", "Origin");
        // A storefront page reads the bookmark to send it back (read-your-writes).
        let _ = headers.set(
            "access-control-expose-headers",
            "x-d1-bookmark, x-request-id",
        );
    }
}

/// The query string, decoded once.
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn of(req: &Request) -> Query {
        let url = req.inner().url();
        let query = crate::core::request_url::query(&url);
        Query(
            worker::url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn set(&mut self, name: &str, value: String) {
        self.0.retain(|(k, _)| k != name);
        self.0.push((name.to_string(), value));
    }

    /// Back to `a=1&b=x%20y` form.
    pub fn encode(&self) -> String {
        let mut out = worker::url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            out.append_pair(k, v);
        }
        out.finish()
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
