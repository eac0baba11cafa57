//! The shop's words (`core::words`) for the bots and e-mail: the page's own catalogue, read from
//! the assets (`/i18n.json`) once per isolate, never compiled into the .wasm.

use super::ctx::Ctx;
use crate::core::words::Catalogue;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static CATALOGUE: RefCell<Option<Rc<Catalogue>>> = const { RefCell::new(None) };
}

/// The catalogue; an empty one (every reply in the API's English) when the assets cannot be
/// read, so a missing file never fails a reply.
pub async fn catalogue(ctx: &Ctx) -> Rc<Catalogue> {
    if let Some(c) = CATALOGUE.with(|c| c.borrow().clone()) {
        return c;
    }
    let loaded = match load(ctx).await {
        Ok(c) => c,
        Err(e) => {
            worker::console_error!("words: {e}");
            return Rc::new(Catalogue::default());
        }
    };
    let c = Rc::new(loaded);
    CATALOGUE.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    c
}

async fn load(ctx: &Ctx) -> Result<Catalogue, String> {
    let assets = ctx.env.assets("ASSETS").map_err(|e| e.to_string())?;
    let mut res = assets
        .fetch_request(
            super::outbound::get("https://assets.invalid/i18n.json").map_err(|e| e.to_string())?,
        )
        .await
        .map_err(|e| e.to_string())?;
    if res.status_code() != 200 {
        return Err(format!("i18n.json answered {}", res.status_code()));
    }
    Catalogue::parse(&res.text().await.map_err(|e| e.to_string())?)
}
