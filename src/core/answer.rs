//! The answers' shapes, declared once as data: `obj!(SHAPE => {...})` checks at compile time
//! that an answer is built with exactly its declared fields (each key declared, every field it
//! always has present), and the API document's schemas are written from these
//! (`src/bin/openapi.rs`). Nothing here is read at run time, so none of it reaches the `.wasm`.
//!
//! Word lists come from their domains (`CodeStatus::ALL`, `InputKind::ALL`, ...), so a new
//! status or input is in the document the day it exists.

use super::body::{Body, Field, Kind};
use super::checkout::{CheckoutResult, Fulfilment};
use super::hold::{Remedy, Returned};
use super::link::PAGE_KEYS;
use super::order_input::api_type::ApiType;
use super::order_input::InputKind;
use super::outbox::Event;
use super::panel::HoldReason;
use super::redemption::CodeStatus;
use super::refill::RefillRefusal;
use super::watch::FindingKind;

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

pub const HEALTH: Body = answer(
    "Health",
    "",
    &[
        always("status", Kind::Words(|| vec!["ok", "degraded"]), ""),
        always("version", Kind::Text, ""),
        always("db", Kind::Words(|| vec!["ok", "unavailable"]), ""),
        always("shop", Kind::Text, "SHOP_NAME."),
        sometimes("support", Kind::OrNull(&Kind::Text), "SUPPORT_CONTACT (null when unset): shown on the redemption page."),
        sometimes("footer", Kind::OrNull(&Kind::Text), "FOOTER_TEXT (null when unset): a line of the shop's own under the redemption page, shown as is in every language."),
    ],
    None,
);

pub const CODE_VIEW: Body = answer(
    "CodeView",
    "",
    &[
        always("code", Kind::Text, ""),
        always("platform", Kind::Text, ""),
        always("platform_name", Kind::Text, ""),
        always("service_type", Kind::Text, ""),
        always("service_name", Kind::Text, ""),
        always("service_id", Kind::Integer, ""),
        always("quantity", Kind::Integer, ""),
        always("requirements", Kind::OrNull(&Kind::Text), ""),
        always("has_refill", Kind::Flag, ""),
        always("expires_at", Kind::OrNull(&Kind::Text), ""),
        always("status", Kind::Exactly("\"unused\""), ""),
        always("link_hint", Kind::Text, "What link the buyer should paste."),
        always("link_pages", Kind::List(&Kind::Words(link_pages)), "The kinds of page the link may point to, as stable keys (empty: any page of the platform), so a page can say `link_hint` in its own language."),
        always("link_example", Kind::Text, "An example link of the first kind."),
        always("order_input", Kind::OrNull(&Kind::Words(input_kinds)), "The first of `order.inputs` (kept for clients written before a code could ask for two)."),
        always("drip_feed", Kind::OrNull(&Kind::Object(&DRIP_FEED)), "The shop's drip-feed: the quantity is delivered `runs` times, `interval` minutes apart."),
        sometimes("returned", Kind::OrNull(&Kind::Object(&CODE_VIEW_RETURNED)), "Why a code the buyer had redeemed is theirs again (null or absent: it was not): `hold_expired`, the shop held the order longer than QUEUE_MAX_HOURS without placing it; `refused`, the panel refused the held order when the shop placed it (`message` is the refusal in buyer words, in English). Cleared by the next redemption."),
        always("order", Kind::Object(&ORDER_SPEC), ""),
    ],
    None,
);

pub const REDEEM_RESULT: Body = answer(
    "RedeemResult",
    "",
    &[
        always("code", Kind::Text, ""),
        always("order_id", Kind::Integer, ""),
        always("service_id", Kind::Integer, ""),
        always("quantity", Kind::Integer, ""),
        always("platform", Kind::Text, ""),
        always("service_type", Kind::Text, ""),
        always("has_refill", Kind::Flag, ""),
        always(
            "link",
            Kind::Text,
            "The canonical link the order was placed for.",
        ),
        always(
            "panel",
            Kind::Text,
            "The panel that took the order (the first of the code's panels that did not refuse).",
        ),
    ],
    None,
);

pub const QUEUED_REDEEM: Body = answer(
    "QueuedRedeem",
    "A held order: the panel cannot take it now for the shop's own reason. The code is kept (status `queued`) and the scheduled job places it, with what the buyer sent; the buyer need not redeem again.",
    &[
        always("code", Kind::Text, ""),
        always("status", Kind::Exactly("\"queued\""), ""),
        always("queued_reason", Kind::Words(hold_reasons), HOLD_REASON),
        always("queued_since", Kind::OrNull(&Kind::Text), "When the hold began (kept across attempts)."),
        sometimes("message", Kind::Text, "The buyer's words, in English (a page says `queued_reason` in its own language)."),
    ],
    None,
);

pub const REDEMPTION: Body = answer(
    "Redemption",
    "",
    &[
        always("code", Kind::Text, ""),
        always("username", Kind::Text, ""),
        always("service_id", Kind::Integer, ""),
        always("quantity", Kind::Integer, ""),
        always("link", Kind::Text, ""),
        always("order_id", Kind::OrNull(&Kind::Integer), ""),
        always("redeemed_date", Kind::Text, ""),
        always("platform", Kind::OrNull(&Kind::Text), ""),
        always("service_type", Kind::OrNull(&Kind::Text), ""),
    ],
    None,
);

