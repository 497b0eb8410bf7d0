//! Support code for what `#[app]` generates; not a stable API.

use crate::env;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::Once;

static PANIC_HOOK: Once = Once::new();

/// First thing every export does: route panics to `mero_panic`.
pub fn enter() {
    PANIC_HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| env::panic_str(&info.to_string())));
    });
}

/// Decodes the call's arguments: one JSON object keyed by parameter names. Empty input and
/// `null` count as `{}`. Bad arguments fail the call with an `InvalidArguments` error and give
/// `None`: the export then returns without running the method.
pub fn args<A: DeserializeOwned>(method: &str) -> Option<A> {
    let input = env::input();
    let trimmed = trim(&input);
    let json: &[u8] = if trimmed.is_empty() || trimmed == b"null" { b"{}" } else { trimmed };
    match serde_json::from_slice(json) {
        Ok(args) => Some(args),
        Err(e) => {
            let error = serde_json::json!({
                "kind": "InvalidArguments",
                "method": method,
                "message": e.to_string(),
            });
            env::error_return(&crate::codec::to_json(&error));
            None
        }
    }
}

/// Returns a plain value as the call's JSON result.
pub fn value<T: Serialize>(value: &T) {
    env::return_json(value)
}

/// Returns `Ok` as the result, or fails the call with `Err` as its JSON error.
pub fn result<T: Serialize, E: Serialize>(result: Result<T, E>) {
    match result {
        Ok(value) => env::return_json(&value),
        Err(error) => env::error_return(&crate::codec::to_json(&error)),
    }
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(start, |i| i + 1);
    &bytes[start..end]
}
