//! The route table: the one list of what the worker answers. Each entry names its method,
//! its pattern, who may call it (`Gate`) and what it does (`Endpoint`). Dispatch, the admin
//! gate, CORS, the log line's pattern and the API document (`src/bin/openapi.rs`) all read this table, so a path
//! spelling or a second route can never reach an admin handler without the admin gate.

/// The methods the worker knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Delete,
    /// OPTIONS, PATCH and the rest: no route answers them.
    Other,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Other => "OTHER",
        }
    }
}

/// Who may call a route, decided here once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Buyers and storefront embeds: CORS for the shop's configured origins.
    Public,
    /// The admin key, behind the lockout; never cross-origin.
    Admin,
    /// Signed by its sender (Sellauth, Discord); never cross-origin.
    Webhook,
}

/// What a route does, by who may ask: the gate is the kind of endpoint, so an admin handler
/// can only be reached as an `AdminEndpoint`, after the admin gate, and a forgotten route is
/// a compile error in every exhaustive `match` (dispatch, `reads`, `policy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Public(PublicEndpoint),
    Admin(AdminEndpoint),
    Webhook(WebhookEndpoint),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicEndpoint {
    Health,
    ValidateCode,
    CheckLink,
    Redeem,
    UserRedemptions,
    OrderByCode,
    Refill,
    OrderStatus,
    Services,
    Search,
    /// "Tell me when it is done": an address for the code's updates.
    NotifyMe,
    /// One-click unsubscribe (RFC 8058), and the page a person clicking the link sees.
    Unsubscribe,
    UnsubscribePage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminEndpoint {
    Balance,
    Panels,
    Stats,
    Vocabulary,
    ListCodes,
    CreateCodes,
    CodesCsv,
    ShowCode,
    VoidCode,
    ResolveCode,
    Redemptions,
    RedemptionsCsv,
    Failures,
    Money,
    MoneyCsv,
    AdminServices,
    Import,
    PlaceOrder,
    AdminOrderStatus,
    AdminRefill,
    ListProducts,
    CreateProduct,
    UpdateProduct,
    DeleteProduct,
    Deliveries,
    VoidInvoice,
    HeldOrders,
    RetryHeld,
    Attention,
    CheckAttention,
    Retarget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookEndpoint {
    Sellauth,
    DiscordInteractions,
    Telegram,
}

impl Endpoint {
    pub fn gate(self) -> Gate {
        match self {
            Endpoint::Public(_) => Gate::Public,
            Endpoint::Admin(_) => Gate::Admin,
            Endpoint::Webhook(_) => Gate::Webhook,
        }
    }
}

/// Where an endpoint's reads may come from: a replica near the worker for what may be a
/// moment stale (a buyer's look at a code or an order, the catalogue, the admin's lists and
/// numbers); the primary for every write and every read that decides money. No wildcard: a
/// new endpoint must say.
pub fn reads(endpoint: Endpoint) -> Reads {
    use AdminEndpoint as A;
    use PublicEndpoint as P;
    match endpoint {
        Endpoint::Public(p) => match p {
            P::Health
            | P::ValidateCode
            | P::CheckLink
            | P::UserRedemptions
            | P::OrderByCode
            | P::OrderStatus
            | P::Services
            | P::Search => Reads::Nearby,
            P::Redeem | P::Refill | P::NotifyMe | P::Unsubscribe | P::UnsubscribePage => {
                Reads::Primary
            }
        },
        Endpoint::Admin(a) => match a {
            A::Balance
            | A::Panels
            | A::Stats
            | A::Vocabulary
            | A::ListCodes
            | A::CodesCsv
            | A::ShowCode
            | A::Redemptions
            | A::RedemptionsCsv
            | A::Failures
            | A::Money
            | A::MoneyCsv
            | A::AdminServices
            | A::ListProducts
            | A::HeldOrders
            | A::Attention
            | A::Deliveries => Reads::Nearby,
            A::CreateCodes
            | A::VoidCode
            | A::ResolveCode
            | A::Import
            | A::PlaceOrder
            | A::AdminOrderStatus
            | A::AdminRefill
            | A::CreateProduct
            | A::UpdateProduct
            | A::DeleteProduct
            | A::VoidInvoice
            | A::RetryHeld
            | A::CheckAttention
            | A::Retarget => Reads::Primary,
        },
        Endpoint::Webhook(_) => Reads::Primary,
    }
}

/// A per-client rate limiter: a `[[ratelimits]]` binding in wrangler.toml, counted per client
/// and per route in 10-second windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limiter {
    /// Lookups: validate-code, check-link, user/redemptions, orders/by-code, order-status,
    /// services, search (10 a window).
    Lookup,
    /// What spends or asks the panel: redeem, refill (4 a window).
    Redeem,
    /// Wrong admin keys (5 a window, then the lockout).
    AdminFail,
}

impl Limiter {
    pub fn binding(self) -> &'static str {
        match self {
            Limiter::Lookup => "RL_LOOKUP",
            Limiter::Redeem => "RL_REDEEM",
            Limiter::AdminFail => "RL_ADMIN_FAIL",
        }
    }

    /// Requests a client may make in one window (the binding's `limit` in wrangler.toml).
    pub fn per_window(self) -> u32 {
        match self {
            Limiter::Lookup => 10,
            Limiter::Redeem => 4,
            Limiter::AdminFail => 5,
        }
    }

    pub const ALL: [Limiter; 3] = [Limiter::Lookup, Limiter::Redeem, Limiter::AdminFail];
}

