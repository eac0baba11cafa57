//! The route table: the one list of what the worker answers. Each entry names its method,
//! its pattern, who may call it (`Gate`) and what it does (`Endpoint`). Dispatch, the admin
//! gate, CORS, the log line's pattern and the OpenAPI check all read this table, so a path
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
    /// Signed by its sender (Sellauth); never cross-origin.
    Webhook,
}

/// What a route does; the edge maps each to its handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
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
    SellauthWebhook,
    DiscordInteractions,
}

/// Where an endpoint's reads may come from: a replica near the worker for what may be a
/// moment stale (a buyer's look at a code or an order, the catalogue, the admin's lists and
/// numbers); the primary for every write and every read that decides money. No wildcard: a
/// new endpoint must say.
pub fn reads(endpoint: Endpoint) -> Reads {
    use Endpoint as E;
    match endpoint {
        E::Health
        | E::ValidateCode
        | E::CheckLink
        | E::UserRedemptions
        | E::OrderByCode
        | E::OrderStatus
        | E::Services
        | E::Search
        | E::Balance
        | E::Panels
        | E::Stats
        | E::Vocabulary
        | E::ListCodes
        | E::CodesCsv
        | E::ShowCode
        | E::Redemptions
        | E::RedemptionsCsv
        | E::Failures
        | E::Money
        | E::MoneyCsv
        | E::AdminServices
        | E::ListProducts
        | E::HeldOrders
        | E::Attention
        | E::Deliveries => Reads::Nearby,
        E::Redeem
        | E::Refill
        | E::CreateCodes
        | E::VoidCode
        | E::ResolveCode
        | E::Import
        | E::PlaceOrder
        | E::AdminOrderStatus
        | E::AdminRefill
        | E::CreateProduct
        | E::UpdateProduct
        | E::DeleteProduct
        | E::VoidInvoice
        | E::RetryHeld
        | E::CheckAttention
        | E::Retarget
        | E::SellauthWebhook
        | E::DiscordInteractions => Reads::Primary,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    /// `/api/orders/by-code/{code}`: literal segments, and `{name}` for one path parameter.
    pub pattern: &'static str,
    pub gate: Gate,
    pub endpoint: Endpoint,
}

const fn r(method: Method, pattern: &'static str, gate: Gate, endpoint: Endpoint) -> Route {
    Route {
        method,
        pattern,
        gate,
        endpoint,
    }
}

use super::session::Reads;
use Endpoint as E;
use Gate::{Admin, Public, Webhook};
use Method::{Delete, Get, Head, Post, Put};

pub const ROUTES: &[Route] = &[
    r(Get, "/api/health", Public, E::Health),
    r(Head, "/api/health", Public, E::Health),
    r(Post, "/api/validate-code", Public, E::ValidateCode),
    r(Post, "/api/check-link", Public, E::CheckLink),
    r(Post, "/api/redeem", Public, E::Redeem),
    // Buyers send a code; `{"user_id"}` passes the admin gate inside the handler.
    r(Post, "/api/user/redemptions", Public, E::UserRedemptions),
    r(Get, "/api/orders/by-code/{code}", Public, E::OrderByCode),
    r(Post, "/api/refill", Public, E::Refill),
    r(Get, "/api/order-status", Public, E::OrderStatus),
    r(Get, "/api/services", Public, E::Services),
    r(Post, "/api/search", Public, E::Search),
    r(Get, "/api/admin/balance", Admin, E::Balance),
    r(Get, "/api/admin/panels", Admin, E::Panels),
    r(Get, "/api/admin/stats", Admin, E::Stats),
    r(Get, "/api/admin/vocabulary", Admin, E::Vocabulary),
    r(Get, "/api/admin/codes", Admin, E::ListCodes),
    r(Post, "/api/admin/codes", Admin, E::CreateCodes),
    r(Get, "/api/admin/codes.csv", Admin, E::CodesCsv),
    r(Get, "/api/admin/codes/{code}", Admin, E::ShowCode),
    r(Post, "/api/admin/codes/{code}/void", Admin, E::VoidCode),
    r(
        Post,
        "/api/admin/codes/{code}/resolve",
        Admin,
        E::ResolveCode,
    ),
    r(Get, "/api/admin/redemptions", Admin, E::Redemptions),
    r(Get, "/api/admin/redemptions.csv", Admin, E::RedemptionsCsv),
    r(Get, "/api/admin/failures", Admin, E::Failures),
    r(Get, "/api/admin/money", Admin, E::Money),
    r(Get, "/api/admin/money.csv", Admin, E::MoneyCsv),
    r(Get, "/api/admin/services", Admin, E::AdminServices),
    r(Post, "/api/admin/import", Admin, E::Import),
    r(Post, "/api/admin/order", Admin, E::PlaceOrder),
    r(Get, "/api/admin/orders/{order}", Admin, E::AdminOrderStatus),
    r(
        Post,
        "/api/admin/orders/{order}/refill",
        Admin,
        E::AdminRefill,
    ),
    r(Get, "/api/admin/products", Admin, E::ListProducts),
    r(Post, "/api/admin/products", Admin, E::CreateProduct),
    r(
        Put,
        "/api/admin/products/{product_id}",
        Admin,
        E::UpdateProduct,
    ),
    r(
        Delete,
        "/api/admin/products/{product_id}",
        Admin,
        E::DeleteProduct,
    ),
    r(Get, "/api/admin/deliveries", Admin, E::Deliveries),
    r(
        Post,
        "/api/admin/invoices/{invoice}/void",
        Admin,
        E::VoidInvoice,
    ),
    r(Get, "/api/admin/queue", Admin, E::HeldOrders),
    r(Post, "/api/admin/queue/retry", Admin, E::RetryHeld),
    r(Get, "/api/admin/attention", Admin, E::Attention),
    r(Post, "/api/admin/attention/check", Admin, E::CheckAttention),
    r(Post, "/api/admin/codes/retarget", Admin, E::Retarget),
    r(Post, "/webhook/sellauth", Webhook, E::SellauthWebhook),
    r(
        Post,
        "/discord/interactions",
        Webhook,
        E::DiscordInteractions,
    ),
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
            Resolved::Found(route, _) => route.gate,
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
                gate: route.gate,
            });
        }
    }
    known.unwrap_or(Resolved::NotFound)
}

