;; A start function that never returns: instantiation must stop on the instruction budget.
(module (func $forever (loop $l (br $l))) (start $forever))