/// Every limiter's window, in seconds (the bindings' `period`).
pub const LIMIT_WINDOW_SECONDS: u32 = 10;

/// A request body limit, in bytes.
pub const SMALL_BODY: usize = 16 * 1024;

/// What a route asks of every request before its handler runs, decided here once: the
/// per-client limiter it counts against (admin routes have the admin gate's own; webhooks are
/// signed, and Discord limits per member) and the largest body it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub limiter: Option<Limiter>,
    pub body_limit: usize,
}

pub fn policy(endpoint: Endpoint) -> Policy {
    use AdminEndpoint as A;
    use PublicEndpoint as P;
    let (limiter, body_limit) = match endpoint {
        Endpoint::Public(p) => match p {
            P::Health => (None, 0),
            P::ValidateCode | P::CheckLink | P::UserRedemptions | P::Search => {
                (Some(Limiter::Lookup), SMALL_BODY)
            }
            P::OrderByCode | P::OrderStatus | P::Services => (Some(Limiter::Lookup), 0),
            // A comment per unit: up to 10,000 lines of 300 characters (core::order_input).
            P::Redeem => (Some(Limiter::Redeem), 4 * 1024 * 1024),
            P::Refill => (Some(Limiter::Redeem), SMALL_BODY),
            P::NotifyMe | P::Unsubscribe => (Some(Limiter::Lookup), SMALL_BODY),
            P::UnsubscribePage => (Some(Limiter::Lookup), 0),
        },
        Endpoint::Admin(a) => (
            None,
            match a {
                A::CreateCodes => 64 * 1024,
                A::ResolveCode => 4096,
                A::Import => 2 * 1024 * 1024,
                A::CreateProduct
                | A::UpdateProduct
                | A::PlaceOrder
                | A::RetryHeld
                | A::Retarget => SMALL_BODY,
                A::Balance
                | A::Panels
                | A::Stats
                | A::Vocabulary
                | A::ListCodes
                | A::CodesCsv
                | A::ShowCode
                | A::VoidCode
                | A::Redemptions
                | A::RedemptionsCsv
                | A::Failures
                | A::Money
                | A::MoneyCsv
                | A::AdminServices
                | A::AdminOrderStatus
                | A::AdminRefill
                | A::ListProducts
                | A::DeleteProduct
                | A::Deliveries
                | A::VoidInvoice
                | A::HeldOrders
                | A::Attention
                | A::CheckAttention => 0,
            },
        ),
        Endpoint::Webhook(w) => (
            None,
            match w {
                WebhookEndpoint::Sellauth => 1024 * 1024,
                WebhookEndpoint::DiscordInteractions | WebhookEndpoint::Telegram => 64 * 1024,
            },
        ),
    };
    Policy {
        limiter,
        body_limit,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    /// `/api/orders/by-code/{code}`: literal segments, and `{name}` for one path parameter.
    pub pattern: &'static str,
    pub endpoint: Endpoint,
}

impl Route {
    pub fn gate(&self) -> Gate {
        self.endpoint.gate()
    }
}

const fn public(method: Method, pattern: &'static str, e: PublicEndpoint) -> Route {
    Route {
        method,
        pattern,
        endpoint: Endpoint::Public(e),
    }
}

const fn admin(method: Method, pattern: &'static str, e: AdminEndpoint) -> Route {
    Route {
        method,
        pattern,
        endpoint: Endpoint::Admin(e),
    }
}

const fn webhook(method: Method, pattern: &'static str, e: WebhookEndpoint) -> Route {
    Route {
        method,
        pattern,
        endpoint: Endpoint::Webhook(e),
    }
}

use super::session::Reads;
use AdminEndpoint as A;
use Method::{Delete, Get, Head, Post, Put};
use PublicEndpoint as P;
use WebhookEndpoint as W;

pub const ROUTES: &[Route] = &[
    public(Get, "/api/health", P::Health),
    public(Head, "/api/health", P::Health),
    public(Post, "/api/validate-code", P::ValidateCode),
    public(Post, "/api/check-link", P::CheckLink),
    public(Post, "/api/redeem", P::Redeem),
    // Buyers send a code; `{"user_id"}` passes the admin gate inside the handler.
    public(Post, "/api/user/redemptions", P::UserRedemptions),
    public(Get, "/api/orders/by-code/{code}", P::OrderByCode),
    public(Post, "/api/refill", P::Refill),
    public(Get, "/api/order-status", P::OrderStatus),
    public(Get, "/api/services", P::Services),
    public(Post, "/api/search", P::Search),
    public(Post, "/api/orders/by-code/{code}/notify", P::NotifyMe),
    public(Get, "/api/unsubscribe", P::UnsubscribePage),
    public(Post, "/api/unsubscribe", P::Unsubscribe),
    admin(Get, "/api/admin/balance", A::Balance),
    admin(Get, "/api/admin/panels", A::Panels),
    admin(Get, "/api/admin/stats", A::Stats),
    admin(Get, "/api/admin/vocabulary", A::Vocabulary),
    admin(Get, "/api/admin/codes", A::ListCodes),
    admin(Post, "/api/admin/codes", A::CreateCodes),
    admin(Get, "/api/admin/codes.csv", A::CodesCsv),
    admin(Post, "/api/admin/codes/retarget", A::Retarget),
    admin(Get, "/api/admin/codes/{code}", A::ShowCode),
    admin(Post, "/api/admin/codes/{code}/void", A::VoidCode),
    admin(Post, "/api/admin/codes/{code}/resolve", A::ResolveCode),
    admin(Get, "/api/admin/redemptions", A::Redemptions),
    admin(Get, "/api/admin/redemptions.csv", A::RedemptionsCsv),
    admin(Get, "/api/admin/failures", A::Failures),
    admin(Get, "/api/admin/money", A::Money),
    admin(Get, "/api/admin/money.csv", A::MoneyCsv),
    admin(Get, "/api/admin/services", A::AdminServices),
    admin(Post, "/api/admin/import", A::Import),
    admin(Post, "/api/admin/order", A::PlaceOrder),
    admin(Get, "/api/admin/orders/{order}", A::AdminOrderStatus),
    admin(Post, "/api/admin/orders/{order}/refill", A::AdminRefill),
    admin(Get, "/api/admin/products", A::ListProducts),
    admin(Post, "/api/admin/products", A::CreateProduct),
    admin(Put, "/api/admin/products/{product_id}", A::UpdateProduct),
    admin(Delete, "/api/admin/products/{product_id}", A::DeleteProduct),
    admin(Get, "/api/admin/deliveries", A::Deliveries),
    admin(Post, "/api/admin/invoices/{invoice}/void", A::VoidInvoice),
    admin(Get, "/api/admin/queue", A::HeldOrders),
    admin(Post, "/api/admin/queue/retry", A::RetryHeld),
    admin(Get, "/api/admin/attention", A::Attention),
    admin(Post, "/api/admin/attention/check", A::CheckAttention),
    webhook(Post, "/webhook/sellauth", W::Sellauth),
    webhook(Post, "/discord/interactions", W::DiscordInteractions),
    webhook(Post, "/telegram/webhook", W::Telegram),
];

/// What a path and method resolve to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'p> {
    /// The route, and its one path parameter if the pattern has one.
    Found(Route, Option<&'p str>),
    /// A known path asked with another method: 405. `gate` is the path's (CORS, admin lockout).
    MethodNotAllowed {
        pattern: &'static str,
        gate: Gate,
    },
    NotFound,
}

impl Resolved<'_> {
    /// The route pattern for the log line: never a code, an id or a stranger's probe.
    pub fn pattern(&self) -> &'static str {
        match self {
            Resolved::Found(route, _) => route.pattern,
            Resolved::MethodNotAllowed { pattern, .. } => pattern,
            Resolved::NotFound => "(unmatched)",
        }
    }

    /// Who may call the path; unknown paths get the strictest rules.
    pub fn gate(&self) -> Gate {
        match self {
            Resolved::Found(route, _) => route.gate(),
            Resolved::MethodNotAllowed { gate, .. } => *gate,
            Resolved::NotFound => Gate::Webhook,
        }
    }
}

