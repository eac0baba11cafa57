//! Bodies of the admin API: templates (mint, products), orders, review, held orders, imports.

use super::*;
use crate::core::checkout::Fulfilment;
use crate::core::legacy;
use crate::core::order_input::{self, api_type};
use crate::core::template;

/// `POST /api/admin/queue/retry` (an empty body is `{}`).
pub const QUEUE_RETRY: Body = closed(
    "QueueRetryInput",
    "`{}`: every held order; `code`: that one.",
    &[maybe(
        "code",
        Kind::Text,
        "One held code (matched like the path's codes).",
    )],
);

/// `POST /api/admin/order`.
pub const MANUAL_ORDER: Body = closed(
    "ManualOrderInput",
    "",
    &[
        Field {
            name: "service_id",
            kind: Kind::Whole { min: 1 },
            required: true,
            words: "",
        },
        text("link", ""),
        Field {
            name: "quantity",
            kind: Kind::Whole { min: 1 },
            required: true,
            words: "",
        },
        maybe(
            "platform",
            Kind::Text,
            "Default: read off the service name.",
        ),
        maybe(
            "service_type",
            Kind::Text,
            "Default: read off the service name.",
        ),
        maybe("panel", Kind::Text, "Which panel (default `main`)."),
    ],
);

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

const fn loose(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Any,
        required: true,
        words: "",
    }
}

const fn loose_maybe(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Any,
        required: false,
        words: "",
    }
}

/// A `codes` row of the Flask app (`core::legacy`).
pub const LEGACY_CODE: Body = open(
    "LegacyCode",
    "A `codes` row of the Flask app's SQLite file; every column may hold any type \
        (values are normalised, each change reported).",
    &[
        loose("code"),
        loose("service_id"),
        loose("quantity"),
        loose("platform"),
        loose("service_type"),
        loose_maybe("requirements"),
        loose_maybe("status"),
        loose("created_date"),
        loose_maybe("used_date"),
        loose_maybe("used_by_user_id"),
        loose_maybe("order_id"),
        loose_maybe("expiry_days"),
        loose_maybe("has_refill"),
    ],
);

/// A `redemption_history` row of the Flask app.
pub const LEGACY_REDEMPTION: Body = open(
    "LegacyRedemption",
    "A `redemption_history` row of the Flask app.",
    &[
        loose("id"),
        loose("code"),
        loose_maybe("user_id"),
        loose_maybe("username"),
        loose("service_id"),
        loose("quantity"),
        loose_maybe("link"),
        loose_maybe("order_id"),
        loose("redeemed_date"),
    ],
);

/// `POST /api/admin/import`.
pub const IMPORT: Body = closed(
    "ImportBatch",
    "",
    &[
        maybe(
            "codes",
            Kind::Rows {
                row: &LEGACY_CODE,
                count: &legacy::IMPORT_ROWS,
            },
            "",
        ),
        maybe(
            "history",
            Kind::Rows {
                row: &LEGACY_REDEMPTION,
                count: &legacy::IMPORT_ROWS,
            },
            "",
        ),
    ],
);

/// One way to buy a service: this service on this panel (`core::panel::ServiceChoice`).
pub const SERVICE_CHOICE: Body = closed(
    "ServiceChoice",
    "",
    &[
        text(
            "panel",
            "`main`, or NAME of PANEL_<NAME>_URL in lower case.",
        ),
        Field {
            name: "service_id",
            kind: Kind::Within(&template::SERVICE_ID),
            required: true,
            words: "",
        },
    ],
);

/// What one code buys: the fields `MINT` and `PRODUCT` share (`template::TemplateInput`).
pub const TEMPLATE_FIELDS: Body = Body {
    one_of: &["service_id", "services"],
    ..open("TemplateFields", "What one code buys: `service_id` or `services`.", &[
        maybe(
            "service_id",
            Kind::Within(&template::SERVICE_ID),
            "The service on the panel `main` (PANEL_URL). Or send `services` instead.",
        ),
        must(
            "quantity",
            Kind::Within(&template::QUANTITY),
            "Units per code.",
        ),
        must(
            "platform",
            Kind::Chars(&template::NAME_LENGTH),
            "Any spelling (\"YouTube\", \"yt\", \"Tik-Tok\"); stored as its key (youtube, \
             instagram, tiktok, x, twitch, spotify, telegram, facebook, threads, kick, snapchat, \
             reddit, linkedin).",
        ),
        must(
            "service_type",
            Kind::Chars(&template::NAME_LENGTH),
            "Any spelling (\"subs\"); stored as its key (subscribers, followers, likes, views, \
             comments, shorts, live, members, plays, saves, shares).",
        ),
        maybe(
            "requirements",
            Kind::Chars(&template::REQUIREMENTS_LENGTH),
            "Shown to the buyer.",
        ),
        maybe("has_refill", Kind::Flag, "Default false."),
        maybe(
            "expiry_days",
            Kind::Within(&template::EXPIRY_DAYS),
            "Days until the codes expire; 0 = never. Default 30.",
        ),
        maybe(
            "services",
            Kind::Rows {
                row: &SERVICE_CHOICE,
                count: &template::CHOICES,
            },
            "Instead of `service_id`: where to buy it, in the order to try. A definite refusal \
             (funds, service off, quantity) moves on to the next; an unknown outcome (timeout, \
             unreadable answer) never does (the code waits for review).",
        ),
        maybe(
            "order_input",
            Kind::Text,
            "Normally left out: the service's type is read from the panel's catalogue. A type \
             as the panel API names it (\"Custom Comments\", \"mentions_with_hashtags\", \
             \"Subscriptions\"), or comments, usernames, answer_number; it must ask for what the \
             catalogue's type asks for (400 `order_input_mismatch`).",
        ),
        maybe(
            "drip_feed",
            Kind::Object(&DRIP_FEED),
            "Fix drip-feed for the service: `quantity` is delivered `runs` times, `interval` \
             minutes apart (the cost counts every run).",
        ),
        maybe(
            "subscription",
            Kind::Object(&SUBSCRIPTION),
            "For a Subscriptions service: what the shop fixes of each subscription.",
        ),
    ])
};

