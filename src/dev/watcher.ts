// Watches a project's hot-reload inputs: every .ts and .json file under assembly/ (filters, SDK,
// lib, new sub-folders included) and asconfig.json.
//
// chokidar, not Node's fs.watch(dir, { recursive: true }): on Linux, Node 20 builds the recursive
// watch from one inotify watch per file, and a save by rename (sed -i, mv, an editor's safe write,
// a formatter, git checkout) replaces the file's inode, so that file's watch is gone and every
// later save of it goes unheard. chokidar watches the directories and re-attaches to a file that
// was replaced, deleted and recreated, or added later.

import { watch, type FSWatcher } from "chokidar";
import { join } from "node:path";
import { batcher } from "./debounce.ts";

/** A running watch: `ready` resolves once the initial scan is done and every change is heard. */
export interface SourceWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface SourceWatchOptions {
  /** Quiet time that ends a burst of events, ms. */
  debounceMs: number;
  /** Called once per burst with the distinct changed paths (absolute) and when the burst began. */
  onChanges(paths: string[], since: number): void;
  /** Called when watching fails (e.g. out of inotify watches). */
  onError(message: string): void;
}

const SOURCE = /\.(ts|json)$/;

/** Starts watching `projectRoot`'s assembly/ and asconfig.json. */
export function watchSources(projectRoot: string, opts: SourceWatchOptions): SourceWatcher {
  const batch = batcher(opts.debounceMs, opts.onChanges);
  const watcher: FSWatcher = watch([join(projectRoot, "assembly"), join(projectRoot, "asconfig.json")], {
    ignoreInitial: true,
    // Skip editor swap/backup files; never a directory (a new sub-folder must be watched).
    ignored: (path, stats) => stats?.isFile() === true && !SOURCE.test(path),
  });
  watcher.on("all", (event, path) => {
    if ((event === "add" || event === "change" || event === "unlink") && SOURCE.test(path)) batch.add(path);
  });
  watcher.on("error", (err) => opts.onError(`watching ${projectRoot}: ${(err as Error).message ?? err}`));
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    ready,
    async close() {
      batch.cancel();
      await watcher.close();
    },
  };
}
