//! Discord's Ed25519 signature, checked with the runtime's Web Crypto (workerd implements
//! `Ed25519` in `crypto.subtle`), so no signature crate ships in the wasm.

use crate::core::discord::{parse_public_key, parse_signature, signed_message, timestamp_fresh};
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use worker::wasm_bindgen_futures;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = importKey, catch)]
    fn import_key(
        format: &str,
        key: &Uint8Array,
        algorithm: &JsValue,
        extractable: bool,
        usages: &Array,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = verify, catch)]
    fn subtle_verify(
        algorithm: &JsValue,
        key: &JsValue,
        signature: &Uint8Array,
        data: &Uint8Array,
    ) -> Result<Promise, JsValue>;
}

fn ed25519() -> JsValue {
    let algorithm = Object::new();
    let _ = Reflect::set(&algorithm, &"name".into(), &"Ed25519".into());
    algorithm.into()
}

/// Whether `X-Signature-Ed25519` signs `X-Signature-Timestamp` + the raw body under the
/// application's public key (hex), and the timestamp is recent. Any doubt is `false`.
pub async fn signed_by_discord(
    public_key_hex: &str,
    signature_hex: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now_unix: i64,
) -> bool {
    let (Some(key), Some(sig), Some(ts)) = (
        parse_public_key(public_key_hex),
        signature_hex.and_then(parse_signature),
        timestamp,
    ) else {
        return false;
    };
    if !timestamp_fresh(ts, now_unix) {
        return false;
    }
    let message = signed_message(ts, body);
    let checked = async {
        let usages = Array::of1(&"verify".into());
        let key = JsFuture::from(import_key(
            "raw",
            &Uint8Array::from(&key[..]),
            &ed25519(),
            false,
            &usages,
        )?)
        .await?;
        let ok = JsFuture::from(subtle_verify(
            &ed25519(),
            &key,
            &Uint8Array::from(&sig[..]),
            &Uint8Array::from(&message[..]),
        )?)
        .await?;
        Ok::<bool, JsValue>(ok.as_bool() == Some(true))
    };
    match checked.await {
        Ok(ok) => ok,
        Err(e) => {
            worker::console_error!("discord: Ed25519 verify failed to run: {e:?}");
            false
        }
    }
}
