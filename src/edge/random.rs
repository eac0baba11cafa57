//! Randomness from the runtime (Web Crypto through getrandom's `wasm_js` backend).

use crate::core::code::{Code, Prefix, RANDOM_BYTES};

fn bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // Web Crypto does not fail for 16-byte requests; a failure here means no entropy at all.
    getrandom::fill(&mut b).expect("Web Crypto getRandomValues is available in Workers");
    b
}

pub fn code(prefix: &Prefix) -> Code {
    Code::mint(prefix, bytes::<RANDOM_BYTES>())
}

/// A reservation token: only the request holding it can settle the code it reserved.
pub fn token() -> String {
    hex::encode(bytes::<16>())
}

/// A short id for one request: enough to find its log line, not a secret.
pub fn request_id() -> String {
    hex::encode(bytes::<8>())
}
