;; Hostile corpus: every export tries to exhaust a resource or trap.
(module
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (memory (export "memory") 1)
  (func $nop)
  (func (export "spin") (loop $l (br $l)))
  (func (export "spin_with_calls") (loop $l (call $nop) (br $l)))
  (func (export "grow_bomb") (loop $l (drop (memory.grow (i32.const 16))) (br $l)))
  (func $down (export "recurse") (param i64) (result i64)
    (i64.add (i64.const 1) (call $down (i64.add (local.get 0) (i64.const 1)))))
  (func (export "huge_return") (call $value_return (i64.const 0) (i64.const 0x7fffffff)))
  (func (export "unreachable") unreachable)
  (func (export "div_zero") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "oob_load") (result i32) (i32.load (i32.const 0x7ffffff0))))
