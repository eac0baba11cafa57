//! Writes `assets/openapi.json` from the route table, each route's policy, the error codes,
//! the request bodies as the worker reads them (`core::body`), and `api/openapi.source.json`
//! (what only words can say: summaries, the answers' schemas, examples, and which errors each
//! operation raises). Native only: nothing here reaches the `.wasm`.
//!
//! `npm run openapi` writes the document; `npm run openapi -- --check` fails when the
//! committed one differs (`npm test`, and so CI, runs it).

use redeem_edge::core::body::{self, Body, Kind};
use redeem_edge::core::error_code::ErrorCode;
use redeem_edge::core::order_input::InputKind;
use redeem_edge::core::route::{self, Gate, Method, Route, LIMIT_WINDOW_SECONDS, ROUTES};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const SOURCE: &str = include_str!("../../api/openapi.source.json");
const DOCUMENT: &str = "assets/openapi.json";

/// Answers that many operations share, by the exact codes they carry: an operation whose
/// codes under a status are one of these refers to it.
const SHARED: &[(&str, &[ErrorCode])] = &[
    ("Unauthorized", &[ErrorCode::Unauthorized]),
    ("NotFound", &[ErrorCode::NotFound]),
    ("MethodNotAllowed", &[ErrorCode::MethodNotAllowed]),
    ("PayloadTooLarge", &[ErrorCode::PayloadTooLarge]),
    ("RateLimited", &[ErrorCode::RateLimited]),
    ("InternalError", &[ErrorCode::InternalError]),
    ("AdminNotConfigured", &[ErrorCode::AdminNotConfigured]),
];

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let text = match render() {
        Ok(text) => text,
        Err(e) => {
            eprintln!("openapi: {e}");
            std::process::exit(2);
        }
    };
    if check {
        let committed = std::fs::read_to_string(DOCUMENT).unwrap_or_default();
        if committed != text {
            eprintln!(
                "openapi: {DOCUMENT} is not what the route table and api/openapi.source.json \
                 make; run `npm run openapi` and commit it"
            );
            std::process::exit(1);
        }
    } else if let Err(e) = std::fs::write(DOCUMENT, &text) {
        eprintln!("openapi: cannot write {DOCUMENT}: {e}");
        std::process::exit(2);
    }
}

