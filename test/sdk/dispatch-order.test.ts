// The dispatcher routes every callback to its own context however Envoy orders them across
// streams: several contexts created before any of them gets its first callback (HTTP/2, or an
// HTTP/1 connection's next request), callbacks interleaved between streams, streams deleted in
// any order. The SDK keeps one-entry caches in front of its context maps (the last stream and
// root looked up, the newest context created), so this is where a stale cache would show.
// The guest's exports are called directly, in the order a test picks, on the sdk-api fixture
// (build/test/sdk-api.wasm, built by `npm test` before vitest runs); the host functions it
// calls are a small stand-in host below that serves each stream's own headers.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const WASM = resolve(import.meta.dirname, "../../build/test/sdk-api.wasm");
const ROOT = 1;
const REQUEST_HEADERS = 0;
const RESPONSE_HEADERS = 2;

type Fn = (...a: number[]) => number;

/** sdk-api with a host that knows, per context id, its request and response headers. */
function load() {
  const module = new WebAssembly.Module(readFileSync(WASM));
  const headers = new Map<number, Map<number, Map<string, string>>>();
  const logs: string[] = [];
  let current = 0;
  let x: Record<string, Fn> = {};
  const mem = () => new DataView((x.memory as unknown as WebAssembly.Memory).buffer);
  const text = (ptr: number, len: number) => Buffer.from(new Uint8Array((x.memory as unknown as WebAssembly.Memory).buffer, ptr, len)).toString("utf8");
  const map = (type: number) => headers.get(current)?.get(type);
  const env: Record<string, Fn> = {
    proxy_log: (_level, ptr, len) => (logs.push(`${current}: ${text(ptr, len)}`), 0),
    proxy_get_header_map_value: (type, kptr, klen, retPtr, retLen) => {
      const value = map(type)?.get(text(kptr, klen));
      if (value === undefined) return 1; // NotFound
      const bytes = Buffer.from(value);
      const ptr = x.proxy_on_memory_allocate(bytes.length);
      new Uint8Array((x.memory as unknown as WebAssembly.Memory).buffer, ptr, bytes.length).set(bytes);
      mem().setUint32(retPtr, ptr, true);
      mem().setUint32(retLen, bytes.length, true);
      return 0;
    },
    proxy_replace_header_map_value: (type, kptr, klen, vptr, vlen) => (map(type)?.set(text(kptr, klen), text(vptr, vlen)), 0),
    proxy_get_property: () => 1, // NotFound: the module's single root serves any root_id
  };
  const imports: Record<string, Record<string, Fn>> = {};
  for (const imp of WebAssembly.Module.imports(module)) (imports[imp.module] ??= {})[imp.name] = env[imp.name] ?? (() => 0);
  x = new WebAssembly.Instance(module, imports).exports as Record<string, Fn>;
  // Like Envoy, skips a callback the module does not export (the build leaves out those the
  // fixture does not override).
  const on = (id: number, callback: string, ...args: number[]) => {
    current = id;
    return x[callback]?.(id, ...args);
  };
  x._initialize();
  on(ROOT, "proxy_on_context_create", 0);
  on(ROOT, "proxy_on_vm_start", 0);
  on(ROOT, "proxy_on_configure", 0);
  logs.length = 0;
  return {
    logs,
    /** proxy_on_context_create for stream `id`, whose request carries `x-op: op`. */
    create(id: number, op: string) {
      headers.set(id, new Map([[REQUEST_HEADERS, new Map([["x-op", op]])], [RESPONSE_HEADERS, new Map([[":status", "200"]])]]));
      on(id, "proxy_on_context_create", ROOT);
    },
    requestHeaders: (id: number) => on(id, "proxy_on_request_headers", 1, 1),
    responseHeaders: (id: number) => on(id, "proxy_on_response_headers", 1, 1),
    /** proxy_on_log, proxy_on_done, proxy_on_delete for stream `id`, as Envoy ends it. */
    end(id: number) {
      on(id, "proxy_on_log");
      on(id, "proxy_on_done");
      on(id, "proxy_on_delete");
    },
    /** The x-sdk-op the stream's own onResponseHeaders set: the op its onRequestHeaders read. */
    responseOp: (id: number) => headers.get(id)!.get(RESPONSE_HEADERS)!.get("x-sdk-op"),
  };
}

