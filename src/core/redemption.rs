//! The redemption state machine: `unused -> reserved -> used`, with the ways back out of
//! `reserved`. The edge applies each decision as one conditional D1 statement or one batch.
//!
//! ```text
//! unused --reserve--> reserved --Placed--> used
//!                        |--Rejected--> unused        (the panel said no: nothing was bought)
//!                        |--Held------> queued        (the shop's trouble: placed later,
//!                        |                 |            `core::hold`; a drain reserves it again)
//!                        |                 '--too long--> unused
//!                        '--Unknown---> needs_review  (the order may exist: a person decides)
//! ```

use super::clock::UtcTime;
use super::code::Code;
use super::envelope::ApiError;
use super::hold::{Returned, HOLD_EXPIRED_WORDS};
use super::order_input::api_type::{ApiType, OrderSpec};
use super::order_input::DripFeed;
use super::panel::{
    buyer_message, stored_choices, HoldReason, OrderId, PanelReply, ServiceChoice, ServiceId,
};
use super::service::{Platform, ServiceKind};
use crate::core::error_code::ErrorCode;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStatus {
    Unused,
    Reserved,
    Queued,
    Used,
    NeedsReview,
    Void,
}

impl CodeStatus {
    pub const ALL: [CodeStatus; 6] = [
        CodeStatus::Unused,
        CodeStatus::Reserved,
        CodeStatus::Queued,
        CodeStatus::Used,
        CodeStatus::NeedsReview,
        CodeStatus::Void,
    ];

    /// How the status is written on the dashboard.
    pub fn name(self) -> &'static str {
        match self {
            CodeStatus::Unused => "Unused",
            CodeStatus::Reserved => "Reserved",
            CodeStatus::Queued => "Queued",
            CodeStatus::Used => "Used",
            CodeStatus::NeedsReview => "Needs review",
            CodeStatus::Void => "Void",
        }
    }

    pub fn parse(raw: &str) -> Option<CodeStatus> {
        Some(match raw.trim().to_ascii_lowercase().as_str() {
            "unused" => CodeStatus::Unused,
            "reserved" => CodeStatus::Reserved,
            "queued" => CodeStatus::Queued,
            "used" => CodeStatus::Used,
            "needs_review" => CodeStatus::NeedsReview,
            "void" => CodeStatus::Void,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CodeStatus::Unused => "unused",
            CodeStatus::Reserved => "reserved",
            CodeStatus::Queued => "queued",
            CodeStatus::Used => "used",
            CodeStatus::NeedsReview => "needs_review",
            CodeStatus::Void => "void",
        }
    }
}

/// A `codes` row as D1 returns it: loose types, because imported rows can be dirty.
#[derive(Debug, Clone, Deserialize)]
pub struct CodeRow {
    pub code: String,
    pub service_id: f64,
    pub quantity: f64,
    pub platform: String,
    pub service_type: String,
    pub requirements: Option<String>,
    pub status: String,
    pub created_date: String,
    pub expires_at: Option<String>,
    pub has_refill: Option<f64>,
    pub order_id: Option<f64>,
    pub invoice_id: Option<String>,
    /// Panel choices as JSON; `None`: `service_id` on `main`.
    #[serde(default)]
    pub services: Option<String>,
    /// What the buyer must give besides the link (`core::order_input`), and drip-feed.
    #[serde(default)]
    pub order_input: Option<String>,
    #[serde(default)]
    pub drip_runs: Option<f64>,
    #[serde(default)]
    pub drip_interval: Option<f64>,
    /// The hold (`core::hold`): why, since when, how many attempts.
    #[serde(default)]
    pub queued_reason: Option<String>,
    #[serde(default)]
    pub queued_at: Option<String>,
    #[serde(default)]
    pub queue_attempts: Option<f64>,
    /// Why a redeemed code came back to the buyer, and the words for their page.
    #[serde(default)]
    pub returned_reason: Option<String>,
    #[serde(default)]
    pub returned_message: Option<String>,
    /// The code whose short order this one replaces.
    #[serde(default)]
    pub replaces: Option<String>,
    /// Services the catalogue watch found gone (`core::watch`), as JSON choices.
    #[serde(default)]
    pub gone_choices: Option<String>,
}