pub const ORDER_VIEW: Body = answer(
    "OrderView",
    "",
    &[
        always("order_id", Kind::Integer, ""),
        always("status", Kind::OrNull(&Kind::Text), "The panel's status (\"Pending\", \"In progress\", \"Completed\", ...)."),
        always("start_count", Kind::OrNull(&Kind::Integer), ""),
        always("remains", Kind::OrNull(&Kind::Integer), ""),
        sometimes("link", Kind::Text, "Only on /api/orders/by-code, where the code proves whose order it is."),
        always("quantity", Kind::Integer, ""),
        always("service_id", Kind::Integer, ""),
        always("placed_at", Kind::Text, ""),
        always("live", Kind::Flag, "Whether the panel answered now (or within 60 s)."),
        always("final", Kind::Flag, "Whether the status will not change any more (Completed, Partial, Canceled, Refunded): a page stops refreshing."),
    ],
    None,
);

pub const ORDER_BY_CODE: Body = answer(
    "OrderByCode",
    "",
    &[
        always("code", Kind::Text, ""),
        always("has_refill", Kind::Flag, ""),
        always("refill", Kind::Object(&ORDER_BY_CODE_REFILL), ""),
        sometimes("replacement", Kind::OrNull(&Kind::Object(&ORDER_BY_CODE_REPLACEMENT)), "Make-good (MAKE_GOOD=replace): the panel ended the order Canceled or Refunded, or Partial with remains, and the shop minted one replacement code for what was not delivered."),
        sometimes("make_good", Kind::OrNull(&Kind::Words(remedies)), "What the make-good came to: `replaced` (see `replacement`), or `below_minimum`: what was not delivered is below the service's minimum, so no code can buy it; the owner was alerted and settles it with the buyer. Null or absent: nothing is owed (yet)."),
    ],
    Some(&ORDER_VIEW),
);

pub const QUEUED_ORDER_BY_CODE: Body = answer(
    "QueuedOrderByCode",
    "A code whose order the shop holds (status `queued`): no order yet. The same route answers the placed order once the scheduled job (or the owner's \"Place now\") has placed it.",
    &[
        always("code", Kind::Text, ""),
        always("status", Kind::Exactly("\"queued\""), ""),
        always("queued", Kind::Exactly("true"), ""),
        always("queued_reason", Kind::Words(hold_reasons), HOLD_REASON),
        always("queued_since", Kind::OrNull(&Kind::Text), "When the hold began (kept across attempts)."),
        always("attempts", Kind::Integer, "How many times the shop has tried to place it."),
        sometimes("message", Kind::Text, "The buyer's words, in English (a page says `queued_reason` in its own language)."),
    ],
    None,
);

pub const PUBLIC_SERVICE: Body = answer(
    "PublicService",
    "",
    &[
        always("service", Kind::Integer, ""),
        always("name", Kind::Text, ""),
        always("type", Kind::Text, ""),
        always("category", Kind::Text, ""),
        sometimes("rate", Kind::Text, "The shop's public price per 1000 (the panel's rate x PUBLIC_PRICE_MULTIPLIER, rounded to cents), decimal text. Absent unless the shop sets PUBLIC_PRICE_MULTIPLIER: the panel's wholesale rate is never shown."),
        always("min", Kind::Integer, ""),
        always("max", Kind::Integer, ""),
        always("refill", Kind::Flag, ""),
        always("cancel", Kind::Flag, ""),
    ],
    None,
);

pub const SERVICE_LIST: Body = answer(
    "ServiceList",
    "",
    &[
        always("services", Kind::List(&Kind::Object(&PUBLIC_SERVICE)), ""),
        always("count", Kind::Integer, ""),
    ],
    None,
);

pub const MINT_RESULT: Body = answer(
    "MintResult",
    "",
    &[
        always("codes", Kind::List(&Kind::Text), ""),
        always("count", Kind::Integer, ""),
        always("service_id", Kind::Integer, ""),
        always("quantity", Kind::Integer, ""),
        always("platform", Kind::Text, ""),
        always("service_type", Kind::Text, ""),
        always("expires_at", Kind::OrNull(&Kind::Text), ""),
        always("unit_cost", Kind::OrNull(&Kind::Text), "What one code costs on its first panel choice (rate per 1,000 x quantity / 1,000, in that panel's currency), from the catalogue; null when the catalogue could not be read."),
        always("order_input", Kind::OrNull(&Kind::Words(input_kinds)), "The first of `order.inputs` (kept for clients written before a code could ask for two)."),
        always("drip_feed", Kind::OrNull(&Kind::Object(&DRIP_FEED)), "The shop's drip-feed: the quantity is delivered `runs` times, `interval` minutes apart."),
        always("order", Kind::Object(&ORDER_SPEC), ""),
    ],
    None,
);

