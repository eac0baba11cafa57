//! A checkout order: the code minted for a Sellauth item is redeemed at once, for the link the
//! buyer typed at checkout, through the same command as the redemption page (reserve -> one
//! `add` -> settle). Whatever cannot be done safely falls back to the code.

use super::commands::{self, RedeemCommand};
use super::ctx::Ctx;
use crate::core::checkout::{link_from_fields, CheckoutResult};
use crate::core::code::Code;
use crate::core::sellauth::Delivery;
use crate::core::template::CodeTemplate;

/// Places the item's one order, or says why the buyer gets the code instead. Never a second
/// order: the caller won the delivery's claim, and the code can be reserved only once.
pub async fn place(
    ctx: &Ctx,
    code: &Code,
    template: &CodeTemplate,
    link_field: &str,
    delivery: &Delivery,
) -> CheckoutResult {
    let Some(link) = link_from_fields(&delivery.custom_fields, link_field) else {
        return CheckoutResult::FellBack {
            why: format!("the checkout's \"{link_field}\" field was empty, so we do not know where to deliver it."),
        };
    };
    let command = RedeemCommand {
        code: code.as_str().to_string(),
        link: link.to_string(),
        username: Some("Sellauth checkout".into()),
        user_id: "sellauth".into(),
    };
    match commands::redeem(ctx, command).await {
        Ok(placed) => CheckoutResult::Placed {
            order: placed.order_id,
            quantity: placed.quantity,
            what: format!(
                "{} {}",
                template.platform.name(),
                template.kind.name().to_lowercase()
            ),
            link: placed.link,
        },
        // The panel did not confirm: the code is held for review, the shop is alerted.
        Err(e) if e.status == 504 => CheckoutResult::UnderReview,
        // The link does not fit, the panel refused, or no panel is set up: nothing was bought.
        Err(e) => CheckoutResult::FellBack { why: e.message },
    }
}
