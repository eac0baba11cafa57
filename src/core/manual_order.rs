//! A manual panel order placed by the shop owner: same link rules and panel call as a
//! redemption, with the platform and service taken from the request or read off the
//! panel's service name.

use super::envelope::ApiError;
use super::json::Fields;
use super::link::Link;
use super::panel::{Service, ServiceId};
use super::service::{Platform, ServiceKind};
use crate::core::error_code::ErrorCode;
use crate::core::shape::*;

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

#[derive(Debug)]
pub struct ManualOrderInput {
    pub service_id: u32,
    pub link: String,
    pub quantity: u32,
    pub platform: Option<String>,
    pub service_type: Option<String>,
    /// Which panel (default `main`).
    pub panel: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManualOrder {
    pub service_id: ServiceId,
    pub link: Link,
    pub quantity: u32,
}

impl ManualOrderInput {
    /// The request body's fields, as `body::MANUAL_ORDER` declares them.
    pub fn read(f: &Fields) -> ManualOrderInput {
        ManualOrderInput {
            service_id: f.whole("service_id"),
            link: f.text("link"),
            quantity: f.whole("quantity"),
            platform: f.opt_text("platform"),
            service_type: f.opt_text("service_type"),
            panel: f.opt_text("panel"),
        }
    }

    /// `service` is the panel's catalogue entry when known: it checks the quantity range and
    /// names the platform/kind when the request does not.
    pub fn validate(self, service: Option<&Service>) -> Result<ManualOrder, ApiError> {
        let invalid = |m: String| ApiError::new(ErrorCode::InvalidOrder, m);
        let service_id = ServiceId::new(self.service_id)
            .ok_or_else(|| invalid("service_id must be above 0.".into()))?;
        if self.quantity == 0 {
            return Err(invalid("quantity must be above 0.".into()));
        }
        if let Some(e) = service.and_then(|s| quantity_out_of_range(s, self.quantity)) {
            return Err(e);
        }
        let (guess_platform, guess_kind) = service.map(classify).unwrap_or((None, None));
        let platform = self
            .platform
            .as_deref()
            .map(Platform::parse)
            .or(guess_platform)
            .unwrap_or_else(|| Platform::Other("unknown".into()));
        let kind = self
            .service_type
            .as_deref()
            .map(ServiceKind::parse)
            .or(guess_kind)
            .unwrap_or_else(|| ServiceKind::Other("unknown".into()));
        let link = Link::parse(&platform, &kind, &self.link)
            .map_err(|e| ApiError::new(ErrorCode::InvalidLink, e.message()))?;
        Ok(ManualOrder {
            service_id,
            link,
            quantity: self.quantity,
        })
    }
}

/// The panel takes only quantities within a service's min and max: anything else is refused
/// before it can cost a code or a failed order (400 `quantity_out_of_range`, naming them).
pub fn quantity_out_of_range(s: &Service, quantity: u32) -> Option<ApiError> {
    let q = u64::from(quantity);
    (q < s.min || q > s.max).then(|| {
        ApiError::new(
            ErrorCode::QuantityOutOfRange,
            format!(
                "quantity must be between {} and {} for service {} ({}); {quantity} is not.",
                s.min, s.max, s.id, s.name
            ),
        )
    })
}

/// Reads platform and kind off a panel service's name and category ("YouTube Subscribers
/// [Refill]"): the first word that names a known platform, and the first that names a kind.
pub fn classify(service: &Service) -> (Option<Platform>, Option<ServiceKind>) {
    let text = format!("{} {}", service.category, service.name);
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let platform = words
        .iter()
        .map(|w| Platform::parse(w))
        .find(|p| !matches!(p, Platform::Other(_)));
    let kind = words
        .iter()
        .map(|w| ServiceKind::parse(w))
        .find(|k| !matches!(k, ServiceKind::Other(_)));
    (platform, kind)
}

/// Does the panel service sell what a template says? `Some(why)` when its name and category
/// name another platform, or another kind of thing (views are not followers); close kinds
/// (views, shorts, live views, plays) count as one. Silence is not contradiction: a service
/// whose name says nothing passes.
pub fn service_mismatch(
    platform: &Platform,
    kind: &ServiceKind,
    service: &Service,
) -> Option<String> {
    let (p, k) = classify(service);
    let family = |k: &ServiceKind| match k {
        ServiceKind::Views | ServiceKind::Shorts | ServiceKind::Live | ServiceKind::Plays => {
            Some("views")
        }
        ServiceKind::Subscribers | ServiceKind::Followers | ServiceKind::Members => {
            Some("audience")
        }
        _ => None,
    };
    let platform_differs = p.as_ref().is_some_and(|p| p != platform);
    let kind_differs = k
        .as_ref()
        .is_some_and(|k| k != kind && (family(k).is_none() || family(k) != family(kind)));
    (platform_differs || kind_differs).then(|| {
        format!(
            "Panel service {} is \"{}\" ({}), but this says {} {}. Check the service id, or confirm to sell it anyway.",
            service.id.get(),
            service.name,
            service.category,
            platform.name(),
            super::fold::lower(kind.name())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::panel::{parse_services, PanelReply};

    fn service(name: &str, category: &str) -> Service {
        let body = format!(
            r#"[{{"service":101,"name":"{name}","type":"Default","category":"{category}","rate":"1","min":"50","max":"1000"}}]"#
        );
        match parse_services(200, &body) {
            PanelReply::Ok(mut s) => s.remove(0),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn platform_and_kind_are_read_off_the_panel_name() {
        let s = service(
            "YouTube Subscribers [Refill 30 days]",
            "YouTube - Subscribers",
        );
        assert_eq!(
            classify(&s),
            (Some(Platform::YouTube), Some(ServiceKind::Subscribers))
        );
        let s = service("Followers HQ", "Instagram");
        assert_eq!(
            classify(&s),
            (Some(Platform::Instagram), Some(ServiceKind::Followers))
        );
        assert_eq!(classify(&service("Website traffic", "Other")).0, None);
    }

    #[test]
    fn a_manual_order_follows_the_link_rules_and_the_service_range() {
        let s = service("YouTube Subscribers", "YouTube");
        let input = |json: &str| {
            crate::core::envelope::parse_body(
                json.as_bytes(),
                &MANUAL_ORDER,
                ManualOrderInput::read,
            )
            .unwrap()
        };
        let ok = input(r#"{"service_id":101,"link":"youtube.com/@Chan","quantity":100}"#)
            .validate(Some(&s))
            .unwrap();
        assert_eq!(ok.link.as_str(), "https://www.youtube.com/@Chan");
        let e = input(r#"{"service_id":101,"link":"https://youtu.be/dQw4w9WgXcQ","quantity":100}"#)
            .validate(Some(&s))
            .unwrap_err();
        assert_eq!(e.code, "invalid_link");
        let e = input(r#"{"service_id":101,"link":"youtube.com/@Chan","quantity":10}"#)
            .validate(Some(&s))
            .unwrap_err();
        assert!(e.message.contains("between 50 and 1000"), "{}", e.message);
        assert_eq!((e.status, e.code.key()), (400, "quantity_out_of_range"));
        // Without a catalogue entry, an explicit platform still applies the rules...
        let e = input(r#"{"service_id":7,"link":"https://evil.io/x","quantity":5,"platform":"tiktok","service_type":"views"}"#).validate(None).unwrap_err();
        assert_eq!(e.code, "invalid_link");
        // ...and with nothing known, any safe public https link is accepted.
        let ok = input(r#"{"service_id":7,"link":"https://example.com/page","quantity":5}"#)
            .validate(None)
            .unwrap();
        assert_eq!(ok.link.as_str(), "https://example.com/page");
        assert!(
            input(r#"{"service_id":7,"link":"javascript:alert(1)","quantity":5}"#)
                .validate(None)
                .is_err()
        );
    }

    #[test]
    fn a_template_that_contradicts_its_service_is_caught() {
        let tiktok_views = service("TikTok Views", "TikTok - Views");
        let why = service_mismatch(&Platform::YouTube, &ServiceKind::Subscribers, &tiktok_views);
        assert!(why.unwrap().contains("TikTok Views"));
        let yt_subs = service(
            "YouTube Subscribers [Refill 30 days]",
            "YouTube - Subscribers",
        );
        assert_eq!(
            service_mismatch(&Platform::YouTube, &ServiceKind::Subscribers, &yt_subs),
            None
        );
        assert!(service_mismatch(&Platform::YouTube, &ServiceKind::Likes, &yt_subs).is_some());
        // Close kinds and silent names pass.
        let shorts = service("YouTube Shorts Views", "YouTube - Shorts");
        assert_eq!(
            service_mismatch(&Platform::YouTube, &ServiceKind::Views, &shorts),
            None
        );
        let vague = service("Premium [Fast]", "Best sellers");
        assert_eq!(
            service_mismatch(&Platform::Instagram, &ServiceKind::Likes, &vague),
            None
        );
    }
}