pub const PRODUCT_ROW: Body = answer(
    "ProductRow",
    "",
    &[
        always("id", Kind::Integer, ""),
        always("product_id", Kind::Text, ""),
        always("variant_id", Kind::Text, "Empty for every variant."),
        always("name", Kind::OrNull(&Kind::Text), ""),
        always("service_id", Kind::Integer, ""),
        always("quantity", Kind::Integer, ""),
        always("platform", Kind::Text, ""),
        always("service_type", Kind::Text, ""),
        always("requirements", Kind::OrNull(&Kind::Text), ""),
        always("has_refill", Kind::Bit, ""),
        always("expiry_days", Kind::OrNull(&Kind::Integer), ""),
        always("created_at", Kind::Text, ""),
        always("updated_at", Kind::Text, ""),
        always("fulfilment", Kind::Words(Fulfilment::keys), "`code`: a code per unit, redeemed on the page. `order`: one panel order at delivery, for the link in `link_field`."),
        always("link_field", Kind::OrNull(&Kind::Text), "With `order`: the Sellauth custom field that asks for the link (matched ignoring case and surrounding spaces)."),
        always("services", Kind::OrNull(&Kind::Text), "The panel choices as JSON (`[{\"panel\",\"service_id\"}]`); null: `service_id` on `main`."),
        always("unit_cost", Kind::OrNull(&Kind::Text), "What one unit sold costs on the first panel choice (rate x quantity / 1,000, the panel's currency), priced when the mapping was saved; null when the catalogue could not be read."),
        always("order_input", Kind::OrNull(&Kind::Text), ""),
        always("drip_runs", Kind::OrNull(&Kind::Integer), ""),
        always("drip_interval", Kind::OrNull(&Kind::Integer), ""),
    ],
    None,
);

pub const ADMIN_CODE: Body = answer(
    "AdminCode",
    "",
    &[
        always("code", Kind::Text, ""),
        always("service_id", Kind::Integer, ""),
        always("quantity", Kind::Integer, ""),
        always("platform", Kind::Text, ""),
        always("service_type", Kind::Text, ""),
        always("requirements", Kind::OrNull(&Kind::Text), ""),
        always("status", Kind::Words(code_statuses), ""),
        always("created_date", Kind::Text, ""),
        always("used_date", Kind::OrNull(&Kind::Text), ""),
        always("used_by_user_id", Kind::OrNull(&Kind::Text), ""),
        always("order_id", Kind::OrNull(&Kind::Integer), ""),
        always("expiry_days", Kind::OrNull(&Kind::Integer), ""),
        always("expires_at", Kind::OrNull(&Kind::Text), ""),
        always("has_refill", Kind::Bit, ""),
        always("reserved_at", Kind::OrNull(&Kind::Text), ""),
        always("pending_link", Kind::OrNull(&Kind::Text), ""),
        always("review_reason", Kind::OrNull(&Kind::Text), ""),
        always("source", Kind::Text, ""),
        always("invoice_id", Kind::OrNull(&Kind::Text), ""),
        always("invoice_item_id", Kind::OrNull(&Kind::Text), ""),
        always("buyer_email", Kind::OrNull(&Kind::Text), ""),
        always("pending_panel", Kind::OrNull(&Kind::Text), "The panel a reservation was asking (where support looks for the order of a code in review)."),
        always("pending_service_id", Kind::OrNull(&Kind::Integer), "The service asked on that panel."),
        always("queued_reason", Kind::OrNull(&Kind::Text), "While `queued`: why (`HoldReason`)."),
        always("queued_at", Kind::OrNull(&Kind::Text), "While `queued`: when the hold began."),
        always("queue_attempts", Kind::OrNull(&Kind::Integer), "While `queued`: attempts so far."),
        always("queue_next_at", Kind::OrNull(&Kind::Text), "While `queued`: the scheduled job's next attempt."),
        always("replaces", Kind::OrNull(&Kind::Text), "The code whose canceled or part-delivered order this one makes good."),
    ],
    None,
);

pub const HELD_ORDER: Body = answer(
    "HeldOrder",
    "",
    &[
        always("code", Kind::Text, ""),
        always(
            "reason",
            Kind::OrNull(&Kind::Words(hold_reasons)),
            "As `queued_reason` (null: none stored).",
        ),
        always(
            "panel",
            Kind::Text,
            "The panel of the code's first choice (`main` for a plain service_id).",
        ),
        always("service_id", Kind::Integer, ""),
        always("since", Kind::OrNull(&Kind::Text), "When the hold began."),
        always("attempts", Kind::Integer, ""),
        always(
            "next_attempt",
            Kind::OrNull(&Kind::Text),
            "When the scheduled job tries it next (5, 10, 20, 40 minutes, then hourly).",
        ),
        always(
            "link",
            Kind::OrNull(&Kind::Text),
            "The link the buyer gave.",
        ),
    ],
    None,
);

pub const QUEUE_RETRY_RESULT: Body = answer(
    "QueueRetryResult",
    "What the attempts came to, one count per outcome.",
    &[
        always("placed", Kind::Integer, "Placed now; the codes are used."),
        always("still_held", Kind::Integer, "Refused again for the shop's reason; tried again later."),
        always("returned", Kind::Integer, "Refused for a reason the shop cannot wait out (the link, the quantity): the code is the buyer's again (`returned` on validate-code)."),
        always("to_review", Kind::Integer, "No usable answer: the order may exist (Review tab)."),
        always("expired", Kind::Integer, "Held longer than QUEUE_MAX_HOURS: the code is the buyer's again."),
    ],
    None,
);

