//! Sellauth's delivery payload: the fields the worker reads (`sellauth::parse_webhook`, through
//! `json::declared`).

use super::*;

/// Every declared body, for the API document.
const SELLAUTH_ID: Kind = Kind::OneOf(&["integer", "string"]);

/// `POST /webhook/sellauth`: Sellauth's payload, the fields the worker reads. It is read by
/// hand (`sellauth::parse_webhook`: ids as numbers or digits, directly or nested, each refusal
/// naming its field), through `json::declared`, so a field read is a field declared here.
pub const SELLAUTH_WEBHOOK: Body = open(
    "SellauthWebhook",
    "Sellauth's payload (only the fields read are listed; others are ignored). Ids may \
        be numbers or strings of digits.",
    &[
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
);

pub const SELLAUTH_ITEM: Body = open(
    "SellauthItem",
    "The cart item to deliver.",
    &[
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
);

pub const SELLAUTH_NAMED: Body = open(
    "SellauthNamed",
    "A product or variant as Sellauth names it.",
    &[
        maybe("id", SELLAUTH_ID, ""),
        maybe("name", Kind::Text, "Shown in the money view."),
    ],
);

pub const SELLAUTH_CUSTOMER: Body = open("SellauthCustomer", "", &[maybe("email", Kind::Text, "")]);

pub const SELLAUTH_EVENT: Body = open(
    "SellauthEventData",
    "",
    &[maybe("invoice_id", SELLAUTH_ID, "")],
);
