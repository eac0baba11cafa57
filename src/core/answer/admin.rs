//! Answers of the admin API: codes, orders, held orders, findings, products, deliveries.

use super::*;

pub const MINT_RESULT: Body = answer(
    "MintResult",
    "",
    &[
        always("codes", Kind::List(&Kind::Text), ""),
        COUNT,
        always("service_id", Kind::Integer, ""),
        always("quantity", Kind::Integer, ""),
        always("platform", Kind::Text, ""),
        always("service_type", Kind::Text, ""),
        always("expires_at", Kind::OrNull(&Kind::Text), ""),
        always("unit_cost", Kind::OrNull(&Kind::Text), "What one code costs on its first panel choice (rate per 1,000 x quantity / 1,000, in that panel's currency), from the catalogue; null when the catalogue could not be read."),
        always("order_input", Kind::OrNull(&Kind::Words(InputKind::fields)), "The first of `order.inputs` (kept for clients written before a code could ask for two)."),
        always("drip_feed", Kind::OrNull(&Kind::Object(&DRIP_FEED)), "The shop's drip-feed: the quantity is delivered `runs` times, `interval` minutes apart."),
        always("order", Kind::Object(&ORDER_SPEC), ""),
    ],
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
);

pub const HISTORY_ROW: Body = answer_on(
    &REDEMPTION,
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
);

pub const IMPORT_REPORT_CODES_CONFLICTS: Body = answer(
    "",
    "",
    &[
        always("code", Kind::Text, ""),
        always("here", Kind::Text, ""),
        always("in_file", Kind::Text, ""),
    ],
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
);

pub const IMPORT_REPORT_HISTORY: Body = answer(
    "",
    "",
    &[
        always("received", Kind::Integer, ""),
        always("imported", Kind::Integer, ""),
        always("not_imported", Kind::Integer, ""),
    ],
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
);

pub const PANEL_LIST: Body = answer(
    "PanelList",
    "",
    &[
        always("panels", Kind::List(&Kind::Object(&PANEL_LIST_PANELS)), ""),
        COUNT,
        always("threshold", Kind::Number, ""),
    ],
);

pub const VOCABULARY: Body = answer(
    "Vocabulary",
    "",
    &[
        always("platforms", Kind::List(&Kind::Object(&NAMED_KEY)), ""),
        always("service_types", Kind::List(&Kind::Object(&NAMED_KEY)), ""),
        always("statuses", Kind::List(&Kind::Object(&NAMED_KEY)), ""),
    ],
);

pub const CODE_PAGE: Body = answer(
    "CodePage",
    "",
    &[
        always("codes", Kind::List(&Kind::Object(&ADMIN_CODE)), ""),
        COUNT,
        NEXT_CURSOR,
    ],
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
);

pub const VOIDED_CODE: Body = answer(
    "VoidedCode",
    "",
    &[
        always("code", Kind::Text, ""),
        always("status", Kind::Exactly("\"void\""), ""),
    ],
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
);

pub const REDEMPTION_PAGE: Body = answer(
    "RedemptionPage",
    "",
    &[
        always("redemptions", Kind::List(&Kind::Object(&HISTORY_ROW)), ""),
        COUNT,
        NEXT_CURSOR,
    ],
);

pub const FAILURE_LIST: Body = answer(
    "FailureList",
    "",
    &[
        always("days", Kind::Integer, ""),
        COUNT,
        always("attempts", Kind::Integer, ""),
        always(
            "failures",
            Kind::List(&Kind::Object(&FAILURE_LIST_FAILURES)),
            "",
        ),
    ],
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
);

pub const ADMIN_REFILL_RESULT: Body = answer(
    "AdminRefillResult",
    "",
    &[
        always("order_id", Kind::Integer, ""),
        always("refill_id", Kind::Integer, ""),
    ],
);

pub const HELD_ORDER_LIST: Body = answer(
    "HeldOrderList",
    "",
    &[
        always(
            "held",
            Kind::List(&Kind::Object(&HELD_ORDER)),
            "The oldest holds, 200 at most.",
        ),
        always("count", Kind::Integer, "Held codes in all."),
        always(
            "oldest",
            Kind::OrNull(&Kind::Text),
            "When the oldest hold began; null when none is held.",
        ),
    ],
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
        COUNT,
    ],
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
        COUNT,
        always("report", Kind::Object(&WATCH_REPORT), ""),
    ],
);

pub const PRODUCT_LIST: Body = answer(
    "ProductList",
    "",
    &[
        always("products", Kind::List(&Kind::Object(&PRODUCT_ROW)), ""),
        COUNT,
    ],
);

pub const PRODUCT_ANSWER: Body = answer(
    "ProductAnswer",
    "",
    &[always("product", Kind::Object(&PRODUCT_ROW), "")],
);

pub const PRODUCT_DELETED: Body = answer("ProductDeleted", "", &[always("id", Kind::Integer, "")]);

pub const DELIVERY_LIST: Body = answer(
    "DeliveryList",
    "",
    &[
        always("deliveries", Kind::List(&Kind::Object(&DELIVERY_ROW)), ""),
        COUNT,
    ],
);

pub const VOIDED_INVOICE: Body = answer(
    "VoidedInvoice",
    "",
    &[
        always("invoice_id", Kind::Text, ""),
        always("voided", Kind::Integer, "Codes voided now."),
        always("codes", Kind::Integer, "Codes the invoice has."),
    ],
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
        COUNT,
        always(
            "matches",
            Kind::Integer,
            "How many matched in all (only the first 100 are listed).",
        ),
    ],
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
);

pub const NAMED_KEY: Body = answer(
    "",
    "",
    &[
        always("key", Kind::Text, ""),
        always("name", Kind::Text, ""),
    ],
);

pub const CODE_DETAIL_REPLACED_BY: Body = answer(
    "",
    "",
    &[
        always("code", Kind::Text, ""),
        always("quantity", Kind::OrNull(&Kind::Integer), ""),
    ],
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
);