pub const ATTENTION_FINDING: Body = answer(
    "AttentionFinding",
    "One thing a provider changed in a service the shop sells, as open now.",
    &[
        always("kind", Kind::Words(finding_kinds), "`gone`: the service left the panel's catalogue. `out_of_range`: its min/max no longer covers a quantity sold. `rate_changed`: a code now costs another amount than it was priced at. `refill_dropped`: it no longer offers refills, while codes or products promise them. `mismatch`: its name now names another platform or kind. `type_changed`: its API v2 `type` changed (what an order of it sends)."),
        always("panel", Kind::Text, "The panel (`main`, or NAME of PANEL_<NAME>_URL in lower case)."),
        always("service_id", Kind::Integer, ""),
        always("old", Kind::Text, "What it was, short text for people (the watch's last look, or what the codes were priced at); may be empty."),
        always("new", Kind::Text, "What it is now, short text for people. For `rate_changed`: the new cost per code and the rate, then, when the product's price is known, `; margin X%`, with `, a loss` or `, under MIN_MARGIN_PERCENT` when so."),
        always("unused_codes", Kind::Integer, "Unused and held (`queued`) codes that buy the service."),
        always("products", Kind::List(&Kind::Text), "Sellauth product ids mapped to the service."),
        always("quantities", Kind::List(&Kind::Integer), "The quantities sold on it (codes and products; a drip-feed's per run), ascending: what a new service's min/max must cover."),
        always("since", Kind::Text, "When the watch first found it (ISO 8601)."),
    ],
    None,
);

pub const WATCH_REPORT: Body = answer(
    "WatchReport",
    "What one look of the catalogue watch did.",
    &[
        always("checked", Kind::List(&Kind::Text), "Panels looked at now."),
        always(
            "unavailable",
            Kind::List(&Kind::Text),
            "Panels whose catalogue did not load: their findings are as they were.",
        ),
        always(
            "findings",
            Kind::Integer,
            "Findings open after this look, on the panels checked.",
        ),
        always(
            "opened",
            Kind::Integer,
            "Findings this look opened (each alerted once).",
        ),
    ],
    None,
);

pub const RETARGET_RESULT: Body = answer(
    "RetargetResult",
    "",
    &[
        always("codes", Kind::Integer, "Unused and held codes moved."),
        always("products", Kind::Integer, "Product mappings moved."),
        always(
            "placed",
            Kind::Integer,
            "Held orders of the service placed right after.",
        ),
    ],
    None,
);

pub const HISTORY_ROW: Body = answer(
    "HistoryRow",
    "",
    &[
        always("id", Kind::Integer, ""),
        always("user_id", Kind::Text, ""),
        always(
            "panel",
            Kind::Text,
            "The panel that took the order (`main`, or the one a fail-over reached).",
        ),
    ],
    Some(&REDEMPTION),
);

pub const ORDER_ROW: Body = answer(
    "OrderRow",
    "",
    &[
        always("id", Kind::Integer, "This order row's own id (a panel's order numbers are unique only on that panel)."),
        always("panel", Kind::Text, "The panel it was placed on (its API address without scheme; empty for orders from before that was recorded)."),
        always("order_id", Kind::Integer, ""),
        always("code", Kind::OrNull(&Kind::Text), ""),
        always("source", Kind::Text, ""),
        always("service_id", Kind::Integer, ""),
        always("quantity", Kind::Integer, ""),
        always("link", Kind::Text, ""),
        always("placed_at", Kind::Text, ""),
        always("status", Kind::OrNull(&Kind::Text), ""),
        always("start_count", Kind::OrNull(&Kind::Integer), ""),
        always("remains", Kind::OrNull(&Kind::Integer), ""),
        always("status_checked_at", Kind::OrNull(&Kind::Text), ""),
        always("refill_id", Kind::OrNull(&Kind::Integer), ""),
        always("refill_status", Kind::OrNull(&Kind::Text), ""),
        always("refill_requested_at", Kind::OrNull(&Kind::Text), ""),
        always("make_good", Kind::OrNull(&Kind::Words(remedies)), "Once the panel ended the order Canceled, Refunded or Partial: `replaced` (a replacement code was minted) or `below_minimum` (too little is owed for a code)."),
        always("replacement_code", Kind::OrNull(&Kind::Text), ""),
        always("replacement_quantity", Kind::OrNull(&Kind::Integer), ""),
    ],
    None,
);

pub const PANEL_ORDER_STATUS: Body = answer(
    "PanelOrderStatus",
    "",
    &[
        always("status", Kind::Text, ""),
        always("charge", Kind::OrNull(&Kind::Text), ""),
        always("start_count", Kind::OrNull(&Kind::Integer), ""),
        always("remains", Kind::OrNull(&Kind::Integer), ""),
        always("currency", Kind::OrNull(&Kind::Text), ""),
    ],
    None,
);

pub const DELIVERY_ROW: Body = answer(
    "DeliveryRow",
    "",
    &[
        always("invoice_id", Kind::Text, ""),
        always("item_id", Kind::Text, ""),
        always("status", Kind::Words(|| vec!["delivered", "failed"]), ""),
        always("codes", Kind::Text, "The delivered codes, one per line."),
        always("product_id", Kind::OrNull(&Kind::Text), ""),
        always("variant_id", Kind::OrNull(&Kind::Text), ""),
        always("quantity", Kind::OrNull(&Kind::Integer), ""),
        always("error", Kind::OrNull(&Kind::Text), ""),
        always("attempts", Kind::Integer, ""),
        always("first_seen_at", Kind::Text, ""),
        always("last_seen_at", Kind::Text, ""),
        always("outcome", Kind::OrNull(&Kind::Words(checkout_outcomes)), "A checkout order's outcome (`placing` while the order is being placed, `queued` while the shop holds it); null for a code delivery."),
        always("answer", Kind::OrNull(&Kind::Text), "The text a checkout order's buyer was answered (a retry gets the same)."),
    ],
    None,
);

