//! The pure core: every decision the shop makes, as plain functions and types.
//!
//! Nothing here imports `worker`, reads a clock or draws randomness: "now" and random
//! bytes come in as arguments, so `cargo test` covers all of it natively.

pub mod admin_key;
pub mod answer;
pub mod body;
pub mod catalogue;
pub mod checkout;
pub mod client;
pub mod clock;
pub mod code;
pub mod csv;
pub mod discord;
pub mod envelope;
pub mod error_code;
pub mod fold;
pub mod hold;
pub mod json;
pub mod legacy;
pub mod link;
pub mod logline;
pub mod manual_order;
pub mod money;
pub mod order_input;
pub mod outbox;
pub mod paging;
pub mod panel;
pub mod redemption;
pub mod refill;
pub mod request_url;
pub mod review;
pub mod route;
pub mod sellauth;
pub mod service;
pub mod session;
pub mod shape;
pub mod stats;
pub mod telegram;
pub mod template;
pub mod watch;
pub mod words;
