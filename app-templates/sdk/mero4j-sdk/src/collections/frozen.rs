use super::map::{raw_contains, raw_get, raw_insert};
use super::{collection, Entity};
use crate::{codec, env, sys};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::marker::PhantomData;

/// Immutable, content-addressed values: each is stored under the SHA-256 of its JSON bytes.
pub struct FrozenStorage<V> {
    pub(crate) entity: Entity,
    pub(crate) _marker: PhantomData<V>,
}
collection!(FrozenStorage<V>, sys::kind::FROZEN_STORAGE);

impl<V: Serialize + DeserializeOwned> FrozenStorage<V> {
    /// Stores `value` and returns its hash (the key to read it back).
    pub fn insert(&mut self, value: V) -> [u8; 32] {
        match raw_insert(&self.entity, &[], &codec::to_json(&value)) {
            Some(hash) if hash.len() == 32 => {
                let mut key = [0u8; 32];
                key.copy_from_slice(&hash);
                key
            }
            _ => env::panic_str("host returned no 32-byte hash for a frozen value"),
        }
    }

    /// The value stored under `hash`.
    pub fn get(&self, hash: &[u8; 32]) -> Option<V> {
        raw_get(&self.entity, hash).map(|v| codec::from_json(&v))
    }

    /// Whether a value is stored under `hash`.
    pub fn contains(&self, hash: &[u8; 32]) -> bool {
        raw_contains(&self.entity, hash)
    }
}