/// A template's `drip_feed`.
pub const DRIP_FEED: Body = closed(
    "DripFeedInput",
    "",
    &[
        must("runs", Kind::Within(&order_input::RUNS), ""),
        must(
            "interval",
            Kind::Within(&order_input::INTERVAL_MINUTES),
            "Minutes.",
        ),
    ],
);

/// A template's `subscription`.
pub const SUBSCRIPTION: Body = closed(
    "SubscriptionInput",
    "",
    &[
        maybe("posts", Kind::Within(&api_type::POSTS), ""),
        maybe(
            "delay",
            Kind::Within(&api_type::DELAY_MINUTES),
            "Minutes before each delivery (the values a panel allows differ).",
        ),
        maybe(
            "expiry_days",
            Kind::Within(&api_type::SUBSCRIPTION_DAYS),
            "",
        ),
    ],
);

const CONFIRM_MISMATCH: &str = "Sell it anyway when the panel service's name names another \
    platform or kind (otherwise 400 `service_mismatch`).";

/// `POST /api/admin/codes`.
pub const MINT: Body = Body {
    base: Some(&TEMPLATE_FIELDS),
    ..closed(
        "MintInput",
        "",
        &[
            must(
                "count",
                Kind::Within(&template::CODES_PER_REQUEST),
                "How many codes.",
            ),
            maybe(
                "prefix",
                Kind::Text,
                "1 to 12 letters or digits; default CODE_PREFIX.",
            ),
            maybe("confirm_mismatch", Kind::Flag, CONFIRM_MISMATCH),
        ],
    )
};

/// `POST /api/admin/products`, `PUT /api/admin/products/{product_id}`.
pub const PRODUCT: Body = Body {
    base: Some(&TEMPLATE_FIELDS),
    ..closed(
        "ProductInput",
        "A template whose platform and service_type must be known ones.",
        &[
            must(
                "product_id",
                Kind::OneOf(&["integer", "string"]),
                "A Sellauth id: a number, or digits/letters/-/_ (at most 40).",
            ),
            maybe(
                "variant_id",
                Kind::OneOf(&["integer", "string"]),
                "Omit (or null, \"\") for every variant.",
            ),
            maybe("confirm_mismatch", Kind::Flag, CONFIRM_MISMATCH),
            maybe(
                "fulfilment",
                Kind::Words(Fulfilment::keys),
                "`code` (default): a code per unit. `order`: place the panel order straight from \
             the delivery (one order of quantity × units) for the link the buyer typed at \
             checkout; falls back to the code when the link is missing or wrong, or the panel \
             refuses.",
            ),
            maybe(
                "link_field",
                Kind::Text,
                "Required with `order`: the name of the Sellauth custom field that asks for the \
             link, e.g. `Channel`.",
            ),
        ],
    )
};

/// `POST /api/admin/codes/retarget`.
pub const RETARGET: Body = closed(
    "RetargetInput",
    "",
    &[
        Field {
            name: "from",
            kind: Kind::Object(&SERVICE_CHOICE),
            required: true,
            words: "The service the codes and products buy now (as a finding names it).",
        },
        Field {
            name: "to",
            kind: Kind::Rows {
                row: &SERVICE_CHOICE,
                count: &template::CHOICES,
            },
            required: true,
            words: "Where they buy from instead, in the order to try; must not name `from`.",
        },
        maybe(
            "confirm_mismatch",
            Kind::Flag,
            "Move them even when a new service's name names another platform or kind (after a \
             `service_mismatch`). Default false.",
        ),
    ],
);
