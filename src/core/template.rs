//! What a code buys, before any code exists: the template an admin fills in to mint codes,
//! and (later) what a Sellauth product maps to.

use super::checkout::Fulfilment;
use super::envelope::ApiError;
use super::json::obj;
use super::json::Fields;
use super::money::Micros;
use super::order_input::api_type::{
    ApiType, OrderSpec, Subscription, DELAY_MINUTES, POSTS, SUBSCRIPTION_DAYS,
};
use super::order_input::{DripFeed, INTERVAL_MINUTES, RUNS};
use super::panel::{
    stored_choices, PanelName, ServiceChoice, ServiceId, SERVICE_CHOICE, SERVICE_ID,
};
use super::service::{Platform, ServiceKind};
use crate::core::error_code::ErrorCode;
use crate::core::shape::*;
use serde_json::Value;
use std::ops::RangeInclusive;

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
);

const CONFIRM_MISMATCH: &str = "Sell it anyway when the panel service's name names another \
    platform or kind (otherwise 400 `service_mismatch`).";

/// What one code buys: the fields `MINT` and `PRODUCT` share (`template::TemplateInput`).
pub const TEMPLATE_FIELDS: Body = Body {
    one_of: &["service_id", "services"],
    ..open("TemplateFields", "What one code buys: `service_id` or `services`.", &[
        maybe(
            "service_id",
            Kind::Within(&SERVICE_ID),
            "The service on the panel `main` (PANEL_URL). Or send `services` instead.",
        ),
        must(
            "quantity",
            Kind::Within(&QUANTITY),
            "Units per code.",
        ),
        must(
            "platform",
            Kind::Chars(&NAME_LENGTH),
            "Any spelling (\"YouTube\", \"yt\", \"Tik-Tok\"); stored as its key (youtube, \
             instagram, tiktok, x, twitch, spotify, telegram, facebook, threads, kick, snapchat, \
             reddit, linkedin).",
        ),
        must(
            "service_type",
            Kind::Chars(&NAME_LENGTH),
            "Any spelling (\"subs\"); stored as its key (subscribers, followers, likes, views, \
             comments, shorts, live, members, plays, saves, shares).",
        ),
        maybe(
            "requirements",
            Kind::Chars(&REQUIREMENTS_LENGTH),
            "Shown to the buyer.",
        ),
        maybe("has_refill", Kind::Flag, "Default false."),
        maybe(
            "expiry_days",
            Kind::Within(&EXPIRY_DAYS),
            "Days until the codes expire; 0 = never. Default 30.",
        ),
        maybe(
            "services",
            Kind::Rows {
                row: &SERVICE_CHOICE,
                count: &CHOICES,
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
        must("runs", Kind::Within(&RUNS), ""),
        must("interval", Kind::Within(&INTERVAL_MINUTES), "Minutes."),
    ],
);

/// A template's `subscription`.
pub const SUBSCRIPTION: Body = closed(
    "SubscriptionInput",
    "",
    &[
        maybe("posts", Kind::Within(&POSTS), ""),
        maybe(
            "delay",
            Kind::Within(&DELAY_MINUTES),
            "Minutes before each delivery (the values a panel allows differ).",
        ),
        maybe("expiry_days", Kind::Within(&SUBSCRIPTION_DAYS), ""),
    ],
);

/// `POST /api/admin/codes`.
pub const MINT: Body = Body {
    base: Some(&TEMPLATE_FIELDS),
    ..closed(
        "MintInput",
        "",
        &[
            must("count", Kind::Within(&CODES_PER_REQUEST), "How many codes."),
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

// What a template may say. `core::body` declares them to the API document from these, and
// `validate` refuses the rest in the shop's words (`invalid_template`).
pub const CODES_PER_REQUEST: RangeInclusive<u32> = 1..=1000;
pub const QUANTITY: RangeInclusive<u32> = 1..=100_000_000;
/// Days a code stays redeemable; 0: it never expires.
pub const EXPIRY_DAYS: RangeInclusive<u32> = 0..=3650;
/// Characters of a platform or a service type as typed.
pub const NAME_LENGTH: RangeInclusive<u32> = 1..=40;
pub const REQUIREMENTS_LENGTH: RangeInclusive<u32> = 0..=500;
/// Panels to try for one code, in order.
pub const CHOICES: RangeInclusive<u32> = 1..=5;

/// A validated service template; platform and kind are stored by their canonical keys.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeTemplate {
    /// The first choice's service (the `service_id` column).
    pub service_id: ServiceId,
    /// Where to buy it, in the order to try: always at least one.
    pub services: Vec<ServiceChoice>,
    pub quantity: u32,
    pub platform: Platform,
    pub kind: ServiceKind,
    pub requirements: Option<String>,
    pub has_refill: bool,
    /// `None`: never expires.
    pub expiry_days: Option<u32>,
    /// What one code costs on its first choice (rate x quantity / 1,000, the panel's
    /// currency), from the catalogue when the template was saved; `None` when it was unreachable.
    pub unit_cost: Option<Micros>,
    /// The service's API v2 type (what the buyer gives besides the link, what `add` carries)
    /// and what the owner fixed for a subscription; Default: the link alone.
    pub order: OrderSpec,
    /// The owner named the type (`order_input`) rather than leaving it to the catalogue.
    pub order_named: bool,
    /// Drip-feed the shop fixed for the service: `quantity` per run.
    pub drip_feed: Option<DripFeed>,
}

impl CodeTemplate {
    /// Units one code orders in all: the quantity, times the runs of a drip-feed.
    pub fn total_units(&self) -> u32 {
        self.quantity
            .saturating_mul(self.drip_feed.map_or(1, |d| d.runs))
    }
}

/// The JSON an admin (or the products table) supplies.
#[derive(Debug, Clone)]
pub struct TemplateInput {
    /// One service on the `main` panel; or `services`, an ordered list of panel choices.
    pub service_id: Option<u32>,
    pub services: Option<Vec<ServiceChoiceInput>>,
    pub quantity: u32,
    pub platform: String,
    pub service_type: String,
    pub requirements: Option<String>,
    pub has_refill: Option<bool>,
    /// Days a code stays redeemable; 0 means never expires. Default 30, as in the Flask app.
    pub expiry_days: Option<u32>,
    /// The service's API v2 type (`"Mentions with Hashtags"`, `"mentions_with_hashtags"`), or
    /// `"comments"`, `"usernames"`, `"answer_number"`; normally read from the catalogue.
    pub order_input: Option<String>,
    /// For a Subscriptions service: `{"posts"?, "delay"?, "expiry_days"?}`.
    pub subscription: Option<SubscriptionInput>,
    /// `{"runs": R, "interval": M}`: the panel delivers the quantity R times, M minutes apart.
    pub drip_feed: Option<DripFeedInput>,
}

#[derive(Debug, Clone)]
pub struct DripFeedInput {
    pub runs: u32,
    pub interval: u32,
}

#[derive(Debug, Clone)]
pub struct SubscriptionInput {
    pub posts: Option<u32>,
    pub delay: Option<u32>,
    pub expiry_days: Option<u32>,
}

/// `{"panel": "backup", "service_id": 777}` as sent (`body::SERVICE_CHOICE`).
#[derive(Debug, Clone)]
pub struct ServiceChoiceInput {
    pub panel: String,
    pub service_id: u32,
}

impl TemplateInput {
    /// The template's fields of a body declared on `body::TEMPLATE_FIELDS`.
    pub fn read(f: &Fields) -> TemplateInput {
        TemplateInput {
            service_id: f.opt_whole("service_id"),
            services: f.nested_rows("services", |c| ServiceChoiceInput {
                panel: c.text("panel"),
                service_id: c.whole("service_id"),
            }),
            quantity: f.whole("quantity"),
            platform: f.text("platform"),
            service_type: f.text("service_type"),
            requirements: f.opt_text("requirements"),
            has_refill: f.opt_bool("has_refill"),
            expiry_days: f.opt_whole("expiry_days"),
            order_input: f.opt_text("order_input"),
            subscription: f.nested("subscription", |s| SubscriptionInput {
                posts: s.opt_whole("posts"),
                delay: s.opt_whole("delay"),
                expiry_days: s.opt_whole("expiry_days"),
            }),
            drip_feed: f.nested("drip_feed", |d| DripFeedInput {
                runs: d.whole("runs"),
                interval: d.whole("interval"),
            }),
        }
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidTemplate, message)
}

/// How many characters, for a length range.
fn chars(text: &str) -> u32 {
    u32::try_from(text.chars().count()).unwrap_or(u32::MAX)
}

fn short_name(raw: &str, what: &str) -> Result<String, ApiError> {
    let t = raw.trim();
    if !NAME_LENGTH.contains(&chars(t)) || t.chars().any(char::is_control) {
        let (least, most) = (NAME_LENGTH.start(), NAME_LENGTH.end());
        return Err(invalid(format!(
            "{what} must be {least} to {most} characters."
        )));
    }
    Ok(t.to_string())
}

impl TemplateInput {
    pub fn validate(self) -> Result<CodeTemplate, ApiError> {
        let id = |n: u32| ServiceId::new(n).ok_or_else(|| invalid("service_id must be above 0."));
        let services = match (self.service_id, self.services) {
            (Some(n), None) => vec![ServiceChoice {
                panel: PanelName::main(),
                service_id: id(n)?,
            }],
            (None, Some(list)) if CHOICES.contains(&(list.len() as u32)) => list
                .into_iter()
                .map(|c| {
                    Ok(ServiceChoice {
                        panel: PanelName::parse(&c.panel).ok_or_else(|| {
                            invalid(format!("{:?} is not a panel name.", c.panel))
                        })?,
                        service_id: id(c.service_id)?,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?,
            (None, Some(_)) => {
                let (least, most) = (CHOICES.start(), CHOICES.end());
                return Err(invalid(format!(
                    "services must list {least} to {most} panel choices."
                )));
            }
            _ => {
                return Err(invalid(
                    "Send service_id (a service on the main panel) or services (panel choices, in order), not both.",
                ))
            }
        };
        let service_id = services[0].service_id;
        if !QUANTITY.contains(&self.quantity) {
            let (least, most) = (QUANTITY.start(), QUANTITY.end());
            return Err(invalid(format!(
                "quantity must be between {least} and {most}."
            )));
        }
        let platform = Platform::parse(&short_name(&self.platform, "platform")?);
        let kind = ServiceKind::parse(&short_name(&self.service_type, "service_type")?);
        let requirements = match self.requirements.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(r) if REQUIREMENTS_LENGTH.contains(&chars(r)) => Some(r.to_string()),
            Some(_) => {
                let most = REQUIREMENTS_LENGTH.end();
                return Err(invalid(format!(
                    "requirements must be {most} characters at most."
                )));
            }
        };
        let expiry_days = match self.expiry_days.unwrap_or(30) {
            0 => None,
            d if EXPIRY_DAYS.contains(&d) => Some(d),
            _ => {
                let most = EXPIRY_DAYS.end();
                return Err(invalid(format!(
                    "expiry_days must be between 0 (never) and {most}."
                )));
            }
        };
        let order_named = self
            .order_input
            .as_deref()
            .is_some_and(|k| !k.trim().is_empty());
        let mut order = OrderSpec::parse_stored(self.order_input.as_deref()).ok_or_else(|| {
            invalid("order_input must be a service type the panel API documents (\"Custom Comments\", \"Mentions with Hashtags\", \"Subscriptions\"...) or comments, usernames, answer_number.")
        })?;
        if let Some(sub) = self.subscription {
            if order_named && order.api_type != ApiType::Subscriptions {
                return Err(invalid("subscription is only for a Subscriptions service."));
            }
            let fixed = Subscription::new(sub.posts, sub.delay.unwrap_or(0), sub.expiry_days)
                .map_err(invalid)?;
            order = OrderSpec {
                api_type: ApiType::Subscriptions,
                subscription: Some(fixed),
            };
        }
        let drip_feed = match self.drip_feed {
            None => None,
            Some(d) => Some(DripFeed::new(d.runs, d.interval).map_err(invalid)?),
        };
        CodeTemplate {
            service_id,
            services,
            quantity: self.quantity,
            platform,
            kind,
            requirements,
            has_refill: self.has_refill.unwrap_or(false),
            expiry_days,
            unit_cost: None,
            order,
            order_named,
            drip_feed,
        }
        .fits_its_type()
    }
}

impl CodeTemplate {
    /// What the type allows of the rest of the template: a drip-feed only on Default.
    fn fits_its_type(self) -> Result<CodeTemplate, ApiError> {
        if self.drip_feed.is_some() && !self.order.api_type.needs().drip_feed {
            return Err(invalid(format!(
                "drip_feed is for Default services; this one is {}.",
                self.order.api_type.name()
            )));
        }
        Ok(self)
    }

    /// Takes the inputs from the type the catalogue gives the service (`None`: a type no
    /// panel documents, which leaves the template as the owner set it). A type the owner
    /// named must ask for what the catalogue's asks for; a subscription keeps what they fixed.
    pub fn take_type(&mut self, service: u32, catalogue_type: &str) -> Result<(), ApiError> {
        let Some(t) = ApiType::parse(catalogue_type) else {
            return Ok(());
        };
        if t == self.order.api_type {
            return Ok(());
        }
        let named = self.order.api_type;
        if self.order_named && named.needs().inputs != t.needs().inputs
            || self.order.subscription.is_some()
        {
            return Err(ApiError::new(
                ErrorCode::OrderInputMismatch,
                format!(
                    "Service {service} is a \"{}\" service in the panel's catalogue, not \"{}\": leave order_input out and the buyer is asked for what it needs.",
                    t.name(),
                    named.name()
                ),
            ));
        }
        self.order = OrderSpec::of(t);
        let checked = self.clone().fits_its_type()?;
        *self = checked;
        Ok(())
    }
}

/// `POST /api/admin/codes` (`body::MINT`): how many codes, of which template, with which
/// prefix.
#[derive(Debug, Clone)]
pub struct MintInput {
    pub count: u32,
    pub prefix: Option<String>,
    /// Sell it anyway when the panel service's name says otherwise (`service_mismatch`).
    pub confirm_mismatch: bool,
    pub template: TemplateInput,
}

impl MintInput {
    pub fn read(f: &Fields) -> MintInput {
        MintInput {
            count: f.whole("count"),
            prefix: f.opt_text("prefix"),
            confirm_mismatch: f.opt_bool("confirm_mismatch").unwrap_or(false),
            template: TemplateInput::read(f),
        }
    }

    pub fn validate(self) -> Result<(u32, Option<String>, CodeTemplate), ApiError> {
        if !CODES_PER_REQUEST.contains(&self.count) {
            let (least, most) = (CODES_PER_REQUEST.start(), CODES_PER_REQUEST.end());
            return Err(invalid(format!(
                "count must be between {least} and {most}."
            )));
        }
        Ok((self.count, self.prefix, self.template.validate()?))
    }
}

/// A Sellauth product (optionally one variant) -> what one unit of it buys (`body::PRODUCT`).
#[derive(Debug, Clone)]
pub struct ProductInput {
    pub product_id: serde_json::Value,
    pub variant_id: Option<serde_json::Value>,
    /// Sell it anyway when the panel service's name says otherwise (`service_mismatch`).
    pub confirm_mismatch: bool,
    /// `"code"` (default) or `"order"`: place the order at delivery, for `link_field`.
    pub fulfilment: Option<String>,
    pub link_field: Option<String>,
    pub template: TemplateInput,
}

/// A validated mapping. `variant_id` is `""` for "every variant of the product".
#[derive(Debug, Clone, PartialEq)]
pub struct ProductMapping {
    pub product_id: String,
    pub variant_id: String,
    pub template: CodeTemplate,
    pub fulfilment: Fulfilment,
}

/// Sellauth ids arrive as numbers or strings; they are stored as decimal text.
fn sellauth_id(v: &serde_json::Value, field: &str) -> Result<String, ApiError> {
    let text = match v {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.trim().to_string(),
        _ => String::new(),
    };
    if text.is_empty()
        || text.len() > 40
        || !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(invalid(format!(
            "{field} must be a Sellauth id (digits or letters)."
        )));
    }
    Ok(text)
}

impl ProductInput {
    pub fn read(f: &Fields) -> ProductInput {
        ProductInput {
            product_id: f.json("product_id"),
            variant_id: f.opt_value("variant_id"),
            confirm_mismatch: f.opt_bool("confirm_mismatch").unwrap_or(false),
            fulfilment: f.opt_text("fulfilment"),
            link_field: f.opt_text("link_field"),
            template: TemplateInput::read(f),
        }
    }

    pub fn validate(self) -> Result<ProductMapping, ApiError> {
        let product_id = sellauth_id(&self.product_id, "product_id")?;
        let variant_id = match &self.variant_id {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => String::new(),
            Some(v) => sellauth_id(v, "variant_id")?,
        };
        let fulfilment = Fulfilment::parse(self.fulfilment.as_deref(), self.link_field.as_deref())
            .map_err(invalid)?;
        let template = self.template.validate()?;
        // Checkout asks only for the link: a service that needs comments or usernames is sold
        // as a code, which the buyer redeems on the page with them.
        if !template.order.inputs().is_empty() && fulfilment != Fulfilment::Code {
            return Err(invalid(
                "A product ordered at checkout takes only the link; sell a service that needs order_input as codes (fulfilment \"code\").",
            ));
        }
        // A mapping is configured once and used for every sale: only platforms and services
        // the link rules know, so every code it mints can be redeemed.
        if let Platform::Other(p) = &template.platform {
            return Err(invalid(format!(
                "platform {p:?} is not one the link rules know."
            )));
        }
        if let ServiceKind::Other(k) = &template.kind {
            return Err(invalid(format!(
                "service_type {k:?} is not one the link rules know."
            )));
        }
        Ok(ProductMapping {
            product_id,
            variant_id,
            template,
            fulfilment,
        })
    }
}

/// A `products` row exactly as D1 returns it; `template()` reads it back, once.
#[derive(Debug)]
pub struct ProductRow {
    pub id: i64,
    pub product_id: String,
    pub variant_id: String,
    pub name: Option<String>,
    pub service_id: i64,
    pub quantity: i64,
    pub platform: String,
    pub service_type: String,
    pub requirements: Option<String>,
    pub has_refill: i64,
    pub expiry_days: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    /// `"code"` or `"order"` (with `link_field`): see `core::checkout::Fulfilment`.
    pub fulfilment: String,
    pub link_field: Option<String>,
    /// The panel choices as JSON; `None` for the one `service_id` on `main`.
    pub services: Option<String>,
    /// Cost per unit sold, as stored with the template (see `CodeTemplate::unit_cost`).
    pub unit_cost_micros: Option<Micros>,
    /// See `CodeTemplate::order_input` and `drip_feed`.
    pub order_input: Option<String>,
    pub drip_runs: Option<i64>,
    pub drip_interval: Option<i64>,
}

impl ProductRow {
    pub fn to_json(&self) -> Value {
        obj!(PRODUCT_ROW => {
            "id": self.id, "product_id": self.product_id, "variant_id": self.variant_id,
            "name": self.name, "service_id": self.service_id, "quantity": self.quantity,
            "platform": self.platform, "service_type": self.service_type,
            "requirements": self.requirements, "has_refill": self.has_refill,
            "expiry_days": self.expiry_days, "created_at": self.created_at,
            "updated_at": self.updated_at, "fulfilment": self.fulfilment,
            "link_field": self.link_field, "services": self.services,
            "unit_cost": self.unit_cost_micros, "order_input": self.order_input,
            "drip_runs": self.drip_runs, "drip_interval": self.drip_interval,
        })
    }

    /// What one unit of this product buys. Rows were validated on the way in, so `Err` (for
    /// the log) means the row was changed by hand.
    pub fn template(&self) -> Result<CodeTemplate, String> {
        let number = |v: i64, what: &str| {
            u32::try_from(v).map_err(|_| format!("product mapping {}: {what} {v}", self.id))
        };
        let first = ServiceId::new(number(self.service_id, "service_id")?)
            .ok_or_else(|| format!("product mapping {}: service_id 0", self.id))?;
        let choices = stored_choices(self.services.as_deref(), first);
        TemplateInput {
            service_id: None,
            services: Some(
                choices
                    .iter()
                    .map(|c| ServiceChoiceInput {
                        panel: c.panel.as_str().to_string(),
                        service_id: c.service_id.get(),
                    })
                    .collect(),
            ),
            quantity: number(self.quantity, "quantity")?,
            platform: self.platform.clone(),
            service_type: self.service_type.clone(),
            requirements: self.requirements.clone(),
            has_refill: Some(self.has_refill != 0),
            expiry_days: Some(number(
                self.expiry_days.unwrap_or(0).clamp(0, 3650),
                "expiry_days",
            )?),
            order_input: self.order_input.clone(),
            subscription: None,
            drip_feed: match (self.drip_runs, self.drip_interval) {
                (Some(runs), Some(interval)) => Some(DripFeedInput {
                    runs: number(runs, "drip_runs")?,
                    interval: number(interval, "drip_interval")?,
                }),
                _ => None,
            },
        }
        .validate()
        .map(|t| CodeTemplate {
            unit_cost: self.unit_cost_micros,
            ..t
        })
        .map_err(|e| format!("product mapping {}: {}", self.id, e.message))
    }

    /// How this product reaches its buyer.
    pub fn fulfilment(&self) -> Result<Fulfilment, String> {
        Fulfilment::parse(Some(&self.fulfilment), self.link_field.as_deref())
            .map_err(|why| format!("product mapping {}: {why}", self.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::envelope::parse_body;

    fn mint(json: &str) -> Result<(u32, Option<String>, CodeTemplate), ApiError> {
        parse_body(json.as_bytes(), &MINT, MintInput::read).and_then(MintInput::validate)
    }

    fn product(json: &str) -> ProductInput {
        parse_body(json.as_bytes(), &PRODUCT, ProductInput::read).unwrap()
    }

    #[test]
    fn product_mappings_need_known_platforms_and_ids() {
        let ok = product(
            r#"{"product_id":12345,"service_id":101,"quantity":1000,"platform":"YouTube","service_type":"subscribers"}"#,
        );
        let m = ok.validate().unwrap();
        assert_eq!(
            (m.product_id.as_str(), m.variant_id.as_str()),
            ("12345", "")
        );
        let with_variant = product(
            r#"{"product_id":"12345","variant_id":77,"service_id":101,"quantity":1000,"platform":"yt","service_type":"subs"}"#,
        );
        assert_eq!(with_variant.validate().unwrap().variant_id, "77");
        for bad in [
            r#"{"product_id":"","service_id":1,"quantity":1,"platform":"youtube","service_type":"views"}"#,
            r#"{"product_id":1,"service_id":1,"quantity":1,"platform":"myspace","service_type":"views"}"#,
            r#"{"product_id":1,"service_id":1,"quantity":1,"platform":"youtube","service_type":"hugs"}"#,
            r#"{"product_id":1,"service_id":1,"quantity":0,"platform":"youtube","service_type":"views"}"#,
        ] {
            let input = product(bad);
            assert_eq!(input.validate().unwrap_err().status, 422, "{bad}");
        }
    }

    #[test]
    fn a_full_request_becomes_a_template() {
        let (count, prefix, t) = mint(
            r#"{"count":5,"service_id":101,"quantity":1000,"platform":"YouTube ","service_type":"subs","has_refill":true,"prefix":"yt"}"#,
        )
        .unwrap();
        assert_eq!(count, 5);
        assert_eq!(prefix.as_deref(), Some("yt"));
        assert_eq!(t.platform, Platform::YouTube);
        assert_eq!(t.kind, ServiceKind::Subscribers);
        assert_eq!(t.expiry_days, Some(30));
        assert!(t.has_refill);
    }

    #[test]
    fn out_of_range_values_are_refused_with_the_field_named() {
        let base = r#""service_id":1,"quantity":100,"platform":"tiktok","service_type":"views""#;
        for (json, field) in [
            (format!(r#"{{"count":0,{base}}}"#), "count"),
            (format!(r#"{{"count":1001,{base}}}"#), "count"),
            (format!(r#"{{"count":1,{base},"expiry_days":99999}}"#), "expiry_days"),
            (
                r#"{"count":1,"service_id":0,"quantity":100,"platform":"x","service_type":"likes"}"#.into(),
                "service_id",
            ),
            (
                r#"{"count":1,"service_id":1,"quantity":0,"platform":"x","service_type":"likes"}"#.into(),
                "quantity",
            ),
            (
                r#"{"count":1,"service_id":1,"quantity":5,"platform":"  ","service_type":"likes"}"#.into(),
                "platform",
            ),
        ] {
            let e = mint(&json).unwrap_err();
            assert!(e.message.contains(field), "{json}: {}", e.message);
        }
        let e = mint(r#"{"count":1,"service_id":1,"quantity":5,"platform":"x","service_type":"likes","colour":1}"#)
            .unwrap_err();
        assert_eq!(e.code, "invalid_request");
        let (_, _, t) = mint(&format!(r#"{{"count":1,{base},"expiry_days":0}}"#)).unwrap();
        assert_eq!(t.expiry_days, None);
    }

    #[test]
    fn a_stored_product_reads_back_as_its_template_or_says_why_not() {
        let row = |service_id: i64| ProductRow {
            id: 7,
            product_id: "12345".into(),
            variant_id: String::new(),
            name: None,
            service_id,
            quantity: 1000,
            platform: "youtube".into(),
            service_type: "subscribers".into(),
            requirements: None,
            has_refill: 1,
            expiry_days: Some(30),
            created_at: String::new(),
            updated_at: String::new(),
            fulfilment: "code".into(),
            link_field: None,
            services: None,
            unit_cost_micros: Some(Micros(2_400_000)),
            order_input: Some("comments".into()),
            drip_runs: None,
            drip_interval: None,
        };
        let t = row(101).template().unwrap();
        assert_eq!(
            (t.service_id.get(), t.quantity, t.has_refill, t.expiry_days),
            (101, 1000, true, Some(30))
        );
        assert_eq!(t.unit_cost, Some(Micros(2_400_000)));
        assert_eq!(t.order.api_type, ApiType::CustomComments);
        assert!(row(-1)
            .template()
            .unwrap_err()
            .contains("product mapping 7"));
    }

    #[test]
    fn a_template_names_one_service_or_an_ordered_list_of_panel_choices() {
        let t = mint(r#"{"count":1,"service_id":101,"quantity":100,"platform":"youtube","service_type":"subscribers"}"#).unwrap().2;
        assert_eq!(
            (t.services.len(), t.services[0].panel.as_str()),
            (1, "main")
        );
        let two = mint(r#"{"count":1,"services":[{"panel":"Main","service_id":101},{"panel":"backup","service_id":777}],"quantity":100,"platform":"youtube","service_type":"subscribers"}"#).unwrap().2;
        assert_eq!(two.service_id.get(), 101);
        assert_eq!(
            (
                two.services[1].panel.as_str(),
                two.services[1].service_id.get()
            ),
            ("backup", 777)
        );
        for bad in [
            r#"{"count":1,"quantity":100,"platform":"youtube","service_type":"subscribers"}"#,
            r#"{"count":1,"service_id":1,"services":[{"panel":"main","service_id":1}],"quantity":100,"platform":"youtube","service_type":"subscribers"}"#,
            r#"{"count":1,"services":[],"quantity":100,"platform":"youtube","service_type":"subscribers"}"#,
            r#"{"count":1,"services":[{"panel":"no way","service_id":1}],"quantity":100,"platform":"youtube","service_type":"subscribers"}"#,
        ] {
            assert_eq!(mint(bad).unwrap_err().code, "invalid_template", "{bad}");
        }
    }
}