describe("dispatch across interleaved streams", () => {
  it("gives each of several contexts created together its own stream", () => {
    const g = load();
    g.create(2, "a");
    g.create(3, "b");
    g.create(4, "c");
    // First callbacks in another order than creation: the newest first, then the oldest.
    g.requestHeaders(4);
    g.requestHeaders(2);
    g.requestHeaders(3);
    g.responseHeaders(3);
    g.responseHeaders(2);
    g.responseHeaders(4);
    expect([g.responseOp(2), g.responseOp(3), g.responseOp(4)]).toEqual(["a", "b", "c"]);
    g.end(3);
    g.end(2);
    g.end(4);
    expect(g.logs).toEqual([
      "3: sdk-api: log b status 200", "3: sdk-api: deleted 3",
      "2: sdk-api: log a status 200", "2: sdk-api: deleted 2",
      "4: sdk-api: log c status 200", "4: sdk-api: deleted 4",
    ]);
  });

  it("interleaves one stream's callbacks with another's creation and end", () => {
    const g = load();
    g.create(2, "first");
    g.requestHeaders(2);
    g.create(3, "second");
    g.responseHeaders(2);
    g.requestHeaders(3);
    g.end(2);
    g.responseHeaders(3);
    g.create(4, "third");
    g.end(3);
    g.requestHeaders(4);
    g.responseHeaders(4);
    g.end(4);
    expect([g.responseOp(2), g.responseOp(3), g.responseOp(4)]).toEqual(["first", "second", "third"]);
    expect(g.logs).toEqual([
      "2: sdk-api: log first status 200", "2: sdk-api: deleted 2",
      "3: sdk-api: log second status 200", "3: sdk-api: deleted 3",
      "4: sdk-api: log third status 200", "4: sdk-api: deleted 4",
    ]);
  });

  it("keeps apart streams alive at once whose ids share a slot of the stream table", () => {
    // The table is direct-mapped on the id's low bits (64 slots): 2, 66 and 130 collide, and
    // the later ones live behind it in a map while 2 holds the slot.
    const g = load();
    g.create(2, "low");
    g.requestHeaders(2);
    g.create(66, "mid");
    g.requestHeaders(66);
    g.create(130, "high");
    g.requestHeaders(130);
    g.responseHeaders(66);
    g.end(2); // frees the slot while 66 and 130 are still alive
    g.create(194, "next");
    g.requestHeaders(194); // takes the free slot
    g.responseHeaders(130);
    g.responseHeaders(2); // deleted: must not reach any of the others
    g.responseHeaders(194);
    expect([g.responseOp(66), g.responseOp(130), g.responseOp(194)]).toEqual(["mid", "high", "next"]);
    expect(g.responseOp(2)).toBeUndefined();
    g.end(130);
    g.end(66);
    g.end(194);
    expect(g.logs).toEqual([
      "2: sdk-api: log low status 200", "2: sdk-api: deleted 2",
      "2: callback for unknown stream context 2",
      "130: sdk-api: log high status 200", "130: sdk-api: deleted 130",
      "66: sdk-api: log mid status 200", "66: sdk-api: deleted 66",
      "194: sdk-api: log next status 200", "194: sdk-api: deleted 194",
    ]);
  });

  it("forgets a deleted stream: a later callback for its id reaches no context", () => {
    const g = load();
    g.create(2, "gone");
    g.requestHeaders(2);
    g.end(2);
    g.logs.length = 0;
    // Envoy never does this; the SDK must not hand the deleted context to it either.
    g.responseHeaders(2);
    expect(g.responseOp(2)).toBeUndefined();
    expect(g.logs).toEqual(["2: callback for unknown stream context 2"]);
  });

  it("deletes a context that never got a callback without constructing it", () => {
    const g = load();
    g.create(2, "never");
    g.create(3, "used");
    g.end(2);
    g.requestHeaders(3);
    g.responseHeaders(3);
    g.end(3);
    expect(g.responseOp(3)).toBe("used");
    expect(g.logs).toEqual(["3: sdk-api: log used status 200", "3: sdk-api: deleted 3"]);
    // Context 2 is gone from the pending ones too: a late callback for it reaches nothing.
    g.requestHeaders(2);
    expect(g.logs.at(-1)).toBe("2: callback for unknown stream context 2");
  });
});
