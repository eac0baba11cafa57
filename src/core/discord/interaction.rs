//! An interaction body (API v10) read once into types. Run this only on a body whose
//! signature the edge has checked: a body that is not an interaction at all is a 400, one
//! that is Discord's but unusable is a `UsageError` answered in words.

use super::command::Command;
use super::component::Component;
use super::errors::{ParseError, UsageError};
use super::form::{parse_submitted, Submitted};
use super::payload::{DISCORD_DATA, DISCORD_INTERACTION, DISCORD_MEMBER, DISCORD_USER};
use crate::core::json::declared;
use crate::core::shape::Body;
use serde_json::Value;

/// Discord's interaction types.
const PING: u64 = 1;
const APPLICATION_COMMAND: u64 = 2;
const MESSAGE_COMPONENT: u64 = 3;
const MODAL_SUBMIT: u64 = 5;

/// What Discord sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interaction {
    /// Discord checking the endpoint: answer `response::pong()`.
    Ping,
    Command(Invocation<Command>),
    Component(Invocation<Component>),
    /// A redemption form, filled in (`form`).
    Form(Invocation<Submitted>),
}

/// A command or a button press, with who pressed it and how to answer later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation<T> {
    /// The interaction's own id (for logs).
    pub id: String,
    /// With `token`, names the follow-up endpoints (`response::original_message_url`).
    pub application_id: String,
    /// Valid for 15 minutes; a secret in effect, so never logged.
    pub token: String,
    /// `None` in a DM.
    pub guild_id: Option<String>,
    pub user: User,
    /// `member.permissions`, in a guild only. `None` in a DM or when unreadable: never an admin.
    pub permissions: Option<u64>,
    /// The member's Discord language (`locale`, e.g. `es-ES`): refusals and held orders are
    /// said in it, from the shop's catalogue (`core::words`).
    pub locale: Option<String>,
    pub action: T,
}

impl<T> Invocation<T> {
    fn with<U>(self, action: U) -> Invocation<U> {
        Invocation {
            id: self.id,
            application_id: self.application_id,
            token: self.token,
            guild_id: self.guild_id,
            user: self.user,
            permissions: self.permissions,
            locale: self.locale,
            action,
        }
    }

    /// Whether the member may run admin commands (`super::is_admin`); never in a DM.
    pub fn is_admin(&self) -> bool {
        self.guild_id.is_some() && self.permissions.is_some_and(super::is_admin)
    }

    /// Whether the member may run admin commands for this shop: an admin of one of the shop's
    /// own servers (`DISCORD_GUILD_ID`). Anyone can add a public app to a server of their own
    /// and be its Administrator there, so without the list no server qualifies.
    pub fn is_shop_admin(&self, shop_guilds: &[String]) -> bool {
        self.is_admin()
            && self
                .guild_id
                .as_ref()
                .is_some_and(|g| shop_guilds.iter().any(|s| s == g))
    }
}

/// The Discord account behind an interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// A snowflake, as exact decimal text.
    pub id: String,
    pub username: String,
    /// The display name the member chose, if any.
    pub global_name: Option<String>,
}

impl User {
    /// The name people see: the display name, else the username.
    pub fn display_name(&self) -> &str {
        self.global_name.as_deref().unwrap_or(&self.username)
    }
}

/// Reads an interaction body, the exact bytes whose signature was checked.
pub fn parse(body: &[u8]) -> Result<Interaction, ParseError> {
    let v: Value =
        serde_json::from_slice(body).map_err(|_| ParseError::malformed("the body is not JSON"))?;
    if !v.is_object() {
        return Err(ParseError::malformed("the body is not a JSON object"));
    }
    let kind = declared(&DISCORD_INTERACTION, &v, "type")
        .and_then(Value::as_u64)
        .ok_or_else(|| ParseError::malformed("type is missing"))?;
    if kind == PING {
        return Ok(Interaction::Ping);
    }
    // Who asked comes first: a body without it is no interaction, whatever its data says.
    let envelope = invocation(&v)?;
    match kind {
        APPLICATION_COMMAND => Ok(Interaction::Command(
            envelope.with(Command::parse(data(&v)?)?),
        )),
        MESSAGE_COMPONENT => {
            let custom_id = declared(&DISCORD_DATA, data(&v)?, "custom_id")
                .and_then(Value::as_str)
                .ok_or_else(|| ParseError::malformed("data.custom_id is missing"))?;
            Ok(Interaction::Component(
                envelope.with(Component::parse(custom_id)?),
            ))
        }
        MODAL_SUBMIT => Ok(Interaction::Form(
            envelope.with(parse_submitted(data(&v)?)?),
        )),
        other => Err(UsageError::Unsupported(other).into()),
    }
}

fn data(v: &Value) -> Result<&Value, ParseError> {
    declared(&DISCORD_INTERACTION, v, "data")
        .filter(|d| d.is_object())
        .ok_or_else(|| ParseError::malformed("data is missing"))
}

fn text(body: &Body, v: &Value, field: &str) -> Result<String, ParseError> {
    declared(body, v, field)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| ParseError::NotAnInteraction(format!("{field} is missing")))
}

