use super::{collection, Entity};
use crate::{codec, registers, sys};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::marker::PhantomData;

/// Last-writer-wins register holding one `T`.
pub struct LwwRegister<T> {
    pub(crate) entity: Entity,
    pub(crate) _marker: PhantomData<T>,
}
collection!(LwwRegister<T>, sys::kind::LWW_REGISTER);

impl<T: Serialize + DeserializeOwned> LwwRegister<T> {
    /// Replaces the value.
    pub fn set(&mut self, value: T) {
        let id = self.entity.id();
        let bytes = codec::to_json(&value);
        unsafe { sys::mero_register_set(id.as_ptr(), bytes.as_ptr(), bytes.len()) }
    }

    /// The value, or `None` when never set.
    pub fn get(&self) -> Option<T> {
        let id = self.entity.id();
        let found = unsafe { sys::mero_register_get(id.as_ptr(), registers::SCRATCH) };
        registers::read_if(found, registers::SCRATCH).map(|v| codec::from_json(&v))
    }
}