/// The pattern's segments against the path's; the parameter's value on a match.
/// Repeated or trailing slashes are forgiven, as they always were.
fn matches<'p>(pattern: &str, path: &'p str) -> Option<Option<&'p str>> {
    let mut want = pattern.trim_matches('/').split('/');
    let mut got = path.split('/').filter(|s| !s.is_empty());
    let mut param = None;
    loop {
        match (want.next(), got.next()) {
            (None, None) => return Some(param),
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') => param = Some(g),
            (Some(w), Some(g)) if w == g => {}
            _ => return None,
        }
    }
}

pub fn resolve(method: Method, path: &str) -> Resolved<'_> {
    let mut known = None;
    for route in ROUTES {
        if let Some(param) = matches(route.pattern, path) {
            if route.method == method {
                return Resolved::Found(*route, param);
            }
            known.get_or_insert(Resolved::MethodNotAllowed {
                pattern: route.pattern,
                gate: route.gate(),
            });
        }
    }
    known.unwrap_or(Resolved::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Gate::{Admin, Public, Webhook};

    #[test]
    fn every_spelling_of_an_admin_path_reaches_the_admin_gate() {
        for path in [
            "/api/admin/balance",
            "//api/admin/balance",
            "/api//admin/balance/",
            "///api/admin///balance//",
        ] {
            let resolved = resolve(Get, path);
            assert_eq!(resolved.gate(), Admin, "{path}");
            assert!(
                matches!(resolved, Resolved::Found(r, None) if r.endpoint == Endpoint::Admin(A::Balance))
            );
        }
    }

    #[test]
    fn parameters_and_methods_are_read_off_the_table() {
        assert_eq!(
            resolve(Post, "/api/admin/codes/SMM-1/void"),
            Resolved::Found(
                admin(Post, "/api/admin/codes/{code}/void", A::VoidCode),
                Some("SMM-1")
            )
        );
        assert_eq!(
            resolve(Delete, "/api/redeem"),
            Resolved::MethodNotAllowed {
                pattern: "/api/redeem",
                gate: Public
            }
        );
        assert_eq!(
            resolve(Get, "/api/admin/products").pattern(),
            "/api/admin/products"
        );
        assert_eq!(resolve(Get, "/api/nothing/SMM-SECRET"), Resolved::NotFound);
        assert_eq!(
            resolve(Get, "/api/nothing/SMM-SECRET").pattern(),
            "(unmatched)"
        );
        assert_eq!(resolve(Get, "/api/nothing").gate(), Webhook);
    }

    #[test]
    fn the_log_pattern_never_carries_the_code() {
        let resolved = resolve(Get, "/api/orders/by-code/SMM-ABCD-EFGH");
        assert_eq!(resolved.pattern(), "/api/orders/by-code/{code}");
    }

    #[test]
    fn each_method_and_pattern_appears_once() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert!(
                    !(a.method == b.method && a.pattern == b.pattern),
                    "{} {} twice",
                    a.method.as_str(),
                    a.pattern
                );
            }
        }
    }

    #[test]
    fn every_public_lookup_is_limited_and_no_body_is_unbounded() {
        for route in ROUTES {
            let p = policy(route.endpoint);
            if route.gate() == Public && route.endpoint != Endpoint::Public(P::Health) {
                assert!(p.limiter.is_some(), "{} is not rate limited", route.pattern);
            }
            if route.method == Get || route.method == Head {
                assert_eq!(p.body_limit, 0, "{} reads no body", route.pattern);
            }
            assert!(p.body_limit <= 4 * 1024 * 1024, "{}", route.pattern);
        }
        assert_eq!(
            policy(Endpoint::Public(P::Redeem)).limiter,
            Some(Limiter::Redeem)
        );
        assert_eq!(Limiter::Lookup.binding(), "RL_LOOKUP");
    }

    /// Every limiter is bound in wrangler.toml with the numbers the API document states (a
    /// missing binding would limit nothing).
    #[test]
    fn every_limiter_is_bound_in_wrangler_toml() {
        let toml = include_str!("../../wrangler.toml");
        for l in Limiter::ALL {
            let block = toml
                .split("[[ratelimits]]")
                .find(|b| b.contains(&format!("name = \"{}\"", l.binding())))
                .unwrap_or_else(|| panic!("{} is not in wrangler.toml", l.binding()));
            let simple = format!(
                "simple = {{ limit = {}, period = {} }}",
                l.per_window(),
                LIMIT_WINDOW_SECONDS
            );
            assert!(block.contains(&simple), "{}: {simple}", l.binding());
        }
    }
}
