use super::{collection, to_u64, Collection, Entity};
use crate::{codec, registers, sys};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Borrow;
use std::marker::PhantomData;

/// Add-wins map from `K` to `V`; each entry replicates on its own.
pub struct UnorderedMap<K, V> {
    pub(crate) entity: Entity,
    pub(crate) _marker: PhantomData<(K, V)>,
}
collection!(UnorderedMap<K, V>, sys::kind::UNORDERED_MAP);

impl<K: Serialize + DeserializeOwned, V: Serialize + DeserializeOwned> UnorderedMap<K, V> {
    /// Puts `value` under `key` and returns the previous value.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        raw_insert(&self.entity, &codec::encode_key(&key), &codec::to_json(&value)).map(|old| codec::from_json(&old))
    }

    /// The value under `key`.
    pub fn get<Q: Serialize + ?Sized>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        raw_get(&self.entity, &codec::encode_key(key)).map(|v| codec::from_json(&v))
    }

    /// Removes `key` and returns its value.
    pub fn remove<Q: Serialize + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        raw_remove(&self.entity, &codec::encode_key(key)).map(|v| codec::from_json(&v))
    }

    /// Whether `key` has a live entry.
    pub fn contains<Q: Serialize + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        raw_contains(&self.entity, &codec::encode_key(key))
    }

    /// Number of live entries.
    pub fn len(&self) -> u64 {
        raw_len(&self.entity)
    }

    /// Whether the map has no live entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every live entry, ordered by key bytes.
    pub fn entries(&self) -> Vec<(K, V)> {
        codec::decode_entries(&raw_entries(&self.entity))
    }

    /// Every live key, ordered by key bytes.
    pub fn keys(&self) -> Vec<K> {
        self.entries().into_iter().map(|(k, _)| k).collect()
    }

    /// The nested collection stored under `key` (a map of maps, a map of vectors…), created on
    /// first use. `V` is not used for nested entries.
    pub fn child<C: Collection, Q: Serialize + ?Sized>(&self, key: &Q) -> C
    where
        K: Borrow<Q>,
    {
        self.entity.map_child(&codec::encode_key(key))
    }

    /// The nested map under `key`.
    pub fn child_map<K2, V2, Q: Serialize + ?Sized>(&self, key: &Q) -> UnorderedMap<K2, V2>
    where
        K: Borrow<Q>,
    {
        self.child(key)
    }

    /// The nested vector under `key`.
    pub fn child_vector<V2, Q: Serialize + ?Sized>(&self, key: &Q) -> super::Vector<V2>
    where
        K: Borrow<Q>,
    {
        self.child(key)
    }

    /// The nested set under `key`.
    pub fn child_set<V2, Q: Serialize + ?Sized>(&self, key: &Q) -> super::UnorderedSet<V2>
    where
        K: Borrow<Q>,
    {
        self.child(key)
    }
}

// Raw map operations shared by the map-like collections (maps, sorted maps, user and frozen
// storage). Keys and values are already encoded.

pub(crate) fn raw_insert(entity: &Entity, key: &[u8], value: &[u8]) -> Option<Vec<u8>> {
    let id = entity.id();
    let found = unsafe {
        sys::mero_map_insert(id.as_ptr(), key.as_ptr(), key.len(), value.as_ptr(), value.len(), registers::SCRATCH)
    };
    registers::read_if(found, registers::SCRATCH)
}

pub(crate) fn raw_get(entity: &Entity, key: &[u8]) -> Option<Vec<u8>> {
    let id = entity.id();
    let found = unsafe { sys::mero_map_get(id.as_ptr(), key.as_ptr(), key.len(), registers::SCRATCH) };
    registers::read_if(found, registers::SCRATCH)
}

pub(crate) fn raw_remove(entity: &Entity, key: &[u8]) -> Option<Vec<u8>> {
    let id = entity.id();
    let found = unsafe { sys::mero_map_remove(id.as_ptr(), key.as_ptr(), key.len(), registers::SCRATCH) };
    registers::read_if(found, registers::SCRATCH)
}

pub(crate) fn raw_contains(entity: &Entity, key: &[u8]) -> bool {
    let id = entity.id();
    unsafe { sys::mero_map_contains(id.as_ptr(), key.as_ptr(), key.len()) == 1 }
}

pub(crate) fn raw_len(entity: &Entity) -> u64 {
    let id = entity.id();
    to_u64(unsafe { sys::mero_map_len(id.as_ptr()) })
}

pub(crate) fn raw_entries(entity: &Entity) -> Vec<u8> {
    let id = entity.id();
    unsafe { sys::mero_map_entries(id.as_ptr(), registers::SCRATCH) };
    registers::read(registers::SCRATCH).unwrap_or_default()
}
