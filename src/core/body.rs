//! The JSON request bodies read field by field, each declared once as data: the worker reads a
//! body by its declaration (`envelope::parse_body`: unknown fields of a closed body, missing
//! and mistyped fields are refused before anything happens), and the API document's schema
//! for it is written from the same declaration (`src/bin/openapi.rs`), so the two cannot differ.

use super::checkout::Fulfilment;
use super::order_input::{self, api_type, InputKind};
use super::template;
use std::ops::RangeInclusive;

/// What a field holds. An optional field may also be `null` (the same as leaving it out).
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text,
    /// A whole number from `min` to 2^32 - 1.
    Whole {
        min: u32,
    },
    /// Any JSON number.
    Number,
    Flag,
    /// Any JSON (the Flask app's loose rows).
    Any,
    /// One of these JSON types (`"string"`, `"integer"`).
    OneOf(&'static [&'static str]),
    /// Text with one item per line, or a list of texts.
    TextOrList,
    /// A list of `fewest` to `most` objects, each read as that body.
    Rows {
        row: &'static Body,
        fewest: u32,
        most: u32,
    },
    /// An object read as that body (written as a reference to its schema when it has a name,
    /// in place when it has none).
    Object(&'static Body),
    /// A whole number the domain takes in this range. The reader takes any; the domain refuses
    /// the rest in its own words (a template's `invalid_template`), as with `Rows` counts.
    Within(&'static RangeInclusive<u32>),
    /// Text of this many characters, checked by the domain as `Within` is.
    Chars(&'static RangeInclusive<u32>),
    /// Text that is one of these words: a domain's keys, listed by the domain itself. Read as
    /// any text: the domain refuses others in its own words, as with `Within`.
    Words(fn() -> Vec<&'static str>),
    // Kinds only answers have (`core::answer`).
    /// Any whole number.
    Integer,
    /// 0 or 1 (SQLite's true and false).
    Bit,
    /// Exactly this JSON value, written as JSON (`true`, `"queued"`).
    Exactly(&'static str),
    /// That kind, or `null`.
    OrNull(&'static Kind),
    /// A list of that kind.
    List(&'static Kind),
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// For the API document; empty when the name says it.
    pub words: &'static str,
}

#[derive(Debug)]
pub struct Body {
    /// Its schema's name in the API document.
    pub name: &'static str,
    pub words: &'static str,
    pub fields: &'static [Field],
    /// No other fields than these (and the buyer's inputs, when `inputs`).
    pub closed: bool,
    /// The buyer's order inputs may come along, each by its field name (`InputKind::field`).
    pub inputs: bool,
    /// Exactly one of these fields must be sent.
    pub one_of: &'static [&'static str],
    /// An answer that is another answer and these fields (`OrderByCode` is an `OrderView`).
    pub base: Option<&'static Body>,
}

impl Body {
    /// A field of this body or of its base.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.all_fields().find(|f| f.name == name)
    }

    /// Its own fields, then its base's.
    pub fn all_fields(&self) -> impl Iterator<Item = &'static Field> {
        let base = self.base.map_or(&[][..], |b| b.fields);
        self.fields.iter().chain(base)
    }
}

/// Whether an object built with exactly these keys is this body: each key declared (by it or
/// its base), each field it always has among them. `obj!(BODY => {...})` asks it at compile
/// time, so an answer and its schema cannot drift apart.
pub const fn built_by(body: &Body, keys: &[&str]) -> bool {
    all_declared(body, keys, true) && has_all(body, keys, true)
}

/// The same for the fields a body adds to its base, when they are added to a built base
/// (`obj!(BODY => extends(base) {...})`).
pub const fn built_on(body: &Body, keys: &[&str]) -> bool {
    all_declared(body, keys, false) && has_all(body, keys, false)
}

/// Whether these keys are fields the body (or its base) may leave out: what is added to a
/// built answer when there is something to say (`obj!(BODY => adds(built) {...})`).
pub const fn sometimes_there(body: &Body, keys: &[&str]) -> bool {
    all_declared(body, keys, true) && !any_required(body, keys)
}

const fn any_required(body: &Body, keys: &[&str]) -> bool {
    let mut f = 0;
    while f < body.fields.len() {
        let field = &body.fields[f];
        if field.required && listed(keys, field.name) {
            return true;
        }
        f += 1;
    }
    match body.base {
        Some(base) => any_required(base, keys),
        None => false,
    }
}

const fn all_declared(body: &Body, keys: &[&str], with_base: bool) -> bool {
    let mut k = 0;
    while k < keys.len() {
        if !declares(body, keys[k], with_base) {
            return false;
        }
        k += 1;
    }
    true
}

const fn has_all(body: &Body, keys: &[&str], with_base: bool) -> bool {
    let mut f = 0;
    while f < body.fields.len() {
        let field = &body.fields[f];
        if field.required && !listed(keys, field.name) {
            return false;
        }
        f += 1;
    }
    match body.base {
        Some(base) if with_base => has_all(base, keys, true),
        _ => true,
    }
}

const fn declares(body: &Body, key: &str, with_base: bool) -> bool {
    let mut f = 0;
    while f < body.fields.len() {
        if same(body.fields[f].name, key) {
            return true;
        }
        f += 1;
    }
    match body.base {
        Some(base) if with_base => declares(base, key, true),
        _ => false,
    }
}

const fn listed(keys: &[&str], key: &str) -> bool {
    let mut k = 0;
    while k < keys.len() {
        if same(keys[k], key) {
            return true;
        }
        k += 1;
    }
    false
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn text(name: &'static str, words: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Text,
        required: true,
        words,
    }
}

const fn maybe(name: &'static str, kind: Kind, words: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        words,
    }
}

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

/// `POST /api/admin/queue/retry` (an empty body is `{}`).
pub const QUEUE_RETRY: Body = Body {
    name: "QueueRetryInput",
    words: "`{}`: every held order; `code`: that one.",
    fields: &[maybe(
        "code",
        Kind::Text,
        "One held code (matched like the path's codes).",
    )],
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};

/// `POST /api/admin/order`.
pub const MANUAL_ORDER: Body = Body {
    name: "ManualOrderInput",
    words: "",
    fields: &[
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
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};

/// `POST /api/admin/codes/{code}/resolve`.
pub const RESOLVE: Body = Body {
    name: "ResolveInput",
    words: "Exactly one of the two.",
    fields: &[
        maybe(
            "order_id",
            Kind::OneOf(&["integer", "string"]),
            "The panel's order number.",
        ),
        maybe("back_to_unused", Kind::Flag, ""),
    ],
    closed: true,
    inputs: false,
    one_of: &["order_id", "back_to_unused"],
    base: None,
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
pub const LEGACY_CODE: Body = Body {
    name: "LegacyCode",
    words: "A `codes` row of the Flask app's SQLite file; every column may hold any type \
        (values are normalised, each change reported).",
    fields: &[
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
    closed: false,
    inputs: false,
    one_of: &[],
    base: None,
};

/// A `redemption_history` row of the Flask app.
pub const LEGACY_REDEMPTION: Body = Body {
    name: "LegacyRedemption",
    words: "A `redemption_history` row of the Flask app.",
    fields: &[
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
    closed: false,
    inputs: false,
    one_of: &[],
    base: None,
};

/// `POST /api/admin/import`.
pub const IMPORT: Body = Body {
    name: "ImportBatch",
    words: "",
    fields: &[
        maybe(
            "codes",
            Kind::Rows {
                row: &LEGACY_CODE,
                fewest: 0,
                most: 500,
            },
            "",
        ),
        maybe(
            "history",
            Kind::Rows {
                row: &LEGACY_REDEMPTION,
                fewest: 0,
                most: 500,
            },
            "",
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

/// One way to buy a service: this service on this panel (`core::panel::ServiceChoice`).
pub const SERVICE_CHOICE: Body = Body {
    name: "ServiceChoice",
    words: "",
    fields: &[
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
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};

const fn must(name: &'static str, kind: Kind, words: &'static str) -> Field {
    Field {
        name,
        kind,
        required: true,
        words,
    }
}

/// What one code buys: the fields `MINT` and `PRODUCT` share (`template::TemplateInput`).
pub const TEMPLATE_FIELDS: Body = Body {
    name: "TemplateFields",
    words: "What one code buys: `service_id` or `services`.",
    fields: &[
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
                fewest: *template::CHOICES.start(),
                most: *template::CHOICES.end(),
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
    ],
    closed: false,
    inputs: false,
    one_of: &["service_id", "services"],
    base: None,
};

/// A template's `drip_feed`.
pub const DRIP_FEED: Body = Body {
    name: "DripFeedInput",
    words: "",
    fields: &[
        must("runs", Kind::Within(&order_input::RUNS), ""),
        must(
            "interval",
            Kind::Within(&order_input::INTERVAL_MINUTES),
            "Minutes.",
        ),
    ],
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};

/// A template's `subscription`.
pub const SUBSCRIPTION: Body = Body {
    name: "SubscriptionInput",
    words: "",
    fields: &[
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
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};

const CONFIRM_MISMATCH: &str = "Sell it anyway when the panel service's name names another \
    platform or kind (otherwise 400 `service_mismatch`).";

/// `POST /api/admin/codes`.
pub const MINT: Body = Body {
    name: "MintInput",
    words: "",
    fields: &[
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
    closed: true,
    inputs: false,
    one_of: &[],
    base: Some(&TEMPLATE_FIELDS),
};

/// `POST /api/admin/products`, `PUT /api/admin/products/{product_id}`.
pub const PRODUCT: Body = Body {
    name: "ProductInput",
    words: "A template whose platform and service_type must be known ones.",
    fields: &[
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
    closed: true,
    inputs: false,
    one_of: &[],
    base: Some(&TEMPLATE_FIELDS),
};

/// `POST /api/admin/codes/retarget`.
pub const RETARGET: Body = Body {
    name: "RetargetInput",
    words: "",
    fields: &[
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
                fewest: *template::CHOICES.start(),
                most: *template::CHOICES.end(),
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
    closed: true,
    inputs: false,
    one_of: &[],
    base: None,
};

/// Every declared body, for the API document.
const SELLAUTH_ID: Kind = Kind::OneOf(&["integer", "string"]);

/// `POST /webhook/sellauth`: Sellauth's payload, the fields the worker reads. It is read by
/// hand (`sellauth::parse_webhook`: ids as numbers or digits, directly or nested, each refusal
/// naming its field), through `json::declared`, so a field read is a field declared here.
pub const SELLAUTH_WEBHOOK: Body = Body {
    name: "SellauthWebhook",
    words: "Sellauth's payload (only the fields read are listed; others are ignored). Ids may \
        be numbers or strings of digits.",
    fields: &[
        must(
            "event",
            Kind::Text,
            "`INVOICE.ITEM.DELIVER-DYNAMIC` delivers; any other event is only recorded.",
        ),
        maybe(
            "id",
            SELLAUTH_ID,
            "The invoice id (required for deliveries).",
        ),
        maybe(
            "email",
            Kind::Text,
            "The buyer's address (for order updates).",
        ),
        maybe(
            "customer",
            Kind::Object(&SELLAUTH_CUSTOMER),
            "Its `email`, when `email` is not set.",
        ),
        maybe(
            "currency",
            Kind::Text,
            "The invoice's currency (the money view).",
        ),
        maybe(
            "item",
            Kind::Object(&SELLAUTH_ITEM),
            "Required for deliveries.",
        ),
        maybe(
            "data",
            Kind::Object(&SELLAUTH_EVENT),
            "Other events: what is recorded with them.",
        ),
    ],
    closed: false,
    inputs: false,
    one_of: &[],
    base: None,
};

pub const SELLAUTH_ITEM: Body = Body {
    name: "SellauthItem",
    words: "The cart item to deliver.",
    fields: &[
        maybe("id", SELLAUTH_ID, "Required."),
        maybe("product_id", SELLAUTH_ID, "Or `product.id`."),
        maybe("variant_id", SELLAUTH_ID, "Or `variant.id`."),
        maybe(
            "quantity",
            Kind::OneOf(&["integer", "string"]),
            "Required: a whole number from 1 up.",
        ),
        maybe("product", Kind::Object(&SELLAUTH_NAMED), ""),
        maybe("variant", Kind::Object(&SELLAUTH_NAMED), ""),
        maybe(
            "price",
            Kind::OneOf(&["number", "string"]),
            "Per unit, in the invoice's currency (the money view).",
        ),
        maybe(
            "total_price",
            Kind::OneOf(&["number", "string"]),
            "Price x quantity; worked out when left out.",
        ),
        maybe(
            "custom_fields",
            Kind::Any,
            "What the buyer typed at checkout, by field name (a checkout order's link).",
        ),
    ],
    closed: false,
    inputs: false,
    one_of: &[],
    base: None,
};

pub const SELLAUTH_NAMED: Body = Body {
    name: "SellauthNamed",
    words: "A product or variant as Sellauth names it.",
    fields: &[
        maybe("id", SELLAUTH_ID, ""),
        maybe("name", Kind::Text, "Shown in the money view."),
    ],
    closed: false,
    inputs: false,
    one_of: &[],
    base: None,
};

pub const SELLAUTH_CUSTOMER: Body = Body {
    name: "SellauthCustomer",
    words: "",
    fields: &[maybe("email", Kind::Text, "")],
    closed: false,
    inputs: false,
    one_of: &[],
    base: None,
};

pub const SELLAUTH_EVENT: Body = Body {
    name: "SellauthEventData",
    words: "",
    fields: &[maybe("invoice_id", SELLAUTH_ID, "")],
    closed: false,
    inputs: false,
    one_of: &[],
    base: None,
};

pub const ALL: [&Body; 25] = [
    &CODE_ONLY,
    &LINK_CHECK,
    &REDEEM,
    &HISTORY,
    &REFILL,
    &NOTIFY,
    &QUEUE_RETRY,
    &MANUAL_ORDER,
    &RESOLVE,
    &LEGACY_CODE,
    &LEGACY_REDEMPTION,
    &IMPORT,
    &SEARCH,
    &SERVICE_CHOICE,
    &RETARGET,
    &TEMPLATE_FIELDS,
    &DRIP_FEED,
    &SUBSCRIPTION,
    &MINT,
    &PRODUCT,
    &SELLAUTH_WEBHOOK,
    &SELLAUTH_ITEM,
    &SELLAUTH_NAMED,
    &SELLAUTH_CUSTOMER,
    &SELLAUTH_EVENT,
];

/// The buyer's inputs as fields of a body: their kind and words, for the reader and the
/// API document.
pub fn input_field(kind: InputKind) -> Field {
    let words = match kind {
        InputKind::Comments => "When `order.inputs` has it: one comment per line (or a list), as many as the code's quantity (any number for a Custom Comments Package), 300 characters each at most.",
        InputKind::Usernames => "When `order.inputs` has it: one per line (or a list), each a handle of the code's platform (a leading @ is fine).",
        InputKind::Hashtags => "When `order.inputs` has it: one per line (or a list); letters, digits and _ after an optional #.",
        InputKind::Hashtag => "When `order.inputs` has it: one hashtag.",
        InputKind::Username => "When `order.inputs` has it (the panel's `username`: whose followers to mention, whose comment to like): a handle of the code's platform.",
        InputKind::Media => "When `order.inputs` has it: the link to the post whose likers are mentioned, on the code's platform.",
        InputKind::AnswerNumber => "When `order.inputs` has it: the poll answer to vote for, 1 to 100.",
        InputKind::Groups => "When `order.inputs` has it: one group per line (or a list), 200 characters each at most.",
        InputKind::Keywords => "When `order.inputs` has it: one search keyword per line (or a list), 200 characters each at most.",
    };
    let kind_of = if kind == InputKind::AnswerNumber {
        Kind::OneOf(&["integer", "string"])
    } else if kind.is_list() {
        Kind::TextOrList
    } else {
        Kind::Text
    };
    Field {
        name: kind.field(),
        kind: kind_of,
        required: false,
        words,
    }
}
