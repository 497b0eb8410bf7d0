//! How the SDK turns Rust values into the bytes the host stores.
//!
//! * **Values** are JSON (`serde_json`), so state is readable from any language and by the node's
//!   inspection tools.
//! * **Keys** are the key's JSON text, except that a key serialising to a JSON *string* is stored
//!   as the string's raw UTF-8 bytes, without quotes: `"alice"` is stored as `alice`, `42u64` as
//!   `42`, a struct as `{"a":1}`. Host-side key order (sorted maps, `entries`) is therefore plain
//!   byte order of those texts: string keys sort as strings, but numbers sort as text (`10` <
//!   `9`); zero-pad them or use strings when order matters. Decoding tries the raw bytes as a
//!   string first, so `Option` keys and `serde_json::Value` keys holding numbers do not
//!   round-trip; use strings, integers or structs.
//! * **Lists** returned by the host (`*_entries`, `*_values`, `*_range`) are items
//!   `u32 little-endian length ‖ bytes`; map entries are two items (key, value) in a row.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The JSON bytes of a value.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value)
        .unwrap_or_else(|e| crate::env::panic_str(&format!("cannot serialise value to JSON: {}", e)))
}

/// A value from its JSON bytes.
pub fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| crate::env::panic_str(&format!("stored value does not match its type: {}", e)))
}

/// The stored bytes of a key.
pub fn encode_key<K: Serialize + ?Sized>(key: &K) -> Vec<u8> {
    let json = to_json(key);
    if json.first() == Some(&b'"') {
        if let Ok(text) = serde_json::from_slice::<String>(&json) {
            return text.into_bytes();
        }
    }
    json
}

/// A key from its stored bytes.
pub fn decode_key<K: DeserializeOwned>(bytes: &[u8]) -> K {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Ok(key) = serde_json::from_value::<K>(serde_json::Value::String(text.to_owned())) {
            return key;
        }
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| crate::env::panic_str(&format!("stored key does not match its type: {}", e)))
}

/// Splits a host list into its items.
pub fn split_list(bytes: &[u8]) -> Vec<&[u8]> {
    let mut items = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        if rest.len() < 4 {
            crate::env::panic_str("malformed host list: truncated length");
        }
        let len = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        rest = &rest[4..];
        if rest.len() < len {
            crate::env::panic_str("malformed host list: truncated item");
        }
        items.push(&rest[..len]);
        rest = &rest[len..];
    }
    items
}

/// Decodes a host list of map entries (key, value pairs).
pub fn decode_entries<K: DeserializeOwned, V: DeserializeOwned>(bytes: &[u8]) -> Vec<(K, V)> {
    let items = split_list(bytes);
    if items.len() % 2 != 0 {
        crate::env::panic_str("malformed host list: odd number of entry items");
    }
    items
        .chunks(2)
        .map(|pair| (decode_key(pair[0]), from_json(pair[1])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_keys_are_raw_and_others_are_json() {
        assert_eq!(encode_key("alice"), b"alice");
        assert_eq!(encode_key(&42u64), b"42");
        assert_eq!(encode_key(&"say \"hi\""), b"say \"hi\"");
        assert_eq!(decode_key::<String>(b"42"), "42");
        assert_eq!(decode_key::<u64>(b"42"), 42);
        assert_eq!(decode_key::<String>(b"{\"a\":1}"), "{\"a\":1}");
    }

    #[test]
    fn lists_split_on_little_endian_lengths() {
        let bytes = [2, 0, 0, 0, b'k', b'1', 3, 0, 0, 0, b'"', b'v', b'"'];
        let entries: Vec<(String, String)> = decode_entries(&bytes);
        assert_eq!(entries, vec![("k1".to_string(), "v".to_string())]);
        assert!(split_list(&[]).is_empty());
    }
}