/// The table as the OpenAPI check reads it: each pattern with its methods, sorted.
pub fn patterns() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for route in ROUTES {
        match out.iter_mut().find(|(p, _)| *p == route.pattern) {
            Some((_, methods)) => methods.push(route.method.as_str()),
            None => out.push((route.pattern, vec![route.method.as_str()])),
        }
    }
    for (_, methods) in &mut out {
        methods.sort_unstable();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(matches!(resolved, Resolved::Found(r, None) if r.endpoint == E::Balance));
        }
    }

    #[test]
    fn parameters_and_methods_are_read_off_the_table() {
        assert_eq!(
            resolve(Post, "/api/admin/codes/SMM-1/void"),
            Resolved::Found(
                r(Post, "/api/admin/codes/{code}/void", Admin, E::VoidCode),
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

    /// `assets/openapi.json` documents exactly the table: every path with the same methods.
    #[test]
    fn the_openapi_document_lists_exactly_these_routes() {
        let spec: serde_json::Value =
            serde_json::from_str(include_str!("../../assets/openapi.json")).unwrap();
        let paths = spec["paths"].as_object().unwrap();
        let table = patterns();
        for (pattern, methods) in &table {
            let item = paths
                .get(*pattern)
                .unwrap_or_else(|| panic!("{pattern} is not in openapi.json"));
            let mut documented: Vec<String> = item
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "head", "post", "put", "delete", "patch"].contains(&k.as_str()))
                .map(|k| k.to_uppercase())
                .collect();
            documented.sort_unstable();
            assert_eq!(&documented, methods, "{pattern}: methods");
        }
        for documented in paths.keys() {
            assert!(
                table.iter().any(|(p, _)| p == documented),
                "{documented} is documented but not routed"
            );
        }
    }
}
