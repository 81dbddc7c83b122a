/** Signatures of the guest exports the host knows (§2), checked at load like cpp-host. */
import type { Signature } from "./module-info.ts";

/** ABI versions the emulator runs. */
export type AbiVersion = "0.2.0" | "0.2.1";

/** ABI markers, in the order the host looks for them, with the version each selects. */
export const ABI_MARKERS = [
  ["proxy_abi_version_0_1_0", "0.1.0"],
  ["proxy_abi_version_0_2_0", "0.2.0"],
  ["proxy_abi_version_0_2_1", "0.2.1"],
] as const;

/** Known exports and their expected signatures (0.2.x). */
export const EXPORT_SIGNATURES: Readonly<Record<string, Signature>> = {
  malloc: "i:i",
  proxy_on_memory_allocate: "i:i",
  _initialize: ":",
  _start: ":",
  main: "ii:i",
  __main_void: ":i",
  proxy_on_context_create: "ii:",
  proxy_on_vm_start: "ii:i",
  proxy_on_configure: "ii:i",
  proxy_validate_configuration: "ii:i",
  proxy_on_tick: "i:",
  proxy_on_queue_ready: "ii:",
  proxy_on_foreign_function: "iii:",
  proxy_on_new_connection: "i:i",
  proxy_on_downstream_data: "iii:i",
  proxy_on_upstream_data: "iii:i",
  proxy_on_downstream_connection_close: "ii:",
  proxy_on_upstream_connection_close: "ii:",
  proxy_on_request_headers: "iii:i",
  proxy_on_request_body: "iii:i",
  proxy_on_request_trailers: "ii:i",
  proxy_on_request_metadata: "ii:i",
  proxy_on_response_headers: "iii:i",
  proxy_on_response_body: "iii:i",
  proxy_on_response_trailers: "ii:i",
  proxy_on_response_metadata: "ii:i",
  proxy_on_http_call_response: "iiiii:",
  proxy_on_grpc_receive_initial_metadata: "iii:",
  proxy_on_grpc_receive_trailing_metadata: "iii:",
  proxy_on_grpc_receive: "iii:",
  proxy_on_grpc_close: "iii:",
  proxy_on_done: "i:i",
  proxy_on_log: "i:",
  proxy_on_delete: "i:",
};
