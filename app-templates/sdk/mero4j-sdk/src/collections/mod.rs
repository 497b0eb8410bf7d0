//! Typed handles on the node's CRDT collections.
//!
//! A handle holds the collection's 32-byte entity id (roots resolve theirs lazily by name on first
//! use); the data stays in the node. Methods that change state take `&mut self`, so an app method
//! with `&self` cannot write through its state's fields.

mod counter;
mod frozen;
mod map;
mod register;
mod set;
mod sorted;
mod text;
mod user;
mod vector;

pub use counter::{GCounter, PNCounter};
pub use frozen::FrozenStorage;
pub use map::UnorderedMap;
pub use register::LwwRegister;
pub use set::UnorderedSet;
pub use sorted::{SortedMap, SortedSet};
pub use text::Text;
pub use user::UserStorage;
pub use vector::Vector;

use crate::sys;
use std::cell::Cell;

/// A CRDT collection type: its host kind, and how to make a handle from a root name or an id.
pub trait Collection: Sized {
    /// The `kind` code of the host ABI.
    const KIND: i32;

    /// Handle on an entity (root or nested).
    fn from_entity(entity: Entity) -> Self;

    /// The root collection `name`, created with this kind on first use.
    fn root(name: &str) -> Self {
        Self::from_entity(Entity::root(Self::KIND, name))
    }
}

/// The identity of one collection: a root name resolved on demand, or a known id.
#[derive(Debug, Clone)]
pub struct Entity {
    kind: i32,
    root_name: Option<String>,
    id: Cell<Option<[u8; 32]>>,
}

impl Entity {
    /// A root collection, looked up with `mero_root` on first use.
    pub fn root(kind: i32, name: &str) -> Self {
        Entity { kind, root_name: Some(name.to_owned()), id: Cell::new(None) }
    }

    /// A collection whose id is known (a nested one).
    pub fn with_id(kind: i32, id: [u8; 32]) -> Self {
        Entity { kind, root_name: None, id: Cell::new(Some(id)) }
    }

    /// The entity id.
    pub fn id(&self) -> [u8; 32] {
        if let Some(id) = self.id.get() {
            return id;
        }
        let name = self.root_name.as_deref().unwrap_or("");
        let mut id = [0u8; 32];
        unsafe { sys::mero_root(self.kind, name.as_ptr(), name.len(), id.as_mut_ptr()) };
        self.id.set(Some(id));
        id
    }

    /// The kind the entity was created with.
    pub fn kind(&self) -> i32 {
        self.kind
    }

    /// The nested collection under `key` of this map-like entity (created on first use).
    pub(crate) fn map_child<C: Collection>(&self, key: &[u8]) -> C {
        let parent = self.id();
        let mut id = [0u8; 32];
        unsafe { sys::mero_map_child(parent.as_ptr(), key.as_ptr(), key.len(), C::KIND, id.as_mut_ptr()) };
        C::from_entity(Entity::with_id(C::KIND, id))
    }

    /// The nested collection at `index` of this vector entity (`index == len` appends one).
    pub(crate) fn vector_child<C: Collection>(&self, index: u64) -> C {
        let parent = self.id();
        let mut id = [0u8; 32];
        unsafe { sys::mero_vector_child(parent.as_ptr(), to_i64(index), C::KIND, id.as_mut_ptr()) };
        C::from_entity(Entity::with_id(C::KIND, id))
    }
}

/// Host counts are `i64`; a negative one is a host bug.
pub(crate) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_else(|_| crate::env::panic_str("host returned a negative count"))
}

pub(crate) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or_else(|_| crate::env::panic_str("index or count larger than i64"))
}

/// Implements [`Collection`] for a handle type `$ty { entity, .. }` with generic parameters.
macro_rules! collection {
    ($ty:ident < $($p:ident),* >, $kind:expr) => {
        impl<$($p),*> $crate::collections::Collection for $ty<$($p),*> {
            const KIND: i32 = $kind;
            fn from_entity(entity: $crate::collections::Entity) -> Self {
                $ty { entity, _marker: ::std::marker::PhantomData }
            }
        }
        impl<$($p),*> ::std::fmt::Debug for $ty<$($p),*> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($ty)).field("entity", &self.entity).finish()
            }
        }
    };
    ($ty:ident, $kind:expr) => {
        impl $crate::collections::Collection for $ty {
            const KIND: i32 = $kind;
            fn from_entity(entity: $crate::collections::Entity) -> Self {
                $ty { entity }
            }
        }
    };
}
pub(crate) use collection;
