/**
 * Reads function signatures of a module's imports and exports straight from the binary.
 *
 * Node's WebAssembly JS API does not expose import/export types (the type-reflection proposal
 * is off by default), but cpp-host checks every signature at load time ("Bad function signature
 * for: X"), so the emulator parses the type, import, function and export sections itself.
 */
const VALTYPES = { 0x7f: "i", 0x7e: "I", 0x7d: "f", 0x7c: "F", 0x7b: "v", 0x70: "r", 0x6f: "r" };
/** Parses the sections of a wasm binary; throws an Error describing the first malformation. */
export function readModuleInfo(bytes) {
    const r = new Reader(bytes);
    if (r.u32le() !== 0x6d736100)
        throw new Error("not a WebAssembly module (bad magic)");
    r.u32le(); // version
    const types = [];
    const imports = [];
    const functionTypes = []; // function index space → type index
    const functionExports = new Map();
    while (!r.done()) {
        const id = r.byte();
        const size = r.leb();
        const end = r.pos + size;
        if (id === 1) {
            for (let n = r.leb(); n > 0; n--) {
                if (r.byte() !== 0x60)
                    throw new Error("unsupported type form in type section");
                const params = r.vec(() => r.valtype()).join("");
                const results = r.vec(() => r.valtype()).join("");
                types.push(`${params}:${results}`);
            }
        }
        else if (id === 2) {
            for (let n = r.leb(); n > 0; n--) {
                const module = r.name();
                const name = r.name();
                const kind = r.byte();
                if (kind === 0) {
                    const type = r.leb();
                    functionTypes.push(type);
                    imports.push({ module, name, kind: "function", signature: types[type] });
                }
                else if (kind === 1) {
                    r.byte();
                    r.limits();
                    imports.push({ module, name, kind: "table" });
                }
                else if (kind === 2) {
                    r.limits();
                    imports.push({ module, name, kind: "memory" });
                }
                else if (kind === 3) {
                    r.valtype();
                    r.byte();
                    imports.push({ module, name, kind: "global" });
                }
                else
                    throw new Error(`unsupported import kind ${kind}`);
            }
        }
        else if (id === 3) {
            for (let n = r.leb(); n > 0; n--)
                functionTypes.push(r.leb());
        }
        else if (id === 7) {
            for (let n = r.leb(); n > 0; n--) {
                const name = r.name();
                const kind = r.byte();
                const index = r.leb();
                if (kind === 0)
                    functionExports.set(name, types[functionTypes[index]] ?? "?");
            }
        }
        r.pos = end;
    }
    return { imports, functionExports };
}
class Reader {
    bytes;
    pos = 0;
    constructor(bytes) {
        this.bytes = bytes;
    }
    done() {
        return this.pos >= this.bytes.length;
    }
    byte() {
        if (this.pos >= this.bytes.length)
            throw new Error("unexpected end of module");
        return this.bytes[this.pos++];
    }
    u32le() {
        let v = 0;
        for (let i = 0; i < 4; i++)
            v |= this.byte() << (8 * i);
        return v >>> 0;
    }
    leb() {
        let result = 0;
        let shift = 0;
        for (;;) {
            const b = this.byte();
            result += (b & 0x7f) * 2 ** shift;
            shift += 7;
            if ((b & 0x80) === 0)
                return result;
        }
    }
    name() {
        const len = this.leb();
        const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + len));
        this.pos += len;
        return s;
    }
    valtype() {
        const t = this.byte();
        const letter = VALTYPES[t];
        if (letter === undefined)
            throw new Error(`unsupported value type 0x${t.toString(16)}`);
        return letter;
    }
    vec(item) {
        const out = [];
        for (let n = this.leb(); n > 0; n--)
            out.push(item());
        return out;
    }
    limits() {
        const flags = this.byte();
        this.leb();
        if (flags & 1)
            this.leb();
    }
}
