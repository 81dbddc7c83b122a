/**
 * The rest of WASI preview1 as cpp-host registers it (and Envoy 1.40 links it): the file,
 * directory and socket calls a module's libc or runtime may import but proxy-wasm never serves.
 * Each answers exactly as cpp-host does: success for harmless calls on stdout/stderr, BADF for
 * other descriptors, ENOTSUP / ENOSYS / ENOTDIR otherwise. Signatures are cpp-host's, including
 * its `path_link` (6 arguments) and `path_symlink` (4 arguments), which differ from the WASI spec:
 * a module declaring the spec's signatures fails to link in Envoy as here.
 */
import { LogLevel } from "../abi/enums.ts";
import type { Vm } from "../vm.ts";
import { hostFn, type ImportArea } from "./registry.ts";
import { Errno } from "./wasi-errno.ts";

/** Success on stdout/stderr, BADF on any other descriptor. */
const stdioOnly = (fd: number) => (fd === 1 || fd === 2 ? Errno.Success : Errno.Badf);

/** Writes a 32-bit zero at `ptr` and returns `errno`, or EFAULT when `ptr` is out of bounds. */
function zeroThen(vm: Vm, ptr: number, errno: number): number {
  return vm.memory.writeU32(ptr, 0) ? errno : Errno.Fault;
}

/** Gathers an iovec list; undefined when any part is out of bounds. */
export function gatherIovecs(vm: Vm, iovs: number, iovsLen: number): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < iovsLen >>> 0; i++) {
    const ptr = vm.memory.u32(iovs + 8 * i);
    const len = vm.memory.u32(iovs + 8 * i + 4);
    const bytes = ptr === undefined || len === undefined ? undefined : vm.memory.bytes(ptr, len);
    if (bytes === undefined) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Logs what the guest wrote to fd 1 (info) or 2 (error), one trailing newline stripped. */
export function logStdio(vm: Vm, fd: number, bytes: Uint8Array): void {
  let text = new TextDecoder().decode(bytes);
  if (text.endsWith("\n")) text = text.slice(0, -1);
  vm.log(fd === 1 ? LogLevel.Info : LogLevel.Error, text);
}

export const wasiFilesArea: ImportArea = {
  module: "wasi",
  create: (vm) => ({
    fd_advise: hostFn("iIIi:i", () => Errno.Success),
    fd_allocate: hostFn("iII:i", stdioOnly),
    fd_datasync: hostFn("i:i", stdioOnly),
    fd_fdstat_set_rights: hostFn("iII:i", stdioOnly),
    fd_filestat_get: hostFn("ii:i", () => Errno.Badf),
    fd_filestat_set_size: hostFn("iI:i", stdioOnly),
    fd_filestat_set_times: hostFn("iIIi:i", stdioOnly),
    fd_pread: hostFn("iiiIi:i", () => Errno.Nosys),
    /** Like fd_write on stdout/stderr (the offset is ignored); BADF elsewhere. */
    fd_pwrite: hostFn("iiiIi:i", (fd: number, iovs: number, iovsLen: number, _offset: bigint, outWritten: number) => {
      if (fd !== 1 && fd !== 2) return Errno.Badf;
      const bytes = gatherIovecs(vm, iovs, iovsLen);
      if (bytes === undefined || !vm.memory.writeU32(outWritten, bytes.length)) return Errno.Fault;
      logStdio(vm, fd, bytes);
      return Errno.Success;
    }),
    fd_readdir: hostFn("iiiIi:i", (_fd: number, _buf: number, _len: number, _cookie: bigint, outRead: number) => zeroThen(vm, outRead, Errno.Notdir)),
    fd_renumber: hostFn("ii:i", (fd: number, to: number) => (stdioOnly(fd) || stdioOnly(to) ? Errno.Badf : Errno.Notsup)),
    fd_sync: hostFn("i:i", stdioOnly),
    fd_tell: hostFn("ii:i", (fd: number, out: number) => {
      if (stdioOnly(fd)) return Errno.Badf;
      return vm.memory.writeU64(out, 0n) ? Errno.Success : Errno.Fault;
    }),
    path_create_directory: hostFn("iii:i", () => Errno.Notsup),
    path_filestat_get: hostFn("iiiii:i", () => Errno.Notsup),
    path_filestat_set_times: hostFn("iiiiIIi:i", () => Errno.Notsup),
    path_link: hostFn("iiiiii:i", () => Errno.Notsup),
    path_readlink: hostFn("iiiiii:i", (_fd: number, _p: number, _pl: number, _buf: number, _bl: number, out: number) => zeroThen(vm, out, Errno.Notsup)),
    path_remove_directory: hostFn("iii:i", () => Errno.Notsup),
    path_rename: hostFn("iiiiii:i", () => Errno.Notsup),
    path_symlink: hostFn("iiii:i", () => Errno.Notsup),
    path_unlink_file: hostFn("iii:i", () => Errno.Notsup),
    sock_accept: hostFn("iii:i", (_fd: number, _flags: number, out: number) => zeroThen(vm, out, Errno.Notsup)),
    sock_recv: hostFn("iiiiii:i", (_fd: number, _d: number, _dl: number, _f: number, outLen: number, outFlags: number) =>
      vm.memory.writeU32(outLen, 0) && vm.memory.writeBytes(outFlags, new Uint8Array(2)) ? Errno.Notsup : Errno.Fault,
    ),
    sock_send: hostFn("iiiii:i", (_fd: number, _d: number, _dl: number, _f: number, out: number) => zeroThen(vm, out, Errno.Notsup)),
    sock_shutdown: hostFn("ii:i", () => Errno.Notsup),
  }),
};
