//! `discord/commands.json` (what Discord shows and sends) against `Command::parse` (what the
//! worker understands): a synthetic interaction for every command and option defined there
//! must parse, a missing required option or a wrong type must be named, and exactly the admin
//! commands carry `default_member_permissions`.

use super::command::Command;
use super::errors::{ParseError, UsageError};
use super::interaction::{parse, Interaction};
use super::ADMIN_DEFAULT_MEMBER_PERMISSIONS;
use crate::core::json::obj;
use crate::core::service::{Platform, ServiceKind};
use serde_json::{json, Value};

const COMMANDS_JSON: &str = include_str!("../../../discord/commands.json");

fn definitions() -> Vec<Value> {
    serde_json::from_str(COMMANDS_JSON).expect("discord/commands.json is a JSON array")
}

/// A command's leaf options, with the subcommand they sit under (for `codes create`).
fn leaves(def: &Value) -> Vec<(Option<String>, Vec<Value>)> {
    let options = def["options"].as_array().cloned().unwrap_or_default();
    let subs: Vec<&Value> = options.iter().filter(|o| o["type"] == 1).collect();
    if subs.is_empty() {
        return vec![(None, options)];
    }
    assert_eq!(
        subs.len(),
        options.len(),
        "{}: subcommands only",
        def["name"]
    );
    subs.iter()
        .map(|s| {
            let opts = s["options"].as_array().cloned().unwrap_or_default();
            (Some(s["name"].as_str().unwrap().to_string()), opts)
        })
        .collect()
}

/// A value Discord could send for this option: a choice, or one inside min/max.
fn sample(option: &Value) -> Value {
    if let Some(first) = option["choices"].as_array().and_then(|c| c.first()) {
        return first["value"].clone();
    }
    match option["type"].as_u64() {
        Some(3) => json!(format!("{}-value", option["name"].as_str().unwrap())),
        Some(4) => {
            let min = option["min_value"].as_i64().unwrap_or(0);
            let max = option["max_value"].as_i64().unwrap_or(i64::MAX);
            json!((min + 2).min(max))
        }
        other => panic!("option type {other:?} is not handled by the parser"),
    }
}

fn wrong_type(option: &Value) -> Value {
    let name = option["name"].clone();
    match option["type"].as_u64() {
        Some(3) => obj!({"name": name, "type": 4, "value": 7}),
        _ => obj!({"name": name, "type": 3, "value": "seven"}),
    }
}

fn given(option: &Value) -> Value {
    obj!({"name": option["name"], "type": option["type"], "value": sample(option)})
}

/// A guild interaction (an Administrator, so nothing is refused here) for these options.
fn interaction(name: &str, sub: &Option<String>, options: Vec<Value>) -> Vec<u8> {
    let options = match sub {
        Some(sub) => json!([{"name": sub, "type": 1, "options": options}]),
        None => json!(options),
    };
    obj!({
        "id": "1300000000000000001", "application_id": "1200000000000000002", "type": 2,
        "token": "tok", "version": 1, "guild_id": "1100000000000000003",
        "member": {"user": {"id": "900000000000000005", "username": "admin"}, "permissions": "8"},
        "data": {"id": "1", "name": name, "type": 1, "options": options},
    })
    .to_string()
    .into_bytes()
}

fn command(body: &[u8]) -> Result<Command, ParseError> {
    match parse(body)? {
        Interaction::Command(inv) => Ok(inv.action),
        other => panic!("not a command: {other:?}"),
    }
}

