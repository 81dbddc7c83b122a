/** The WASI preview1 errno values the emulated WASI functions return (wasi.ts, wasi-files.ts). */
export const Errno = { Success: 0, Badf: 8, Fault: 21, Inval: 28, Noent: 44, Nosys: 52, Notdir: 54, Notsup: 58 } as const;
