//! A checkout order: the code minted for a Sellauth item is redeemed at once, for the link the
//! buyer typed at checkout, through the same command as the redemption page (reserve -> one
//! `add` -> settle). Whatever cannot be done safely falls back to the code.

use super::commands::{self, RedeemCommand, Redemption};
use super::ctx::Ctx;
use super::db;
use crate::core::checkout::{link_from_fields, CheckoutResult};
use crate::core::code::Code;
use crate::core::error_code::ErrorCode;
use crate::core::fold;
use crate::core::panel::OrderId;
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
        // Checkout products take only the link (`ProductInput::validate` refuses the rest).
        input: Default::default(),
        lang: None,
    };
    match commands::redeem(ctx, command).await {
        Ok(Redemption::Placed(placed)) => CheckoutResult::Placed {
            order: placed.order_id,
            quantity: placed.quantity,
            what: what(template),
            link: placed.link,
        },
        // The shop's trouble: the order is placed automatically later; the page follows it.
        Ok(Redemption::Queued(_)) => CheckoutResult::Queued {
            what: what(template),
        },
        // The panel did not confirm: the code is held for review, the shop is alerted.
        Err(e)
            if matches!(
                e.code,
                ErrorCode::PanelUnreachable | ErrorCode::CodeUnderReview
            ) =>
        {
            CheckoutResult::UnderReview
        }
        // Another attempt of this delivery holds the code right now.
        Err(e) if e.code == ErrorCode::CodeInProgress => CheckoutResult::BeingPlaced,
        // Another attempt had it held: it is placed automatically.
        Err(e) if e.code == ErrorCode::CodeQueued => CheckoutResult::Queued {
            what: what(template),
        },
        // Another attempt placed it and died before saying so: the order is the code's.
        Err(e) if e.code == ErrorCode::CodeAlreadyUsed => match placed_order(ctx, code).await {
            Some(placed) => CheckoutResult::Placed {
                order: placed.0,
                quantity: placed.1,
                what: what(template),
                link: placed.2,
            },
            None => CheckoutResult::BeingPlaced,
        },
        // The link does not fit, the panel refused, or no panel is set up: nothing was bought.
        Err(e) => CheckoutResult::FellBack { why: e.message },
    }
}

/// "YouTube subscribers".
fn what(template: &CodeTemplate) -> String {
    format!(
        "{} {}",
        template.platform.name(),
        fold::lower(template.kind.name())
    )
}

/// The order a used code placed: (number, quantity, link).
async fn placed_order(ctx: &Ctx, code: &Code) -> Option<(OrderId, u32, String)> {
    let row = db::order_of_code(&ctx.db().ok()?, code).await.ok()??;
    let order = OrderId::new(u64::try_from(row.order_id).ok()?)?;
    Some((order, u32::try_from(row.quantity).ok()?, row.link))
}
