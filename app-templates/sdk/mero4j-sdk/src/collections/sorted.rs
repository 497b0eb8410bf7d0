use super::map::{raw_contains, raw_entries, raw_get, raw_insert, raw_len, raw_remove};
use super::{collection, to_i64, Entity};
use crate::{codec, registers, sys};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Borrow;
use std::marker::PhantomData;

/// Map kept in key order (by key bytes, see [`crate::codec`]), with ranges and pages.
pub struct SortedMap<K, V> {
    pub(crate) entity: Entity,
    pub(crate) _marker: PhantomData<(K, V)>,
}
collection!(SortedMap<K, V>, sys::kind::SORTED_MAP);

impl<K: Serialize + DeserializeOwned, V: Serialize + DeserializeOwned> SortedMap<K, V> {
    /// Puts `value` under `key` and returns the previous value.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        raw_insert(&self.entity, &codec::encode_key(&key), &codec::to_json(&value)).map(|v| codec::from_json(&v))
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

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry in key order.
    pub fn entries(&self) -> Vec<(K, V)> {
        codec::decode_entries(&raw_entries(&self.entity))
    }

    /// Entries with `from <= key < to` (`None`: open end), skipping `offset`, at most `limit`.
    pub fn range(&self, from: Option<&K>, to: Option<&K>, offset: u64, limit: u64) -> Vec<(K, V)> {
        codec::decode_entries(&raw_range(&self.entity, from, to, offset, limit))
    }

    /// One page of entries in key order.
    pub fn page(&self, offset: u64, limit: u64) -> Vec<(K, V)> {
        self.range(None, None, offset, limit)
    }

    /// The first entry in key order.
    pub fn first(&self) -> Option<(K, V)> {
        self.page(0, 1).into_iter().next()
    }
}

/// Set kept in value order (by value bytes), with ranges and pages.
pub struct SortedSet<V> {
    pub(crate) entity: Entity,
    pub(crate) _marker: PhantomData<V>,
}
collection!(SortedSet<V>, sys::kind::SORTED_SET);

impl<V: Serialize + DeserializeOwned> SortedSet<V> {
    /// Adds `value`; true when it was not present.
    pub fn insert(&mut self, value: V) -> bool {
        super::set::raw_insert(&self.entity, &codec::encode_key(&value))
    }

    /// Whether `value` is present.
    pub fn contains<Q: Serialize + ?Sized>(&self, value: &Q) -> bool
    where
        V: Borrow<Q>,
    {
        let bytes = codec::encode_key(value);
        let id = self.entity.id();
        unsafe { sys::mero_set_contains(id.as_ptr(), bytes.as_ptr(), bytes.len()) == 1 }
    }

    /// Removes `value`; true when it was present.
    pub fn remove<Q: Serialize + ?Sized>(&mut self, value: &Q) -> bool
    where
        V: Borrow<Q>,
    {
        let bytes = codec::encode_key(value);
        let id = self.entity.id();
        unsafe { sys::mero_set_remove(id.as_ptr(), bytes.as_ptr(), bytes.len()) == 1 }
    }

    /// Number of values.
    pub fn len(&self) -> u64 {
        super::map::raw_len(&self.entity)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every value in order.
    pub fn values(&self) -> Vec<V> {
        super::set::raw_values(&self.entity).into_iter().map(|b| codec::decode_key(&b)).collect()
    }

    /// Values with `from <= value < to` (`None`: open end), skipping `offset`, at most `limit`.
    pub fn range(&self, from: Option<&V>, to: Option<&V>, offset: u64, limit: u64) -> Vec<V> {
        let list = raw_range(&self.entity, from, to, offset, limit);
        codec::split_list(&list).into_iter().map(codec::decode_key).collect()
    }
}

fn raw_range<K: Serialize>(entity: &Entity, from: Option<&K>, to: Option<&K>, offset: u64, limit: u64) -> Vec<u8> {
    let from = from.map(codec::encode_key).unwrap_or_default();
    let to = to.map(codec::encode_key).unwrap_or_default();
    let id = entity.id();
    unsafe {
        sys::mero_map_range(
            id.as_ptr(),
            from.as_ptr(),
            from.len(),
            to.as_ptr(),
            to.len(),
            to_i64(offset),
            to_i64(limit),
            registers::SCRATCH,
        )
    };
    registers::read(registers::SCRATCH).unwrap_or_default()
}
