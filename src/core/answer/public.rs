//! Answers of the public API and the channels: a code, its order, the catalogue, the bots' and
//! webhooks' acknowledgements.

use super::*;

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
        always("order_input", Kind::OrNull(&Kind::Words(InputKind::fields)), "The first of `order.inputs` (kept for clients written before a code could ask for two)."),
        always("drip_feed", Kind::OrNull(&Kind::Object(&DRIP_FEED)), "The shop's drip-feed: the quantity is delivered `runs` times, `interval` minutes apart."),
        sometimes("returned", Kind::OrNull(&Kind::Object(&CODE_VIEW_RETURNED)), "Why a code the buyer had redeemed is theirs again (null or absent: it was not): `hold_expired`, the shop held the order longer than QUEUE_MAX_HOURS without placing it; `refused`, the panel refused the held order when the shop placed it (`message` is the refusal in buyer words, in English). Cleared by the next redemption."),
        always("order", Kind::Object(&ORDER_SPEC), ""),
    ],
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
);

pub const ORDER_BY_CODE: Body = answer_on(
    &ORDER_VIEW,
    "OrderByCode",
    "",
    &[
        always("code", Kind::Text, ""),
        always("has_refill", Kind::Flag, ""),
        always("refill", Kind::Object(&ORDER_BY_CODE_REFILL), ""),
        sometimes("replacement", Kind::OrNull(&Kind::Object(&ORDER_BY_CODE_REPLACEMENT)), "Make-good (MAKE_GOOD=replace): the panel ended the order Canceled or Refunded, or Partial with remains, and the shop minted one replacement code for what was not delivered."),
        sometimes("make_good", Kind::OrNull(&Kind::Words(remedies)), "What the make-good came to: `replaced` (see `replacement`), or `below_minimum`: what was not delivered is below the service's minimum, so no code can buy it; the owner was alerted and settles it with the buyer. Null or absent: nothing is owed (yet)."),
    ],
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
);

pub const SERVICE_LIST: Body = answer(
    "ServiceList",
    "",
    &[
        always("services", Kind::List(&Kind::Object(&PUBLIC_SERVICE)), ""),
        COUNT,
    ],
);

pub const DRIP_FEED: Body = answer(
    "",
    "",
    &[
        always("runs", Kind::Integer, ""),
        always("interval", Kind::Integer, "Minutes between runs."),
    ],
);

pub const CODE_VIEW_RETURNED: Body = answer(
    "",
    "",
    &[
        always("reason", Kind::Words(returns), ""),
        always("message", Kind::Text, ""),
    ],
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
);

pub const LINK_CHECK_RESULT: Body =
    answer("LinkCheckResult", "", &[always("link", Kind::Text, "")]);

pub const USER_REDEMPTIONS: Body = answer(
    "UserRedemptions",
    "",
    &[
        always("redemptions", Kind::List(&Kind::Object(&REDEMPTION)), ""),
        COUNT,
    ],
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
);

pub const REFILL_RESULT: Body = answer(
    "RefillResult",
    "",
    &[
        always("order_id", Kind::Integer, ""),
        always("refill_id", Kind::Integer, ""),
        always("status", Kind::Exactly("\"Pending\""), ""),
    ],
);

pub const EVENT_RECORDED: Body = answer("EventRecorded", "", &[always("event", Kind::Text, "")]);

pub const TELEGRAM_ACCEPTED: Body = answer(
    "TelegramAccepted",
    "The update is taken (or was already: the same `update_id` again).",
    &[always("update_id", Kind::Integer, "")],
);
