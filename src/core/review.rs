//! Settling a `needs_review` code by hand: the admin looked at the panel and says what happened.

use super::envelope::ApiError;
use super::panel::OrderId;
use crate::core::error_code::ErrorCode;
use crate::core::shape::*;

/// `POST /api/admin/codes/{code}/resolve`.
pub const RESOLVE: Body = Body {
    one_of: &["order_id", "back_to_unused"],
    ..closed(
        "ResolveInput",
        "Exactly one of the two.",
        &[
            maybe(
                "order_id",
                Kind::OneOf(&["integer", "string"]),
                "The panel's order number.",
            ),
            maybe("back_to_unused", Kind::Flag, ""),
        ],
    )
};

/// `POST /api/admin/codes/{code}/resolve` body: `{"order_id": 123}` (the panel has the order)
/// or `{"back_to_unused": true}` (the panel has none: the buyer may redeem again).
#[derive(Debug)]
pub struct ResolveInput {
    pub order_id: Option<serde_json::Value>,
    pub back_to_unused: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Placed(OrderId),
    BackToUnused,
}

impl ResolveInput {
    /// The request body's fields, as `body::RESOLVE` declares them.
    pub fn read(f: &super::json::Fields) -> ResolveInput {
        ResolveInput {
            order_id: f.opt_value("order_id"),
            back_to_unused: f.opt_bool("back_to_unused"),
        }
    }

    pub fn validate(self) -> Result<Resolution, ApiError> {
        let order = self.order_id.filter(|v| !v.is_null());
        match (order, self.back_to_unused.unwrap_or(false)) {
            (Some(v), false) => {
                let id = match &v {
                    serde_json::Value::Number(n) => n.as_u64(),
                    serde_json::Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                };
                id.and_then(OrderId::new)
                    .map(Resolution::Placed)
                    .ok_or_else(|| ApiError::new( ErrorCode::InvalidResolution, "order_id must be the panel's order number."))
            }
            (None, true) => Ok(Resolution::BackToUnused),
            _ => Err(ApiError::new(
                ErrorCode::InvalidResolution,
                "Say either {\"order_id\": N} (the panel has the order) or {\"back_to_unused\": true} (it has none).",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(json: &str) -> Result<Resolution, ApiError> {
        crate::core::envelope::parse_body(json.as_bytes(), &RESOLVE, ResolveInput::read)
            .unwrap()
            .validate()
    }

    #[test]
    fn exactly_one_way_out() {
        assert_eq!(
            resolve(r#"{"order_id":23501}"#),
            Ok(Resolution::Placed(OrderId::new(23501).unwrap()))
        );
        assert_eq!(
            resolve(r#"{"order_id":"23501"}"#),
            Ok(Resolution::Placed(OrderId::new(23501).unwrap()))
        );
        assert_eq!(
            resolve(r#"{"back_to_unused":true}"#),
            Ok(Resolution::BackToUnused)
        );
        for bad in [
            r#"{}"#,
            r#"{"order_id":0}"#,
            r#"{"order_id":1,"back_to_unused":true}"#,
            r#"{"back_to_unused":false}"#,
            r#"{"order_id":"x"}"#,
        ] {
            assert_eq!(
                resolve(bad).unwrap_err().code,
                "invalid_resolution",
                "{bad}"
            );
        }
    }
}
