//! The answers' shapes, declared once as data: `obj!(SHAPE => {...})` checks at compile time
//! that an answer is built with exactly its declared fields (each key declared, every field it
//! always has present), and the API document's schemas are written from these
//! (`src/bin/openapi.rs`). Nothing here is read at run time, so none of it reaches the `.wasm`.
//!
//! Word lists come from their domains (`CodeStatus::ALL`, `InputKind::ALL`, ...), so a new
//! status or input is in the document the day it exists.

mod admin;
mod public;
mod reports;

pub use admin::*;
pub use public::*;
pub use reports::*;

use crate::core::body::{Body, Field, Kind};
use crate::core::checkout::{CheckoutResult, Fulfilment};
use crate::core::hold::{Remedy, Returned};
use crate::core::link::PAGE_KEYS;
use crate::core::order_input::api_type::ApiType;
use crate::core::order_input::InputKind;
use crate::core::outbox::Event;
use crate::core::panel::HoldReason;
use crate::core::redemption::CodeStatus;
use crate::core::refill::RefillRefusal;
use crate::core::watch::FindingKind;

const fn answer(
    name: &'static str,
    words: &'static str,
    fields: &'static [Field],
    base: Option<&'static Body>,
) -> Body {
    Body {
        name,
        words,
        fields,
        closed: false,
        inputs: false,
        one_of: &[],
        base,
    }
}

/// A field every answer of the shape has (its value may still be `null` when its kind says so).
const fn always(name: &'static str, kind: Kind, words: &'static str) -> Field {
    Field {
        name,
        kind,
        required: true,
        words,
    }
}

/// A field some answers of the shape leave out.
const fn sometimes(name: &'static str, kind: Kind, words: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        words,
    }
}

/// How many a list answer holds.
const COUNT: Field = always("count", Kind::Integer, "How many are listed here.");

/// Where a paged list goes on.
const NEXT_CURSOR: Field = always(
    "next_cursor",
    Kind::OrNull(&Kind::Text),
    "Pass as `cursor` for the next page; null on the last.",
);

const HOLD_REASON: &str = "Why the shop holds an order: `panel_funds` the panel's balance ran out (the owner tops it up), `link_busy` the panel already runs an order on this link (placed when that one completes), `service_unavailable` the service is switched off or renumbered (the owner changes it). A page says it in its own language, keyed by this.";

fn update_events() -> Vec<&'static str> {
    Event::ALL.iter().map(|e| e.key()).collect()
}

fn link_pages() -> Vec<&'static str> {
    PAGE_KEYS.to_vec()
}

/// As the buyer sends them (`InputKind::field`).
fn input_kinds() -> Vec<&'static str> {
    InputKind::ALL.iter().map(|k| k.field()).collect()
}

fn code_statuses() -> Vec<&'static str> {
    CodeStatus::ALL.iter().map(|s| s.as_str()).collect()
}

fn hold_reasons() -> Vec<&'static str> {
    HoldReason::ALL.iter().map(|r| r.key()).collect()
}

fn finding_kinds() -> Vec<&'static str> {
    FindingKind::ALL.iter().map(|k| k.key()).collect()
}

fn api_types() -> Vec<&'static str> {
    ApiType::ALL.iter().map(|t| t.key()).collect()
}

fn returns() -> Vec<&'static str> {
    Returned::ALL.iter().map(|r| r.key()).collect()
}

fn remedies() -> Vec<&'static str> {
    [
        Remedy::Replace { quantity: 0 },
        Remedy::BelowMinimum { quantity: 0 },
    ]
    .iter()
    .map(|r| r.key())
    .collect()
}

fn refill_refusals() -> Vec<&'static str> {
    RefillRefusal::ALL_KINDS
        .iter()
        .map(|r| r.api_error().code.key())
        .collect()
}

/// A checkout delivery's stored outcome: `placing` while it is placed, then the result's.
fn checkout_outcomes() -> Vec<&'static str> {
    let mut all = vec!["placing"];
    all.extend(CheckoutResult::examples().iter().filter_map(|r| r.key()));
    all
}

pub const SUCCESS_ENVELOPE: Body = answer(
    "SuccessEnvelope",
    "",
    &[
        always("success", Kind::Exactly("true"), ""),
        always("message", Kind::Text, ""),
        always("data", Kind::Any, "What the route answers."),
    ],
    None,
);

pub const ERROR_ENVELOPE: Body = answer(
    "ErrorEnvelope",
    "",
    &[
        always("success", Kind::Exactly("false"), ""),
        always("message", Kind::Text, "The same words as error.message."),
        always("error", Kind::Object(&ERROR), ""),
    ],
    None,
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
    None,
);

