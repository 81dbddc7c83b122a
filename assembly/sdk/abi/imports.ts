// Raw Proxy-Wasm ABI v0.2.1 host functions, declared once with their exact signatures.
// Nothing here is public API: the safe wrappers in ../hostcalls/ are. Pointers and sizes are
// usize (i32 on wasm32); every function returns a WasmResult as u32. AssemblyScript only emits
// the imports a module actually calls, so declaring the whole set costs nothing.

// ---- logging, time, timers
@external("env", "proxy_log")
export declare function proxy_log(level: u32, msg: usize, msgLen: usize): u32;
@external("env", "proxy_get_log_level")
export declare function proxy_get_log_level(outLevel: usize): u32;
@external("env", "proxy_get_current_time_nanoseconds")
export declare function proxy_get_current_time_nanoseconds(outTime: usize): u32;
@external("env", "proxy_set_tick_period_milliseconds")
export declare function proxy_set_tick_period_milliseconds(periodMs: u32): u32;

// ---- properties
@external("env", "proxy_get_property")
export declare function proxy_get_property(path: usize, pathLen: usize, outPtr: usize, outLen: usize): u32;
@external("env", "proxy_set_property")
export declare function proxy_set_property(path: usize, pathLen: usize, value: usize, valueLen: usize): u32;

// ---- buffers
@external("env", "proxy_get_buffer_bytes")
export declare function proxy_get_buffer_bytes(type: u32, start: u32, maxLen: u32, outPtr: usize, outLen: usize): u32;
@external("env", "proxy_set_buffer_bytes")
export declare function proxy_set_buffer_bytes(type: u32, start: u32, len: u32, data: usize, dataLen: usize): u32;
@external("env", "proxy_get_buffer_status")
export declare function proxy_get_buffer_status(type: u32, outLen: usize, outFlags: usize): u32;

// ---- header maps
@external("env", "proxy_get_header_map_pairs")
export declare function proxy_get_header_map_pairs(type: u32, outPtr: usize, outLen: usize): u32;
@external("env", "proxy_set_header_map_pairs")
export declare function proxy_set_header_map_pairs(type: u32, data: usize, dataLen: usize): u32;
@external("env", "proxy_get_header_map_value")
export declare function proxy_get_header_map_value(type: u32, key: usize, keyLen: usize, outPtr: usize, outLen: usize): u32;
@external("env", "proxy_add_header_map_value")
export declare function proxy_add_header_map_value(type: u32, key: usize, keyLen: usize, value: usize, valueLen: usize): u32;
@external("env", "proxy_replace_header_map_value")
export declare function proxy_replace_header_map_value(type: u32, key: usize, keyLen: usize, value: usize, valueLen: usize): u32;
@external("env", "proxy_remove_header_map_value")
export declare function proxy_remove_header_map_value(type: u32, key: usize, keyLen: usize): u32;
@external("env", "proxy_get_header_map_size")
export declare function proxy_get_header_map_size(type: u32, outSize: usize): u32;

// ---- stream control
@external("env", "proxy_continue_stream")
export declare function proxy_continue_stream(stream: u32): u32;
@external("env", "proxy_close_stream")
export declare function proxy_close_stream(stream: u32): u32;
@external("env", "proxy_send_local_response")
export declare function proxy_send_local_response(
  status: u32, details: usize, detailsLen: usize, body: usize, bodyLen: usize,
  headers: usize, headersLen: usize, grpcStatus: i32): u32;

// ---- HTTP and gRPC callouts
@external("env", "proxy_http_call")
export declare function proxy_http_call(
  cluster: usize, clusterLen: usize, headers: usize, headersLen: usize, body: usize, bodyLen: usize,
  trailers: usize, trailersLen: usize, timeoutMs: u32, outToken: usize): u32;
@external("env", "proxy_grpc_call")
export declare function proxy_grpc_call(
  service: usize, serviceLen: usize, serviceName: usize, serviceNameLen: usize, method: usize, methodLen: usize,
  metadata: usize, metadataLen: usize, message: usize, messageLen: usize, timeoutMs: u32, outToken: usize): u32;
@external("env", "proxy_grpc_stream")
export declare function proxy_grpc_stream(
  service: usize, serviceLen: usize, serviceName: usize, serviceNameLen: usize, method: usize, methodLen: usize,
  metadata: usize, metadataLen: usize, outToken: usize): u32;
@external("env", "proxy_grpc_send")
export declare function proxy_grpc_send(token: u32, message: usize, messageLen: usize, endStream: u32): u32;
@external("env", "proxy_grpc_cancel")
export declare function proxy_grpc_cancel(token: u32): u32;
@external("env", "proxy_grpc_close")
export declare function proxy_grpc_close(token: u32): u32;
@external("env", "proxy_get_status")
export declare function proxy_get_status(outCode: usize, outMsgPtr: usize, outMsgLen: usize): u32;

// ---- shared data and queues
@external("env", "proxy_get_shared_data")
export declare function proxy_get_shared_data(key: usize, keyLen: usize, outValue: usize, outValueLen: usize, outCas: usize): u32;
@external("env", "proxy_set_shared_data")
export declare function proxy_set_shared_data(key: usize, keyLen: usize, value: usize, valueLen: usize, cas: u32): u32;
@external("env", "proxy_register_shared_queue")
export declare function proxy_register_shared_queue(name: usize, nameLen: usize, outToken: usize): u32;
@external("env", "proxy_resolve_shared_queue")
export declare function proxy_resolve_shared_queue(vmId: usize, vmIdLen: usize, name: usize, nameLen: usize, outToken: usize): u32;
@external("env", "proxy_enqueue_shared_queue")
export declare function proxy_enqueue_shared_queue(token: u32, data: usize, dataLen: usize): u32;
@external("env", "proxy_dequeue_shared_queue")
export declare function proxy_dequeue_shared_queue(token: u32, outPtr: usize, outLen: usize): u32;

// ---- metrics
@external("env", "proxy_define_metric")
export declare function proxy_define_metric(type: u32, name: usize, nameLen: usize, outId: usize): u32;
@external("env", "proxy_increment_metric")
export declare function proxy_increment_metric(id: u32, delta: i64): u32;
@external("env", "proxy_record_metric")
export declare function proxy_record_metric(id: u32, value: u64): u32;
@external("env", "proxy_get_metric")
export declare function proxy_get_metric(id: u32, outValue: usize): u32;

// ---- contexts and foreign functions
@external("env", "proxy_set_effective_context")
export declare function proxy_set_effective_context(contextId: u32): u32;
@external("env", "proxy_done")
export declare function proxy_done(): u32;
@external("env", "proxy_call_foreign_function")
export declare function proxy_call_foreign_function(
  name: usize, nameLen: usize, args: usize, argsLen: usize, outPtr: usize, outLen: usize): u32;

// ---- WASI (the only non-proxy module Envoy links)
@external("wasi_snapshot_preview1", "random_get")
export declare function wasi_random_get(buf: usize, len: usize): u16;