#[test]
fn every_defined_command_and_option_parses() {
    for def in definitions() {
        let name = def["name"].as_str().unwrap();
        for (sub, options) in leaves(&def) {
            let all: Vec<Value> = options.iter().map(given).collect();
            let cmd = command(&interaction(name, &sub, all))
                .unwrap_or_else(|e| panic!("/{name} {sub:?} with every option: {e:?}"));
            // Each value reached its own field (the fields are named as the options).
            let debug = format!("{cmd:?}");
            for o in &options {
                let (field, value) = (o["name"].as_str().unwrap(), sample(o));
                let shown = match value {
                    Value::String(s) => format!("{s:?}"),
                    v => format!("{field}: {v}"),
                };
                assert!(debug.contains(&shown), "/{name}: {shown} not in {debug}");
            }

            let required: Vec<&Value> = options.iter().filter(|o| o["required"] == true).collect();
            let only_required = required.iter().map(|o| given(o)).collect();
            command(&interaction(name, &sub, only_required))
                .unwrap_or_else(|e| panic!("/{name} with required options only: {e:?}"));

            for missing in &required {
                let rest = required
                    .iter()
                    .filter(|o| o["name"] != missing["name"])
                    .map(|o| given(o))
                    .collect();
                match command(&interaction(name, &sub, rest)) {
                    Err(ParseError::Unusable(UsageError::MissingOption { option, .. })) => {
                        assert_eq!(option, missing["name"].as_str().unwrap())
                    }
                    other => panic!("/{name} without {}: {other:?}", missing["name"]),
                }
            }

            for bad in &options {
                let with_bad = options
                    .iter()
                    .map(|o| {
                        if o["name"] == bad["name"] {
                            wrong_type(o)
                        } else {
                            given(o)
                        }
                    })
                    .collect();
                match command(&interaction(name, &sub, with_bad)) {
                    Err(ParseError::Unusable(UsageError::WrongType { option, .. })) => {
                        assert_eq!(option, bad["name"].as_str().unwrap())
                    }
                    other => panic!("/{name} with a wrong {}: {other:?}", bad["name"]),
                }
            }
        }
    }
}

#[test]
fn the_definitions_and_the_parser_know_the_same_commands() {
    let mut defined: Vec<String> = definitions()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect();
    defined.sort();
    let mut known: Vec<String> = Command::NAMES.iter().map(|n| n.to_string()).collect();
    known.sort();
    assert_eq!(defined, known);
}

#[test]
fn exactly_the_admin_commands_are_hidden_from_members_and_dms() {
    for def in definitions() {
        let name = def["name"].as_str().unwrap();
        for (sub, options) in leaves(&def) {
            let required = options
                .iter()
                .filter(|o| o["required"] == true)
                .map(given)
                .collect();
            let cmd = command(&interaction(name, &sub, required)).unwrap();
            if cmd.needs_admin() {
                assert_eq!(
                    def["default_member_permissions"],
                    json!(ADMIN_DEFAULT_MEMBER_PERMISSIONS),
                    "/{name}"
                );
                assert_eq!(def["dm_permission"], json!(false), "/{name}");
            } else {
                assert!(def.get("default_member_permissions").is_none(), "/{name}");
                assert!(def.get("dm_permission").is_none(), "/{name}");
            }
        }
    }
}

/// Discord refuses the whole upload for any of these, so they are caught here instead.
#[test]
fn the_definitions_follow_discords_rules() {
    fn check_name_and_description(v: &Value) {
        let name = v["name"].as_str().expect("a name");
        assert!(
            (1..=32).contains(&name.len())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'),
            "{name}"
        );
        let description = v["description"].as_str().expect("a description");
        assert!((1..=100).contains(&description.chars().count()), "{name}");
    }
    for def in definitions() {
        check_name_and_description(&def);
        assert_eq!(def["type"], json!(1), "{}: a slash command", def["name"]);
        for (sub, options) in leaves(&def) {
            if let Some(sub) = &sub {
                let s = def["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|o| o["name"] == json!(sub));
                check_name_and_description(s.unwrap());
            }
            let mut optional_seen = false;
            for o in &options {
                check_name_and_description(o);
                let required = o["required"] == true;
                assert!(
                    !(required && optional_seen),
                    "{}: required options come first",
                    def["name"]
                );
                optional_seen |= !required;
                assert!(o["choices"].as_array().map_or(0, Vec::len) <= 25);
            }
        }
    }
}

/// The choices Discord offers are the platforms and kinds the link rules know, by their
/// stored keys, so a minted code's platform is never one the redemption cannot check.
#[test]
fn platform_and_kind_choices_are_the_known_ones() {
    let defs = definitions();
    let codes = defs.iter().find(|d| d["name"] == "codes").unwrap();
    let create = &codes["options"][0]["options"];
    let choices = |name: &str| -> Vec<(String, String)> {
        let option = create
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap();
        option["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().into(),
                    c["value"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let platforms: Vec<(String, String)> = Platform::KNOWN
        .iter()
        .map(|p| (p.name().to_string(), p.key().to_string()))
        .collect();
    assert_eq!(choices("platform"), platforms);
    let kinds: Vec<(String, String)> = ServiceKind::KNOWN
        .iter()
        .map(|k| (k.name().to_string(), k.key().to_string()))
        .collect();
    assert_eq!(choices("service_type"), kinds);
}