pub const STATS: Body = answer(
    "Stats",
    "",
    &[
        always("days", Kind::Integer, ""),
        always("codes", Kind::Object(&STATS_CODES), ""),
        always("redemptions_today", Kind::Integer, ""),
        always("redemptions_per_day", Kind::List(&Kind::Object(&STATS_REDEMPTIONS_PER_DAY)), ""),
        always("units_per_platform", Kind::List(&Kind::Object(&STATS_UNITS_PER_PLATFORM)), ""),
        always("deliveries_per_day", Kind::List(&Kind::Object(&STATS_DELIVERIES_PER_DAY)), ""),
        always("balance", Kind::OrNull(&Kind::Object(&STATS_BALANCE)), "Null while the panel cannot be asked."),
        always("low_balance", Kind::Flag, ""),
        always("low_balance_threshold", Kind::Number, ""),
        always("balance_forecast", Kind::Object(&STATS_BALANCE_FORECAST), "How long the main panel's balance lasts at the last 7 days' spending (charges when known, estimates otherwise)."),
    ],
    None,
);

pub const IMPORT_REPORT: Body = answer(
    "ImportReport",
    "",
    &[
        always("codes", Kind::Object(&IMPORT_REPORT_CODES), ""),
        always("history", Kind::Object(&IMPORT_REPORT_HISTORY), ""),
        always(
            "changes",
            Kind::List(&Kind::Text),
            "Every value that was normalised.",
        ),
        always(
            "rejected",
            Kind::List(&Kind::Text),
            "Rows that cannot be trusted, and why.",
        ),
    ],
    None,
);

pub const MONEY_TOTALS: Body = answer(
    "MoneyTotals",
    "",
    &[
        always("currency", Kind::Text, ""),
        always("revenue", Kind::Text, "Decimal text (exact; at least two decimals)."),
        always("cost", Kind::Text, "Decimal text (exact; at least two decimals)."),
        always("margin", Kind::Text, "Decimal text (exact; at least two decimals)."),
        always("cost_charged", Kind::Text, "The part of `cost` the panel reported (its `charge`; canceled or refunded orders count 0)."),
        always("cost_estimated", Kind::Text, "The part of `cost` estimated from the rate stored with the code, for orders whose charge is not known yet."),
        always("sales", Kind::Integer, "Sellauth items sold."),
        always("orders", Kind::Integer, "Panel orders placed."),
        always("estimated_orders", Kind::Integer, "Orders counted at their estimate (their cost may still change)."),
        always("unpriced_orders", Kind::Integer, "Orders with neither a charge nor an estimate (counted as 0)."),
    ],
    None,
);

pub const MONEY_DAY: Body = answer(
    "MoneyDay",
    "",
    &[always("day", Kind::Text, "")],
    Some(&MONEY_TOTALS),
);

pub const MONEY_PRODUCT: Body = answer(
    "MoneyProduct",
    "",
    &[
        always(
            "name",
            Kind::Text,
            "The Sellauth product's name, or `Admin codes`, `Manual orders`, `Imported codes`.",
        ),
        always(
            "source",
            Kind::Words(|| vec!["sellauth", "admin", "manual", "import", "demo"]),
            "",
        ),
        always(
            "product_id",
            Kind::Text,
            "The Sellauth product id; empty for the others.",
        ),
    ],
    Some(&MONEY_TOTALS),
);

pub const FORECAST: Body = answer(
    "Forecast",
    "",
    &[
        always("panel", Kind::Text, ""),
        always("balance", Kind::OrNull(&Kind::Text), ""),
        always("currency", Kind::OrNull(&Kind::Text), ""),
        always(
            "spent_7_days",
            Kind::Text,
            "Decimal text (exact; at least two decimals).",
        ),
        always("days_left", Kind::OrNull(&Kind::Integer), ""),
        always("text", Kind::Text, ""),
    ],
    None,
);

pub const MONEY: Body = answer(
    "Money",
    "",
    &[
        always("days", Kind::Integer, ""),
        always("per_currency", Kind::List(&Kind::Object(&MONEY_TOTALS)), "Revenue is counted in the invoice's currency, cost in the panel's; the margin is per currency."),
        always("per_day", Kind::List(&Kind::Object(&MONEY_DAY)), "Every day of the period for every currency (zeros included), oldest first. Revenue by sale day, cost by order day."),
        always("per_product", Kind::List(&Kind::Object(&MONEY_PRODUCT)), "Largest revenue first."),
        always("forecast", Kind::List(&Kind::Object(&FORECAST)), "Each panel's balance and how long it lasts at the last 7 days' spending."),
    ],
    None,
);

pub const ADMIN_SERVICE: Body = answer(
    "AdminService",
    "",
    &[
        always("id", Kind::Integer, ""),
        always("name", Kind::Text, ""),
        always("kind", Kind::Text, "The panel's `type`."),
        always("category", Kind::Text, ""),
        always(
            "rate",
            Kind::Text,
            "The panel's price per 1,000 (wholesale, the shop's cost).",
        ),
        always("min", Kind::Integer, ""),
        always("max", Kind::Integer, ""),
        always("refill", Kind::Flag, ""),
        always("cancel", Kind::Flag, ""),
        sometimes("dripfeed", Kind::Flag, ""),
        sometimes("description", Kind::OrNull(&Kind::Text), ""),
    ],
    None,
);

