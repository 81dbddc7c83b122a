// The few protobuf messages of envoy.service.ratelimit.v3.RateLimitService/ShouldRateLimit,
// encoded and decoded by hand with a tiny varint / length-delimited writer and reader.
//
// Why by hand: we need two messages (a request of strings, a response of a few varints and one
// nested message), while a generated protobuf runtime for AssemblyScript would add tens of KB
// to every module, a code generator to the toolchain, and reflection we never use. Unknown
// fields are skipped, so newer servers (quota, dynamic metadata, raw_body, …) still decode.
//
//   RateLimitRequest   { 1: string domain; 2: repeated RateLimitDescriptor descriptors; 3: uint32 hits_addend }
//   RateLimitDescriptor{ 1: repeated Entry entries }  Entry { 1: string key; 2: string value }
//   RateLimitResponse  { 1: Code overall_code; 2: repeated DescriptorStatus statuses; 3: repeated HeaderValue response_headers_to_add }
//   DescriptorStatus   { 1: Code code; 2: RateLimit current_limit; 3: uint32 limit_remaining; 4: Duration duration_until_reset }
//   RateLimit          { 1: uint32 requests_per_unit; 2: Unit unit; 3: string name }
//   Duration           { 1: int64 seconds; 2: int32 nanos }      HeaderValue { 1: key; 2: value }
//   Code: UNKNOWN 0, OK 1, OVER_LIMIT 2.  Unit: SECOND 1, MINUTE 2, HOUR 3, DAY 4, MONTH 5, YEAR 6, WEEK 7.

export const CODE_UNKNOWN: i32 = 0;
export const CODE_OK: i32 = 1;
export const CODE_OVER_LIMIT: i32 = 2;

/** Appends protobuf fields to a growing byte array. */
export class ProtoWriter {
  bytes: Array<u8> = [];

  varint(v: u64): void {
    while (v >= 0x80) { this.bytes.push(<u8>(v & 0x7f | 0x80)); v >>= 7; }
    this.bytes.push(<u8>v);
  }
  tag(field: i32, wire: i32): void { this.varint(<u64>((field << 3) | wire)); }
  uint(field: i32, v: u64): void { this.tag(field, 0); this.varint(v); }
  raw(field: i32, data: ArrayBuffer): void {
    this.tag(field, 2);
    this.varint(<u64>data.byteLength);
    const p = changetype<usize>(data);
    for (let i = 0; i < data.byteLength; i++) this.bytes.push(load<u8>(p + <usize>i));
  }
  string(field: i32, s: string): void { this.raw(field, String.UTF8.encode(s)); }
  message(field: i32, m: ProtoWriter): void { this.raw(field, m.finish()); }
  finish(): ArrayBuffer {
    const out = new ArrayBuffer(this.bytes.length);
    for (let i = 0; i < this.bytes.length; i++) store<u8>(changetype<usize>(out) + <usize>i, unchecked(this.bytes[i]));
    return out;
  }
}

/** Reads protobuf fields from a byte range; `ok` turns false on malformed input (never traps). */
export class ProtoReader {
  pos: i32;
  ok: bool = true;
  field: i32 = 0;
  wire: i32 = 0;
  constructor(public buf: ArrayBuffer, public start: i32 = 0, public end: i32 = -1) {
    this.pos = start;
    if (end < 0) this.end = buf.byteLength;
  }

  /** Advances to the next field; false at the end or on an error. */
  next(): bool {
    if (!this.ok || this.pos >= this.end) return false;
    const key = this.varint();
    if (!this.ok) return false;
    this.field = <i32>(key >> 3);
    this.wire = <i32>(key & 7);
    if (this.field == 0) { this.ok = false; return false; }
    return true;
  }
  varint(): u64 {
    let v: u64 = 0;
    for (let shift: u64 = 0; shift < 64; shift += 7) {
      if (this.pos >= this.end) { this.ok = false; return 0; }
      const b = load<u8>(changetype<usize>(this.buf) + <usize>this.pos);
      this.pos++;
      v |= (<u64>(b & 0x7f)) << shift;
      if (b < 0x80) return v;
    }
    this.ok = false;
    return 0;
  }
  /** A length-delimited field as a sub-reader. */
  sub(): ProtoReader {
    const len = <i32>this.varint();
    if (!this.ok || len < 0 || this.pos + len > this.end) { this.ok = false; return new ProtoReader(this.buf, 0, 0); }
    const r = new ProtoReader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return r;
  }
  string(): string {
    const r = this.sub();
    if (!this.ok) return "";
    return String.UTF8.decodeUnsafe(changetype<usize>(this.buf) + <usize>r.start, <usize>(r.end - r.start));
  }
  skip(): void {
    switch (this.wire) {
      case 0: this.varint(); break;
      case 1: this.pos += 8; break;
      case 2: this.sub(); break;
      case 5: this.pos += 4; break;
      default: this.ok = false;
    }
    if (this.pos > this.end) this.ok = false;
  }
}

