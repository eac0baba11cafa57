//! Bodies of the admin API: templates (mint, products), orders, review, held orders, imports.

use super::*;
use crate::core::legacy::{IMPORT_ROWS, LEGACY_CODE, LEGACY_REDEMPTION};
use crate::core::panel::SERVICE_CHOICE;
use crate::core::template::CHOICES;

/// `POST /api/admin/queue/retry` (an empty body is `{}`).
pub const QUEUE_RETRY: Body = closed(
    "QueueRetryInput",
    "`{}`: every held order; `code`: that one.",
    &[maybe(
        "code",
        Kind::Text,
        "One held code (matched like the path's codes).",
    )],
);

/// `POST /api/admin/import`.
pub const IMPORT: Body = closed(
    "ImportBatch",
    "",
    &[
        maybe(
            "codes",
            Kind::Rows {
                row: &LEGACY_CODE,
                count: &IMPORT_ROWS,
            },
            "",
        ),
        maybe(
            "history",
            Kind::Rows {
                row: &LEGACY_REDEMPTION,
                count: &IMPORT_ROWS,
            },
            "",
        ),
    ],
);

/// `POST /api/admin/codes/retarget`.
pub const RETARGET: Body = closed(
    "RetargetInput",
    "",
    &[
        Field {
            name: "from",
            kind: Kind::Object(&SERVICE_CHOICE),
            required: true,
            words: "The service the codes and products buy now (as a finding names it).",
        },
        Field {
            name: "to",
            kind: Kind::Rows {
                row: &SERVICE_CHOICE,
                count: &CHOICES,
            },
            required: true,
            words: "Where they buy from instead, in the order to try; must not name `from`.",
        },
        maybe(
            "confirm_mismatch",
            Kind::Flag,
            "Move them even when a new service's name names another platform or kind (after a \
             `service_mismatch`). Default false.",
        ),
    ],
);
