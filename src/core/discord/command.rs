//! Slash commands and buttons as typed values. Discord has already checked required options
//! and their types against `discord/commands.json`, but a definition and this parser can
//! drift apart (a stale global command, a renamed option), so everything is checked again and
//! every mismatch is a `UsageError` the member reads, never a 500.

use super::errors::{ParseError, UsageError};
use super::payload::{DISCORD_DATA, DISCORD_OPTION};
use crate::core::json::declared;
use serde_json::Value;

/// Discord's option types (`ApplicationCommandOptionType`) that the shop's commands use.
const SUB_COMMAND: u64 = 1;
const STRING: u64 = 3;
const INTEGER: u64 = 4;

/// A slash command with its options read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/redeem code link`: the code and link as the member typed them (trimmed).
    Redeem { code: String, link: String },
    /// `/order code`: the order a code placed.
    Order { code: String },
    /// `/myredemptions`: the member's own redemptions.
    MyRedemptions,
    /// `/services [query] [page]`: the public catalogue, `page` from 1.
    Services { query: Option<String>, page: u32 },
    /// `/balance` (admin).
    Balance,
    /// `/codes create ...` (admin): mint `count` codes.
    CodesCreate {
        count: u32,
        service_id: u32,
        quantity: u32,
        platform: String,
        service_type: String,
    },
    /// `/review` (admin): codes in `needs_review`.
    Review,
}

impl Command {
    /// Every top-level command name this parser knows (`codes` carries `create`).
    pub const NAMES: [&'static str; 7] = [
        "redeem",
        "order",
        "myredemptions",
        "services",
        "balance",
        "codes",
        "review",
    ];

    /// Only the shop's admins may run these (`super::is_admin`).
    pub fn needs_admin(&self) -> bool {
        matches!(
            self,
            Command::Balance | Command::CodesCreate { .. } | Command::Review
        )
    }

    /// The command as a member types it, for logs and messages.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Redeem { .. } => "redeem",
            Command::Order { .. } => "order",
            Command::MyRedemptions => "myredemptions",
            Command::Services { .. } => "services",
            Command::Balance => "balance",
            Command::CodesCreate { .. } => "codes create",
            Command::Review => "review",
        }
    }

    /// An application command's `data` (`name`, `options`).
    pub(crate) fn parse(data: &Value) -> Result<Command, ParseError> {
        let name = declared(&DISCORD_DATA, data, "name")
            .and_then(Value::as_str)
            .ok_or_else(|| ParseError::malformed("data.name is missing"))?;
        let top = declared(&DISCORD_DATA, data, "options");
        Ok(match name {
            "redeem" => {
                let o = Options::read("redeem", top, &["code", "link"])?;
                Command::Redeem {
                    code: o.string("code")?,
                    link: o.string("link")?,
                }
            }
            "order" => Command::Order {
                code: Options::read("order", top, &["code"])?.string("code")?,
            },
            "myredemptions" => {
                Options::read("myredemptions", top, &[])?;
                Command::MyRedemptions
            }
            "services" => {
                let o = Options::read("services", top, &["query", "page"])?;
                Command::Services {
                    query: o.optional_string("query")?,
                    page: o.optional_integer("page", 1, u32::MAX)?.unwrap_or(1),
                }
            }
            "balance" => {
                Options::read("balance", top, &[])?;
                Command::Balance
            }
            "review" => {
                Options::read("review", top, &[])?;
                Command::Review
            }
            "codes" => codes(top)?,
            other => return Err(UsageError::UnknownCommand(other.to_string()).into()),
        })
    }
}

/// A member of one option, as `body::DISCORD_OPTION` declares it.
fn option<'a>(opt: &'a Value, name: &str) -> Option<&'a Value> {
    declared(&DISCORD_OPTION, opt, name)
}

