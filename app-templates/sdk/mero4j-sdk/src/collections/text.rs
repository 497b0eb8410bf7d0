use super::{collection, to_i64, to_u64, Entity};
use crate::{registers, sys};
use std::fmt;

/// Collaborative text (an Rga): positions and lengths count Unicode code points, so an emoji or
/// a CJK character is one position.
pub struct Text {
    pub(crate) entity: Entity,
}
collection!(Text, sys::kind::RGA_TEXT);

impl Text {
    /// Inserts `text` before code point `pos` (`pos == len` appends).
    pub fn insert(&mut self, pos: u64, text: &str) {
        let id = self.entity.id();
        unsafe { sys::mero_text_insert(id.as_ptr(), to_i64(pos), text.as_ptr(), text.len()) }
    }

    /// Appends `text`.
    pub fn push_str(&mut self, text: &str) {
        let len = self.len();
        self.insert(len, text)
    }

    /// Deletes `count` code points starting at `pos`.
    pub fn delete(&mut self, pos: u64, count: u64) {
        let id = self.entity.id();
        unsafe { sys::mero_text_delete(id.as_ptr(), to_i64(pos), to_i64(count)) }
    }

    /// Length in code points.
    pub fn len(&self) -> u64 {
        let id = self.entity.id();
        to_u64(unsafe { sys::mero_text_len(id.as_ptr()) })
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The whole text (`to_string()` reads it from the node).
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.entity.id();
        unsafe { sys::mero_text_read(id.as_ptr(), registers::SCRATCH) };
        let bytes = registers::read(registers::SCRATCH).unwrap_or_default();
        f.write_str(&String::from_utf8_lossy(&bytes))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Text").field("entity", &self.entity).finish()
    }
}
