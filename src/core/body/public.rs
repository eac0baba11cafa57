//! Bodies of the public API: a code, a link, a redemption, a lookup, a search.

use super::*;

const CODE_AS_TYPED: &str = "The code, as typed.";

const LANG: &str = "The page's language (a code of `assets/i18n.json`, like `es` or `pt-BR`): the \
    buyer's order-update e-mails are written in it. A value that is not a short tag of letters \
    and dashes is ignored.";

/// `POST /api/validate-code`.
pub const CODE_ONLY: Body = open("CodeOnly", "", &[text("code", CODE_AS_TYPED)]);

/// `POST /api/check-link`.
pub const LINK_CHECK: Body = closed("LinkCheck", "", &[text("code", ""), text("link", "")]);

/// `POST /api/redeem`.
pub const REDEEM: Body = Body {
    inputs: Some(input_fields),
    ..open("RedeemRequest", "", &[
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
    ])
};

/// `POST /api/user/redemptions`.
pub const HISTORY: Body = Body {
    one_of: &["code", "user_id"],
    ..closed(
        "HistoryQuery",
        "Exactly one of `code` or `user_id` (admin key).",
        &[
            maybe("code", Kind::Text, ""),
            maybe("user_id", Kind::OneOf(&["string", "integer"]), ""),
        ],
    )
};

/// `POST /api/refill`.
pub const REFILL: Body = closed("RefillRequest", "", &[text("code", "A used code.")]);

/// `POST /api/orders/by-code/{code}/notify`.
pub const NOTIFY: Body = closed(
    "NotifyRequest",
    "",
    &[
        text("email", "The buyer's e-mail address."),
        maybe(
            "lang",
            Kind::Text,
            "The page's language (a code of `assets/i18n.json`, like `es` or `pt-BR`) for the \
             e-mails; a value that is not a short tag of letters and dashes is ignored. Default: \
             the language of the redemption, else English.",
        ),
    ],
);
