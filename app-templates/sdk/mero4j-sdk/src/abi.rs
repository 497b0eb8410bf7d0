//! The `mero4j.abi` custom section, built at compile time.
//!
//! `#[app]` emits a `#[link_section = "mero4j.abi"]` static holding
//! `{"abi":1,"name":…,"version":…,"methods":[{"name":…,"readOnly":…},…],"events":[…]}`. The bytes
//! are computed by const functions so that event names can come from
//! [`crate::Event::KINDS`] of a type the macro cannot see.

/// Version of the host ABI this SDK speaks.
pub const ABI_VERSION: u32 = 1;

/// What the custom section describes.
pub struct Manifest<'a> {
    pub name: &'a str,
    pub version: &'a str,
    /// Method names with their read-only flag (true for `&self` methods).
    pub methods: &'a [(&'a str, bool)],
    pub events: &'a [&'a str],
}

/// Length of the manifest's JSON in bytes.
pub const fn encoded_len(manifest: &Manifest) -> usize {
    encode::<0>(manifest).1
}

/// The manifest's JSON; `N` must be [`encoded_len`].
pub const fn encoded<const N: usize>(manifest: &Manifest) -> [u8; N] {
    let (bytes, len) = encode::<N>(manifest);
    if len != N {
        panic!("manifest length mismatch");
    }
    bytes
}

/// Writes as much of the JSON as fits in `N` bytes and returns the full length.
const fn encode<const N: usize>(m: &Manifest) -> ([u8; N], usize) {
    let w = ([0u8; N], 0);
    let w = put(w, b"{\"abi\":1,\"name\":");
    let w = put_string(w, m.name);
    let w = put(w, b",\"version\":");
    let w = put_string(w, m.version);
    let mut w = put(w, b",\"methods\":[");
    let mut i = 0;
    while i < m.methods.len() {
        if i > 0 {
            w = put(w, b",");
        }
        w = put(w, b"{\"name\":");
        w = put_string(w, m.methods[i].0);
        w = put(w, if m.methods[i].1 { b",\"readOnly\":true}" } else { b",\"readOnly\":false}" });
        i += 1;
    }
    w = put(w, b"],\"events\":[");
    i = 0;
    while i < m.events.len() {
        if i > 0 {
            w = put(w, b",");
        }
        w = put_string(w, m.events[i]);
        i += 1;
    }
    put(w, b"]}")
}

const fn put<const N: usize>(w: ([u8; N], usize), s: &[u8]) -> ([u8; N], usize) {
    let (mut buf, mut pos) = w;
    let mut i = 0;
    while i < s.len() {
        if pos < N {
            buf[pos] = s[i];
        }
        pos += 1;
        i += 1;
    }
    (buf, pos)
}

/// Names, versions and event kinds are identifiers or semver: no escaping is needed, and any
/// character that would need it fails the build.
const fn put_string<const N: usize>(w: ([u8; N], usize), s: &str) -> ([u8; N], usize) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' || bytes[i] == b'\\' || bytes[i] < 0x20 {
            panic!("ABI names must not contain quotes, backslashes or control characters");
        }
        i += 1;
    }
    let w = put(w, b"\"");
    let w = put(w, bytes);
    put(w, b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: Manifest = Manifest {
        name: "kv-store",
        version: "0.1.0",
        methods: &[("set", false), ("get", true)],
        events: &["Inserted", "Removed"],
    };
    const LEN: usize = encoded_len(&M);
    static BYTES: [u8; LEN] = encoded::<LEN>(&M);

    #[test]
    fn manifest_is_the_documented_json() {
        assert_eq!(
            std::str::from_utf8(&BYTES).unwrap(),
            r#"{"abi":1,"name":"kv-store","version":"0.1.0","methods":[{"name":"set","readOnly":false},{"name":"get","readOnly":true}],"events":["Inserted","Removed"]}"#
        );
    }
}
