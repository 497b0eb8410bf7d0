//! A replicated key-value store: string keys to string values.

use mero4j_sdk::collections::UnorderedMap;
use std::collections::BTreeMap;

#[mero4j_sdk::state]
pub struct KvStore {
    items: UnorderedMap<String, String>,
}

#[mero4j_sdk::event]
pub enum KvEvent {
    Inserted { key: String, value: String },
    Updated { key: String, value: String },
    Removed { key: String },
}

#[mero4j_sdk::app(emits = KvEvent)]
impl KvStore {
    /// Sets `key` to `value`.
    pub fn set(&mut self, key: String, value: String) {
        mero4j_sdk::log!("set {}", key);
        let event = match self.items.insert(key.clone(), value.clone()) {
            Some(_) => KvEvent::Updated { key, value },
            None => KvEvent::Inserted { key, value },
        };
        mero4j_sdk::emit!(event);
    }

    /// The value of `key`, or null.
    pub fn get(&self, key: String) -> Option<String> {
        self.items.get(&key)
    }

    /// Removes `key`; returns its value, or null.
    pub fn remove(&mut self, key: String) -> Option<String> {
        let old = self.items.remove(&key);
        if old.is_some() {
            mero4j_sdk::emit!(KvEvent::Removed { key });
        }
        old
    }

    /// Every entry, as one JSON object.
    pub fn entries(&self) -> BTreeMap<String, String> {
        self.items.entries().into_iter().collect()
    }

    /// Number of entries.
    pub fn len(&self) -> u64 {
        self.items.len()
    }
}