/// `/codes` has one subcommand, `create`, whose options arrive nested inside it.
fn codes(top: Option<&Value>) -> Result<Command, ParseError> {
    let sub = match top.and_then(Value::as_array).map(Vec::as_slice) {
        Some([sub]) if option(sub, "type").and_then(Value::as_u64) == Some(SUB_COMMAND) => sub,
        _ => return Err(UsageError::UnknownCommand("codes".into()).into()),
    };
    match option(sub, "name").and_then(Value::as_str) {
        Some("create") => {}
        other => {
            let name = format!("codes {}", other.unwrap_or("?"));
            return Err(UsageError::UnknownCommand(name).into());
        }
    }
    let o = Options::read(
        "codes create",
        option(sub, "options"),
        &[
            "count",
            "service_id",
            "quantity",
            "platform",
            "service_type",
        ],
    )?;
    Ok(Command::CodesCreate {
        count: o.integer("count", 1, 1000)?,
        service_id: o.integer("service_id", 1, u32::MAX)?,
        quantity: o.integer("quantity", 1, u32::MAX)?,
        platform: o.string("platform")?,
        service_type: o.string("service_type")?,
    })
}

/// A command's options, checked against the names it accepts.
struct Options<'a> {
    command: &'a str,
    given: Vec<(&'a str, u64, &'a Value)>,
}

