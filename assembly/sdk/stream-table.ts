// The dispatcher's table of live HTTP stream contexts by id. Envoy numbers contexts from one
// counter per VM, so the streams alive at once have nearby ids: a direct-mapped array indexed
// by the id's low bits holds almost all of them, found with one load and one compare instead
// of a hash lookup, and a stream's set and delete touch no hash map at all. A stream whose slot
// is taken by another live one (many concurrent streams) goes to the Map behind it.
import { HttpContext } from "./contexts";

/** Slots in the direct-mapped part (a power of two). */
const SLOTS: u32 = 64;

/** Live HTTP contexts by id; the same has/get/set/delete as a Map<u32, HttpContext>. */
export class StreamTable {
  private slots: StaticArray<HttpContext | null> = new StaticArray<HttpContext | null>(SLOTS);
  private overflow: Map<u32, HttpContext> = new Map<u32, HttpContext>();

  /** The context `id`, or null if it is not in the table. */
  find(id: u32): HttpContext | null {
    const s = unchecked(this.slots[id & (SLOTS - 1)]);
    if (s !== null && s.id == id) return s;
    if (this.overflow.size == 0 || !this.overflow.has(id)) return null;
    return this.overflow.get(id);
  }

  /** True if `id` is in the table. */
  has(id: u32): bool { return this.find(id) !== null; }

  /** The context `id`; only after has(id) returned true. */
  get(id: u32): HttpContext { return changetype<HttpContext>(this.find(id)); }

  /** Adds (or replaces) the context `id`. */
  set(id: u32, context: HttpContext): void {
    const i = id & (SLOTS - 1);
    const s = unchecked(this.slots[i]);
    if (s === null || s.id == id) {
      unchecked(this.slots[i] = context);
      if (this.overflow.size != 0) this.overflow.delete(id);
    } else {
      this.overflow.set(id, context);
    }
  }

  /** Removes the context `id` if present. */
  delete(id: u32): void {
    const i = id & (SLOTS - 1);
    const s = unchecked(this.slots[i]);
    if (s !== null && s.id == id) unchecked(this.slots[i] = null);
    else if (this.overflow.size != 0) this.overflow.delete(id);
  }
}