/// The document as text, the way it is committed.
fn render() -> Result<String, String> {
    let doc = document()?;
    Ok(serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n")
}

fn document() -> Result<Value, String> {
    let mut source: Map<String, Value> =
        serde_json::from_str(SOURCE).map_err(|e| format!("api/openapi.source.json: {e}"))?;
    let Some(Value::Object(mut operations)) = source.remove("operations") else {
        return Err("api/openapi.source.json has no `operations`".into());
    };
    let mut paths = Map::new();
    for route in ROUTES {
        let key = format!("{} {}", route.method.as_str(), route.pattern);
        let op = operations.remove(&key).ok_or_else(|| {
            format!("{key} is routed but api/openapi.source.json does not say what it does")
        })?;
        let item = paths
            .entry(route.pattern)
            .or_insert_with(|| Value::Object(Map::new()));
        item.as_object_mut()
            .expect("a path item is an object")
            .insert(
                route.method.as_str().to_lowercase(),
                operation(route, op, &key)?,
            );
    }
    if let Some(key) = operations.keys().next() {
        return Err(format!("{key} is documented but not in the route table"));
    }
    let mut doc = Map::new();
    for (key, value) in source {
        if key == "components" {
            doc.insert("paths".into(), Value::Object(std::mem::take(&mut paths)));
        }
        doc.insert(key, value);
    }
    let components = doc
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .ok_or("api/openapi.source.json has no `components`")?;
    let shared = SHARED
        .iter()
        .map(|(name, codes)| (name.to_string(), error_response(codes, &Map::new(), false)))
        .collect();
    components.insert("responses".into(), Value::Object(shared));
    let schemas = components
        .get_mut("schemas")
        .and_then(Value::as_object_mut)
        .ok_or("api/openapi.source.json has no `components.schemas`")?;
    for declared in body::ALL {
        if schemas.contains_key(declared.name) {
            return Err(format!(
                "{} is declared in core::body; api/openapi.source.json must not write it too",
                declared.name
            ));
        }
        schemas.insert(declared.name.into(), body_schema(declared));
    }
    Ok(Value::Object(doc))
}

/// A request body's schema, from its declaration (`core::body`): what the worker reads.
fn body_schema(declared: &Body) -> Value {
    let mut fields: Vec<body::Field> = declared.fields.to_vec();
    if declared.inputs {
        fields.extend(InputKind::ALL.into_iter().map(body::input_field));
    }
    let mut properties = Map::new();
    for f in &fields {
        let mut schema = match kind_schema(f.kind, !f.required) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        if !f.words.is_empty() {
            schema.insert("description".into(), json!(f.words));
        }
        properties.insert(f.name.into(), Value::Object(schema));
    }
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    if !declared.words.is_empty() {
        out.insert("description".into(), json!(declared.words));
    }
    out.insert("properties".into(), Value::Object(properties));
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    if declared.closed {
        out.insert("additionalProperties".into(), json!(false));
    }
    if !declared.one_of.is_empty() {
        let branches: Vec<Value> = declared
            .one_of
            .iter()
            .map(|name| json!({ "required": [name] }))
            .collect();
        out.insert("oneOf".into(), Value::Array(branches));
    }
    Value::Object(out)
}

/// A field kind's schema; `null` is allowed where the field may be left out.
fn kind_schema(kind: Kind, optional: bool) -> Value {
    let types = |names: &[&str]| {
        let mut all: Vec<&str> = names.to_vec();
        if optional {
            all.push("null");
        }
        if all.len() == 1 {
            json!(all[0])
        } else {
            json!(all)
        }
    };
    match kind {
        Kind::Text => json!({ "type": types(&["string"]) }),
        Kind::Whole { min } => {
            json!({ "type": types(&["integer"]), "minimum": min, "maximum": u32::MAX })
        }
        Kind::Flag => json!({ "type": types(&["boolean"]) }),
        Kind::Number => json!({ "type": types(&["number"]) }),
        Kind::Any => json!({}),
        Kind::OneOf(names) => json!({ "type": types(names) }),
        Kind::TextOrList => {
            json!({ "type": types(&["string", "array"]), "items": { "type": "string" } })
        }
        Kind::Rows { row, fewest, most } => {
            let mut list = json!({
                "type": types(&["array"]),
                "items": { "$ref": format!("#/components/schemas/{}", row.name) },
                "maxItems": most
            });
            if fewest > 0 {
                list["minItems"] = json!(fewest);
            }
            list
        }
        Kind::Object(body) => {
            let object = json!({ "$ref": format!("#/components/schemas/{}", body.name) });
            if optional {
                json!({ "oneOf": [object, { "type": "null" }] })
            } else {
                object
            }
        }
    }
}

/// One operation: the source's words, with its security, limits and errors from the table.
fn operation(route: &Route, op: Value, key: &str) -> Result<Value, String> {
    let Value::Object(mut op) = op else {
        return Err(format!("{key}: not an object"));
    };
    let policy = route::policy(route.endpoint);
    let mut codes = named_codes(op.remove("errors"), key)?;
    codes.push(ErrorCode::InternalError);
    if policy.body_limit > 0 {
        codes.push(ErrorCode::PayloadTooLarge);
    }
    if policy.limiter.is_some() {
        codes.push(ErrorCode::RateLimited);
    }
    if route.gate() == Gate::Admin {
        // The admin gate: the key, the lockout of wrong keys, and no key set at all.
        codes.extend([
            ErrorCode::Unauthorized,
            ErrorCode::RateLimited,
            ErrorCode::AdminNotConfigured,
        ]);
    }
    let why = match op.remove("why") {
        Some(Value::Object(why)) => why,
        None => Map::new(),
        Some(_) => return Err(format!("{key}: `why` is not an object")),
    };
    for code in why.keys() {
        if !codes.iter().any(|c| c == &code.as_str()) {
            return Err(format!(
                "{key}: `why` explains {code}, which it does not raise"
            ));
        }
    }

    let mut out = Map::new();
    for field in ["operationId", "tags", "summary"] {
        out.insert(
            field.into(),
            op.remove(field).ok_or(format!("{key}: no {field}"))?,
        );
    }
    match (route.gate(), op.remove("security")) {
        (Gate::Admin, _) => {
            out.insert("security".into(), json!([{ "ApiKey": [] }]));
        }
        (_, Some(security)) => {
            out.insert("security".into(), security);
        }
        (_, None) => {}
    }
    let words = op
        .remove("description")
        .and_then(|d| d.as_str().map(str::to_owned))
        .unwrap_or_default();
    out.insert("description".into(), json!(description(&words, route)));
    for field in ["parameters", "requestBody"] {
        if let Some(value) = op.remove(field) {
            out.insert(field.into(), value);
        }
    }
    let Some(Value::Object(given)) = op.remove("responses") else {
        return Err(format!("{key}: no `responses`"));
    };
    if let Some(field) = op.keys().next() {
        return Err(format!("{key}: unknown field `{field}`"));
    }
    if !given.keys().any(|s| s.starts_with('2')) {
        return Err(format!("{key}: no success answer"));
    }
    out.insert(
        "responses".into(),
        Value::Object(responses(given, &codes, &why, route.method == Method::Head)),
    );
    Ok(Value::Object(out))
}

/// The source's words, then what the route's policy says: its limiter and its body limit.
fn description(words: &str, route: &Route) -> String {
    let policy = route::policy(route.endpoint);
    let mut parts: Vec<String> = Vec::new();
    if !words.is_empty() {
        parts.push(words.to_owned());
    }
    if let Some(limiter) = policy.limiter {
        parts.push(format!(
            "Rate limit: {} requests per {} s per client ({}).",
            limiter.per_window(),
            LIMIT_WINDOW_SECONDS,
            limiter.binding()
        ));
    }
    if policy.body_limit > 0 {
        parts.push(format!("Body limit: {}.", size(policy.body_limit)));
    }
    parts.join(" ")
}

fn size(bytes: usize) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// The source's codes; `name@status` picks one of a code's two statuses.
fn named_codes(errors: Option<Value>, key: &str) -> Result<Vec<ErrorCode>, String> {
    let names = match errors {
        None => return Ok(Vec::new()),
        Some(Value::Array(names)) => names,
        Some(_) => return Err(format!("{key}: `errors` is not a list")),
    };
    names
        .iter()
        .map(|name| {
            let name = name
                .as_str()
                .ok_or(format!("{key}: an error is not text"))?;
            let (wire, status) = match name.split_once('@') {
                Some((wire, status)) => (wire, status.parse::<u16>().ok()),
                None => (name, None),
            };
            let found: Vec<ErrorCode> = ErrorCode::ALL
                .into_iter()
                .filter(|c| c.key() == wire && status.is_none_or(|s| c.status() == s))
                .collect();
            match found[..] {
                [code] => Ok(code),
                [] => Err(format!("{key}: {name} is not an error code")),
                _ => Err(format!(
                    "{key}: {name} answers with two statuses; say which (name@status)"
                )),
            }
        })
        .collect()
}

/// Success answers as the source gives them; error answers built per status from the codes,
/// unless the source gives that status's answer in full (an answer with more than the
/// envelope, or a body-less HEAD).
fn responses(
    given: Map<String, Value>,
    codes: &[ErrorCode],
    why: &Map<String, Value>,
    head: bool,
) -> Map<String, Value> {
    let mut by_status: BTreeMap<String, Vec<ErrorCode>> = BTreeMap::new();
    for code in ErrorCode::ALL {
        if codes.contains(&code) {
            by_status
                .entry(code.status().to_string())
                .or_default()
                .push(code);
        }
    }
    let mut out: BTreeMap<String, Value> = given.into_iter().collect();
    for (status, codes) in by_status {
        if out.contains_key(&status) {
            continue;
        }
        let shared = SHARED.iter().find(|(_, shared)| {
            *shared == codes.as_slice() && !codes.iter().any(|c| why.contains_key(c.key()))
        });
        let answer = match shared {
            Some((name, _)) if !head => json!({ "$ref": format!("#/components/responses/{name}") }),
            _ => error_response(&codes, why, head),
        };
        out.insert(status, answer);
    }
    out.into_iter().collect()
}

/// An error answer: the envelope with exactly these codes, each said in a sentence.
fn error_response(codes: &[ErrorCode], why: &Map<String, Value>, head: bool) -> Value {
    let status = codes[0].status();
    let mut description = format!("{}.", reason(status));
    for code in codes {
        let meaning = why
            .get(code.key())
            .and_then(Value::as_str)
            .unwrap_or(code.meaning());
        description.push_str(&format!(" `{}`: {meaning}", code.key()));
    }
    let mut answer = Map::new();
    answer.insert("description".into(), json!(description));
    if head {
        return Value::Object(answer);
    }
    if status == 429 {
        answer.insert(
            "headers".into(),
            json!({ "Retry-After": { "$ref": "#/components/headers/RetryAfter" } }),
        );
    }
    let names: Vec<&str> = codes.iter().map(|c| c.key()).collect();
    answer.insert(
        "content".into(),
        json!({ "application/json": { "schema": {
            "$ref": "#/components/schemas/ErrorEnvelope",
            "properties": { "error": { "properties": { "code": { "enum": names } } } }
        } } }),
    );
    Value::Object(answer)
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload too large",
        422 => "Unprocessable",
        429 => "Too many requests",
        500 => "Internal error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body's schema is its declaration: the fields, which are required, closed or not.
    #[test]
    fn a_request_body_schema_is_written_from_its_declaration() {
        assert_eq!(
            body_schema(&body::REFILL),
            json!({ "type": "object",
                    "properties": { "code": { "type": "string", "description": "A used code." } },
                    "required": ["code"], "additionalProperties": false })
        );
        let redeem = body_schema(&body::REDEEM);
        for kind in InputKind::ALL {
            assert!(
                redeem["properties"][kind.field()].is_object(),
                "{}",
                kind.field()
            );
        }
        assert_eq!(
            redeem["properties"]["lang"]["type"],
            json!(["string", "null"])
        );
    }

    #[test]
    fn every_status_has_a_reason() {
        for code in ErrorCode::ALL {
            assert_ne!(reason(code.status()), "Error", "{code}");
        }
    }

    #[test]
    fn a_route_without_words_is_refused() {
        let route = Route {
            method: Method::Get,
            pattern: "/api/nowhere",
            endpoint: route::Endpoint::Public(route::PublicEndpoint::Health),
        };
        let err = operation(&route, json!({ "responses": {} }), "GET /api/nowhere").unwrap_err();
        assert!(err.contains("no operationId"), "{err}");
    }
}
