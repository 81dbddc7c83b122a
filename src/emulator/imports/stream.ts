/** Stream control: `proxy_continue_stream`, `proxy_close_stream`, `proxy_send_local_response`. */
import { WasmResult } from "../abi/enums.ts";
import { decodePairs } from "../abi/pairs.ts";
import { toPairs } from "../header-map.ts";
import { hostFn, type ImportArea } from "./registry.ts";

export const streamArea: ImportArea = {
  module: "env",
  create: (vm) => ({
    /** Resumes a stopped direction after the current callback returns. */
    proxy_continue_stream: hostFn("i:i", (type: number) => vm.currentContext.continueStream(type >>> 0), ["0.2.0", "0.2.1"]),
    /** Resets the stream (HTTP) or closes the connection (TCP). */
    proxy_close_stream: hostFn("i:i", (type: number) => vm.currentContext.closeStream(type >>> 0), ["0.2.0", "0.2.1"]),
    /**
     * Records a local reply that the stream sends after the callback returns. Always Ok; from a
     * non-stream context it does nothing. Whitespace in details becomes `_`; grpc_status outside
     * 0–16 means none.
     */
    proxy_send_local_response: hostFn(
      "iiiiiiii:i",
      (status: number, detailsPtr: number, detailsLen: number, bodyPtr: number, bodyLen: number, headersPtr: number, headersLen: number, grpcStatus: number) => {
        const details = vm.memory.string(detailsPtr, detailsLen);
        const body = vm.memory.bytes(bodyPtr, bodyLen);
        const headers = vm.memory.bytes(headersPtr, headersLen);
        if (details === undefined || body === undefined || headers === undefined) return WasmResult.InvalidMemoryAccess;
        vm.currentContext.sendLocalResponse({
          status: status >>> 0,
          details: details.replace(/\s/g, "_"),
          body,
          headers: toPairs(decodePairs(headers)),
          grpcStatus: grpcStatus >= 0 && grpcStatus <= 16 ? grpcStatus : undefined,
        });
        return WasmResult.Ok;
      },
    ),
  }),
};
