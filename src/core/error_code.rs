//! Every error code the API answers with, one place: its stable wire name (what clients and
//! the page's words match on), its HTTP status, and its words key in the shop's catalogue
//! (`error.<code>`, `assets/i18n.json`; the catalogue has words only for the codes a buyer
//! meets). `ApiError::new` takes one of these, so a status can never drift from its code.

/// An error code. Two codes have two variants each, for the two statuses they answer with
/// (`panel_unavailable`: 502 from the panel, 503 "try again in a few minutes";
/// `quantity_too_large`: 422 for a Sellauth item, 400 for a checkout request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    // 400
    InvalidCodeFormat,
    InvalidFilter,
    InvalidJson,
    InvalidOrderId,
    InvalidPayload,
    InvalidRequest,
    InvalidUsername,
    OrderInputMismatch,
    PricesNotPublic,
    QuantityOutOfRange,
    QuantityTooLargeAtCheckout,
    ServiceMismatch,
    UnknownPanel,
    UnknownService,
    // 401
    InvalidSecret,
    InvalidSignature,
    Unauthorized,
    // 403
    CrossOriginRefused,
    InvalidUnsubscribeLink,
    // 404
    CodeNotFound,
    NotFound,
    NothingOnService,
    OrderNotFound,
    ProductNotFound,
    // 405
    MethodNotAllowed,
    // 409
    CodeAlreadyUsed,
    CodeInProgress,
    CodeNotInReview,
    CodeNotVoidable,
    CodeQueued,
    CodeUnderReview,
    HoldExpired,
    NoOrderYet,
    OrderNotCompleted,
    OrderRefused,
    ProductAlreadyMapped,
    QueueEmpty,
    RefillInProgress,
    RefillNotIncluded,
    RefillRefused,
    RefillWindowOver,
    // 410
    CodeExpired,
    CodeVoid,
    InvoiceVoided,
    // 413
    BatchTooLarge,
    PayloadTooLarge,
    // 422
    InvalidEmail,
    InvalidLink,
    InvalidOrder,
    InvalidOrderInput,
    InvalidResolution,
    InvalidTemplate,
    OrderInputRequired,
    QuantityTooLarge,
    UnmappedProduct,
    // 429
    RateLimited,
    // 500
    InternalError,
    // 502
    PanelRejected,
    PanelUnavailable,
    // 503
    AdminNotConfigured,
    Degraded,
    NotConfigured,
    PanelUnavailableNow,
    // 504
    PanelUnreachable,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 64] = [
        ErrorCode::InvalidCodeFormat,
        ErrorCode::InvalidFilter,
        ErrorCode::InvalidJson,
        ErrorCode::InvalidOrderId,
        ErrorCode::InvalidPayload,
        ErrorCode::InvalidRequest,
        ErrorCode::InvalidUsername,
        ErrorCode::OrderInputMismatch,
        ErrorCode::PricesNotPublic,
        ErrorCode::QuantityOutOfRange,
        ErrorCode::QuantityTooLargeAtCheckout,
        ErrorCode::ServiceMismatch,
        ErrorCode::UnknownPanel,
        ErrorCode::UnknownService,
        ErrorCode::InvalidSecret,
        ErrorCode::InvalidSignature,
        ErrorCode::Unauthorized,
        ErrorCode::CrossOriginRefused,
        ErrorCode::InvalidUnsubscribeLink,
        ErrorCode::CodeNotFound,
        ErrorCode::NotFound,
        ErrorCode::NothingOnService,
        ErrorCode::OrderNotFound,
        ErrorCode::ProductNotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::CodeAlreadyUsed,
        ErrorCode::CodeInProgress,
        ErrorCode::CodeNotInReview,
        ErrorCode::CodeNotVoidable,
        ErrorCode::CodeQueued,
        ErrorCode::CodeUnderReview,
        ErrorCode::HoldExpired,
        ErrorCode::NoOrderYet,
        ErrorCode::OrderNotCompleted,
        ErrorCode::OrderRefused,
        ErrorCode::ProductAlreadyMapped,
        ErrorCode::QueueEmpty,
        ErrorCode::RefillInProgress,
        ErrorCode::RefillNotIncluded,
        ErrorCode::RefillRefused,
        ErrorCode::RefillWindowOver,
        ErrorCode::CodeExpired,
        ErrorCode::CodeVoid,
        ErrorCode::InvoiceVoided,
        ErrorCode::BatchTooLarge,
        ErrorCode::PayloadTooLarge,
        ErrorCode::InvalidEmail,
        ErrorCode::InvalidLink,
        ErrorCode::InvalidOrder,
        ErrorCode::InvalidOrderInput,
        ErrorCode::InvalidResolution,
        ErrorCode::InvalidTemplate,
        ErrorCode::OrderInputRequired,
        ErrorCode::QuantityTooLarge,
        ErrorCode::UnmappedProduct,
        ErrorCode::RateLimited,
        ErrorCode::InternalError,
        ErrorCode::PanelRejected,
        ErrorCode::PanelUnavailable,
        ErrorCode::AdminNotConfigured,
        ErrorCode::Degraded,
        ErrorCode::NotConfigured,
        ErrorCode::PanelUnavailableNow,
        ErrorCode::PanelUnreachable,
    ];

    /// The wire name: `error.code` in the envelope.
    pub fn key(self) -> &'static str {
        self.row().0
    }

    /// The HTTP status it answers with.
    pub fn status(self) -> u16 {
        self.row().1
    }

    /// Its words in the shop's catalogue, for a page or a bot.
    pub fn words_key(self) -> String {
        format!("error.{}", self.key())
    }

    /// What it means, for the API document (`npm run openapi`); an operation may say more.
    pub fn meaning(self) -> &'static str {
        use ErrorCode as E;
        match self {
            E::InvalidCodeFormat => "the text cannot be a code (3 to 64 letters, digits and dashes after tidying).",
            E::InvalidFilter => "a query parameter (status, limit, cursor, from, to, days) is not valid.",
            E::InvalidJson => "the body is missing or is not JSON.",
            E::InvalidOrderId => "order_id is not an order number.",
            E::InvalidPayload => "the webhook body is not a Sellauth payload (the message names the field).",
            E::InvalidRequest => "a field is missing, unknown or of the wrong type (the message names it).",
            E::InvalidUsername => "username is longer than 64 characters.",
            E::OrderInputMismatch => "the service's type in the panel's catalogue asks the buyer for other inputs than `order_input` or `subscription` says, or the panel choices are of different types (the message names them).",
            E::PricesNotPublic => "`max_price` sent to a shop that publishes no prices.",
            E::QuantityOutOfRange => "the panel's catalogue allows this service only between its min and max (the message names them); it cannot be confirmed away.",
            E::QuantityTooLargeAtCheckout => "the quantity times the product's quantity is too large to order.",
            E::ServiceMismatch => "the panel's catalogue names the service as another platform or kind (the message names it); send `confirm_mismatch: true` to sell it anyway.",
            E::UnknownPanel => "a panel the shop does not have (the message lists those it has).",
            E::UnknownService => "a new choice is not in its panel's catalogue (checked when the catalogue can be read).",
            E::InvalidSecret => "X-Telegram-Bot-Api-Secret-Token is missing or wrong (nothing is done).",
            E::InvalidSignature => "X-Signature is missing or wrong.",
            E::Unauthorized => "X-API-Key is missing or wrong.",
            E::CrossOriginRefused => "a cross-origin request this path does not take (admin, webhook, pages, or an origin not in CORS_ALLOWED_ORIGINS).",
            E::InvalidUnsubscribeLink => "the address is missing, or the token is not this address's (a changed or mistyped link); nothing was changed.",
            E::CodeNotFound => "no such code.",
            E::NotFound => "there is nothing at this address (any path outside the route table).",
            E::NothingOnService => "no unused or held code and no product buys `from`; nothing was changed.",
            E::OrderNotFound => "no such order (here, or on the panel for admin routes).",
            E::ProductNotFound => "no mapping for that Sellauth product (and variant).",
            E::MethodNotAllowed => "the path exists but does not take this method.",
            E::CodeAlreadyUsed => "the code has already been redeemed.",
            E::CodeInProgress => "the code is being redeemed right now.",
            E::CodeNotInReview => "only a code waiting for review can be resolved.",
            E::CodeNotVoidable => "only an unused code can be voided.",
            E::CodeQueued => "the code's order is held by the shop and will be placed automatically (its order page, /api/orders/by-code/{code}, shows the hold).",
            E::CodeUnderReview => "the code's order is unknown and support is checking it.",
            E::HoldExpired => "the shop held the order longer than QUEUE_MAX_HOURS without placing it; the code is unused again (validate-code's `returned` says so).",
            E::NoOrderYet => "the code has no order to show (not redeemed yet, under review, or redeemed before tracking existed).",
            E::OrderNotCompleted => "a refill can only be asked for once the order is completed.",
            E::OrderRefused => "the panel refused the held order when the shop placed it; the code is unused again (validate-code's `returned` has the reason).",
            E::ProductAlreadyMapped => "another mapping already covers that product and variant.",
            E::QueueEmpty => "the code named is not held (placed, given back, or never queued); nothing was tried.",
            E::RefillInProgress => "a refill of this order is still running.",
            E::RefillNotIncluded => "the code's service does not include refills.",
            E::RefillRefused => "the panel did not accept the refill.",
            E::RefillWindowOver => "the refill window (REFILL_WINDOW_DAYS) is over.",
            E::CodeExpired => "the code has expired.",
            E::CodeVoid => "the shop cancelled the code.",
            E::InvoiceVoided => "the shop voided (refunded) this invoice before its codes were delivered; nothing is delivered, and the attempt is listed under failed deliveries.",
            E::BatchTooLarge => "more than 500 codes or 500 history rows in one call.",
            E::PayloadTooLarge => "the body is larger than the route's limit.",
            E::InvalidEmail => "`email` does not look like an e-mail address (one `@`, a dotted domain, letters, digits and `._+-` only, 254 characters at most); nothing was kept.",
            E::InvalidLink => "the link is not a page of the code's platform of the kind the service needs; the code is untouched.",
            E::InvalidOrder => "service_id or quantity is not valid.",
            E::InvalidOrderInput => "the inputs do not fit (the wrong number of comments, a username that is not one of the platform, an input this code does not take); nothing is reserved or ordered.",
            E::InvalidResolution => "send exactly one of {\"order_id\": N} or {\"back_to_unused\": true}.",
            E::InvalidTemplate => "the service template (count, service_id, quantity, platform, service_type, requirements, expiry_days, prefix, product ids) is not valid.",
            E::OrderInputRequired => "the service needs comments, usernames or a poll answer and none came.",
            E::QuantityTooLarge => "the item asks for more codes than MAX_CODES_PER_ITEM.",
            E::UnmappedProduct => "the Sellauth product is not mapped to a service yet; Sellauth retries, and a retry after mapping it delivers.",
            E::RateLimited => "too many attempts from this client (CF-Connecting-IP) in the 10-second window; wait Retry-After seconds.",
            E::InternalError => "something broke on the worker side (logged); nothing was changed.",
            E::PanelRejected => "the SMM panel refused; for a redemption the code is the buyer's again.",
            E::PanelUnavailable => "the panel could not be asked, or did not answer usably.",
            E::AdminNotConfigured => "ADMIN_API_KEY is not set, so admin access is disabled.",
            E::Degraded => "the database is unavailable.",
            E::NotConfigured => "the SMM panel (PANEL_URL, PANEL_API_KEY) or, for the webhook, SELLAUTH_WEBHOOK_SECRET is not configured.",
            E::PanelUnavailableNow => "the panel could not be asked, or did not answer usably.",
            E::PanelUnreachable => "the panel did not confirm the order in time; the code (or order) is held for review, not lost.",
        }
    }

    fn row(self) -> (&'static str, u16) {
        use ErrorCode as E;
        match self {
            E::InvalidCodeFormat => ("invalid_code_format", 400),
            E::InvalidFilter => ("invalid_filter", 400),
            E::InvalidJson => ("invalid_json", 400),
            E::InvalidOrderId => ("invalid_order_id", 400),
            E::InvalidPayload => ("invalid_payload", 400),
            E::InvalidRequest => ("invalid_request", 400),
            E::InvalidUsername => ("invalid_username", 400),
            E::OrderInputMismatch => ("order_input_mismatch", 400),
            E::PricesNotPublic => ("prices_not_public", 400),
            E::QuantityOutOfRange => ("quantity_out_of_range", 400),
            E::QuantityTooLargeAtCheckout => ("quantity_too_large", 400),
            E::ServiceMismatch => ("service_mismatch", 400),
            E::UnknownPanel => ("unknown_panel", 400),
            E::UnknownService => ("unknown_service", 400),
            E::InvalidSecret => ("invalid_secret", 401),
            E::InvalidSignature => ("invalid_signature", 401),
            E::Unauthorized => ("unauthorized", 401),
            E::CrossOriginRefused => ("cross_origin_refused", 403),
            E::InvalidUnsubscribeLink => ("invalid_unsubscribe_link", 403),
            E::CodeNotFound => ("code_not_found", 404),
            E::NotFound => ("not_found", 404),
            E::NothingOnService => ("nothing_on_service", 404),
            E::OrderNotFound => ("order_not_found", 404),
            E::ProductNotFound => ("product_not_found", 404),
            E::MethodNotAllowed => ("method_not_allowed", 405),
            E::CodeAlreadyUsed => ("code_already_used", 409),
            E::CodeInProgress => ("code_in_progress", 409),
            E::CodeNotInReview => ("code_not_in_review", 409),
            E::CodeNotVoidable => ("code_not_voidable", 409),
            E::CodeQueued => ("code_queued", 409),
            E::CodeUnderReview => ("code_under_review", 409),
            E::HoldExpired => ("hold_expired", 409),
            E::NoOrderYet => ("no_order_yet", 409),
            E::OrderNotCompleted => ("order_not_completed", 409),
            E::OrderRefused => ("order_refused", 409),
            E::ProductAlreadyMapped => ("product_already_mapped", 409),
            E::QueueEmpty => ("queue_empty", 409),
            E::RefillInProgress => ("refill_in_progress", 409),
            E::RefillNotIncluded => ("refill_not_included", 409),
            E::RefillRefused => ("refill_refused", 409),
            E::RefillWindowOver => ("refill_window_over", 409),
            E::CodeExpired => ("code_expired", 410),
            E::CodeVoid => ("code_void", 410),
            E::InvoiceVoided => ("invoice_voided", 410),
            E::BatchTooLarge => ("batch_too_large", 413),
            E::PayloadTooLarge => ("payload_too_large", 413),
            E::InvalidEmail => ("invalid_email", 422),
            E::InvalidLink => ("invalid_link", 422),
            E::InvalidOrder => ("invalid_order", 422),
            E::InvalidOrderInput => ("invalid_order_input", 422),
            E::InvalidResolution => ("invalid_resolution", 422),
            E::InvalidTemplate => ("invalid_template", 422),
            E::OrderInputRequired => ("order_input_required", 422),
            E::QuantityTooLarge => ("quantity_too_large", 422),
            E::UnmappedProduct => ("unmapped_product", 422),
            E::RateLimited => ("rate_limited", 429),
            E::InternalError => ("internal_error", 500),
            E::PanelRejected => ("panel_rejected", 502),
            E::PanelUnavailable => ("panel_unavailable", 502),
            E::AdminNotConfigured => ("admin_not_configured", 503),
            E::Degraded => ("degraded", 503),
            E::NotConfigured => ("not_configured", 503),
            E::PanelUnavailableNow => ("panel_unavailable", 503),
            E::PanelUnreachable => ("panel_unreachable", 504),
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// So a test can say `e.code == "code_expired"`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.key() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_has_one_status_and_a_snake_case_name() {
        let mut seen = std::collections::HashMap::new();
        for c in ErrorCode::ALL {
            assert!(
                c.key()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{c}"
            );
            assert!((400..600).contains(&c.status()), "{c}");
            // A name answers with two statuses only where the enum says so, by two variants.
            if let Some(other) = seen.insert((c.key(), c.status()), c) {
                panic!("{c:?} and {other:?} are the same code and status");
            }
        }
        let mut twice: Vec<&str> = ErrorCode::ALL
            .iter()
            .map(|c| c.key())
            .filter(|k| ErrorCode::ALL.iter().filter(|c| c.key() == *k).count() > 1)
            .collect();
        twice.sort_unstable();
        twice.dedup();
        assert_eq!(twice, ["panel_unavailable", "quantity_too_large"]);
    }

    #[test]
    fn the_catalogue_has_words_only_for_codes_that_exist_and_the_api_document_names_every_code() {
        let catalogue: serde_json::Value =
            serde_json::from_str(include_str!("../../assets/i18n.json")).unwrap();
        let english = catalogue["words"]["en"].as_object().unwrap();
        for key in english.keys().filter_map(|k| k.strip_prefix("error.")) {
            assert!(
                ErrorCode::ALL.iter().any(|c| c.key() == key),
                "error.{key} has words but is no error code"
            );
        }
        let document = include_str!("../../assets/openapi.json");
        for c in ErrorCode::ALL {
            assert!(
                document.contains(&format!("\"{}\"", c.key())),
                "{c} is not in openapi.json"
            );
        }
    }
}
