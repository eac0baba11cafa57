//! Why an interaction cannot be acted on: not Discord's at all (`ParseError::NotAnInteraction`,
//! a 400), or Discord's but nothing this worker does (`UsageError`, answered in words). Its own
//! module so the parsers (`interaction`, `command`, `component`, `form`) depend on it, not on
//! each other.

/// Why an interaction body cannot be acted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not an interaction at all (not JSON, no type, no user): the edge answers 400.
    NotAnInteraction(String),
    /// Discord's, but not something this worker can do: answer 200 with
    /// `response::ephemeral(&messages::error(&e.message()))`.
    Unusable(UsageError),
}

impl ParseError {
    pub(crate) fn malformed(what: &str) -> ParseError {
        ParseError::NotAnInteraction(what.to_string())
    }
}

impl From<UsageError> for ParseError {
    fn from(e: UsageError) -> ParseError {
        ParseError::Unusable(e)
    }
}

/// An interaction that is Discord's but that this worker cannot act on. The edge answers it
/// with `messages::error(&e.message())` as an ephemeral message (HTTP 200), never a 500.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    UnknownCommand(String),
    UnknownOption {
        command: String,
        option: String,
    },
    MissingOption {
        command: String,
        option: String,
    },
    WrongType {
        command: String,
        option: String,
        expected: &'static str,
    },
    OutOfRange {
        command: String,
        option: String,
        min: u32,
        max: u32,
    },
    /// A button this worker did not make (or an older version made).
    UnknownButton(String),
    /// An interaction type the shop defines nothing for (autocomplete, modal submit).
    Unsupported(u64),
}

impl UsageError {
    /// Words for the member: what to type instead.
    pub fn message(&self) -> String {
        match self {
            UsageError::UnknownCommand(name) => format!(
                "This bot does not know /{name}. Try /redeem, /order, /myredemptions or /services."
            ),
            UsageError::UnknownOption { command, option } => format!(
                "/{command} has no `{option}` option. The bot's commands may have just changed: please run it again."
            ),
            UsageError::MissingOption { command, option } => {
                format!("/{command} needs the `{option}` option.")
            }
            UsageError::WrongType {
                command,
                option,
                expected,
            } => format!("The `{option}` option of /{command} must be {expected}."),
            UsageError::OutOfRange {
                command,
                option,
                min,
                max,
            } if *max == u32::MAX => {
                format!("The `{option}` option of /{command} must be at least {min}.")
            }
            UsageError::OutOfRange {
                command,
                option,
                min,
                max,
            } => format!("The `{option}` option of /{command} must be between {min} and {max}."),
            UsageError::UnknownButton(_) => {
                "This button no longer works. Please run the command again.".to_string()
            }
            UsageError::Unsupported(_) => "This bot does not handle that yet.".to_string(),
        }
    }
}