/// A code as the shop understands it, parsed once from its row.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCode {
    pub code: Code,
    pub service_id: ServiceId,
    pub quantity: u32,
    pub platform: Platform,
    pub kind: ServiceKind,
    pub requirements: Option<String>,
    pub status: CodeStatus,
    pub created: Option<UtcTime>,
    pub expires_at: Option<UtcTime>,
    pub has_refill: bool,
    pub order_id: Option<OrderId>,
    pub invoice_id: Option<String>,
    /// Where to buy it, in the order to try (fail-over on a refusal).
    pub services: Vec<ServiceChoice>,
    /// The service's API v2 type: what the buyer gives besides the link, what `add` carries.
    pub order: OrderSpec,
    pub drip_feed: Option<DripFeed>,
    pub hold: Option<Hold>,
    /// Why the code is the buyer's again after they had redeemed it, with the words.
    pub returned: Option<(Returned, String)>,
    pub replaces: Option<String>,
    /// Those of its choices the catalogue watch found gone: a redemption skips them without
    /// asking the panel.
    pub gone: Vec<ServiceChoice>,
}

/// A queued code's hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    pub reason: HoldReason,
    pub since: Option<UtcTime>,
    pub attempts: u32,
}

impl StoredCode {
    /// What the buyer's link must point to: a subscription follows a profile's new posts,
    /// whatever it delivers on each.
    pub fn link_kind(&self) -> ServiceKind {
        match self.order.api_type {
            ApiType::Subscriptions => ServiceKind::Followers,
            _ => self.kind.clone(),
        }
    }

    /// `Err` names what is wrong with the row, for the log; the buyer sees a generic error.
    pub fn from_row(row: CodeRow) -> Result<StoredCode, String> {
        // The reason goes to the log: name the code only masked.
        let shown =
            Code::parse(&row.code).map_or_else(|_| "(unreadable code)".to_string(), |c| c.masked());
        let whole = |x: f64| (x.fract() == 0.0 && x > 0.0 && x < 4e9).then_some(x as u64);
        let service_id = whole(row.service_id)
            .and_then(|n| ServiceId::new(u32::try_from(n).ok()?))
            .ok_or_else(|| format!("code {shown}: bad service_id {}", row.service_id))?;
        let quantity = whole(row.quantity)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| format!("code {shown}: bad quantity {}", row.quantity))?;
        let status = CodeStatus::parse(&row.status)
            .ok_or_else(|| format!("code {shown}: unknown status {:?}", row.status))?;
        let code = Code::parse(&row.code).map_err(|e| format!("stored code: {e:?}"))?;
        Ok(StoredCode {
            code,
            service_id,
            quantity,
            platform: Platform::parse(&row.platform),
            kind: ServiceKind::parse(&row.service_type),
            requirements: row.requirements.filter(|r| !r.trim().is_empty()),
            status,
            created: UtcTime::parse(&row.created_date),
            expires_at: row.expires_at.as_deref().and_then(UtcTime::parse),
            has_refill: row.has_refill.unwrap_or(0.0) != 0.0,
            order_id: row.order_id.and_then(|o| OrderId::new(whole(o)?)),
            invoice_id: row.invoice_id,
            services: stored_choices(row.services.as_deref(), service_id),
            order: OrderSpec::parse_stored(row.order_input.as_deref()).ok_or_else(|| {
                format!("code {shown}: unknown order_input {:?}", row.order_input)
            })?,
            drip_feed: match (row.drip_runs, row.drip_interval) {
                (Some(r), Some(i)) => DripFeed::new(r as u32, i as u32).ok(),
                _ => None,
            },
            hold: row
                .queued_reason
                .as_deref()
                .and_then(HoldReason::parse)
                .filter(|_| status == CodeStatus::Queued)
                .map(|reason| Hold {
                    reason,
                    since: row.queued_at.as_deref().and_then(UtcTime::parse),
                    attempts: row.queue_attempts.unwrap_or(0.0).max(0.0) as u32,
                }),
            returned: row
                .returned_reason
                .as_deref()
                .and_then(Returned::parse)
                .filter(|_| status == CodeStatus::Unused)
                .map(|r| {
                    let words = match r {
                        Returned::HoldExpired => HOLD_EXPIRED_WORDS.to_string(),
                        Returned::Refused => row.returned_message.clone().unwrap_or_default(),
                    };
                    (r, words)
                }),
            gone: {
                let services = stored_choices(row.services.as_deref(), service_id);
                row.gone_choices
                    .as_deref()
                    .and_then(|g| serde_json::from_str::<Vec<ServiceChoice>>(g).ok())
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|g| services.contains(g))
                    .collect()
            },
            replaces: row.replaces,
        })
    }

    pub fn is_expired(&self, now: UtcTime) -> bool {
        self.expires_at.is_some_and(|t| t <= now)
    }
}

