/**
 * HTTP callouts (`proxy_http_call`) against emulated Envoy clusters.
 *
 * A test declares clusters on the host (`host.setClusterHandler("auth", handler)` answers each
 * call, `host.addCluster("auth")` leaves calls pending) and answers pending calls with
 * {@link HostHttpCall.respond}, {@link HostHttpCall.reset} or {@link HostHttpCall.timeout}. As in Envoy, the
 * response goes to the calling ROOT context as `proxy_on_http_call_response(root, token,
 * headers, body_size, trailers)`, after the callback that made the call has returned; the
 * response maps (6, 7) and body (4) are readable only during that callback.
 */
import { BufferType, MapType } from "./abi/enums.ts";
import { fromBytes, type Pairs, toBytes } from "./abi/pairs.ts";
import { findContext } from "./context-registry.ts";
import { getHeader, type HeadersInit, toPairs } from "./header-map.ts";
import type { Vm } from "./vm.ts";

/** A response a cluster sends back. */
export interface HttpCallResponseInit {
  /** `:status`; default 200. */
  status?: number;
  headers?: HeadersInit;
  body?: string | Uint8Array;
  trailers?: HeadersInit;
}

/**
 * Answers a call to a cluster: a response, "reset" (failure), "timeout" (Envoy's 504), or
 * undefined to leave it pending for the test to answer later.
 */
export type ClusterHandler = (call: HostHttpCall) => HttpCallResponseInit | "reset" | "timeout" | undefined;

/** Where a call stands. "cancelled": its root context was gone (or the VM failed) when answered. */
export type HttpCallState = "pending" | "responded" | "reset" | "timed-out" | "cancelled";

/** The body of Envoy's router reply when a callout's timeout fires. */
export const TIMEOUT_BODY = "upstream request timeout";

/** One `proxy_http_call` the host accepted (SDK: the HttpCall dispatchHttpCall returned), with its token; tests answer it. */
export class HostHttpCall {
  state: HttpCallState = "pending";

  constructor(
    readonly vm: Vm,
    /** The token the guest got (≡ 0 mod 4, from 4 per VM). */
    readonly token: number,
    readonly cluster: string,
    /** Request headers as sent (keys lower-cased; content-length added for a non-empty body). */
    readonly headers: Pairs,
    readonly body: Uint8Array,
    readonly trailers: Pairs,
    /** The guest's timeout; 0 = none. */
    readonly timeoutMs: number,
    /** The root context that issued the call and receives the response. */
    readonly rootContextId: number,
    /** The context that was current (or effective) when the guest made the call, e.g. a stream. */
    readonly contextId: number,
  ) {}

  /** The request body as UTF-8 text. */
  get bodyText(): string {
    return fromBytes(this.body);
  }

  /** First value of a request header (case-insensitive). */
  header(name: string): string | undefined {
    return getHeader(this.headers, name);
  }

  /** Delivers a response: `:status` first, then the headers, body and trailers. */
  respond(init: HttpCallResponseInit = {}): void {
    const headers: Pairs = [[":status", String(init.status ?? 200)], ...toPairs(init.headers).filter(([k]) => k !== ":status")];
    this.#deliver("responded", headers, toBytes(init.body ?? ""), toPairs(init.trailers));
  }

  /**
   * Fails the call as Envoy does when the stream is reset after the response started (or the
   * response exceeds the buffer limit): `on_http_call_response(root, token, 0, 0, 0)` with
   * `proxy_get_status` giving 11 "reset". Note: Envoy turns a connection failure or reset
   * *before* response headers into an ordinary 503 response instead; send that with respond().
   */
  reset(): void {
    const root = findContext(this.vm, this.rootContextId);
    if (root && this.state === "pending") root.status = { code: 11, message: "reset" };
    this.#deliver("reset", [], new Uint8Array(0), []);
  }

  /** The call's timeout fired: Envoy's router answers 504 "upstream request timeout". */
  timeout(): void {
    const headers: Pairs = [[":status", "504"], ["content-length", String(TIMEOUT_BODY.length)], ["content-type", "text/plain"]];
    this.#deliver("timed-out", headers, toBytes(TIMEOUT_BODY), []);
  }

  #deliver(state: HttpCallState, headers: Pairs, body: Uint8Array, trailers: Pairs): void {
    if (this.state !== "pending") throw new Error(`HTTP call ${this.token} to ${this.cluster} was already ${this.state}`);
    const vm = this.vm;
    const root = findContext(vm, this.rootContextId);
    if (!root || vm.failed) {
      this.state = "cancelled"; // Envoy cancels a deleted context's calls; a failed VM gets nothing
      return;
    }
    this.state = state;
    const data = {
      maps: new Map([[MapType.HttpCallResponseHeaders, headers], [MapType.HttpCallResponseTrailers, trailers]]),
      buffers: new Map([[BufferType.HttpCallResponseBody, body]]),
    };
    try {
      root.withCallbackData(data, () =>
        vm.call("proxy_on_http_call_response", root, [this.rootContextId, this.token, headers.length, body.length, trailers.length]),
      );
    } finally {
      vm.drainDeferred();
    }
  }
}

/** The clusters a host knows and every call made to them. */
export class Upstreams {
  readonly #clusters = new Map<string, ClusterHandler | undefined>();
  readonly #nextToken = new WeakMap<Vm, number>();
  /** Every call accepted so far, in order. */
  readonly calls: HostHttpCall[] = [];

  /** Declares a cluster; with a handler, calls to it are answered by the handler. */
  setCluster(name: string, handler?: ClusterHandler): void {
    this.#clusters.set(name, handler);
  }

  /** Whether `name` is a known cluster (unknown: proxy_http_call gives BadArgument). */
  has(name: string): boolean {
    return this.#clusters.has(name);
  }

  /** The handler of `name`, if any. */
  handler(name: string): ClusterHandler | undefined {
    return this.#clusters.get(name);
  }

  /** The next HTTP-call token of `vm`: 4, 8, 12, … */
  nextToken(vm: Vm): number {
    const token = (this.#nextToken.get(vm) ?? 0) + 4;
    this.#nextToken.set(vm, token);
    return token;
  }

  /** Calls still waiting for an answer. */
  get pending(): HostHttpCall[] {
    return this.calls.filter((c) => c.state === "pending");
  }
}
