/**
 * WASI preview1 as cpp-host provides it to Envoy 1.40, registered under both
 * `wasi_snapshot_preview1` and `wasi_unstable` (§1.2): stdio, environment, clocks, random, and
 * what language runtimes call while starting (Go's `sched_yield`, `poll_oneoff`,
 * `fd_fdstat_set_flags`). The file and socket stubs are in wasi-files.ts.
 */
import { LogLevel } from "../abi/enums.ts";
import { hostFn, type ImportArea } from "./registry.ts";
import { Errno } from "./wasi-errno.ts";
import { gatherIovecs, logStdio } from "./wasi-files.ts";

/** random_get refuses requests above this many bytes. */
const MAX_RANDOM = 65536;

export const wasiArea: ImportArea = {
  module: "wasi",
  create: (vm) => {
    const env = () => Object.entries(vm.environment).map(([k, v]) => new TextEncoder().encode(`${k}=${v}\0`));
    return {
      /** fd 1 logs at info, fd 2 at error, one trailing newline stripped; other fds: BADF. */
      fd_write: hostFn("iiii:i", (fd: number, iovs: number, iovsLen: number, outWritten: number) => {
        if (fd !== 1 && fd !== 2) return Errno.Badf;
        const bytes = gatherIovecs(vm, iovs, iovsLen);
        if (bytes === undefined || !vm.memory.writeU32(outWritten, bytes.length)) return Errno.Fault;
        logStdio(vm, fd, bytes);
        return Errno.Success;
      }),
      fd_read: hostFn("iiii:i", () => Errno.Nosys),
      /** No flag has an effect on stdout/stderr: ENOSYS, as cpp-host. */
      fd_fdstat_set_flags: hostFn("ii:i", () => Errno.Nosys),
      fd_seek: hostFn("iIii:i", () => Errno.Success),
      fd_close: hostFn("i:i", () => Errno.Success),
      /** Describes fds 1–2 as character devices; others: BADF. */
      fd_fdstat_get: hostFn("ii:i", (fd: number, out: number) => {
        if (fd !== 1 && fd !== 2) return Errno.Badf;
        const stat = new Uint8Array(24);
        stat[0] = 2; // __WASI_FILETYPE_CHARACTER_DEVICE
        return vm.memory.writeBytes(out, stat) ? Errno.Success : Errno.Fault;
      }),
      fd_prestat_get: hostFn("ii:i", () => Errno.Badf),
      fd_prestat_dir_name: hostFn("iii:i", () => Errno.Nosys),
      path_open: hostFn("iiiiiIIii:i", () => Errno.Noent),
      /** Serves `VmConfig.environment_variables` (the `environment` option of loadVm). */
      environ_sizes_get: hostFn("ii:i", (outCount: number, outSize: number) => {
        const vars = env();
        const ok = vm.memory.writeU32(outCount, vars.length) && vm.memory.writeU32(outSize, vars.reduce((n, v) => n + v.length, 0));
        return ok ? Errno.Success : Errno.Fault;
      }),
      environ_get: hostFn("ii:i", (environ: number, buf: number) => {
        let offset = buf >>> 0;
        let i = 0;
        for (const v of env()) {
          if (!vm.memory.writeU32(environ + 4 * i++, offset) || !vm.memory.writeBytes(offset, v)) return Errno.Fault;
          offset += v.length;
        }
        return Errno.Success;
      }),
      args_sizes_get: hostFn("ii:i", (outCount: number, outSize: number) =>
        vm.memory.writeU32(outCount, 0) && vm.memory.writeU32(outSize, 0) ? Errno.Success : Errno.Fault,
      ),
      args_get: hostFn("ii:i", () => Errno.Success),
      /** 0 = realtime (the host clock), 1 = monotonic; anything else ENOTSUP. */
      clock_time_get: hostFn("iIi:i", (id: number, _precision: bigint, out: number) => {
        if (id !== 0 && id !== 1) return Errno.Notsup;
        const now = id === 0 ? vm.host.clock() : vm.host.monotonicNanoseconds();
        return vm.memory.writeU64(out, now) ? Errno.Success : Errno.Fault;
      }),
      /** Resolution 1 ns for realtime (0) and monotonic (1); anything else ENOTSUP. */
      clock_res_get: hostFn("ii:i", (id: number, out: number) => {
        if (id !== 0 && id !== 1) return Errno.Notsup;
        return vm.memory.writeU64(out, 1n) ? Errno.Success : Errno.Fault;
      }),
      /** One thread, nothing to yield to: success. */
      sched_yield: hostFn(":i", () => Errno.Success),
      /** No event polling: writes nevents = 0 and succeeds (Go's runtime needs ESUCCESS). */
      poll_oneoff: hostFn("iiii:i", (_in: number, _out: number, _n: number, outEvents: number) =>
        vm.memory.writeU32(outEvents, 0) ? Errno.Success : Errno.Fault,
      ),
      /** At most 65536 bytes per call, otherwise EINVAL. */
      random_get: hostFn("ii:i", (buf: number, len: number) => {
        len >>>= 0;
        if (len > MAX_RANDOM) return Errno.Inval;
        const bytes = crypto.getRandomValues(new Uint8Array(len));
        return vm.memory.writeBytes(buf, bytes) ? Errno.Success : Errno.Fault;
      }),
      /** Envoy does not trap on proc_exit: it logs and returns. */
      proc_exit: hostFn("i:", (code: number) => {
        vm.log(LogLevel.Error, `wasi proc_exit(${code}) called; Envoy ignores it and returns to the module`);
      }),
    };
  },
};
