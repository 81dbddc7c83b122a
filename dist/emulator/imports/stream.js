/** Stream control: `proxy_continue_stream`, `proxy_close_stream`, `proxy_send_local_response`. */
import { WasmResult } from "../abi/enums.js";
import { decodePairs } from "../abi/pairs.js";
import { toPairs } from "../header-map.js";
import { hostFn } from "./registry.js";
export const streamArea = {
    module: "env",
    create: (vm) => ({
        /** Resumes a stopped direction after the current callback returns. */
        proxy_continue_stream: hostFn("i:i", (type) => vm.currentContext.continueStream(type >>> 0), ["0.2.0", "0.2.1"]),
        /** Resets the stream (HTTP) or closes the connection (TCP). */
        proxy_close_stream: hostFn("i:i", (type) => vm.currentContext.closeStream(type >>> 0), ["0.2.0", "0.2.1"]),
        /**
         * Records a local reply that the stream sends after the callback returns. Always Ok; from a
         * non-stream context it does nothing. Whitespace in details becomes `_`; grpc_status outside
         * 0–16 means none.
         */
        proxy_send_local_response: hostFn("iiiiiiii:i", (status, detailsPtr, detailsLen, bodyPtr, bodyLen, headersPtr, headersLen, grpcStatus) => {
            const details = vm.memory.string(detailsPtr, detailsLen);
            const body = vm.memory.bytes(bodyPtr, bodyLen);
            const headers = vm.memory.bytes(headersPtr, headersLen);
            if (details === undefined || body === undefined || headers === undefined)
                return WasmResult.InvalidMemoryAccess;
            vm.currentContext.sendLocalResponse({
                status: status >>> 0,
                details: details.replace(/\s/g, "_"),
                body,
                headers: toPairs(decodePairs(headers)),
                grpcStatus: grpcStatus >= 0 && grpcStatus <= 16 ? grpcStatus : undefined,
            });
            return WasmResult.Ok;
        }),
    }),
};