/// The envelope around any command or button: ids, token, and who asked. In a guild the user
/// is `member.user` and the permissions `member.permissions`; in a DM it is `user`.
fn invocation(v: &Value) -> Result<Invocation<()>, ParseError> {
    let at = |name: &str| declared(&DISCORD_INTERACTION, v, name);
    let member = at("member").filter(|m| m.is_object());
    let of_member = |name: &str| member.and_then(|m| declared(&DISCORD_MEMBER, m, name));
    let user = of_member("user")
        .or_else(|| at("user"))
        .filter(|u| u.is_object())
        .ok_or_else(|| ParseError::malformed("member.user or user is missing"))?;
    let permissions = of_member("permissions")
        .and_then(Value::as_str)
        // A decimal string that may pass 2^53; unreadable means no permissions.
        .and_then(|p| p.parse::<u64>().ok());
    Ok(Invocation {
        id: text(&DISCORD_INTERACTION, v, "id")?,
        application_id: text(&DISCORD_INTERACTION, v, "application_id")?,
        token: text(&DISCORD_INTERACTION, v, "token")?,
        guild_id: at("guild_id").and_then(Value::as_str).map(str::to_string),
        user: User {
            id: text(&DISCORD_USER, user, "id")?,
            username: text(&DISCORD_USER, user, "username")?,
            global_name: declared(&DISCORD_USER, user, "global_name")
                .and_then(Value::as_str)
                .map(str::to_string),
        },
        permissions,
        locale: at("locale").and_then(Value::as_str).map(str::to_string),
        action: (),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn guild_command(data: Value, permissions: &str) -> Vec<u8> {
        json!({
            "id": "1300000000000000001", "application_id": "1200000000000000002", "type": 2,
            "token": "aW50ZXJhY3Rpb24", "version": 1, "guild_id": "1100000000000000003",
            "channel_id": "1100000000000000004", "locale": "en-US",
            "member": {
                "user": {"id": "900000000000000005", "username": "buyer", "global_name": "Buyer B",
                          "discriminator": "0", "avatar": null},
                "roles": [], "permissions": permissions, "joined_at": "2026-01-01T00:00:00+00:00"
            },
            "data": data,
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn a_ping_is_a_ping() {
        let body = br#"{"id":"1","application_id":"2","type":1,"token":"t","version":1}"#;
        assert_eq!(parse(body).unwrap(), Interaction::Ping);
    }

    #[test]
    fn a_guild_command_carries_member_and_permissions() {
        // 2^53 + 8: Administrator on top of a bit a JavaScript number would lose.
        let body = guild_command(
            json!({"id":"5","name":"balance","type":1}),
            "9007199254741000",
        );
        let Interaction::Command(inv) = parse(&body).unwrap() else {
            panic!("not a command")
        };
        assert_eq!(inv.action, Command::Balance);
        assert_eq!(inv.permissions, Some(9_007_199_254_741_000));
        assert!(inv.is_admin());
        // An admin of some server is the shop's admin only in the shop's own servers.
        assert!(inv.is_shop_admin(&["1100000000000000003".into()]));
        assert!(!inv.is_shop_admin(&["1100000000000000999".into()]));
        assert!(!inv.is_shop_admin(&[]));
        assert_eq!(inv.user.id, "900000000000000005");
        assert_eq!(inv.user.display_name(), "Buyer B");
        assert_eq!(inv.application_id, "1200000000000000002");
        assert_eq!(inv.token, "aW50ZXJhY3Rpb24");
        assert_eq!(inv.guild_id.as_deref(), Some("1100000000000000003"));

        let plain = guild_command(json!({"name":"balance"}), "104324673");
        let Interaction::Command(inv) = parse(&plain).unwrap() else {
            panic!()
        };
        assert!(!inv.is_admin());
        let garbled = guild_command(json!({"name":"balance"}), "lots");
        let Interaction::Command(inv) = parse(&garbled).unwrap() else {
            panic!()
        };
        assert_eq!(inv.permissions, None);
        assert!(!inv.is_admin());
    }

    #[test]
    fn a_dm_has_a_user_and_no_admins() {
        let body = json!({"id":"1","application_id":"2","type":2,"token":"t","version":1,
            "user":{"id":"77","username":"dm-user"},"data":{"name":"myredemptions"}});
        let Interaction::Command(inv) = parse(body.to_string().as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(inv.user.display_name(), "dm-user");
        assert_eq!(inv.guild_id, None);
        assert!(!inv.is_admin());
    }

    #[test]
    fn a_button_press_is_a_component() {
        let body = json!({"id":"1","application_id":"2","type":3,"token":"t","version":1,
            "guild_id":"3","member":{"user":{"id":"77","username":"u"},"permissions":"0"},
            "message":{"id":"9","content":"..."},
            "data":{"custom_id":"refill:SMM-AB12","component_type":2}});
        let Interaction::Component(inv) = parse(body.to_string().as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(
            inv.action,
            Component::Refill {
                code: "SMM-AB12".into()
            }
        );
    }

    #[test]
    fn not_an_interaction_and_unusable_are_told_apart() {
        for body in [
            &b""[..],
            b"[]",
            b"{}",
            br#"{"type":"2"}"#,
            br#"{"type":2,"data":{"name":"balance"}}"#, // no user, no token
            br#"{"type":2,"id":"1","application_id":"2","token":"t","user":{"id":"7","username":"u"}}"#,
        ] {
            assert!(
                matches!(parse(body), Err(ParseError::NotAnInteraction(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let autocomplete = json!({"id":"1","application_id":"2","type":4,"token":"t",
            "user":{"id":"7","username":"u"},"data":{"name":"services"}});
        assert_eq!(
            parse(autocomplete.to_string().as_bytes()),
            Err(ParseError::Unusable(UsageError::Unsupported(4)))
        );
        let unknown = guild_command(json!({"name":"refund"}), "8");
        assert_eq!(
            parse(&unknown),
            Err(ParseError::Unusable(UsageError::UnknownCommand(
                "refund".into()
            )))
        );
    }
}
