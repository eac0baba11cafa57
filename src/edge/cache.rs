//! Short-lived copies of panel answers in the Workers Cache API. Keys are fixed URLs on a
//! reserved domain, so neither the panel URL nor its key ever becomes part of a key.

use worker::{Cache, Headers, Response};

fn url(key: &str) -> String {
    format!("https://cache.redeem-edge.invalid/{key}")
}

pub async fn get(key: &str) -> Option<String> {
    let mut hit = Cache::default().get(url(key), false).await.ok()??;
    hit.text().await.ok()
}

/// Best effort: a failed put only costs a panel call later.
pub async fn put(key: &str, body: String, ttl_seconds: u32) {
    let stored = async {
        let headers = Headers::new();
        headers.set("cache-control", &format!("max-age={ttl_seconds}"))?;
        let copy = Response::ok(body)?.with_headers(headers);
        Cache::default().put(url(key), copy).await
    };
    if let Err(e) = stored.await {
        worker::console_warn!("cache put {key}: {e}");
    }
}
