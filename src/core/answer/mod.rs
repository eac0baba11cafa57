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

use crate::core::catalogue::PUBLIC_SERVICE;
use crate::core::envelope::{ERROR, ERROR_ENVELOPE, SUCCESS_ENVELOPE};
use crate::core::hold::{Remedy, Returned};
use crate::core::link::PAGE_KEYS;
use crate::core::money::{MONEY_DAY, MONEY_PRODUCT, MONEY_TOTALS};
use crate::core::order_input::api_type::ORDER_SPEC;
use crate::core::order_input::InputKind;
use crate::core::outbox::Event;
use crate::core::panel::HoldReason;
use crate::core::panel::{ADMIN_SERVICE, PANEL_ORDER_STATUS};
use crate::core::redemption::CodeStatus;
use crate::core::refill::RefillRefusal;
use crate::core::sellauth::DELIVERY_ROW;
use crate::core::shape::*;
use crate::core::template::PRODUCT_ROW;
use crate::core::watch::FindingKind;

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

fn code_statuses() -> Vec<&'static str> {
    CodeStatus::ALL.iter().map(|s| s.as_str()).collect()
}

fn hold_reasons() -> Vec<&'static str> {
    HoldReason::ALL.iter().map(|r| r.key()).collect()
}

fn finding_kinds() -> Vec<&'static str> {
    FindingKind::ALL.iter().map(|k| k.key()).collect()
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

pub const ALL: [&Body; 62] = [
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
    &crate::core::discord::response::DISCORD_ANSWER,
];

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            InputKind::fields()[4],
            "target_username",
            "as the buyer sends it"
        );
        assert!(refill_refusals().contains(&"refill_window_over"));
    }
}
