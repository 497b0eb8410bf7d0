use super::{collection, to_i64, to_u64, Collection, Entity};
use crate::{codec, registers, sys};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::marker::PhantomData;

/// Growable list of `V`, merged element-wise by index (not a positional CRDT: use [`super::Text`]
/// for collaborative text).
pub struct Vector<V> {
    pub(crate) entity: Entity,
    pub(crate) _marker: PhantomData<V>,
}
collection!(Vector<V>, sys::kind::VECTOR);

impl<V: Serialize + DeserializeOwned> Vector<V> {
    /// Number of elements.
    pub fn len(&self) -> u64 {
        let id = self.entity.id();
        to_u64(unsafe { sys::mero_vector_len(id.as_ptr()) })
    }

    /// Whether the vector is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `index`, or `None` past the end.
    pub fn get(&self, index: u64) -> Option<V> {
        let id = self.entity.id();
        let found = unsafe { sys::mero_vector_get(id.as_ptr(), to_i64(index), registers::SCRATCH) };
        registers::read_if(found, registers::SCRATCH).map(|v| codec::from_json(&v))
    }

    /// Appends `value`.
    pub fn push(&mut self, value: V) {
        let len = self.len();
        self.insert(len, value)
    }

    /// Inserts `value` before `index` (`index == len` appends); past the end traps.
    pub fn insert(&mut self, index: u64, value: V) {
        let id = self.entity.id();
        let bytes = codec::to_json(&value);
        unsafe { sys::mero_vector_insert(id.as_ptr(), to_i64(index), bytes.as_ptr(), bytes.len()) }
    }

    /// Replaces the element at `index`.
    pub fn set(&mut self, index: u64, value: V) {
        let id = self.entity.id();
        let bytes = codec::to_json(&value);
        unsafe { sys::mero_vector_set(id.as_ptr(), to_i64(index), bytes.as_ptr(), bytes.len()) }
    }

    /// Removes the element at `index` and returns it.
    pub fn remove(&mut self, index: u64) -> Option<V> {
        let id = self.entity.id();
        let found = unsafe { sys::mero_vector_remove(id.as_ptr(), to_i64(index), registers::SCRATCH) };
        registers::read_if(found, registers::SCRATCH).map(|v| codec::from_json(&v))
    }

    /// Removes and returns the last element.
    pub fn pop(&mut self) -> Option<V> {
        match self.len() {
            0 => None,
            len => self.remove(len - 1),
        }
    }

    /// Every element in order (one host read per element: ABI v1 has no bulk vector read).
    pub fn to_vec(&self) -> Vec<V> {
        (0..self.len()).filter_map(|i| self.get(i)).collect()
    }

    /// The nested collection at `index` (a vector of maps…); `index == len` appends a new one.
    pub fn child<C: Collection>(&self, index: u64) -> C {
        self.entity.vector_child(index)
    }

    /// The nested map at `index`.
    pub fn child_map<K2, V2>(&self, index: u64) -> super::UnorderedMap<K2, V2> {
        self.child(index)
    }

    /// Appends a new nested collection and returns it.
    pub fn push_child<C: Collection>(&mut self) -> C {
        let len = self.len();
        self.entity.vector_child(len)
    }
}