pub const ORDER_SPEC: Body = answer(
    "OrderSpec",
    "The service's API v2 type (from the panel's catalogue when the codes were made): what the buyer sends besides the link, and what the panel's `add` carries.",
    &[
        always("api_type", Kind::Words(api_types), ""),
        always("api_type_name", Kind::Text, "As the catalogue spells it (\"Mentions with Hashtags\")."),
        always("inputs", Kind::List(&Kind::Words(input_kinds)), "The fields `/api/redeem` needs besides the link, in the order to ask for them."),
        always("subscription", Kind::OrNull(&Kind::Object(&ORDER_SPEC_SUBSCRIPTION)), "A Subscriptions service: the link is the profile, whose new posts get the quantity each."),
    ],
    None,
);

pub const DRIP_FEED: Body = answer(
    "",
    "",
    &[
        always("runs", Kind::Integer, ""),
        always("interval", Kind::Integer, "Minutes between runs."),
    ],
    None,
);

pub const CODE_VIEW_RETURNED: Body = answer(
    "",
    "",
    &[
        always("reason", Kind::Words(returns), ""),
        always("message", Kind::Text, ""),
    ],
    None,
);

pub const ORDER_BY_CODE_REFILL: Body = answer(
    "",
    "",
    &[
        always("id", Kind::OrNull(&Kind::Integer), ""),
        always("status", Kind::OrNull(&Kind::Text), ""),
        always("requested_at", Kind::OrNull(&Kind::Text), ""),
        always("available", Kind::Flag, "A refill may be asked for now."),
        always("why_not", Kind::OrNull(&Kind::Text), ""),
        always(
            "may_ask",
            Kind::Flag,
            "Whether to offer the button (the status shown may be a minute old).",
        ),
        always(
            "why_not_code",
            Kind::OrNull(&Kind::Words(refill_refusals)),
            "`why_not` as a stable code, for a page that speaks the buyer's language.",
        ),
    ],
    None,
);

pub const ORDER_BY_CODE_REPLACEMENT: Body = answer(
    "",
    "",
    &[
        always(
            "code",
            Kind::Text,
            "A new unused code, for the same service and link kind.",
        ),
        always("quantity", Kind::Integer, "What was not delivered."),
    ],
    None,
);

pub const STATS_CODES: Body = answer(
    "",
    "",
    &[
        always("unused", Kind::Integer, ""),
        always("reserved", Kind::Integer, ""),
        always("used", Kind::Integer, ""),
        always("needs_review", Kind::Integer, ""),
        always("void", Kind::Integer, ""),
    ],
    None,
);

pub const STATS_REDEMPTIONS_PER_DAY: Body = answer(
    "",
    "",
    &[
        always("day", Kind::Text, ""),
        always("count", Kind::Integer, ""),
        always("units", Kind::Integer, ""),
    ],
    None,
);

pub const STATS_UNITS_PER_PLATFORM: Body = answer(
    "",
    "",
    &[
        always("platform", Kind::Text, ""),
        always("redemptions", Kind::Integer, ""),
        always("units", Kind::Integer, ""),
    ],
    None,
);

pub const STATS_DELIVERIES_PER_DAY: Body = answer(
    "",
    "",
    &[
        always("day", Kind::Text, ""),
        always("delivered", Kind::Integer, ""),
        always("failed", Kind::Integer, ""),
    ],
    None,
);

pub const STATS_BALANCE: Body = answer(
    "",
    "",
    &[
        always("balance", Kind::Text, ""),
        always("currency", Kind::Text, ""),
    ],
    None,
);

pub const STATS_BALANCE_FORECAST: Body = answer(
    "",
    "",
    &[
        always(
            "days_left",
            Kind::OrNull(&Kind::Integer),
            "Null without spending in 7 days, or while the balance cannot be read.",
        ),
        always("text", Kind::Text, ""),
        always(
            "spent_7_days",
            Kind::Text,
            "Decimal text (exact; at least two decimals).",
        ),
    ],
    None,
);

pub const IMPORT_REPORT_CODES_CONFLICTS: Body = answer(
    "",
    "",
    &[
        always("code", Kind::Text, ""),
        always("here", Kind::Text, ""),
        always("in_file", Kind::Text, ""),
    ],
    None,
);

pub const IMPORT_REPORT_CODES: Body = answer(
    "",
    "",
    &[
        always("received", Kind::Integer, ""),
        always("imported", Kind::Integer, ""),
        always(
            "skipped",
            Kind::Integer,
            "Already here with the same status.",
        ),
        always(
            "conflicts",
            Kind::List(&Kind::Object(&IMPORT_REPORT_CODES_CONFLICTS)),
            "",
        ),
    ],
    None,
);

pub const IMPORT_REPORT_HISTORY: Body = answer(
    "",
    "",
    &[
        always("received", Kind::Integer, ""),
        always("imported", Kind::Integer, ""),
        always("not_imported", Kind::Integer, ""),
    ],
    None,
);

pub const ORDER_SPEC_SUBSCRIPTION: Body = answer(
    "",
    "",
    &[
        always("posts", Kind::OrNull(&Kind::Integer), ""),
        always("delay", Kind::Integer, "Minutes."),
        always("expiry_days", Kind::OrNull(&Kind::Integer), ""),
    ],
    None,
);

pub const LINK_CHECK_RESULT: Body = answer(
    "LinkCheckResult",
    "",
    &[always("link", Kind::Text, "")],
    None,
);

pub const USER_REDEMPTIONS: Body = answer(
    "UserRedemptions",
    "",
    &[
        always("redemptions", Kind::List(&Kind::Object(&REDEMPTION)), ""),
        always("count", Kind::Integer, ""),
    ],
    None,
);

