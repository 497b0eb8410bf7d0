;; Declares 65 MiB of initial memory: over the 64 MiB default cap.
(module (memory 1040))
