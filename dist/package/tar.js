// A minimal, deterministic tar writer for one-file layers.
//
// Why by hand: the compat layer holds a single regular file (plugin.wasm). A POSIX ustar header is
// a fixed 512-byte record, so writing it here is ~40 lines, and gives full control over every
// byte (mtime, uid/gid, names) — which is what makes the layer digest reproducible. tar-stream
// would add a dependency for no gain.
//
// Layout: [512-byte header][data padded to 512][1024 zero bytes = end-of-archive].
const BLOCK = 512;
/** Fixed metadata of every entry: same input → same bytes → same digest. */
export const TAR_MTIME = 0; // 1970-01-01; SOURCE_DATE_EPOCH-style callers may pass their own
const MODE = 0o644;
function octal(value, width) {
    // width-1 octal digits, zero-padded, then NUL (the classic, widely accepted form).
    const s = value.toString(8);
    if (s.length > width - 1)
        throw new Error(`tar: ${value} does not fit in a ${width}-byte octal field`);
    return s.padStart(width - 1, "0") + "\0";
}
function header(file) {
    const name = Buffer.from(file.name, "utf8");
    if (name.length === 0 || name.length > 100) {
        throw new Error(`tar: entry name ${JSON.stringify(file.name)} must be 1..100 bytes (no prefix field support)`);
    }
    const h = Buffer.alloc(BLOCK, 0);
    name.copy(h, 0);
    h.write(octal(MODE, 8), 100, "ascii");
    h.write(octal(0, 8), 108, "ascii"); // uid
    h.write(octal(0, 8), 116, "ascii"); // gid
    h.write(octal(file.data.byteLength, 12), 124, "ascii");
    h.write(octal(file.mtime ?? TAR_MTIME, 12), 136, "ascii");
    h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
    h.write("0", 156, "ascii"); // typeflag: regular file
    h.write("ustar\0", 257, "ascii");
    h.write("00", 263, "ascii");
    h.write("root", 265, "ascii"); // uname
    h.write("root", 297, "ascii"); // gname
    let sum = 0;
    for (const b of h)
        sum += b;
    h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
    return h;
}
/** A complete tar archive holding `files`, in the given order. */
export function tar(files) {
    const parts = [];
    for (const f of files) {
        parts.push(header(f), f.data);
        const pad = (BLOCK - (f.data.byteLength % BLOCK)) % BLOCK;
        if (pad)
            parts.push(Buffer.alloc(pad, 0));
    }
    parts.push(Buffer.alloc(2 * BLOCK, 0));
    return Buffer.concat(parts);
}
/** Read back the regular files of a ustar archive (used by tests and `push` sanity checks). */
export function untar(archive) {
    const buf = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
    const out = [];
    let off = 0;
    while (off + BLOCK <= buf.length) {
        const h = buf.subarray(off, off + BLOCK);
        if (h.every((b) => b === 0))
            break;
        const name = h.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
        const size = parseInt(h.subarray(124, 136).toString("ascii").replace(/\0.*$/s, "").trim() || "0", 8);
        const mtime = parseInt(h.subarray(136, 148).toString("ascii").replace(/\0.*$/s, "").trim() || "0", 8);
        const type = String.fromCharCode(h[156]);
        off += BLOCK;
        if (type === "0" || type === "\0")
            out.push({ name, data: buf.subarray(off, off + size), mtime });
        off += Math.ceil(size / BLOCK) * BLOCK;
    }
    return out;
}
