//! The SMM panel over `fetch`: sends a `PanelRequest` and hands back what came back.
//! It never retries: a retried `add` can buy the same order twice.

use crate::core::panel::{parse_add, AddExtras, OrderId, PanelRequest, ServiceId};
use crate::core::redemption::{add_outcome, NotPlaced};
use crate::edge::outbound;
use std::cell::Cell;
use worker::AbortSignal;

/// What the wire gave us, before the core reads it.
pub enum Sent {
    /// The panel answered (any HTTP status) with this body.
    Answer { status: u16, body: String },
    /// No complete answer: timeout, refused or dropped connection. For `add`, the order may exist.
    NoAnswer(String),
}

pub struct PanelClient<'a> {
    pub url: &'a str,
    pub key: &'a str,
    pub timeout_ms: u32,
    /// Counts this request's panel calls, for its log line.
    pub calls: &'a Cell<u32>,
}

impl PanelClient<'_> {
    /// Boxed: one copy of the call, however many callers (the .wasm's size budget).
    pub fn send<'b>(&'b self, req: &'b PanelRequest<'b>) -> crate::edge::Boxed<'b, Sent> {
        Box::pin(self.call(req))
    }

    async fn call(&self, req: &PanelRequest<'_>) -> Sent {
        self.calls.set(self.calls.get() + 1);
        // One deadline covers connecting, the headers and the body.
        let signal = AbortSignal::from(worker::web_sys::AbortSignal::timeout_with_u32(
            self.timeout_ms,
        ));
        let result = async {
            let headers = [
                ("content-type", "application/x-www-form-urlencoded"),
                ("accept", "application/json"),
            ];
            let body = req.encode(self.key);
            let mut resp = outbound::send_with("POST", self.url, &headers, body, &signal).await?;
            let status = resp.status_code();
            let body = resp.text().await?;
            Ok::<_, worker::Error>((status, body))
        }
        .await;
        match result {
            Ok((status, body)) => Sent::Answer { status, body },
            Err(e) => {
                let why = if signal.aborted() {
                    format!("no answer within {} ms", self.timeout_ms)
                } else {
                    // The error text is the runtime's (e.g. "Network connection lost"),
                    // it never contains the request body and so never the key.
                    format!("network error: {e}")
                };
                worker::console_warn!("panel {}: {why}", req.action());
                Sent::NoAnswer(why)
            }
        }
    }
}

impl PanelClient<'_> {
    /// One `add`, never retried; the answer read as what it means for money.
    pub async fn place_order(
        &self,
        service: ServiceId,
        extras: AddExtras<'_>,
    ) -> Result<OrderId, NotPlaced> {
        let request = PanelRequest::Add { service, extras };
        match self.send(&request).await {
            Sent::Answer { status, body } => add_outcome(parse_add(status, &body)),
            Sent::NoAnswer(why) => Err(NotPlaced::Unknown(why)),
        }
    }
}
