use super::{collection, Entity};
use crate::{codec, registers, sys};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Borrow;
use std::marker::PhantomData;

/// Add-wins set of `V`; values are stored as their key bytes (see [`crate::codec`]).
pub struct UnorderedSet<V> {
    pub(crate) entity: Entity,
    pub(crate) _marker: PhantomData<V>,
}
collection!(UnorderedSet<V>, sys::kind::UNORDERED_SET);

impl<V: Serialize + DeserializeOwned> UnorderedSet<V> {
    /// Adds `value`; true when it was not present.
    pub fn insert(&mut self, value: V) -> bool {
        raw_insert(&self.entity, &codec::encode_key(&value))
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

    /// Every value, ordered by its bytes.
    pub fn values(&self) -> Vec<V> {
        raw_values(&self.entity).into_iter().map(|b| codec::decode_key(&b)).collect()
    }

    /// Number of values (`mero_map_len` accepts set ids).
    pub fn len(&self) -> u64 {
        super::map::raw_len(&self.entity)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub(crate) fn raw_insert(entity: &Entity, bytes: &[u8]) -> bool {
    let id = entity.id();
    unsafe { sys::mero_set_insert(id.as_ptr(), bytes.as_ptr(), bytes.len()) == 1 }
}

pub(crate) fn raw_values(entity: &Entity) -> Vec<Vec<u8>> {
    let id = entity.id();
    unsafe { sys::mero_set_values(id.as_ptr(), registers::SCRATCH) };
    let list = registers::read(registers::SCRATCH).unwrap_or_default();
    codec::split_list(&list).into_iter().map(<[u8]>::to_vec).collect()
}
