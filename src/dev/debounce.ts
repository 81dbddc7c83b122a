// Collapses a burst of file events into one batch: editors and formatters write a file in several
// steps (temp file, rename, chmod), and `git checkout` touches many files at once.

export interface Batcher<T> {
  /** Adds an item; the batch is handed over once `quietMs` passes without another one. */
  add(item: T): void;
  /** Drops the pending batch without handing it over. */
  cancel(): void;
}

/**
 * Returns a batcher that calls `flush` with the distinct items of each burst and the
 * performance.now() of the burst's first item (so reload times count from the first event).
 */
export function batcher<T>(quietMs: number, flush: (items: T[], since: number) => void): Batcher<T> {
  let pending = new Set<T>();
  let first = 0;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    const items = [...pending];
    const since = first;
    pending = new Set();
    first = 0;
    flush(items, since);
  };
  return {
    add(item) {
      first ||= performance.now();
      pending.add(item);
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, quietMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = new Set();
      first = 0;
    },
  };
}
