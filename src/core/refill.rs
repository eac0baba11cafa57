//! May a buyer ask for a refill now? Refills top up what dropped after an order completed;
//! panels accept them only for refill services, within a window, one at a time.

use super::clock::UtcTime;
use super::envelope::ApiError;
use super::panel::Progress;
use crate::core::error_code::ErrorCode;

/// What is known about the order when the buyer asks.
#[derive(Debug, Clone, PartialEq)]
pub struct RefillCheck<'a> {
    pub has_refill: bool,
    /// The panel's status now (`None`: the panel could not say).
    pub order_status: Option<&'a Progress>,
    pub placed_at: UtcTime,
    pub now: UtcTime,
    pub window_days: u32,
    /// The last refill's status, if one was requested.
    pub last_refill: Option<&'a Progress>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefillRefusal {
    NotIncluded,
    NotCompleted(String),
    WindowOver { days: u32 },
    AlreadyRunning(String),
    StatusUnknown,
}

impl RefillRefusal {
    /// One refusal of each kind (for the list of their codes).
    pub const ALL_KINDS: [RefillRefusal; 5] = [
        RefillRefusal::NotIncluded,
        RefillRefusal::NotCompleted(String::new()),
        RefillRefusal::WindowOver { days: 0 },
        RefillRefusal::AlreadyRunning(String::new()),
        RefillRefusal::StatusUnknown,
    ];

    pub fn api_error(&self) -> ApiError {
        match self {
            RefillRefusal::NotIncluded => ApiError::new(
                ErrorCode::RefillNotIncluded,
                "This code's service does not include refills.",
            ),
            RefillRefusal::NotCompleted(status) => ApiError::new(
                ErrorCode::OrderNotCompleted,
                format!("A refill can be requested once the order is completed; it is {status} now."),
            ),
            RefillRefusal::WindowOver { days } => ApiError::new(
                ErrorCode::RefillWindowOver,
                format!("Refills can be requested within {days} days of the order; that time is over."),
            ),
            RefillRefusal::AlreadyRunning(status) => ApiError::new(
                ErrorCode::RefillInProgress,
                format!("A refill for this order is already running ({status}). Check back once it is done."),
            ),
            RefillRefusal::StatusUnknown => ApiError::new(
                ErrorCode::PanelUnavailableNow,
                "We cannot check the order with our supplier right now. Please try again in a few minutes.",
            ),
        }
    }
}

pub fn check_refill(c: &RefillCheck<'_>) -> Result<(), RefillRefusal> {
    if !c.has_refill {
        return Err(RefillRefusal::NotIncluded);
    }
    if c.now > c.placed_at.plus_days(i64::from(c.window_days)) {
        return Err(RefillRefusal::WindowOver {
            days: c.window_days,
        });
    }
    // Only a refill known to be running blocks another; a rejected or failed one does not.
    if let Some(r) = c.last_refill.filter(|r| is_running(r)) {
        return Err(RefillRefusal::AlreadyRunning(r.as_str().to_string()));
    }
    match c.order_status {
        None => Err(RefillRefusal::StatusUnknown),
        Some(Progress::Completed) => Ok(()),
        Some(other) => Err(RefillRefusal::NotCompleted(other.as_str().to_string())),
    }
}

/// The refill states a panel reports while it works; anything else ("Completed", "Rejected",
/// "Error", ...) is over.
pub fn is_running(p: &Progress) -> bool {
    matches!(
        p,
        Progress::Pending | Progress::Processing | Progress::InProgress
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        status: Option<Progress>,
        last: Option<Progress>,
        age_days: i64,
        has_refill: bool,
    ) -> Result<(), RefillRefusal> {
        let placed = UtcTime::parse("2026-11-01T00:00:00Z").unwrap();
        check_refill(&RefillCheck {
            has_refill,
            order_status: status.as_ref(),
            placed_at: placed,
            now: placed.plus_days(age_days),
            window_days: 30,
            last_refill: last.as_ref(),
        })
    }

    #[test]
    fn a_completed_refill_order_in_its_window_may_refill() {
        assert_eq!(check(Some(Progress::Completed), None, 3, true), Ok(()));
        assert_eq!(
            check(
                Some(Progress::Completed),
                Some(Progress::Completed),
                3,
                true
            ),
            Ok(())
        );
    }

    #[test]
    fn each_refusal_says_why() {
        assert_eq!(
            check(Some(Progress::Completed), None, 3, false),
            Err(RefillRefusal::NotIncluded)
        );
        assert_eq!(
            check(Some(Progress::InProgress), None, 3, true),
            Err(RefillRefusal::NotCompleted("In progress".into()))
        );
        assert_eq!(
            check(Some(Progress::Completed), None, 31, true),
            Err(RefillRefusal::WindowOver { days: 30 })
        );
        assert_eq!(
            check(Some(Progress::Completed), Some(Progress::Pending), 3, true),
            Err(RefillRefusal::AlreadyRunning("Pending".into()))
        );
        assert_eq!(
            check(None, None, 3, true),
            Err(RefillRefusal::StatusUnknown)
        );
        // A refill the panel rejected does not block the next one forever.
        let rejected = Some(Progress::Other("Rejected".into()));
        assert_eq!(check(Some(Progress::Completed), rejected, 3, true), Ok(()));
        let e = RefillRefusal::WindowOver { days: 30 }.api_error();
        assert_eq!((e.status, e.code.key()), (409, "refill_window_over"));
    }
}
