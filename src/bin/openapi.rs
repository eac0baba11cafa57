//! Writes `assets/openapi.json` from the route table, each route's policy, the error codes,
//! the request bodies as the worker reads them (`core::body`), the answers as it builds them
//! (`core::answer`), and `api/openapi.source.json` (what only words can say: summaries,
//! examples, which answer each status carries and which errors each operation raises).
//! Native only: nothing here reaches the `.wasm`.
//!
//! `npm run openapi` writes the document; `npm run openapi -- --check` fails when the
//! committed one differs (`npm test`, and so CI, runs it).

use redeem_edge::core::answer;
use redeem_edge::core::body;
use redeem_edge::core::error_code::ErrorCode;
use redeem_edge::core::route::{self, Gate, Method, Route, LIMIT_WINDOW_SECONDS, ROUTES};
use redeem_edge::core::shape::{Body, Field, Kind};
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
    let declared = answer::ALL.iter().map(|a| (a, Side::Answer));
    for (shape, side) in declared.chain(body::ALL.iter().map(|b| (b, Side::Request))) {
        if schemas.contains_key(shape.name) {
            return Err(format!(
                "{} is declared in core; api/openapi.source.json must not write it too",
                shape.name
            ));
        }
        schemas.insert(shape.name.into(), shape_schema(shape, side));
    }
    Ok(Value::Object(doc))
}

/// Whom a shape describes: a request's optional field may also be `null` (the worker reads
/// both as absent); an answer's fields are as declared.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Request,
    Answer,
}