/// When a code stops being redeemable: `expiry_days` of `None` or `<= 0` means never.
pub fn expiry(created: UtcTime, expiry_days: Option<i64>) -> Option<UtcTime> {
    expiry_days.filter(|d| *d > 0).map(|d| created.plus_days(d))
}

/// When a code goes back to `unused` after a reservation that bought nothing (the panel
/// refused; review found no order), it keeps at least the validity it had left when it was
/// reserved: the buyer, who got nothing, must not find it expired because support took a while.
pub fn expiry_on_return(
    expires_at: Option<UtcTime>,
    reserved_at: Option<UtcTime>,
    now: UtcTime,
) -> Option<UtcTime> {
    let (expires, reserved) = match (expires_at, reserved_at) {
        (Some(e), Some(r)) => (e, r),
        (e, _) => return e,
    };
    let left = (expires.millis() - reserved.millis()).max(0);
    let restored = UtcTime::from_millis(now.millis() + left);
    Some(if restored > expires {
        restored
    } else {
        expires
    })
}

/// Why a code cannot be redeemed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    AlreadyUsed,
    InProgress,
    Queued,
    UnderReview,
    Expired,
    Void,
}

impl Refusal {
    pub fn api_error(self) -> ApiError {
        match self {
            Refusal::AlreadyUsed => ApiError::new(
                ErrorCode::CodeAlreadyUsed,
                "This code has already been redeemed.",
            ),
            Refusal::InProgress => ApiError::new(
                ErrorCode::CodeInProgress,
                "This code is being redeemed right now. Wait a moment and check again.",
            ),
            Refusal::Queued => ApiError::new(
                ErrorCode::CodeQueued,
                "This code's order is queued: the shop will place it automatically. You do not need to redeem it again.",
            ),
            Refusal::UnderReview => ApiError::new(
                ErrorCode::CodeUnderReview,
                "This code's order is being checked by support; it will be completed for you. Contact the shop if you have questions.",
            ),
            Refusal::Expired => ApiError::new( ErrorCode::CodeExpired, "This code has expired."),
            Refusal::Void => ApiError::new(
                ErrorCode::CodeVoid,
                "This code has been cancelled by the shop.",
            ),
        }
    }
}

/// May this code be reserved now?
pub fn check_redeemable(code: &StoredCode, now: UtcTime) -> Result<(), Refusal> {
    match code.status {
        CodeStatus::Used => Err(Refusal::AlreadyUsed),
        CodeStatus::Reserved => Err(Refusal::InProgress),
        CodeStatus::Queued => Err(Refusal::Queued),
        CodeStatus::NeedsReview => Err(Refusal::UnderReview),
        CodeStatus::Void => Err(Refusal::Void),
        CodeStatus::Unused if code.is_expired(now) => Err(Refusal::Expired),
        CodeStatus::Unused => Ok(()),
    }
}

/// Why `add` placed no order: the two ways a reservation ends without one, each with what
/// the buyer is told. `Ok(order)` is the third way (`reserved -> used`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPlaced {
    /// The panel answered and refused: no order exists, so the code goes back
    /// (`reserved -> unused`).
    Refused(String),
    /// No answer, or one we cannot read: an order may exist, so the code is held
    /// (`reserved -> needs_review`), never re-spent, never silently given back.
    Unknown(String),
}

impl NotPlaced {
    pub fn api_error(&self) -> ApiError {
        match self {
            NotPlaced::Refused(panel_said) => {
                ApiError::new( ErrorCode::PanelRejected, buyer_message(panel_said))
            }
            NotPlaced::Unknown(_) => ApiError::new(
                ErrorCode::PanelUnreachable,
                "We could not confirm your order with our supplier in time. Your code is on hold, not lost: support will check and complete it. You do not need to redeem it again.",
            ),
        }
    }
}

/// What the panel's answer to `add` means for money.
pub fn add_outcome(reply: PanelReply<OrderId>) -> Result<OrderId, NotPlaced> {
    match reply {
        PanelReply::Ok(id) => Ok(id),
        PanelReply::Rejected(msg) => Err(NotPlaced::Refused(msg)),
        PanelReply::Garbled(why) => Err(NotPlaced::Unknown(why)),
    }
}

