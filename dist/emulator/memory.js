/**
 * Access to a guest's linear memory from host functions.
 *
 * Views are re-created on every access because a call into the guest allocator may grow the
 * memory, which detaches any previously taken `ArrayBuffer`. Out-of-bounds accesses return
 * `undefined`/`false` so host functions can answer InvalidMemoryAccess like cpp-host.
 */
import { WasmResult } from "./abi/enums.js";
const utf8 = new TextDecoder();
export class GuestMemory {
    memory;
    allocate;
    constructor(memory, 
    /** Calls the guest allocator; returns the block address (0 = failure). */
    allocate) {
        this.memory = memory;
        this.allocate = allocate;
    }
    /** Current linear memory size in bytes. */
    get size() {
        return this.memory.buffer.byteLength;
    }
    inBounds(ptr, len) {
        return ptr >= 0 && len >= 0 && ptr + len <= this.memory.buffer.byteLength;
    }
    /** Copies `len` bytes at `ptr` out of guest memory, or undefined if out of bounds. */
    bytes(ptr, len) {
        ptr >>>= 0;
        len >>>= 0;
        if (!this.inBounds(ptr, len))
            return undefined;
        return new Uint8Array(this.memory.buffer, ptr, len).slice();
    }
    /** Reads `len` bytes at `ptr` as UTF-8, or undefined if out of bounds. */
    string(ptr, len) {
        const b = this.bytes(ptr, len);
        return b === undefined ? undefined : utf8.decode(b);
    }
    /** Reads a little-endian u32, or undefined if out of bounds. */
    u32(ptr) {
        ptr >>>= 0;
        if (!this.inBounds(ptr, 4))
            return undefined;
        return new DataView(this.memory.buffer).getUint32(ptr, true);
    }
    /** Writes a little-endian u32; false if out of bounds. */
    writeU32(ptr, value) {
        ptr >>>= 0;
        if (!this.inBounds(ptr, 4))
            return false;
        new DataView(this.memory.buffer).setUint32(ptr, value >>> 0, true);
        return true;
    }
    /** Writes a little-endian u64; false if out of bounds. */
    writeU64(ptr, value) {
        ptr >>>= 0;
        if (!this.inBounds(ptr, 8))
            return false;
        new DataView(this.memory.buffer).setBigUint64(ptr, BigInt.asUintN(64, value), true);
        return true;
    }
    /** Copies bytes into guest memory at `ptr`; false if out of bounds. */
    writeBytes(ptr, data) {
        ptr >>>= 0;
        if (!this.inBounds(ptr, data.length))
            return false;
        new Uint8Array(this.memory.buffer).set(data, ptr);
        return true;
    }
    /**
     * Returns `data` to the guest through a `*_ptr_ptr` / `*_len_ptr` pair: allocates a block with
     * the guest allocator, copies the data in and writes its address and length. Zero-length data
     * writes ptr=0, len=0 without allocating. Allocation failure gives InvalidMemoryAccess.
     */
    writeOutput(ptrPtr, lenPtr, data) {
        let ptr = 0;
        if (data.length > 0) {
            ptr = this.allocate(data.length) >>> 0;
            if (ptr === 0 || !this.writeBytes(ptr, data))
                return WasmResult.InvalidMemoryAccess;
        }
        if (!this.writeU32(ptrPtr, ptr) || !this.writeU32(lenPtr, data.length))
            return WasmResult.InvalidMemoryAccess;
        return WasmResult.Ok;
    }
}
