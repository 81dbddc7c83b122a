// HTTP callouts with a callback. Envoy issues every callout from the caller's ROOT context and
// answers on it (proxy_on_http_call_response(root_id, token, …)); the SDK remembers which
// context made each call (callouts.ts); the dispatcher reads the response while the root is
// current, then makes the originating context effective and runs the callback, so a stream
// paused in onRequestHeaders can call out and then resume (resumeRequest) or answer
// (sendLocalResponse).
import { LogLevel, WasmResult } from "./abi/enums";
import { Callout, trackCallout } from "./callouts";
import { Context } from "./context";
import { HttpCallResponse, httpCallRaw, readHttpCallResponse } from "./hostcalls/http-call";
import { logAt } from "./hostcalls/log";
import { HeaderPair } from "./hostcalls/pairs";

/**
 * Runs once when a call's response (or failure) arrives. `origin` is the context that made the
 * call (cast it to your HttpContext / RootContext subclass); it is effective while this runs.
 * AssemblyScript closures cannot capture, so keep per-request state in `origin`'s fields.
 */
export type HttpCallCallback = (origin: Context, response: HttpCallResponse) => void;

/** A dispatched call (or the refusal: `result` not Ok, `token` 0, `message` says why). */
export class HttpCall extends Callout {
  constructor(
    token: u32,
    origin: Context,
    /** Ok if the host accepted the call. */
    public readonly result: WasmResult,
    /** Why the call was refused ("" when accepted). */
    public readonly message: string,
    readonly callback: HttpCallCallback,
  ) {
    super(token, origin);
  }

  /** True if the host accepted the call: its callback runs exactly once, unless the origin ends first. */
  get ok(): bool { return this.result == WasmResult.Ok; }

  /** True: the dispatcher routes proxy_on_http_call_response to it. */
  get isHttpCall(): bool { return true; }

  /** Reads the response while the root is current, then runs the callback with the origin effective. */
  httpCallResponse(headerCount: u32, bodySize: u32, trailerCount: u32): void {
    const response = readHttpCallResponse(headerCount, bodySize, trailerCount);
    this.enter();
    this.callback(this.origin, response);
  }
}

const REQUIRED: StaticArray<string> = [":method", ":path", ":authority"];

function missingRequired(headers: Array<HeaderPair>): string | null {
  for (let r = 0; r < REQUIRED.length; r++) {
    const name = unchecked(REQUIRED[r]);
    let found = false;
    for (let i = 0; i < headers.length; i++) {
      if (unchecked(headers[i]).name == name) { found = true; break; }
    }
    if (!found) return name;
  }
  return null;
}

/**
 * Sends an HTTP request to the Envoy cluster `cluster` (a name from the bootstrap's clusters,
 * not a host name). `headers` must include `:method`, `:path` and `:authority`; a non-empty
 * `body` gets a content-length; `timeoutMs` 0 means no timeout (then only the cluster's limits
 * apply). `callback` runs later with `origin` effective.
 *
 * Callable from any stream or root callback after onConfigure. Returns the call; when it is not
 * `ok` the callback never runs and `message` says why: a missing required header (BadArgument,
 * logged, nothing sent) or the host's refusal (BadArgument for an unknown cluster or a timeout
 * of 2^31 ms or more; InternalFailure if Envoy could not start the request).
 */
export function dispatchHttpCallFrom(
  origin: Context, cluster: string, headers: Array<HeaderPair>, body: ArrayBuffer,
  trailers: Array<HeaderPair>, timeoutMs: u32, callback: HttpCallCallback,
): HttpCall {
  const missing = missingRequired(headers);
  if (missing !== null) {
    const message = "dispatchHttpCall to " + cluster + ": missing required header " + missing + " (need :method, :path and :authority)";
    logAt(LogLevel.Error, message);
    return new HttpCall(0, origin, WasmResult.BadArgument, message, callback);
  }
  const started = httpCallRaw(cluster, headers, body, trailers, timeoutMs);
  if (started.result != WasmResult.Ok) {
    const message = "dispatchHttpCall to " + cluster + " refused by the host: WasmResult " + (<i32>started.result).toString() +
      (started.result == WasmResult.BadArgument ? " (unknown cluster, or a timeout of 2^31 ms or more)" : "");
    logAt(LogLevel.Error, message);
    return new HttpCall(0, origin, started.result, message, callback);
  }
  const call = new HttpCall(started.token, origin, WasmResult.Ok, "", callback);
  trackCallout(call);
  return call;
}