/// A request body's or an answer's schema, from its declaration (`core::body`,
/// `core::answer`): what the worker reads, or what it writes.
fn shape_schema(declared: &Body, side: Side) -> Value {
    let mut fields: Vec<Field> = declared.fields.to_vec();
    if let Some(more) = declared.inputs {
        fields.extend(more());
    }
    let mut properties = Map::new();
    for f in &fields {
        let nullable = side == Side::Request && !f.required;
        let mut schema = match kind_schema(f.kind, nullable, side) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        if !f.words.is_empty() {
            schema.insert("description".into(), json!(f.words));
        }
        properties.insert(f.name.into(), Value::Object(schema));
    }
    let mut out = Map::new();
    if let Some(base) = declared.base {
        out.insert("allOf".into(), json!([reference(base)]));
    }
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
    match (declared.closed, declared.base) {
        // Its base's fields are its own too: only the ones of neither are refused.
        (true, Some(_)) => {
            out.insert("unevaluatedProperties".into(), json!(false));
        }
        (true, None) => {
            out.insert("additionalProperties".into(), json!(false));
        }
        (false, _) => {}
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

fn reference(shape: &Body) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", shape.name) })
}

/// A field kind's schema; `null` is allowed too when `nullable`.
fn kind_schema(kind: Kind, nullable: bool, side: Side) -> Value {
    if nullable && !matches!(kind, Kind::Any) {
        return or_null(kind_schema(kind, false, side));
    }
    match kind {
        Kind::Text => json!({ "type": "string" }),
        Kind::Whole { min } => {
            json!({ "type": "integer", "minimum": min, "maximum": u32::MAX })
        }
        Kind::Flag => json!({ "type": "boolean" }),
        Kind::Number => json!({ "type": "number" }),
        Kind::Any => json!({}),
        Kind::OneOf(names) => json!({ "type": names }),
        Kind::TextOrList => {
            json!({ "type": ["string", "array"], "items": { "type": "string" } })
        }
        Kind::Rows { row, count } => {
            let mut list =
                json!({ "type": "array", "items": reference(row), "maxItems": count.end() });
            if *count.start() > 0 {
                list["minItems"] = json!(count.start());
            }
            list
        }
        Kind::Object(shape) if shape.name.is_empty() => shape_schema(shape, side),
        Kind::Object(shape) => reference(shape),
        Kind::Within(range) => {
            json!({ "type": "integer", "minimum": range.start(), "maximum": range.end() })
        }
        Kind::Chars(range) => {
            let mut text = json!({ "type": "string", "maxLength": range.end() });
            if *range.start() > 0 {
                text["minLength"] = json!(range.start());
            }
            text
        }
        Kind::Integer => json!({ "type": "integer" }),
        Kind::Bit => json!({ "type": "integer", "enum": [0, 1] }),
        Kind::Among(codes) => json!({ "type": "integer", "enum": codes }),
        Kind::Words(words) => json!({ "type": "string", "enum": words() }),
        Kind::Exactly(literal) => {
            let value: Value = serde_json::from_str(literal).expect("Kind::Exactly holds JSON");
            let kind = match &value {
                Value::Bool(_) => "boolean",
                Value::String(_) => "string",
                _ => "number",
            };
            json!({ "type": kind, "const": value })
        }
        Kind::OrNull(kind) => or_null(kind_schema(*kind, false, side)),
        Kind::List(kind) => json!({ "type": "array", "items": kind_schema(*kind, false, side) }),
    }
}

/// The schema, or `null`: a simple type gains `"null"` (and its word list `null`); anything
/// else becomes one of the two.
fn or_null(schema: Value) -> Value {
    let Value::Object(mut s) = schema else {
        return schema;
    };
    match s.get("type").cloned() {
        Some(Value::String(t)) if t != "object" && !s.contains_key("const") => {
            s.insert("type".into(), json!([t, "null"]));
            if let Some(Value::Array(words)) = s.get_mut("enum") {
                words.push(Value::Null);
            }
            Value::Object(s)
        }
        Some(Value::Array(mut types)) => {
            types.push(json!("null"));
            s.insert("type".into(), Value::Array(types));
            Value::Object(s)
        }
        _ => json!({ "oneOf": [Value::Object(s), { "type": "null" }] }),
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
    let given = given
        .into_iter()
        .map(|(status, answer)| match status.starts_with('2') {
            true => Ok((status, success(answer, key)?)),
            false => Ok((status, answer)),
        })
        .collect::<Result<Map<String, Value>, String>>()?;
    out.insert(
        "responses".into(),
        Value::Object(responses(given, &codes, &why, route.method == Method::Head)),
    );
    Ok(Value::Object(out))
}

/// A reference to the answer shape named `name` (`answer::ALL`).
fn shape_ref(name: &Value, key: &str) -> Result<Value, String> {
    let name = name.as_str().unwrap_or_default();
    match answer::ALL.iter().find(|a| a.name == name) {
        Some(shape) => Ok(reference(shape)),
        None => Err(format!("{key}: `{name}` is not an answer of core::answer")),
    }
}

/// A success answer the source gives as `"data"` (the name of a shape of `core::answer`, or
/// several when it is one of them) and `"message"` (an example): the envelope around it.
/// Anything else is as the source gives it.
fn success(answer: Value, key: &str) -> Result<Value, String> {
    let Value::Object(mut answer) = answer else {
        return Ok(answer);
    };
    // An answer outside the envelope (a third party's protocol): its shape as it is.
    if let Some(name) = answer.remove("answer") {
        let schema = shape_ref(&name, key)?;
        answer.insert(
            "content".into(),
            json!({ "application/json": { "schema": schema } }),
        );
        return Ok(Value::Object(answer));
    }
    let Some(data) = answer.remove("data") else {
        return Ok(Value::Object(answer));
    };
    let shape = |name: &Value| shape_ref(name, key);
    let data = match &data {
        Value::Array(names) => {
            json!({ "oneOf": names.iter().map(shape).collect::<Result<Vec<_>, _>>()? })
        }
        name => shape(name)?,
    };
    let mut properties = Map::new();
    if let Some(message) = answer.remove("message") {
        properties.insert("message".into(), json!({ "examples": [message] }));
    }
    properties.insert("data".into(), data);
    let envelope = json!({
        "schema": { "$ref": "#/components/schemas/SuccessEnvelope", "properties": properties }
    });
    let mut out = Map::new();
    for (field, value) in answer {
        if field == "content" {
            let mut content = value.as_object().cloned().unwrap_or_default();
            content.insert("application/json".into(), envelope.clone());
            out.insert(field, Value::Object(content));
        } else {
            out.insert(field, value);
        }
    }
    if !out.contains_key("content") {
        out.insert("content".into(), json!({ "application/json": envelope }));
    }
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
        if let Some(given) = out.get(&status) {
            // An error that still carries data (health's 503): the codes' answer and the data.
            if let Some(data) = given.get("data").and_then(Value::as_str) {
                let mut answer = error_response(&codes, why, head);
                let schema = &mut answer["content"]["application/json"]["schema"];
                schema["properties"]["data"] =
                    json!({ "$ref": format!("#/components/schemas/{data}") });
                schema["required"] = json!(["data"]);
                if let Some(words) = given.get("description") {
                    answer["description"] = words.clone();
                }
                out.insert(status, answer);
            }
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
    use redeem_edge::core::order_input::InputKind;

    /// A body's schema is its declaration: the fields, which are required, closed or not.
    #[test]
    fn a_request_body_schema_is_written_from_its_declaration() {
        assert_eq!(
            shape_schema(&body::REFILL, Side::Request),
            json!({ "type": "object",
                    "properties": { "code": { "type": "string", "description": "A used code." } },
                    "required": ["code"], "additionalProperties": false })
        );
        let redeem = shape_schema(&body::REDEEM, Side::Request);
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
