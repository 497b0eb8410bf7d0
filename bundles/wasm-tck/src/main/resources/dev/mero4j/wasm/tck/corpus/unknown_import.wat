;; Imports a host function no engine offers.
(module
  (import "env" "no_such_function" (func $missing (param i32) (result i32)))
  (func (export "run") (result i32) (call $missing (i32.const 1))))
