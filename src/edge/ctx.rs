//! `Ctx`: what a handler, a command or the Cron Trigger may need, built once per invocation.

use super::config::{Config, PanelConfig};
use super::db::{Conn, D1Count, Db};
use super::panel_client::PanelClient;
use super::random;
use crate::core::clock::UtcTime;
use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::panel::{PanelName, MAIN};
use crate::core::session::{constraint, Bookmark, Reads};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use worker::{Context, Env};

/// Everything a handler may need, built once per request. Cheap to clone, so work that must
/// outlive the client (`finish_regardless`) can own one.
#[derive(Clone)]
pub struct Ctx {
    pub env: Env,
    pub config: Config,
    /// When the request started: what it reads and answers is "as of" this moment.
    pub started: UtcTime,
    /// `CF-Connecting-IP`, the key of per-client rate limits.
    pub client_ip: String,
    /// In the `x-request-id` header, every error body and the log line, so support can find it.
    pub request_id: String,
    /// D1 statements and round trips, for the log line.
    pub d1: D1Count,
    pub panel_calls: Rc<Cell<u32>>,
    /// The largest body this request's route reads (`core::route::policy`); 0: none.
    pub body_limit: usize,
    /// Where this request's reads go (`core::session::constraint`), and its one D1 session,
    /// opened on first use and shared by work that outlives the request.
    reads_from: Rc<str>,
    conn: Rc<RefCell<Option<Conn>>>,
    /// The request's execution context (`waitUntil`); `None` for the Cron Trigger.
    runtime: Option<Rc<Context>>,
}

impl Ctx {
    pub fn new(env: Env, client_ip: String, runtime: Option<Rc<Context>>) -> Ctx {
        Ctx {
            config: Config::from_env(&env),
            env,
            started: UtcTime::from_millis(worker::Date::now().as_millis() as i64),
            client_ip,
            request_id: random::request_id(),
            d1: D1Count::default(),
            panel_calls: Rc::new(Cell::new(0)),
            body_limit: 0,
            // The Cron Trigger and anything not routed: the primary.
            reads_from: Rc::from(constraint(Reads::Primary, None)),
            conn: Rc::new(RefCell::new(None)),
            runtime,
        }
    }

    /// Runs `work` to its end even if the client goes away: Cloudflare cancels a request's
    /// own work when its client disconnects, but not work handed to `waitUntil` (kept alive
    /// up to 30 s after; the panel timeout stays well under that). The answer is awaited
    /// from the same work, so the client, while connected, hears its real outcome.
    pub async fn finish_regardless<T: 'static>(
        &self,
        work: impl Future<Output = T> + 'static,
    ) -> T {
        match &self.runtime {
            Some(runtime) => {
                let (done, outcome) = super::detach::channel();
                runtime.wait_until(async move { done.send(work.await) });
                outcome.await
            }
            None => work.await,
        }
    }

    /// Work that answers on its own later (a Discord follow-up): handed to `waitUntil` and
    /// not awaited, so the request can answer first.
    pub fn in_background(&self, work: impl Future<Output = ()> + 'static) {
        match &self.runtime {
            Some(runtime) => runtime.wait_until(work),
            None => worker::wasm_bindgen_futures::spawn_local(work),
        }
    }

    /// A panel the shop has, by the name an admin sent (`main` when none); 400 otherwise.
    pub fn known_panel(&self, raw: Option<&str>) -> Result<PanelName, ApiError> {
        let name = match raw {
            None => return Ok(PanelName::main()),
            Some(r) => PanelName::parse(r),
        };
        name.filter(|n| self.config.panels.iter().any(|p| &p.name == n))
            .ok_or_else(|| {
                let known: Vec<&str> = self.config.panels.iter().map(|p| p.name.as_str()).collect();
                ApiError::new(
                    ErrorCode::UnknownPanel,
                    format!(
                        "This shop has no panel {:?}; it has: {}.",
                        raw.unwrap_or(""),
                        known.join(", ")
                    ),
                )
            })
    }

    /// The time now, for writes whose moment matters more than the request's start (a
    /// reservation, a hold, a claim).
    pub fn now(&self) -> UtcTime {
        UtcTime::from_millis(worker::Date::now().as_millis() as i64)
    }

    /// Where this request's reads go: set once, from its route, before any query.
    pub fn read_from(&mut self, reads: Reads, bookmark: Option<&Bookmark>) {
        self.reads_from = Rc::from(constraint(reads, bookmark));
    }

    /// The request's D1 session (one per request: its queries are sequentially consistent).
    pub fn db(&self) -> Result<Db, ApiError> {
        let mut slot = self.conn.borrow_mut();
        if slot.is_none() {
            let database = self.env.d1("DB")?;
            *slot = Some(match database.with_session(Some(&self.reads_from)) {
                Ok(session) => Conn::Session(Rc::new(session)),
                Err(e) => {
                    // A runtime without sessions (or a bookmark it refuses): the plain binding,
                    // which reads the primary.
                    worker::console_warn!("D1 session ({}) not opened: {e}", self.reads_from);
                    Conn::Plain(Rc::new(self.env.d1("DB")?))
                }
            });
        }
        let conn = slot.clone().ok_or_else(ApiError::internal)?;
        Ok(Db::new(conn, self.d1.clone()))
    }

    /// The session's latest bookmark, for the `x-d1-bookmark` answer header: a client that
    /// sends it back reads at least what this request wrote.
    pub fn bookmark(&self) -> Option<String> {
        match self.conn.borrow().as_ref()? {
            Conn::Session(s) => s.get_bookmark().ok().flatten(),
            Conn::Plain(_) => None,
        }
    }

    /// The panel, or 503 when the shop has not configured one.
    /// A named panel, or 503 when the shop has not configured it (URL and key).
    pub fn panel_named(&self, name: &PanelName) -> Result<PanelClient<'_>, ApiError> {
        match self.config.panels.iter().find(|p| &p.name == name) {
            Some(PanelConfig {
                url,
                key: Some(key),
                ..
            }) => Ok(PanelClient {
                url,
                key,
                timeout_ms: self.config.panel_timeout_ms,
                calls: &self.panel_calls,
            }),
            _ => {
                let url_var = if name.as_str() == MAIN {
                    "PANEL_URL".to_string()
                } else {
                    format!("PANEL_{}_URL", name.as_str().to_ascii_uppercase())
                };
                Err(ApiError::not_configured(&format!(
                    "The SMM panel {name} ({url_var}, {})",
                    name.key_var()
                )))
            }
        }
    }
}
