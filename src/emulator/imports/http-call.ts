/**
 * HTTP callouts: `proxy_http_call`, validated like Envoy's `Context::httpCall` (negative i32
 * timeout, unknown cluster, or missing `:method`/`:path`/`:authority` give BadArgument and a
 * token of 0). The call is issued by the caller's root context; see ../http-calls.ts.
 */
import { WasmResult } from "../abi/enums.ts";
import { decodePairs } from "../abi/pairs.ts";
import { getHeader, replaceHeader, toPairs } from "../header-map.ts";
import { HostHttpCall } from "../http-calls.ts";
import { hostFn, type ImportArea } from "./registry.ts";

export const httpCallArea: ImportArea = {
  module: "env",
  create: (vm) => ({
    proxy_http_call: hostFn(
      "iiiiiiiiii:i",
      (clusterPtr: number, clusterLen: number, headersPtr: number, headersLen: number, bodyPtr: number, bodyLen: number,
        trailersPtr: number, trailersLen: number, timeoutMs: number, outToken: number) => {
        const cluster = vm.memory.string(clusterPtr, clusterLen);
        const headerBytes = vm.memory.bytes(headersPtr, headersLen);
        const body = vm.memory.bytes(bodyPtr, bodyLen);
        const trailerBytes = vm.memory.bytes(trailersPtr, trailersLen);
        if (cluster === undefined || headerBytes === undefined || body === undefined || trailerBytes === undefined) return WasmResult.InvalidMemoryAccess;
        const refuse = (result: WasmResult) => (vm.memory.writeU32(outToken, 0) ? result : WasmResult.InvalidMemoryAccess);
        const upstreams = vm.host.upstreams;
        if (timeoutMs < 0) return refuse(WasmResult.BadArgument); // ≥ 2^31 as Envoy's signed int
        if (!upstreams.has(cluster)) return refuse(WasmResult.BadArgument);
        const headers = toPairs(decodePairs(headerBytes));
        if ([":method", ":path", ":authority"].some((k) => getHeader(headers, k) === undefined)) return refuse(WasmResult.BadArgument);
        if (body.length) replaceHeader(headers, "content-length", String(body.length));
        const ctx = vm.currentContext;
        const rootId = ctx.rootContextId;
        if (rootId === undefined) return refuse(WasmResult.BadArgument);
        const call = new HostHttpCall(vm, upstreams.nextToken(vm), cluster, headers, body, toPairs(decodePairs(trailerBytes)), timeoutMs, rootId, ctx.id);
        if (!vm.memory.writeU32(outToken, call.token)) return WasmResult.InvalidMemoryAccess;
        upstreams.calls.push(call);
        vm.host.onHttpCall(call);
        return WasmResult.Ok;
      },
    ),
  }),
};
