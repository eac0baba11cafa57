//! Bodies of the public API: a code, a link, a redemption, a lookup, a search.

use super::*;

const CODE_AS_TYPED: &str = "The code, as typed.";

const LANG: &str = "The page's language (a code of `assets/i18n.json`, like `es` or `pt-BR`): the \
    buyer's order-update e-mails are written in it. A value that is not a short tag of letters \
    and dashes is ignored.";

/// `POST /api/validate-code`.
pub const CODE_ONLY: Body = Body {
    name: "CodeOnly",
    words: "",
    fields: &[text("code", CODE_AS_TYPED)],
    closed: false,
    inputs: false,
    one_of: &[],
    base: None,
};

/// `POST /api/check-link`.
pub const LINK_CHECK: Body = Body {
    name: "LinkCheck",
    words: "",
    fields: &[text("code", ""), text("link", "")],
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};

/// `POST /api/redeem`.
pub const REDEEM: Body = Body {
    name: "RedeemRequest",
    words: "",
    fields: &[
        text("code", CODE_AS_TYPED),
        text(
            "link",
            "The profile or post the order is for; it must fit the code's platform and service.",
        ),
        maybe(
            "username",
            Kind::Text,
            "The name the redemption is recorded under (64 characters at most); default \"web\".",
        ),
        maybe(
            "user_id",
            Kind::OneOf(&["string", "integer"]),
            "The Flask app's Discord-era clients send one; default \"web\".",
        ),
        maybe("lang", Kind::Text, LANG),
    ],
    closed: false,
    inputs: true,
    one_of: &[],
    base: None,
};

/// `POST /api/user/redemptions`.
pub const HISTORY: Body = Body {
    name: "HistoryQuery",
    words: "Exactly one of `code` or `user_id` (admin key).",
    fields: &[
        maybe("code", Kind::Text, ""),
        maybe("user_id", Kind::OneOf(&["string", "integer"]), ""),
    ],
    closed: true,
    inputs: false,
    one_of: &["code", "user_id"],
    base: None,
};

/// `POST /api/refill`.
pub const REFILL: Body = Body {
    name: "RefillRequest",
    words: "",
    fields: &[text("code", "A used code.")],
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};

/// `POST /api/orders/by-code/{code}/notify`.
pub const NOTIFY: Body = Body {
    name: "NotifyRequest",
    words: "",
    fields: &[
        text("email", "The buyer's e-mail address."),
        maybe(
            "lang",
            Kind::Text,
            "The page's language (a code of `assets/i18n.json`, like `es` or `pt-BR`) for the \
             e-mails; a value that is not a short tag of letters and dashes is ignored. Default: \
             the language of the redemption, else English.",
        ),
    ],
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};

/// `POST /api/search`, with the Flask app's filters: every one optional, `{}` lists everything.
pub const SEARCH: Body = Body {
    name: "SearchQuery",
    words: "",
    fields: &[
        maybe(
            "query",
            Kind::Text,
            "Words that must all appear in the name or category.",
        ),
        maybe(
            "max_price",
            Kind::Number,
            "Highest public price per 1000; only when the shop publishes prices \
             (PUBLIC_PRICE_MULTIPLIER), otherwise 400 `prices_not_public`.",
        ),
        maybe(
            "min_quantity",
            Kind::Whole { min: 0 },
            "Services whose max is at least this.",
        ),
        maybe(
            "max_quantity",
            Kind::Whole { min: 0 },
            "Services whose min is at most this.",
        ),
        maybe("refill_only", Kind::Flag, ""),
        maybe("no_drop", Kind::Flag, "Only \"non drop\" services."),
    ],
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};
