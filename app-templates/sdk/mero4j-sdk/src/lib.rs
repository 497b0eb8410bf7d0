//! Rust SDK for Mero4j apps.
//!
//! An app is a `cdylib` for `wasm32-unknown-unknown`. Its state is a struct of CRDT collections
//! that live in the node; its methods are an `impl` block exported by [`app`]:
//!
//! ```ignore
//! use mero4j_sdk::collections::UnorderedMap;
//!
//! #[mero4j_sdk::state]
//! pub struct KvStore {
//!     items: UnorderedMap<String, String>,
//! }
//!
//! #[mero4j_sdk::event]
//! pub enum KvEvent {
//!     Inserted { key: String, value: String },
//! }
//!
//! #[mero4j_sdk::app(emits = KvEvent)]
//! impl KvStore {
//!     pub fn set(&mut self, key: String, value: String) {
//!         mero4j_sdk::emit!(KvEvent::Inserted { key: key.clone(), value: value.clone() });
//!         self.items.insert(key, value);
//!     }
//!
//!     pub fn get(&self, key: String) -> Option<String> {
//!         self.items.get(&key)
//!     }
//! }
//! ```
//!
//! Each `pub fn` becomes a wasm export `() -> ()` named like the method; its arguments are one
//! JSON object keyed by parameter names (unknown fields are rejected; `{}` or nothing for a
//! method without parameters), its result is JSON. `&self` methods are marked read-only in the
//! `mero4j.abi` section. A method returning `Result<T, E>` fails the call with `E` as the JSON
//! error (every write of the call is discarded); a panic aborts the call with its message.

pub mod abi;
pub mod codec;
pub mod collections;
pub mod env;
pub mod hex;
mod registers;
pub mod sys;

#[doc(hidden)]
pub mod __private;

pub use mero4j_sdk_macros::{app, event, state};
pub use serde;
pub use serde_json;

/// The app's state: a struct of collections whose handles are made from their root names.
/// Implemented by [`state`].
pub trait AppState: Sized {
    /// Handles on the root collections (no host call until one is used).
    fn load() -> Self;
}

/// An event type: its kinds (variant names) and the kind of one value. Implemented by [`event`],
/// which also derives `Serialize` so that the event's data is the variant's fields.
pub trait Event: serde::Serialize {
    /// Every kind this type can emit, for the `mero4j.abi` section.
    const KINDS: &'static [&'static str];

    /// The kind of this event.
    fn kind(&self) -> &'static str;
}

/// Emits an event: `emit!(MyEvent::Added { .. })`, or `emit!((event, "handler"))` to have
/// receiving peers run method `handler` with the event's data as arguments.
#[macro_export]
macro_rules! emit {
    (($event:expr, $handler:expr $(,)?)) => {
        $crate::env::emit_event_with_handler(&$event, $handler)
    };
    ($event:expr) => {
        $crate::env::emit_event(&$event)
    };
}

/// Appends a formatted log line: `log!("set {} to {}", key, value)`.
#[macro_export]
macro_rules! log {
    ($($arg:tt)*) => {
        $crate::env::log(&::std::format!($($arg)*))
    };
}