/** One descriptor entry sent to the service. */
export class Entry {
  constructor(public key: string, public value: string) {}
}

/** Encodes RateLimitRequest{domain, descriptors, hits_addend = 1}. */
export function encodeRequest(domain: string, descriptors: Array<Array<Entry>>): ArrayBuffer {
  const w = new ProtoWriter();
  w.string(1, domain);
  for (let i = 0; i < descriptors.length; i++) {
    const d = new ProtoWriter();
    const entries = descriptors[i];
    for (let j = 0; j < entries.length; j++) {
      const e = new ProtoWriter();
      e.string(1, entries[j].key);
      e.string(2, entries[j].value);
      d.message(1, e);
    }
    w.message(2, d);
  }
  w.uint(3, 1);
  return w.finish();
}

export class DescriptorStatus {
  code: i32 = CODE_UNKNOWN;
  hasLimit: bool = false;
  requestsPerUnit: u32 = 0;
  unit: i32 = 0;
  limitRemaining: u32 = 0;
  resetSeconds: i64 = 0;
}

export class RateLimitResponse {
  ok: bool = true;
  overallCode: i32 = CODE_UNKNOWN;
  statuses: Array<DescriptorStatus> = [];
  headers: Array<Entry> = [];
}

/** Decodes RateLimitResponse; `ok` false if the bytes are not a valid message. */
export function decodeResponse(buf: ArrayBuffer): RateLimitResponse {
  const out = new RateLimitResponse();
  const r = new ProtoReader(buf);
  while (r.next()) {
    if (r.field == 1 && r.wire == 0) out.overallCode = <i32>r.varint();
    else if (r.field == 2 && r.wire == 2) out.statuses.push(decodeStatus(r.sub(), r));
    else if (r.field == 3 && r.wire == 2) {
      const h = r.sub();
      let k = "", v = "";
      while (h.next()) {
        if (h.field == 1 && h.wire == 2) k = h.string();
        else if (h.field == 2 && h.wire == 2) v = h.string();
        else h.skip();
      }
      if (!h.ok) r.ok = false;
      else out.headers.push(new Entry(k, v));
    } else r.skip();
  }
  out.ok = r.ok;
  return out;
}

function decodeStatus(s: ProtoReader, parent: ProtoReader): DescriptorStatus {
  const d = new DescriptorStatus();
  while (s.next()) {
    if (s.field == 1 && s.wire == 0) d.code = <i32>s.varint();
    else if (s.field == 2 && s.wire == 2) {
      const l = s.sub();
      d.hasLimit = true;
      while (l.next()) {
        if (l.field == 1 && l.wire == 0) d.requestsPerUnit = <u32>l.varint();
        else if (l.field == 2 && l.wire == 0) d.unit = <i32>l.varint();
        else l.skip();
      }
      if (!l.ok) s.ok = false;
    } else if (s.field == 3 && s.wire == 0) d.limitRemaining = <u32>s.varint();
    else if (s.field == 4 && s.wire == 2) {
      const t = s.sub();
      while (t.next()) {
        if (t.field == 1 && t.wire == 0) d.resetSeconds = <i64>t.varint();
        else t.skip();
      }
      if (!t.ok) s.ok = false;
    } else s.skip();
  }
  if (!s.ok) parent.ok = false;
  return d;
}

/** Seconds in a RateLimit unit (0 for unknown). */
export function unitSeconds(unit: i32): i64 {
  switch (unit) {
    case 1: return 1;
    case 2: return 60;
    case 3: return 3600;
    case 4: return 86400;
    case 5: return 2592000;
    case 6: return 31536000;
    case 7: return 604800;
  }
  return 0;
}