pub const NOTIFY_RESULT: Body = answer(
    "NotifyResult",
    "",
    &[
        always("code", Kind::Text, "The code, as stored."),
        always(
            "email",
            Kind::Text,
            "The address, as kept (trimmed, lowercased).",
        ),
    ],
    None,
);

pub const REFILL_RESULT: Body = answer(
    "RefillResult",
    "",
    &[
        always("order_id", Kind::Integer, ""),
        always("refill_id", Kind::Integer, ""),
        always("status", Kind::Exactly("\"Pending\""), ""),
    ],
    None,
);

pub const BALANCE: Body = answer(
    "Balance",
    "",
    &[
        always(
            "balance",
            Kind::Text,
            "Decimal text, as the panel wrote it.",
        ),
        always("currency", Kind::Text, "Empty when the panel did not say."),
        always("low", Kind::Flag, "Below LOW_BALANCE_THRESHOLD."),
        always("threshold", Kind::Number, ""),
    ],
    None,
);

pub const PANEL_LIST: Body = answer(
    "PanelList",
    "",
    &[
        always("panels", Kind::List(&Kind::Object(&PANEL_LIST_PANELS)), ""),
        always("count", Kind::Integer, ""),
        always("threshold", Kind::Number, ""),
    ],
    None,
);

pub const VOCABULARY: Body = answer(
    "Vocabulary",
    "",
    &[
        always("platforms", Kind::List(&Kind::Object(&NAMED_KEY)), ""),
        always("service_types", Kind::List(&Kind::Object(&NAMED_KEY)), ""),
        always("statuses", Kind::List(&Kind::Object(&NAMED_KEY)), ""),
    ],
    None,
);

pub const CODE_PAGE: Body = answer(
    "CodePage",
    "",
    &[
        always("codes", Kind::List(&Kind::Object(&ADMIN_CODE)), ""),
        always("count", Kind::Integer, ""),
        always(
            "next_cursor",
            Kind::OrNull(&Kind::Text),
            "Pass as `cursor` for the next page; null on the last.",
        ),
    ],
    None,
);

pub const CODE_DETAIL: Body = answer(
    "CodeDetail",
    "",
    &[
        always("code", Kind::Object(&ADMIN_CODE), ""),
        always("redemptions", Kind::List(&Kind::Object(&REDEMPTION)), ""),
        always("order", Kind::OrNull(&Kind::Object(&ORDER_ROW)), ""),
        sometimes("replaces", Kind::OrNull(&Kind::Text), "The code whose canceled or part-delivered order this one makes good."),
        sometimes("replaced_by", Kind::OrNull(&Kind::Object(&CODE_DETAIL_REPLACED_BY)), "The replacement code minted for what this code's order did not deliver."),
        sometimes("make_good", Kind::OrNull(&Kind::Words(remedies)), "The make-good of this code's order: `replaced` (see `replaced_by`), `below_minimum` (too little is owed for a code: settle it with the buyer), or null."),
        sometimes("updates", Kind::List(&Kind::Object(&CODE_DETAIL_UPDATES)), "What the buyer was told about this code, where and when (order updates by e-mail and Telegram; README, Tell buyers by e-mail). A failed update is retried, then stays `failed` here."),
    ],
    None,
);

pub const VOIDED_CODE: Body = answer(
    "VoidedCode",
    "",
    &[
        always("code", Kind::Text, ""),
        always("status", Kind::Exactly("\"void\""), ""),
    ],
    None,
);

pub const RESOLVED_CODE: Body = answer(
    "ResolvedCode",
    "",
    &[
        always("code", Kind::Text, ""),
        always("status", Kind::Words(|| vec!["used", "unused"]), ""),
        always(
            "resolution",
            Kind::Object(&RESOLVED_CODE_RESOLUTION),
            "`{\"order_id\": N}` or `{\"back_to_unused\": true}`.",
        ),
    ],
    None,
);

pub const REDEMPTION_PAGE: Body = answer(
    "RedemptionPage",
    "",
    &[
        always("redemptions", Kind::List(&Kind::Object(&HISTORY_ROW)), ""),
        always("count", Kind::Integer, ""),
        always("next_cursor", Kind::OrNull(&Kind::Text), ""),
    ],
    None,
);

pub const FAILURE_LIST: Body = answer(
    "FailureList",
    "",
    &[
        always("days", Kind::Integer, ""),
        always("count", Kind::Integer, ""),
        always("attempts", Kind::Integer, ""),
        always(
            "failures",
            Kind::List(&Kind::Object(&FAILURE_LIST_FAILURES)),
            "",
        ),
    ],
    None,
);

pub const MANUAL_ORDER_RESULT: Body = answer(
    "ManualOrderResult",
    "",
    &[
        always("order_id", Kind::Integer, ""),
        always("service_id", Kind::Integer, ""),
        always("quantity", Kind::Integer, ""),
        always("link", Kind::Text, "The canonical link."),
    ],
    None,
);

pub const ADMIN_ORDER_STATUS: Body = answer(
    "AdminOrderStatus",
    "",
    &[
        always("order_id", Kind::Integer, ""),
        always("panel", Kind::Object(&PANEL_ORDER_STATUS), ""),
        always(
            "order",
            Kind::OrNull(&Kind::Object(&ORDER_ROW)),
            "Null for an order not placed here.",
        ),
    ],
    None,
);

pub const ADMIN_REFILL_RESULT: Body = answer(
    "AdminRefillResult",
    "",
    &[
        always("order_id", Kind::Integer, ""),
        always("refill_id", Kind::Integer, ""),
    ],
    None,
);

