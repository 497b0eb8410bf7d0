use super::map::{raw_entries, raw_get, raw_insert, raw_len, raw_remove};
use super::{collection, Entity};
use crate::{codec, env, sys};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::marker::PhantomData;

/// One `V` per member, keyed by the member's 32-byte public key; a call can only write the slot
/// of its executor.
pub struct UserStorage<V> {
    pub(crate) entity: Entity,
    pub(crate) _marker: PhantomData<V>,
}
collection!(UserStorage<V>, sys::kind::USER_STORAGE);

impl<V: Serialize + DeserializeOwned> UserStorage<V> {
    /// Sets the executor's value and returns the previous one.
    pub fn insert(&mut self, value: V) -> Option<V> {
        raw_insert(&self.entity, &env::executor_id(), &codec::to_json(&value)).map(|v| codec::from_json(&v))
    }

    /// The executor's value.
    pub fn get(&self) -> Option<V> {
        self.get_for(&env::executor_id())
    }

    /// The value of the member with public key `user`.
    pub fn get_for(&self, user: &[u8; 32]) -> Option<V> {
        raw_get(&self.entity, user).map(|v| codec::from_json(&v))
    }

    /// Removes the executor's value and returns it.
    pub fn remove(&mut self) -> Option<V> {
        raw_remove(&self.entity, &env::executor_id()).map(|v| codec::from_json(&v))
    }

    /// Number of members with a value.
    pub fn len(&self) -> u64 {
        raw_len(&self.entity)
    }

    /// Whether no member has a value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every member's value, by public key.
    pub fn entries(&self) -> Vec<([u8; 32], V)> {
        let list = raw_entries(&self.entity);
        let items = codec::split_list(&list);
        items
            .chunks(2)
            .filter(|pair| pair.len() == 2 && pair[0].len() == 32)
            .map(|pair| {
                let mut key = [0u8; 32];
                key.copy_from_slice(pair[0]);
                (key, codec::from_json(pair[1]))
            })
            .collect()
    }
}
