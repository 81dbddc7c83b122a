// The request as every rule sees it: each part is read from the host on first use and kept for
// the rest of the request, so rules that look at the same part cost one host call between them.
import { HeaderPair, request } from "../../sdk";
import { overBytes } from "../limits";
import { normaliseHost } from "./host";

/** The empty header list of a view that reads headers one by one (shared: never written). */
const NO_PAIRS = new Array<HeaderPair>(0);

/** The request parts the rules of a filter look at, read lazily, once per request. */
export class RequestView {
  /** Every request header, when read at once (withAllHeaders); header() then looks here. Replace, never push. */
  pairs: Array<HeaderPair> = NO_PAIRS;
  /** Whether `pairs` holds every request header (else headers are read one by one). */
  allHeaders: bool = false;
  /** Headers read one by one so far (allocated at the first). */
  private names: Array<string> | null = null;
  private values: Array<string | null> | null = null;
  private pathRead: bool = false;
  private pathPresent: bool = false;
  private raw: string = "";
  private bare: string = "";
  private params: string = "";
  private question: bool = false;
  private tooLong: bool = false;
  private hostRead: bool = false;
  private hostName: string = "";

  /** `maxPathBytes`: a longer :path (with its query) is `pathTooLong` (limits.max_path_bytes). */
  constructor(public maxPathBytes: i32 = i32.MAX_VALUE) {}

  /** A view holding every request header, read with one host call (for filters that look at most of them). */
  static withAllHeaders(maxPathBytes: i32 = i32.MAX_VALUE): RequestView {
    const v = new RequestView(maxPathBytes);
    v.pairs = request.headers.pairs();
    v.allHeaders = true;
    return v;
  }

  /** First value of request header `name` (lower-case; pseudo-headers too), or null; read once. */
  header(name: string): string | null {
    if (this.allHeaders) {
      const p = this.pairs;
      for (let i = 0; i < p.length; i++) if (unchecked(p[i]).name == name) return unchecked(p[i]).value;
      return null;
    }
    let names = this.names;
    let values = this.values;
    if (names === null || values === null) {
      names = this.names = new Array<string>();
      values = this.values = new Array<string | null>();
    } else {
      for (let i = 0; i < names.length; i++) if (unchecked(names[i]) == name) return unchecked(values[i]);
    }
    const v = request.headers.get(name);
    names.push(name);
    values.push(v);
    return v;
  }

  /** How many times header `name` occurs (0 or 1 unless the view holds every header). */
  headerCount(name: string): i32 {
    if (!this.allHeaders) return this.header(name) === null ? 0 : 1;
    const p = this.pairs;
    let n = 0;
    for (let i = 0; i < p.length; i++) if (unchecked(p[i]).name == name) n++;
    return n;
  }

  private readPath(): void {
    if (this.pathRead) return;
    this.pathRead = true;
    const raw = this.header(":path");
    if (raw === null) return;
    this.pathPresent = true;
    this.raw = raw;
    this.tooLong = overBytes(raw, this.maxPathBytes);
    const q = raw.indexOf("?");
    this.bare = q < 0 ? raw : raw.substring(0, q);
    this.question = q >= 0;
    this.params = q < 0 ? "" : raw.substring(q + 1);
  }

  /** Whether the request has a :path. */
  get hasPath(): bool { this.readPath(); return this.pathPresent; }
  /** :path as received, with the query ("" if none). */
  get rawPath(): string { this.readPath(); return this.raw; }
  /** Replaces the :path the view reports (after the filter rewrote it); path and query stay as set. */
  set rawPath(value: string) { this.readPath(); this.raw = value; }
  /** :path without the query. */
  get path(): string { this.readPath(); return this.bare; }
  /** The query without '?', "" if none. */
  get query(): string { this.readPath(); return this.params; }
  /** Replaces the query the view reports (after the filter rewrote it). */
  set query(value: string) { this.readPath(); this.params = value; }
  /** Whether the :path has a '?' (the query may still be empty). */
  get hasQuery(): bool { this.readPath(); return this.question; }
  /** The :path (with its query) is over maxPathBytes: path conditions are undecided. */
  get pathTooLong(): bool { this.readPath(); return this.tooLong; }

  /** :method, "" if none. */
  get method(): string {
    const m = this.header(":method");
    return m === null ? "" : m;
  }

  /** :authority as received, "" if none. */
  get authority(): string {
    const a = this.header(":authority");
    return a === null ? "" : a;
  }

  /** :authority lower-cased, without its port (normaliseHost), as host conditions compare it. */
  get host(): string {
    if (!this.hostRead) {
      this.hostRead = true;
      this.hostName = normaliseHost(this.authority);
    }
    return this.hostName;
  }
}
