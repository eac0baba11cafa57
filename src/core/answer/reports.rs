//! The owner's numbers: the dashboard's stats and the money view.

use super::*;

pub const STATS: Body = answer(
    "Stats",
    "",
    &[
        always("days", Kind::Integer, ""),
        always("codes", Kind::Object(&STATS_CODES), ""),
        always("redemptions_today", Kind::Integer, ""),
        always("redemptions_per_day", Kind::List(&Kind::Object(&STATS_REDEMPTIONS_PER_DAY)), ""),
        always("units_per_platform", Kind::List(&Kind::Object(&STATS_UNITS_PER_PLATFORM)), ""),
        always("deliveries_per_day", Kind::List(&Kind::Object(&STATS_DELIVERIES_PER_DAY)), ""),
        always("balance", Kind::OrNull(&Kind::Object(&STATS_BALANCE)), "Null while the panel cannot be asked."),
        always("low_balance", Kind::Flag, ""),
        always("low_balance_threshold", Kind::Number, ""),
        always("balance_forecast", Kind::Object(&STATS_BALANCE_FORECAST), "How long the main panel's balance lasts at the last 7 days' spending (charges when known, estimates otherwise)."),
    ],
);

pub const FORECAST: Body = answer(
    "Forecast",
    "",
    &[
        always("panel", Kind::Text, ""),
        always("balance", Kind::OrNull(&Kind::Text), ""),
        always("currency", Kind::OrNull(&Kind::Text), ""),
        always(
            "spent_7_days",
            Kind::Text,
            "Decimal text (exact; at least two decimals).",
        ),
        always("days_left", Kind::OrNull(&Kind::Integer), ""),
        always("text", Kind::Text, ""),
    ],
);

pub const MONEY: Body = answer(
    "Money",
    "",
    &[
        always("days", Kind::Integer, ""),
        always("per_currency", Kind::List(&Kind::Object(&MONEY_TOTALS)), "Revenue is counted in the invoice's currency, cost in the panel's; the margin is per currency."),
        always("per_day", Kind::List(&Kind::Object(&MONEY_DAY)), "Every day of the period for every currency (zeros included), oldest first. Revenue by sale day, cost by order day."),
        always("per_product", Kind::List(&Kind::Object(&MONEY_PRODUCT)), "Largest revenue first."),
        always("forecast", Kind::List(&Kind::Object(&FORECAST)), "Each panel's balance and how long it lasts at the last 7 days' spending."),
    ],
);

pub const STATS_CODES: Body = answer(
    "",
    "",
    &[
        always("unused", Kind::Integer, ""),
        always("reserved", Kind::Integer, ""),
        always("used", Kind::Integer, ""),
        always("needs_review", Kind::Integer, ""),
        always("void", Kind::Integer, ""),
    ],
);

pub const STATS_REDEMPTIONS_PER_DAY: Body = answer(
    "",
    "",
    &[
        always("day", Kind::Text, ""),
        always("count", Kind::Integer, "Redemptions that day."),
        always("units", Kind::Integer, ""),
    ],
);

pub const STATS_UNITS_PER_PLATFORM: Body = answer(
    "",
    "",
    &[
        always("platform", Kind::Text, ""),
        always("redemptions", Kind::Integer, ""),
        always("units", Kind::Integer, ""),
    ],
);

pub const STATS_DELIVERIES_PER_DAY: Body = answer(
    "",
    "",
    &[
        always("day", Kind::Text, ""),
        always("delivered", Kind::Integer, ""),
        always("failed", Kind::Integer, ""),
    ],
);

pub const STATS_BALANCE: Body = answer(
    "",
    "",
    &[
        always("balance", Kind::Text, ""),
        always("currency", Kind::Text, ""),
    ],
);

pub const STATS_BALANCE_FORECAST: Body = answer(
    "",
    "",
    &[
        always(
            "days_left",
            Kind::OrNull(&Kind::Integer),
            "Null without spending in 7 days, or while the balance cannot be read.",
        ),
        always("text", Kind::Text, ""),
        always(
            "spent_7_days",
            Kind::Text,
            "Decimal text (exact; at least two decimals).",
        ),
    ],
);
