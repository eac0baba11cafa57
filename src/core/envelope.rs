//! The one JSON shape every API answer has, compatible with the Flask app's clients:
//! `{"success":true,"message","data"}` or `{"success":false,"message","error":{"code","message"}}`.

use crate::core::error_code::ErrorCode;
use crate::core::json::obj;
use crate::core::shape::*;
use serde::Serialize;
use serde_json::Value;

pub const SUCCESS_ENVELOPE: Body = answer(
    "SuccessEnvelope",
    "",
    &[
        always("success", Kind::Exactly("true"), ""),
        always("message", Kind::Text, ""),
        always("data", Kind::Any, "What the route answers."),
    ],
);

pub const ERROR_ENVELOPE: Body = answer(
    "ErrorEnvelope",
    "",
    &[
        always("success", Kind::Exactly("false"), ""),
        always("message", Kind::Text, "The same words as error.message."),
        always("error", Kind::Object(&ERROR), ""),
    ],
);

pub const ERROR: Body = answer(
    "Error",
    "",
    &[
        always("code", Kind::Text, "Stable snake_case code."),
        always("message", Kind::Text, "Words a person can act on."),
        always("request_id", Kind::Text, "This request's id (also in the x-request-id header and the worker's log line): quote it to support."),
        sometimes("support", Kind::Text, "SUPPORT_CONTACT, on 502/504 answers when the shop set one: where the buyer gets help."),
    ],
);

/// A refusal the client can act on: an HTTP status, a stable snake_case code, human words.
/// The status is the code's own (`ErrorCode::status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: ErrorCode,
    pub message: String,
    /// Sent as `Retry-After` (seconds) with 429 and 503 answers.
    pub retry_after: Option<u32>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status: code.status(),
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// Too many requests from one client: wait `seconds` and try again.
    pub fn rate_limited(seconds: u32) -> ApiError {
        ApiError {
            retry_after: Some(seconds),
            ..ApiError::new(
                ErrorCode::RateLimited,
                format!("Too many attempts. Please wait {seconds} seconds and try again."),
            )
        }
    }

    pub fn not_found() -> ApiError {
        ApiError::new(ErrorCode::NotFound, "There is nothing at this address.")
    }

    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            ErrorCode::MethodNotAllowed,
            "This address does not accept that method.",
        )
    }

    pub fn payload_too_large(limit_bytes: usize) -> ApiError {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("The request body is larger than {limit_bytes} bytes."),
        )
    }

    /// Something broke on our side. The details go to the log, never to the client.
    pub fn internal() -> ApiError {
        ApiError::new(
            ErrorCode::InternalError,
            "Something went wrong on our side. Nothing was changed; please try again.",
        )
    }

    pub fn not_configured(what: &str) -> ApiError {
        ApiError::new(
            ErrorCode::NotConfigured,
            format!("{what} is not configured on this shop yet."),
        )
    }

    /// The error envelope. `support`, the shop's `SUPPORT_CONTACT`, goes with the panel's
    /// troubles (502, 504), where a buyer needs a person.
    pub fn body(&self, request_id: &str, support: Option<&str>) -> Value {
        let error = obj!(ERROR => {
            "code": self.code.key(), "message": self.message, "request_id": request_id,
        });
        let error = match support.filter(|_| matches!(self.status, 502 | 504)) {
            Some(contact) => obj!(ERROR => adds(error) { "support": contact }),
            None => error,
        };
        obj!(ERROR_ENVELOPE => { "success": false, "message": self.message, "error": error })
    }
}

/// The success envelope around any serialisable `data`.
pub fn success_body(message: &str, data: impl Serialize) -> Value {
    obj!(SUCCESS_ENVELOPE => {
        "success": true,
        "message": message,
        "data": serde_json::to_value(data).unwrap_or(Value::Null),
    })
}

/// Parses a JSON request body into `T`, with errors a client developer can fix from the message.
pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(
            ErrorCode::InvalidJson,
            "The request needs a JSON body.",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        let what = if e.is_data() {
            // serde's text names the field and the expected type, without echoing input.
            let text = e.to_string();
            let text = text.split(" at line ").next().unwrap_or("").to_string();
            return ApiError::new(
                ErrorCode::InvalidRequest,
                format!("Invalid request: {text}."),
            );
        } else {
            "The request body is not valid JSON."
        };
        ApiError::new(ErrorCode::InvalidJson, what)
    })
}

/// A JSON object body read by its declaration (`core::body`, `core::json::Fields`): the
/// same messages as `parse_json`, without a derived `Deserialize` per request type.
pub fn parse_body<T>(
    body: &[u8],
    declared: &'static super::shape::Body,
    read: impl FnOnce(&super::json::Fields) -> T,
) -> Result<T, ApiError> {
    read_body_value(&parse_json::<serde_json::Value>(body)?, declared, read)
}

/// As `parse_body`, for a body already parsed.
pub fn read_body_value<T>(
    body: &serde_json::Value,
    declared: &'static super::shape::Body,
    read: impl FnOnce(&super::json::Fields) -> T,
) -> Result<T, ApiError> {
    let invalid =
        |e: String| ApiError::new(ErrorCode::InvalidRequest, format!("Invalid request: {e}."));
    let fields = super::json::Fields::of(body, declared).map_err(invalid)?;
    let built = read(&fields);
    fields.done(built).map_err(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[test]
    fn errors_carry_status_code_and_words_twice() {
        let e = ApiError::not_found();
        assert_eq!(e.status, 404);
        let error = json!({"code":"not_found","message":e.message,"request_id":"r1"});
        assert_eq!(
            e.body("r1", Some("@shop")),
            json!({"success":false,"message":e.message,"error":error})
        );
        // Where to get help goes with the panel's troubles only.
        let e = ApiError::new(
            ErrorCode::PanelUnreachable,
            "The panel did not confirm in time.",
        );
        assert_eq!(e.body("r1", Some("@shop"))["error"]["support"], "@shop");
        assert!(e.body("r1", None)["error"].get("support").is_none());
    }

    #[test]
    fn success_wraps_data() {
        let b = success_body("OK", json!({"status":"ok"}));
        assert_eq!(
            b,
            json!({"success":true,"message":"OK","data":{"status":"ok"}})
        );
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Req {
        code: String,
    }

    #[test]
    fn bad_bodies_are_400_with_a_reason() {
        let e = parse_json::<Req>(b"").unwrap_err();
        assert_eq!((e.status, e.code.key()), (400, "invalid_json"));
        let e = parse_json::<Req>(b"{nope").unwrap_err();
        assert_eq!(e.code, "invalid_json");
        let e = parse_json::<Req>(br#"{"code": 5}"#).unwrap_err();
        assert_eq!(e.code, "invalid_request");
        assert!(e.message.contains("invalid type"), "{}", e.message);
        let e = parse_json::<Req>(br#"{}"#).unwrap_err();
        assert!(e.message.contains("missing field `code`"), "{}", e.message);
        assert!(parse_json::<Req>(br#"{"code":"x"}"#).is_ok());
    }
}
