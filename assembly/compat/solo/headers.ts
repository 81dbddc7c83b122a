// proxy-runtime's header types and `stream_context.headers.<map>.get/add/replace/remove`.
// Values are bytes (ArrayBuffer) in HeaderPair, strings in the manipulators, as there.
import { MapType } from "../../sdk/abi/enums";
import { HeaderMap } from "../../sdk/hostcalls/headers";
import { HeaderPair as SdkPair } from "../../sdk/hostcalls/pairs";

/** One header with raw bytes, as proxy-runtime has it. */
export class HeaderPair {
  constructor(public key: ArrayBuffer, public value: ArrayBuffer) {}
  toString(): string { return String.UTF8.decode(this.key) + ": " + String.UTF8.decode(this.value); }
}

export type Headers = Array<HeaderPair>;

/** A HeaderPair from strings. */
export function makeHeaderPair(key: string, value: string): HeaderPair {
  return new HeaderPair(String.UTF8.encode(key), String.UTF8.encode(value));
}

/** @internal Converts to the SDK's string pairs. */
export function toSdkPairs(headers: Headers): Array<SdkPair> {
  const out = new Array<SdkPair>(headers.length);
  for (let i = 0; i < headers.length; i++) out[i] = new SdkPair(String.UTF8.decode(headers[i].key), String.UTF8.decode(headers[i].value));
  return out;
}

/** @internal Converts from the SDK's string pairs. */
export function fromSdkPairs(pairs: Array<SdkPair>): Headers {
  const out = new Array<HeaderPair>(pairs.length);
  for (let i = 0; i < pairs.length; i++) out[i] = makeHeaderPair(pairs[i].name, pairs[i].value);
  return out;
}

// The response of the HTTP call whose callback runs: Envoy serves it from the root context
// only, and the callback runs with the calling stream effective, so the facade snapshots it.
// @ts-ignore: decorator
@lazy export let callbackHeaders: Array<SdkPair> | null = null;
// @ts-ignore: decorator
@lazy export let callbackTrailers: Array<SdkPair> | null = null;
// @ts-ignore: decorator
@lazy export let callbackBody: ArrayBuffer | null = null;

/** @internal Sets (or clears, with nulls) the snapshot of the running HTTP-call response. */
export function setCallbackResponse(headers: Array<SdkPair> | null, body: ArrayBuffer | null, trailers: Array<SdkPair> | null): void {
  callbackHeaders = headers;
  callbackBody = body;
  callbackTrailers = trailers;
}

/** One header map of the running stream. `get` returns "" when the header is absent. */
export class HeaderStreamManipulator {
  private readonly map: HeaderMap;
  constructor(public readonly type: MapType) { this.map = new HeaderMap(type); }

  private snapshot(): Array<SdkPair> | null {
    if (this.type == MapType.HttpCallResponseHeaders) return callbackHeaders;
    if (this.type == MapType.HttpCallResponseTrailers) return callbackTrailers;
    return null;
  }

  /** The first value of `key`, or "" if absent. */
  get(key: string): string {
    const snap = this.snapshot();
    if (snap !== null) {
      for (let i = 0; i < snap.length; i++) if (snap[i].name == key) return snap[i].value;
      return "";
    }
    const v = this.map.get(key);
    return v === null ? "" : v;
  }
  /** Adds a value (keeps existing ones). */
  add(key: string, value: string): void { this.map.add(key, value); }
  /** Sets `key` to `value`, replacing existing values. */
  replace(key: string, value: string): void { this.map.set(key, value); }
  /** Removes every value of `key`. */
  remove(key: string): void { this.map.remove(key); }
  /** The whole map. */
  get_headers(): Headers {
    const snap = this.snapshot();
    return fromSdkPairs(snap !== null ? snap : this.map.pairs());
  }
  /** Replaces the whole map. */
  set_headers(headers: Headers): void { this.map.setPairs(toSdkPairs(headers)); }
}

export class HeaderStreamContext {
  request: HeaderStreamManipulator = new HeaderStreamManipulator(MapType.HttpRequestHeaders);
  request_trailers: HeaderStreamManipulator = new HeaderStreamManipulator(MapType.HttpRequestTrailers);
  response: HeaderStreamManipulator = new HeaderStreamManipulator(MapType.HttpResponseHeaders);
  response_trailers: HeaderStreamManipulator = new HeaderStreamManipulator(MapType.HttpResponseTrailers);
  http_callback: HeaderStreamManipulator = new HeaderStreamManipulator(MapType.HttpCallResponseHeaders);
  http_callback_trailers: HeaderStreamManipulator = new HeaderStreamManipulator(MapType.HttpCallResponseTrailers);
}

export class StreamContext {
  headers: HeaderStreamContext = new HeaderStreamContext();
}

/** `stream_context.headers.request.get(":path")` and friends. */
export const stream_context = new StreamContext();
