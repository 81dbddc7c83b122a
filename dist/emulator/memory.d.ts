/**
 * Access to a guest's linear memory from host functions.
 *
 * Views are re-created on every access because a call into the guest allocator may grow the
 * memory, which detaches any previously taken `ArrayBuffer`. Out-of-bounds accesses return
 * `undefined`/`false` so host functions can answer InvalidMemoryAccess like cpp-host.
 */
import { WasmResult } from "./abi/enums.ts";
export declare class GuestMemory {
    private readonly memory;
    /** Calls the guest allocator; returns the block address (0 = failure). */
    private readonly allocate;
    constructor(memory: WebAssembly.Memory, 
    /** Calls the guest allocator; returns the block address (0 = failure). */
    allocate: (size: number) => number);
    /** Current linear memory size in bytes. */
    get size(): number;
    private inBounds;
    /** Copies `len` bytes at `ptr` out of guest memory, or undefined if out of bounds. */
    bytes(ptr: number, len: number): Uint8Array | undefined;
    /** Reads `len` bytes at `ptr` as UTF-8, or undefined if out of bounds. */
    string(ptr: number, len: number): string | undefined;
    /** Reads a little-endian u32, or undefined if out of bounds. */
    u32(ptr: number): number | undefined;
    /** Writes a little-endian u32; false if out of bounds. */
    writeU32(ptr: number, value: number): boolean;
    /** Writes a little-endian u64; false if out of bounds. */
    writeU64(ptr: number, value: bigint): boolean;
    /** Copies bytes into guest memory at `ptr`; false if out of bounds. */
    writeBytes(ptr: number, data: Uint8Array): boolean;
    /**
     * Returns `data` to the guest through a `*_ptr_ptr` / `*_len_ptr` pair: allocates a block with
     * the guest allocator, copies the data in and writes its address and length. Zero-length data
     * writes ptr=0, len=0 without allocating. Allocation failure gives InvalidMemoryAccess.
     */
    writeOutput(ptrPtr: number, lenPtr: number, data: Uint8Array): WasmResult;
}