pub const ALL: [&Body; 61] = [
    &SUCCESS_ENVELOPE,
    &ERROR_ENVELOPE,
    &ERROR,
    &HEALTH,
    &CODE_VIEW,
    &REDEEM_RESULT,
    &QUEUED_REDEEM,
    &REDEMPTION,
    &ORDER_VIEW,
    &ORDER_BY_CODE,
    &QUEUED_ORDER_BY_CODE,
    &PUBLIC_SERVICE,
    &SERVICE_LIST,
    &MINT_RESULT,
    &PRODUCT_ROW,
    &ADMIN_CODE,
    &HELD_ORDER,
    &QUEUE_RETRY_RESULT,
    &ATTENTION_FINDING,
    &WATCH_REPORT,
    &RETARGET_RESULT,
    &HISTORY_ROW,
    &ORDER_ROW,
    &PANEL_ORDER_STATUS,
    &DELIVERY_ROW,
    &STATS,
    &IMPORT_REPORT,
    &MONEY_TOTALS,
    &MONEY_DAY,
    &MONEY_PRODUCT,
    &FORECAST,
    &MONEY,
    &ADMIN_SERVICE,
    &ORDER_SPEC,
    &LINK_CHECK_RESULT,
    &USER_REDEMPTIONS,
    &NOTIFY_RESULT,
    &REFILL_RESULT,
    &BALANCE,
    &PANEL_LIST,
    &VOCABULARY,
    &CODE_PAGE,
    &CODE_DETAIL,
    &VOIDED_CODE,
    &RESOLVED_CODE,
    &REDEMPTION_PAGE,
    &FAILURE_LIST,
    &MANUAL_ORDER_RESULT,
    &ADMIN_ORDER_STATUS,
    &ADMIN_REFILL_RESULT,
    &HELD_ORDER_LIST,
    &ATTENTION_LIST,
    &ATTENTION_CHECK,
    &PRODUCT_LIST,
    &PRODUCT_ANSWER,
    &PRODUCT_DELETED,
    &DELIVERY_LIST,
    &VOIDED_INVOICE,
    &EVENT_RECORDED,
    &SERVICE_MATCHES,
    &TELEGRAM_ACCEPTED,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::body::{built_by, built_on, sometimes_there};

    #[test]
    fn an_answer_is_built_by_exactly_its_declared_fields() {
        let health = ["status", "version", "db", "shop"];
        assert!(built_by(&HEALTH, &health));
        assert!(built_by(
            &HEALTH,
            &["status", "version", "db", "shop", "footer"]
        ));
        assert!(
            !built_by(&HEALTH, &["status", "version", "db"]),
            "shop is always there"
        );
        assert!(!built_by(
            &HEALTH,
            &["status", "version", "db", "shop", "extra"]
        ));
        // A field of the base counts as declared.
        let by_code = [
            "code",
            "has_refill",
            "refill",
            "order_id",
            "status",
            "start_count",
        ];
        let view = [
            "remains",
            "quantity",
            "service_id",
            "placed_at",
            "live",
            "final",
        ];
        assert!(built_by(&ORDER_BY_CODE, &[by_code, view].concat()));
        assert!(
            !built_by(&ORDER_BY_CODE, &by_code),
            "the view's fields are there too"
        );
        // Added to a built base: the shape's own fields, all it always has.
        assert!(built_on(&ORDER_BY_CODE, &["code", "has_refill", "refill"]));
        assert!(!built_on(&ORDER_BY_CODE, &["code", "has_refill"]));
        assert!(!built_on(
            &ORDER_BY_CODE,
            &["code", "has_refill", "refill", "live"]
        ));
        // Added when there is something to say: only fields it may leave out.
        assert!(sometimes_there(
            &ORDER_BY_CODE,
            &["replacement", "make_good"]
        ));
        assert!(sometimes_there(&ORDER_VIEW, &["link"]));
        assert!(!sometimes_there(&ORDER_BY_CODE, &["code"]));
        assert!(!sometimes_there(&ORDER_VIEW, &["undeclared"]));
    }

    #[test]
    fn every_word_list_comes_from_its_domain_and_every_literal_is_json() {
        fn walk(kind: Kind) {
            match kind {
                Kind::Words(words) => assert!(!words().is_empty()),
                Kind::Exactly(json) => {
                    serde_json::from_str::<serde_json::Value>(json).unwrap();
                }
                Kind::OrNull(k) | Kind::List(k) => walk(*k),
                Kind::Object(b) => b.fields.iter().for_each(|f| walk(f.kind)),
                _ => {}
            }
        }
        for shape in ALL {
            shape.fields.iter().for_each(|f| walk(f.kind));
        }
        assert_eq!(input_kinds()[4], "target_username", "as the buyer sends it");
        assert_eq!(checkout_outcomes()[0], "placing");
        assert!(refill_refusals().contains(&"refill_window_over"));
    }
}
