/**
 * The core WASI preview1 set as cpp-host provides it to Envoy, registered under both
 * `wasi_snapshot_preview1` and `wasi_unstable` (§1.2). Newer cpp-host stubs (`poll_oneoff`,
 * `sched_yield`, the rest of preview1) are deliberately absent: modules should import only this
 * set, since the Envoy release decides which others exist.
 */
import { LogLevel } from "../abi/enums.js";
import { hostFn } from "./registry.js";
/** WASI errno values used here. */
export const Errno = { Success: 0, Badf: 8, Fault: 21, Inval: 28, Noent: 44, Nosys: 52, Notsup: 58 };
/** random_get refuses requests above this many bytes. */
const MAX_RANDOM = 65536;
export const wasiArea = {
    module: "wasi",
    create: (vm) => {
        const env = () => Object.entries(vm.environment).map(([k, v]) => new TextEncoder().encode(`${k}=${v}\0`));
        return {
            /** fd 1 logs at info, fd 2 at error, one trailing newline stripped; other fds: BADF. */
            fd_write: hostFn("iiii:i", (fd, iovs, iovsLen, outWritten) => {
                if (fd !== 1 && fd !== 2)
                    return Errno.Badf;
                const chunks = [];
                for (let i = 0; i < iovsLen >>> 0; i++) {
                    const ptr = vm.memory.u32(iovs + 8 * i);
                    const len = vm.memory.u32(iovs + 8 * i + 4);
                    const bytes = ptr === undefined || len === undefined ? undefined : vm.memory.bytes(ptr, len);
                    if (bytes === undefined)
                        return Errno.Fault;
                    chunks.push(bytes);
                }
                const total = chunks.reduce((n, c) => n + c.length, 0);
                if (!vm.memory.writeU32(outWritten, total))
                    return Errno.Fault;
                let text = new TextDecoder().decode(Buffer.concat(chunks));
                if (text.endsWith("\n"))
                    text = text.slice(0, -1);
                vm.log(fd === 1 ? LogLevel.Info : LogLevel.Error, text);
                return Errno.Success;
            }),
            fd_read: hostFn("iiii:i", () => Errno.Nosys),
            fd_seek: hostFn("iIii:i", () => Errno.Success),
            fd_close: hostFn("i:i", () => Errno.Success),
            /** Describes fds 1–2 as character devices; others: BADF. */
            fd_fdstat_get: hostFn("ii:i", (fd, out) => {
                if (fd !== 1 && fd !== 2)
                    return Errno.Badf;
                const stat = new Uint8Array(24);
                stat[0] = 2; // __WASI_FILETYPE_CHARACTER_DEVICE
                return vm.memory.writeBytes(out, stat) ? Errno.Success : Errno.Fault;
            }),
            fd_prestat_get: hostFn("ii:i", () => Errno.Badf),
            fd_prestat_dir_name: hostFn("iii:i", () => Errno.Nosys),
            path_open: hostFn("iiiiiIIii:i", () => Errno.Noent),
            /** Serves `VmConfig.environment_variables` (the `environment` option of loadVm). */
            environ_sizes_get: hostFn("ii:i", (outCount, outSize) => {
                const vars = env();
                const ok = vm.memory.writeU32(outCount, vars.length) && vm.memory.writeU32(outSize, vars.reduce((n, v) => n + v.length, 0));
                return ok ? Errno.Success : Errno.Fault;
            }),
            environ_get: hostFn("ii:i", (environ, buf) => {
                let offset = buf >>> 0;
                let i = 0;
                for (const v of env()) {
                    if (!vm.memory.writeU32(environ + 4 * i++, offset) || !vm.memory.writeBytes(offset, v))
                        return Errno.Fault;
                    offset += v.length;
                }
                return Errno.Success;
            }),
            args_sizes_get: hostFn("ii:i", (outCount, outSize) => vm.memory.writeU32(outCount, 0) && vm.memory.writeU32(outSize, 0) ? Errno.Success : Errno.Fault),
            args_get: hostFn("ii:i", () => Errno.Success),
            /** 0 = realtime (the host clock), 1 = monotonic; anything else ENOTSUP. */
            clock_time_get: hostFn("iIi:i", (id, _precision, out) => {
                if (id !== 0 && id !== 1)
                    return Errno.Notsup;
                const now = id === 0 ? vm.host.clock() : vm.host.monotonicNanoseconds();
                return vm.memory.writeU64(out, now) ? Errno.Success : Errno.Fault;
            }),
            /** At most 65536 bytes per call, otherwise EINVAL. */
            random_get: hostFn("ii:i", (buf, len) => {
                len >>>= 0;
                if (len > MAX_RANDOM)
                    return Errno.Inval;
                const bytes = crypto.getRandomValues(new Uint8Array(len));
                return vm.memory.writeBytes(buf, bytes) ? Errno.Success : Errno.Fault;
            }),
            /** Envoy does not trap on proc_exit: it logs and returns. */
            proc_exit: hostFn("i:", (code) => {
                vm.log(LogLevel.Error, `wasi proc_exit(${code}) called; Envoy ignores it and returns to the module`);
            }),
        };
    },
};