/// Who redeemed, as the history records it: a Discord-era user id, a number or a short
/// string. One rule for every route that reads one.
pub fn buyer_id(raw: &serde_json::Value) -> Result<String, ApiError> {
    match raw {
        serde_json::Value::String(s) if !s.trim().is_empty() && s.trim().len() <= 64 => {
            Ok(s.trim().to_string())
        }
        serde_json::Value::Number(n) => Ok(n.to_string()),
        _ => Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "user_id must be a short string or a number.",
        )),
    }
}

/// The name a redemption is recorded under: what the buyer typed, tidied, or "web".
pub fn buyer_name(raw: Option<&str>) -> Result<String, ApiError> {
    let name: String = raw
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match name.chars().count() {
        0 => Ok("web".into()),
        1..=64 => Ok(name),
        _ => Err(ApiError::new(
            ErrorCode::InvalidUsername,
            "The name is too long (64 characters at most).",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: &str) -> CodeRow {
        CodeRow {
            code: "SMM-7QK4-M9XD-2HTC-AB3F".into(),
            service_id: 101.0,
            quantity: 1000.0,
            platform: "youtube ".into(),
            service_type: "Subscribers".into(),
            requirements: Some("  ".into()),
            status: status.into(),
            created_date: "2026-11-01 10:00:00".into(),
            expires_at: Some("2026-12-01T10:00:00.000Z".into()),
            has_refill: Some(1.0),
            order_id: None,
            invoice_id: None,
            services: None,
            order_input: Some("comments".into()),
            drip_runs: Some(5.0),
            drip_interval: Some(30.0),
            queued_reason: Some("panel_funds".into()),
            queued_at: Some("2026-11-25T11:00:00.000Z".into()),
            queue_attempts: Some(2.0),
            returned_reason: Some("hold_expired".into()),
            returned_message: None,
            replaces: None,
            gone_choices: Some(
                r#"[{"panel":"main","service_id":101},{"panel":"main","service_id":5}]"#.into(),
            ),
        }
    }

    fn now() -> UtcTime {
        UtcTime::parse("2026-11-25T12:00:00Z").unwrap()
    }

    #[test]
    fn rows_parse_into_typed_codes_even_when_dirty() {
        let c = StoredCode::from_row(row("unused")).unwrap();
        assert_eq!(c.platform, Platform::YouTube);
        assert_eq!(c.kind, ServiceKind::Subscribers);
        assert_eq!(c.service_id.get(), 101);
        assert_eq!(c.quantity, 1000);
        assert_eq!(c.order.api_type, ApiType::CustomComments);
        assert_eq!(
            c.drip_feed,
            Some(DripFeed {
                runs: 5,
                interval: 30
            })
        );
        assert_eq!(c.requirements, None);
        assert!(c.has_refill);
        // Only its own choices count as gone.
        assert_eq!(c.gone, c.services);
        let mut bad = row("unused");
        bad.service_id = 0.0;
        assert!(StoredCode::from_row(bad).is_err());
        let mut bad = row("unused");
        bad.quantity = 2.5;
        assert!(StoredCode::from_row(bad).is_err());
        assert!(StoredCode::from_row(row("spent")).is_err());
    }

    #[test]
    fn a_hold_and_a_return_are_read_only_in_their_own_status() {
        let queued = StoredCode::from_row(row("queued")).unwrap();
        let hold = queued.hold.unwrap();
        assert_eq!(hold.reason, HoldReason::PanelFunds);
        assert_eq!(hold.attempts, 2);
        assert_eq!(queued.returned, None);
        let unused = StoredCode::from_row(row("unused")).unwrap();
        assert_eq!(unused.hold, None);
        assert_eq!(unused.returned.unwrap().0, Returned::HoldExpired);
    }

    #[test]
    fn only_an_unused_unexpired_code_can_be_reserved() {
        let at = |s| StoredCode::from_row(row(s)).unwrap();
        assert_eq!(check_redeemable(&at("unused"), now()), Ok(()));
        assert_eq!(
            check_redeemable(&at("used"), now()),
            Err(Refusal::AlreadyUsed)
        );
        assert_eq!(
            check_redeemable(&at("reserved"), now()),
            Err(Refusal::InProgress)
        );
        assert_eq!(
            check_redeemable(&at("needs_review"), now()),
            Err(Refusal::UnderReview)
        );
        assert_eq!(check_redeemable(&at("void"), now()), Err(Refusal::Void));
        assert_eq!(check_redeemable(&at("queued"), now()), Err(Refusal::Queued));
        let later = UtcTime::parse("2026-12-01T10:00:00Z").unwrap();
        assert_eq!(
            check_redeemable(&at("unused"), later),
            Err(Refusal::Expired)
        );
    }

    #[test]
    fn refusals_map_to_statuses_clients_know() {
        let codes: Vec<(u16, &str)> = [
            Refusal::AlreadyUsed,
            Refusal::InProgress,
            Refusal::Queued,
            Refusal::UnderReview,
            Refusal::Expired,
            Refusal::Void,
        ]
        .iter()
        .map(|r| {
            let e = r.api_error();
            (e.status, e.code.key())
        })
        .collect();
        assert_eq!(
            codes,
            [
                (409, "code_already_used"),
                (409, "code_in_progress"),
                (409, "code_queued"),
                (409, "code_under_review"),
                (410, "code_expired"),
                (410, "code_void")
            ]
        );
    }

    #[test]
    fn the_panel_answer_decides_the_way_out_of_reserved() {
        let order = OrderId::new(23501).unwrap();
        assert_eq!(add_outcome(PanelReply::Ok(order)), Ok(order));
        let back =
            add_outcome(PanelReply::Rejected("Not enough funds on balance".into())).unwrap_err();
        assert!(matches!(back, NotPlaced::Refused(_)));
        let e = back.api_error();
        assert_eq!((e.status, e.code.key()), (502, "panel_rejected"));
        assert!(!e.message.contains("balance"), "{}", e.message);
        let unknown = add_outcome(PanelReply::Garbled("timeout".into())).unwrap_err();
        assert!(matches!(unknown, NotPlaced::Unknown(_)));
        let e = unknown.api_error();
        assert_eq!((e.status, e.code.key()), (504, "panel_unreachable"));
    }

    #[test]
    fn expiry_is_derived_once() {
        let created = UtcTime::parse("2026-11-01T00:00:00Z").unwrap();
        assert_eq!(
            expiry(created, Some(30)).unwrap().iso(),
            "2026-12-01T00:00:00.000Z"
        );
        assert_eq!(expiry(created, Some(0)), None);
        assert_eq!(expiry(created, None), None);
    }

    #[test]
    fn buyer_names_are_tidied_or_refused() {
        assert_eq!(buyer_name(None).unwrap(), "web");
        assert_eq!(
            buyer_name(Some("  ann \n smith\u{0007} ")).unwrap(),
            "ann smith"
        );
        assert_eq!(
            buyer_name(Some(&"x".repeat(65))).unwrap_err().code,
            "invalid_username"
        );
    }

    #[test]
    fn a_code_given_back_keeps_the_validity_it_had_left() {
        let t = |iso: &str| UtcTime::parse(iso).unwrap();
        // Reserved with 2 days left, back from review 5 days later: 2 days from now.
        assert_eq!(
            expiry_on_return(
                Some(t("2026-11-03T00:00:00.000Z")),
                Some(t("2026-11-01T00:00:00.000Z")),
                t("2026-11-06T00:00:00.000Z")
            ),
            Some(t("2026-11-08T00:00:00.000Z"))
        );
        // Back within seconds: the expiry it had (never shortened).
        assert_eq!(
            expiry_on_return(
                Some(t("2026-12-01T00:00:00.000Z")),
                Some(t("2026-11-01T00:00:00.000Z")),
                t("2026-11-01T00:00:10.000Z")
            ),
            Some(t("2026-12-01T00:00:10.000Z"))
        );
        // Never expires, or no reservation time known: unchanged.
        assert_eq!(
            expiry_on_return(
                None,
                Some(t("2026-11-01T00:00:00.000Z")),
                t("2026-11-06T00:00:00.000Z")
            ),
            None
        );
        assert_eq!(
            expiry_on_return(
                Some(t("2026-11-03T00:00:00.000Z")),
                None,
                t("2026-11-06T00:00:00.000Z")
            ),
            Some(t("2026-11-03T00:00:00.000Z"))
        );
    }

    #[test]
    fn a_user_id_is_a_number_or_a_short_string() {
        assert_eq!(buyer_id(&serde_json::json!(998877)).unwrap(), "998877");
        assert_eq!(buyer_id(&serde_json::json!(" 42 ")).unwrap(), "42");
        assert!(buyer_id(&serde_json::json!("")).is_err());
        assert!(buyer_id(&serde_json::json!("x".repeat(65))).is_err());
        assert!(buyer_id(&serde_json::json!({"id": 1})).is_err());
    }
}
