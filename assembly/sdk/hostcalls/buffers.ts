// Byte buffers: request/response bodies, TCP data, callout bodies, configurations.
import { proxy_get_buffer_bytes, proxy_get_buffer_status, proxy_set_buffer_bytes } from "../abi/imports";
import { BufferType, WasmResult } from "../abi/enums";
import { OUT_PTR, OUT_LEN, decodeString, takeOutBuffer } from "../abi/memory";

/** All of a buffer: the host clamps start/length to what it holds. */
const WHOLE: u32 = 0xFFFFFFFF;

/** One of the host's buffers, named by its BufferType. */
export class Buffer {
  constructor(public readonly type: BufferType) {}

  /**
   * Up to `maxLength` bytes from `start`, or null if the buffer is unavailable now (e.g. a
   * body outside its stream's callbacks). Out-of-range reads give an empty buffer.
   */
  get(start: u32 = 0, maxLength: u32 = WHOLE): ArrayBuffer | null {
    if (proxy_get_buffer_bytes(<u32>this.type, start, maxLength, OUT_PTR, OUT_LEN) != WasmResult.Ok) return null;
    return takeOutBuffer();
  }

  /** The buffer as UTF-8 text, or null if unavailable. */
  getString(start: u32 = 0, maxLength: u32 = WHOLE): string | null {
    const bytes = this.get(start, maxLength);
    return bytes === null ? null : decodeString(bytes);
  }

  /** Bytes the buffer holds now, or 0 if unavailable. */
  size(): u32 {
    if (proxy_get_buffer_status(<u32>this.type, OUT_PTR, OUT_LEN) != WasmResult.Ok) return 0;
    return load<u32>(OUT_PTR);
  }

  /** Replaces the whole buffer with `data`. */
  set(data: ArrayBuffer): WasmResult {
    return <WasmResult>proxy_set_buffer_bytes(<u32>this.type, 0, WHOLE, changetype<usize>(data), <usize>data.byteLength);
  }

  /** Replaces the whole buffer with the UTF-8 bytes of `text`. */
  setString(text: string): WasmResult {
    const data = String.UTF8.encode(text);
    return this.set(data);
  }

  /** Appends `data` at the end. */
  append(data: ArrayBuffer): WasmResult {
    return <WasmResult>proxy_set_buffer_bytes(<u32>this.type, WHOLE, 0, changetype<usize>(data), <usize>data.byteLength);
  }

  /** Inserts `data` at the start. */
  prepend(data: ArrayBuffer): WasmResult {
    return <WasmResult>proxy_set_buffer_bytes(<u32>this.type, 0, 0, changetype<usize>(data), <usize>data.byteLength);
  }

  /**
   * Replaces the first `length` bytes with `data` (Envoy only edits at the start or appends at
   * the end; other positions give BadArgument).
   */
  replacePrefix(length: u32, data: ArrayBuffer): WasmResult {
    return <WasmResult>proxy_set_buffer_bytes(<u32>this.type, 0, length, changetype<usize>(data), <usize>data.byteLength);
  }
}