pub const HELD_ORDER_LIST: Body = answer(
    "HeldOrderList",
    "",
    &[
        always("held", Kind::List(&Kind::Object(&HELD_ORDER)), ""),
        always("count", Kind::Integer, ""),
        always(
            "oldest",
            Kind::OrNull(&Kind::Text),
            "When the oldest hold began; null when none is held.",
        ),
    ],
    None,
);

pub const ATTENTION_LIST: Body = answer(
    "AttentionList",
    "",
    &[
        always(
            "findings",
            Kind::List(&Kind::Object(&ATTENTION_FINDING)),
            "Oldest first (then by panel, service and kind).",
        ),
        always("count", Kind::Integer, ""),
    ],
    None,
);

pub const ATTENTION_CHECK: Body = answer(
    "AttentionCheck",
    "",
    &[
        always(
            "findings",
            Kind::List(&Kind::Object(&ATTENTION_FINDING)),
            "Oldest first (then by panel, service and kind).",
        ),
        always("count", Kind::Integer, ""),
        always("report", Kind::Object(&WATCH_REPORT), ""),
    ],
    None,
);

pub const PRODUCT_LIST: Body = answer(
    "ProductList",
    "",
    &[
        always("products", Kind::List(&Kind::Object(&PRODUCT_ROW)), ""),
        always("count", Kind::Integer, ""),
    ],
    None,
);

pub const PRODUCT_ANSWER: Body = answer(
    "ProductAnswer",
    "",
    &[always("product", Kind::Object(&PRODUCT_ROW), "")],
    None,
);

pub const PRODUCT_DELETED: Body = answer(
    "ProductDeleted",
    "",
    &[always("id", Kind::Integer, "")],
    None,
);

pub const DELIVERY_LIST: Body = answer(
    "DeliveryList",
    "",
    &[
        always("deliveries", Kind::List(&Kind::Object(&DELIVERY_ROW)), ""),
        always("count", Kind::Integer, ""),
    ],
    None,
);

pub const VOIDED_INVOICE: Body = answer(
    "VoidedInvoice",
    "",
    &[
        always("invoice_id", Kind::Text, ""),
        always("voided", Kind::Integer, "Codes voided now."),
        always("codes", Kind::Integer, "Codes the invoice has."),
    ],
    None,
);

pub const EVENT_RECORDED: Body = answer(
    "EventRecorded",
    "",
    &[always("event", Kind::Text, "")],
    None,
);

pub const SERVICE_MATCHES: Body = answer(
    "ServiceMatches",
    "",
    &[
        always("panel", Kind::Text, ""),
        always(
            "currency",
            Kind::OrNull(&Kind::Text),
            "The panel's currency, from its balance (null when it cannot be read).",
        ),
        always("services", Kind::List(&Kind::Object(&ADMIN_SERVICE)), ""),
        always("count", Kind::Integer, ""),
        always(
            "matches",
            Kind::Integer,
            "How many matched in all (only the first 100 are listed).",
        ),
    ],
    None,
);

pub const PANEL_LIST_PANELS: Body = answer(
    "",
    "",
    &[
        always("name", Kind::Text, ""),
        always("answers", Kind::Flag, ""),
        always("balance", Kind::OrNull(&Kind::Text), ""),
        always("currency", Kind::OrNull(&Kind::Text), ""),
        always("low", Kind::Flag, ""),
        sometimes("error", Kind::Text, ""),
    ],
    None,
);

pub const NAMED_KEY: Body = answer(
    "",
    "",
    &[
        always("key", Kind::Text, ""),
        always("name", Kind::Text, ""),
    ],
    None,
);

pub const CODE_DETAIL_REPLACED_BY: Body = answer(
    "",
    "",
    &[
        always("code", Kind::Text, ""),
        always("quantity", Kind::OrNull(&Kind::Integer), ""),
    ],
    None,
);

pub const CODE_DETAIL_UPDATES: Body = answer(
    "",
    "",
    &[
        always("kind", Kind::Words(update_events), ""),
        always("channel", Kind::Words(|| vec!["email", "telegram"]), ""),
        always(
            "address",
            Kind::Text,
            "The e-mail address, or the Telegram chat id.",
        ),
        always(
            "status",
            Kind::Words(|| vec!["pending", "sending", "sent", "failed"]),
            "",
        ),
        always("attempts", Kind::Integer, ""),
        always("created_at", Kind::Text, ""),
        always("sent_at", Kind::OrNull(&Kind::Text), ""),
        always("last_error", Kind::OrNull(&Kind::Text), ""),
    ],
    None,
);

pub const RESOLVED_CODE_RESOLUTION: Body = answer(
    "",
    "",
    &[
        sometimes(
            "order_id",
            Kind::Integer,
            "Support found the order: the code is used.",
        ),
        sometimes(
            "back_to_unused",
            Kind::Exactly("true"),
            "There was no order.",
        ),
    ],
    None,
);

pub const FAILURE_LIST_FAILURES: Body = answer(
    "",
    "",
    &[
        always("code", Kind::Text, ""),
        always("reason", Kind::Text, ""),
        always("attempts", Kind::Integer, ""),
        always("first_at", Kind::Text, ""),
        always("last_at", Kind::Text, ""),
    ],
    None,
);

pub const TELEGRAM_ACCEPTED: Body = answer(
    "TelegramAccepted",
    "The update is taken (or was already: the same `update_id` again).",
    &[always("update_id", Kind::Integer, "")],
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
