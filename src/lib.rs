//! redeem-edge: Sellauth purchases become redemption codes, codes become SMM panel orders.
//!
//! `core` is pure (no `worker`, no clock, no randomness): it decides.
//! `edge` is the Cloudflare side (D1, fetch, routes): it translates and applies.
//! See ARCHITECTURE.md.

pub mod core;

#[cfg(target_arch = "wasm32")]
mod edge;
