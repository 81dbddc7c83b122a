;; The floor: the least any Wasm filter can do for the bench's add-header work (set
;; `x-bench: envoy-as` on every response) under Proxy-Wasm ABI 0.2.1 in Envoy 1.40, written
;; by hand so that no SDK, runtime or allocator stands between Envoy and the one host call.
;; Its cost over no filter is what Envoy itself charges for running a Wasm filter at all;
;; every other variant in `npm run bench` is measured against that extra.
;;
;; It exports only what Envoy needs to load it and run the work:
;;   - the ABI version marker and an allocator (Envoy refuses a module without them);
;;   - the context callbacks: context creation, VM start and configure (accept, nothing to read);
;;   - proxy_on_response_headers, which makes the one host call: proxy_replace_header_map_value
;;     on the response headers (map type 2), as header_mutation's OVERWRITE_IF_EXISTS_OR_ADD does.
;; Every other callback (request headers, bodies, done, log, delete) is absent: Envoy skips a
;; callback the module does not export, so the floor pays for none of them.
;; Assembled by `npm run bench` with binaryen's text parser (src/bench/floor.ts).
(module
  (import "env" "proxy_replace_header_map_value"
    (func $replace_header (param $map_type i32) (param $key i32) (param $key_size i32)
                          (param $value i32) (param $value_size i32) (result i32)))

  (memory (export "memory") 1)

  ;; The header's name and value, read by the host from linear memory.
  (data (i32.const 16) "x-bench")
  (data (i32.const 32) "envoy-as")

  ;; Next free byte for the allocator: everything above the data.
  (global $next (mut i32) (i32.const 1024))

  (func (export "proxy_abi_version_0_2_1"))

  ;; A bump allocator. Envoy calls it only to hand the guest data it asked for (configuration,
  ;; header values, ...); this module asks for none, so it is never called on the request path.
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (local $ptr i32)
    (local $end i32)
    (local.set $ptr (global.get $next))
    ;; 16-byte aligned end of the block.
    (local.set $end (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 15)) (i32.const -16)))
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.lt_s
              (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (i32.shl (memory.size) (i32.const 16))) (i32.const 65535)) (i32.const 16)))
              (i32.const 0))
          (then (return (i32.const 0))))))
    (global.set $next (local.get $end))
    (local.get $ptr))

  (func (export "proxy_on_context_create") (param $context_id i32) (param $parent_id i32))

  (func (export "proxy_on_vm_start") (param $root_id i32) (param $vm_configuration_size i32) (result i32)
    (i32.const 1))

  (func (export "proxy_on_configure") (param $root_id i32) (param $plugin_configuration_size i32) (result i32)
    (i32.const 1))

  ;; Returns 0: Continue.
  (func (export "proxy_on_response_headers") (param $context_id i32) (param $headers i32) (param $end_of_stream i32) (result i32)
    (drop (call $replace_header (i32.const 2) (i32.const 16) (i32.const 7) (i32.const 32) (i32.const 8)))
    (i32.const 0))
)