impl<'a> Options<'a> {
    fn read(
        command: &'a str,
        raw: Option<&'a Value>,
        allowed: &[&str],
    ) -> Result<Options<'a>, ParseError> {
        let list = match raw {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(list)) => list.as_slice(),
            Some(_) => return Err(ParseError::malformed("data.options must be an array")),
        };
        let mut given = Vec::with_capacity(list.len());
        for opt in list {
            let name = option(opt, "name").and_then(Value::as_str);
            let kind = option(opt, "type").and_then(Value::as_u64);
            let (Some(name), Some(kind)) = (name, kind) else {
                return Err(ParseError::malformed("an option has no name or type"));
            };
            if !allowed.contains(&name) {
                return Err(UsageError::UnknownOption {
                    command: command.to_string(),
                    option: name.to_string(),
                }
                .into());
            }
            given.push((name, kind, option(opt, "value").unwrap_or(&Value::Null)));
        }
        Ok(Options { command, given })
    }

    fn find(&self, name: &str) -> Option<(u64, &'a Value)> {
        self.given
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, kind, value)| (kind, value))
    }

    fn wrong(&self, option: &str, expected: &'static str) -> UsageError {
        UsageError::WrongType {
            command: self.command.to_string(),
            option: option.to_string(),
            expected,
        }
    }

    fn missing(&self, option: &str) -> UsageError {
        UsageError::MissingOption {
            command: self.command.to_string(),
            option: option.to_string(),
        }
    }

    /// A text option, trimmed; blank counts as absent.
    fn optional_string(&self, name: &str) -> Result<Option<String>, UsageError> {
        match self.find(name) {
            None => Ok(None),
            Some((STRING, Value::String(s))) => {
                Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty()))
            }
            Some(_) => Err(self.wrong(name, "text")),
        }
    }

    fn string(&self, name: &str) -> Result<String, UsageError> {
        self.optional_string(name)?
            .ok_or_else(|| self.missing(name))
    }

    fn optional_integer(&self, name: &str, min: u32, max: u32) -> Result<Option<u32>, UsageError> {
        let Some((kind, value)) = self.find(name) else {
            return Ok(None);
        };
        let n = match (kind, value.as_i64()) {
            (INTEGER, Some(n)) => n,
            _ => return Err(self.wrong(name, "a whole number")),
        };
        if n < i64::from(min) || n > i64::from(max) {
            return Err(UsageError::OutOfRange {
                command: self.command.to_string(),
                option: name.to_string(),
                min,
                max,
            });
        }
        Ok(Some(n as u32))
    }

    fn integer(&self, name: &str, min: u32, max: u32) -> Result<u32, UsageError> {
        self.optional_integer(name, min, max)?
            .ok_or_else(|| self.missing(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(data: Value) -> Result<Command, ParseError> {
        Command::parse(&data)
    }

    fn usage(data: Value) -> UsageError {
        match parse(data) {
            Err(ParseError::Unusable(e)) => e,
            other => panic!("expected a usage error, got {other:?}"),
        }
    }

    #[test]
    fn commands_read_their_options() {
        let redeem = json!({"name":"redeem","options":[
            {"name":"code","type":3,"value":" smm-abcd "},
            {"name":"link","type":3,"value":"https://youtube.com/@x"}]});
        assert_eq!(
            parse(redeem).unwrap(),
            Command::Redeem {
                code: "smm-abcd".into(),
                link: "https://youtube.com/@x".into()
            }
        );
        assert_eq!(
            parse(json!({"name":"services"})).unwrap(),
            Command::Services {
                query: None,
                page: 1
            }
        );
        let services = json!({"name":"services","options":[
            {"name":"page","type":4,"value":3},{"name":"query","type":3,"value":"tiktok"}]});
        assert_eq!(
            parse(services).unwrap(),
            Command::Services {
                query: Some("tiktok".into()),
                page: 3
            }
        );
        assert_eq!(
            parse(json!({"name":"myredemptions","options":[]})).unwrap(),
            Command::MyRedemptions
        );
    }

    #[test]
    fn codes_create_reads_the_nested_subcommand() {
        let data = json!({"name":"codes","options":[{"name":"create","type":1,"options":[
            {"name":"count","type":4,"value":5},
            {"name":"service_id","type":4,"value":101},
            {"name":"quantity","type":4,"value":1000},
            {"name":"platform","type":3,"value":"youtube"},
            {"name":"service_type","type":3,"value":"subscribers"}]}]});
        let cmd = parse(data).unwrap();
        assert_eq!(
            cmd,
            Command::CodesCreate {
                count: 5,
                service_id: 101,
                quantity: 1000,
                platform: "youtube".into(),
                service_type: "subscribers".into()
            }
        );
        assert!(cmd.needs_admin());
        assert_eq!(cmd.name(), "codes create");
        assert_eq!(
            usage(json!({"name":"codes","options":[{"name":"delete","type":1,"options":[]}]})),
            UsageError::UnknownCommand("codes delete".into())
        );
        assert_eq!(
            usage(json!({"name":"codes"})),
            UsageError::UnknownCommand("codes".into())
        );
    }

    #[test]
    fn mistakes_are_named_for_the_member() {
        let e = usage(json!({"name":"refund"}));
        assert!(e.message().contains("/refund"), "{}", e.message());
        let e = usage(json!({"name":"redeem","options":[{"name":"code","type":3,"value":"A"}]}));
        assert_eq!(e.message(), "/redeem needs the `link` option.");
        let e = usage(json!({"name":"order","options":[{"name":"code","type":4,"value":7}]}));
        assert_eq!(e.message(), "The `code` option of /order must be text.");
        let e = usage(json!({"name":"services","options":[{"name":"page","type":4,"value":0}]}));
        assert_eq!(
            e.message(),
            "The `page` option of /services must be at least 1."
        );
        let e = usage(json!({"name":"services","options":[{"name":"page","type":4,"value":1.5}]}));
        assert!(matches!(e, UsageError::WrongType { .. }));
        let e = usage(json!({"name":"balance","options":[{"name":"panel","type":3,"value":"x"}]}));
        assert!(matches!(e, UsageError::UnknownOption { .. }));
        let too_many = json!({"name":"codes","options":[{"name":"create","type":1,"options":[
            {"name":"count","type":4,"value":1001}]}]});
        assert_eq!(
            usage(too_many).message(),
            "The `count` option of /codes create must be between 1 and 1000."
        );
        // Blank text is no text.
        let e = usage(json!({"name":"order","options":[{"name":"code","type":3,"value":"  "}]}));
        assert!(matches!(e, UsageError::MissingOption { .. }));
    }

    #[test]
    fn a_broken_data_object_is_not_a_usage_error() {
        assert!(matches!(
            parse(json!({"options":[]})),
            Err(ParseError::NotAnInteraction(_))
        ));
        assert!(matches!(
            parse(json!({"name":"order","options":{"code":"x"}})),
            Err(ParseError::NotAnInteraction(_))
        ));
    }
}
