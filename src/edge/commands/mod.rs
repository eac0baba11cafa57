//! The shop's commands, channel-free: validate, check a link, redeem, track, refill, mint. The HTTP
//! routes (`edge::redeem`, `edge::tracking`), a Sellauth checkout delivery and a Discord
//! command all call these and only translate their own input and the typed result; each rule
//! and each write lives here once. A refusal is an `ApiError`: a status, a stable code and
//! words a buyer can act on, which every channel can render.

mod code;
mod fit;
mod make_good;
mod mint;
mod queue;
mod redeem;
mod track;
mod updates;
mod watch;

pub use code::{load, parse_code, validate};
pub use fit::fit_service;
pub use make_good::make_good;
pub use mint::mint;
pub use queue::drain;
pub use redeem::{check_link, redeem, RedeemCommand, RedeemedOrder, Redemption};
pub use track::{order_view, refill, track, CodePage, OrderPage};
pub use updates::{channels as update_channels, deliver, unsubscribe_token, Delivered};
pub use watch::{retarget, watch};
