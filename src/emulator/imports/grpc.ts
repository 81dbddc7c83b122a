/**
 * gRPC callouts: `proxy_grpc_call` (12 params), `proxy_grpc_stream` (9), `proxy_grpc_send`,
 * `proxy_grpc_cancel` and `proxy_grpc_close`, against the services a test registered with
 * `host.grpc.register(cluster, …)` (src/emulator/grpc.ts). The close status reaches the guest
 * through `proxy_get_status` (imports/context.ts) from the root context's `status`.
 *
 * Envoy's rules: calls are issued by the caller's root context; tokens are ≡1 mod 4 for calls
 * (from 5) and ≡2 mod 4 for streams (from 6), counted per VM; an unknown cluster gives
 * ParseFailure (docs/abi.md §1.1) and token 0; send needs a stream token (BadArgument otherwise)
 * that is still open (NotFound); cancel/close give NotFound for an unknown token and
 * BadArgument for a non-gRPC one. close cancels a call but only half-closes a stream, which
 * stays until the server closes it too.
 */
import { WasmResult } from "../abi/enums.ts";
import { decodePairs } from "../abi/pairs.ts";
import { GrpcServerCall, GrpcServerStream } from "../grpc.ts";
import { hostFn, type ImportArea } from "./registry.ts";

/** Per-VM token counters and live exchanges. */
class GrpcTokens {
  nextCall = 5;
  nextStream = 6;
  readonly calls = new Map<number, GrpcServerCall>();
  readonly streams = new Map<number, { stream: GrpcServerStream; localClosed: boolean }>();
}

const isCall = (token: number) => (token & 3) === 1;
const isStream = (token: number) => (token & 3) === 2;

export const grpcArea: ImportArea = {
  module: "env",
  create: (vm) => {
    const tokens = new GrpcTokens();

    /** Reads the common arguments; undefined on a bad pointer. */
    const read = (sp: number, sl: number, np: number, nl: number, mp: number, ml: number, mdp: number, mdl: number) => {
      const service = vm.memory.string(sp, sl);
      const serviceName = vm.memory.string(np, nl);
      const method = vm.memory.string(mp, ml);
      const metadata = vm.memory.bytes(mdp, mdl);
      if (service === undefined || serviceName === undefined || method === undefined || metadata === undefined) return undefined;
      return { service, serviceName, method, metadata: decodePairs(metadata) };
    };
    const rootOf = () => vm.currentContext.rootContextId;

    /** Drops exchanges that ended, as Envoy erases them after the final callback. */
    const live = () => {
      for (const [t, c] of tokens.calls) if (c.finalDelivered || c.cancelled) tokens.calls.delete(t);
      for (const [t, s] of tokens.streams) if (s.stream.cancelled || (s.localClosed && s.stream.finalDelivered)) tokens.streams.delete(t);
    };

    return {
      proxy_grpc_call: hostFn("iiiiiiiiiiii:i", (sp: number, sl: number, np: number, nl: number, mp: number, ml: number, mdp: number, mdl: number, msgp: number, msgl: number, timeoutMs: number, outToken: number) => {
        const args = read(sp, sl, np, nl, mp, ml, mdp, mdl);
        const message = vm.memory.bytes(msgp, msgl);
        if (!args || message === undefined) return WasmResult.InvalidMemoryAccess;
        const root = rootOf();
        const service = vm.host.grpc.service(args.service);
        if (!service || root === undefined) {
          vm.memory.writeU32(outToken, 0);
          return WasmResult.ParseFailure;
        }
        const token = tokens.nextCall;
        tokens.nextCall += 4;
        const call = new GrpcServerCall(vm, root, token, args.service, args.serviceName, args.method, args.metadata, message, timeoutMs >>> 0);
        tokens.calls.set(token, call);
        vm.host.grpc.calls.push(call);
        if (!vm.memory.writeU32(outToken, token)) return WasmResult.InvalidMemoryAccess;
        if (!service.unary) call.fail(12, "unimplemented");
        else {
          const reply = service.unary(call);
          if (reply !== undefined) call.answer(reply);
        }
        return WasmResult.Ok;
      }),

      proxy_grpc_stream: hostFn("iiiiiiiii:i", (sp: number, sl: number, np: number, nl: number, mp: number, ml: number, mdp: number, mdl: number, outToken: number) => {
        const args = read(sp, sl, np, nl, mp, ml, mdp, mdl);
        if (!args) return WasmResult.InvalidMemoryAccess;
        const root = rootOf();
        const service = vm.host.grpc.service(args.service);
        if (!service || root === undefined) {
          vm.memory.writeU32(outToken, 0);
          return WasmResult.ParseFailure;
        }
        const token = tokens.nextStream;
        tokens.nextStream += 4;
        const stream = new GrpcServerStream(vm, root, token, args.service, args.serviceName, args.method, args.metadata);
        tokens.streams.set(token, { stream, localClosed: false });
        vm.host.grpc.streams.push(stream);
        if (!vm.memory.writeU32(outToken, token)) return WasmResult.InvalidMemoryAccess;
        if (service.stream) service.stream(stream);
        else stream.close(12, "unimplemented");
        return WasmResult.Ok;
      }),

      proxy_grpc_send: hostFn("iiii:i", (token: number, ptr: number, len: number, endStream: number) => {
        token >>>= 0;
        if (!isStream(token)) return WasmResult.BadArgument;
        live();
        const entry = tokens.streams.get(token);
        if (!entry) return WasmResult.NotFound;
        const message = vm.memory.bytes(ptr, len);
        if (message === undefined) return WasmResult.InvalidMemoryAccess;
        entry.stream.receive(message, endStream !== 0);
        return WasmResult.Ok;
      }),

      proxy_grpc_cancel: hostFn("i:i", (token: number) => {
        token >>>= 0;
        live();
        if (isCall(token)) {
          const call = tokens.calls.get(token);
          if (!call) return WasmResult.NotFound;
          call.cancelled = true;
          tokens.calls.delete(token);
          return WasmResult.Ok;
        }
        if (isStream(token)) {
          const entry = tokens.streams.get(token);
          if (!entry) return WasmResult.NotFound;
          entry.stream.cancelled = true;
          tokens.streams.delete(token);
          return WasmResult.Ok;
        }
        return WasmResult.BadArgument;
      }),

      proxy_grpc_close: hostFn("i:i", (token: number) => {
        token >>>= 0;
        live();
        if (isCall(token)) {
          const call = tokens.calls.get(token);
          if (!call) return WasmResult.NotFound;
          call.cancelled = true;
          tokens.calls.delete(token);
          return WasmResult.Ok;
        }
        if (isStream(token)) {
          const entry = tokens.streams.get(token);
          if (!entry) return WasmResult.NotFound;
          entry.localClosed = true;
          entry.stream.halfClose();
          if (entry.stream.finalDelivered) tokens.streams.delete(token);
          return WasmResult.Ok;
        }
        return WasmResult.BadArgument;
      }),

    };
  },
};
