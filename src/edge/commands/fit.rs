//! Fitting a template to its panels' catalogues before anything is saved: a mint, a product
//! mapping and a retarget all go through it.

use crate::core::envelope::ApiError;
use crate::core::error_code::ErrorCode;
use crate::core::manual_order::{quantity_out_of_range, service_mismatch};
use crate::core::money::Micros;
use crate::core::template::CodeTemplate;
use crate::edge::catalogue::catalogue;
use crate::edge::ctx::Ctx;

/// Checks a template against its panels' catalogues and prices it, before anything is saved:
/// - each choice's quantity must be within its service's min and max (400
///   `quantity_out_of_range`; cannot be confirmed away: the panel would refuse every order);
/// - the service's name must say the template's platform and kind (400 `service_mismatch`,
///   naming the service), unless the admin confirmed it;
/// - the cost per code is the first choice's rate x quantity / 1,000.
///
/// An unreachable catalogue does not block the shop: that choice goes unchecked, unpriced.
pub async fn fit_service(ctx: &Ctx, t: &mut CodeTemplate, confirmed: bool) -> Result<(), ApiError> {
    // Every panel a code may buy from must be one the shop has (this cannot be confirmed
    // away: an unknown panel would only ever refuse).
    for choice in &t.services {
        ctx.known_panel(Some(choice.panel.as_str()))?;
    }
    t.unit_cost = None;
    let mut first_type: Option<String> = None;
    for (i, choice) in t.services.clone().iter().enumerate() {
        let Ok(list) = catalogue(ctx, &choice.panel).await else {
            continue;
        };
        let Some(s) = list.iter().find(|s| s.id == choice.service_id) else {
            continue;
        };
        if let Some(e) = quantity_out_of_range(s, t.quantity) {
            return Err(e);
        }
        if !confirmed {
            if let Some(why) = service_mismatch(&t.platform, &t.kind, s) {
                return Err(ApiError::new(ErrorCode::ServiceMismatch, why));
            }
        }
        // Every choice must take the same `add`: a fail-over cannot ask the buyer again.
        match &first_type {
            None => {
                t.take_type(s.id.get(), &s.kind)?;
                first_type = Some(s.kind.clone());
            }
            Some(k) if !k.eq_ignore_ascii_case(&s.kind) => {
                return Err(ApiError::new(
                    ErrorCode::OrderInputMismatch,
                    format!(
                        "Panel {}'s service {} is a \"{}\" service; the first choice is \"{k}\". Every choice must take the same order.",
                        choice.panel, s.id, s.kind
                    ),
                ))
            }
            Some(_) => {}
        }
        if i == 0 {
            let units = t.total_units();
            t.unit_cost = Micros::parse(&s.rate).map(|rate| Micros::cost_of(rate, units));
        }
    }
    Ok(())
}
