// A small regex engine for configuration-time patterns: compiled once, matched per request
// by a Pike VM (Thompson NFA simulation with captures). Matching time is O(input × program)
// whatever the pattern, with a step budget on top (scaled with the input length, bounded), so
// no input can hang a worker. A search that runs out of budget answers UNDECIDED, never "no
// match": each caller decides what an undecided match means for it (filters fail closed).
// Semantics follow JavaScript's RegExp without flags (UTF-16 code units, leftmost-first
// alternation, greedy/lazy quantifiers, captures reset per iteration) for the subset the
// parser accepts. See README.md for the subset.
import { isLineTerminator, isWordChar } from "./charclass";
import { Parser } from "./parser";
import {
  OP_ANY, OP_BOL, OP_CHAR, OP_CHECK, OP_CLASS, OP_EOL, OP_JMP, OP_MARK, OP_MATCH, OP_NWORDB, OP_RESET, OP_SAVE, OP_SPLIT, OP_WORDB, Program,
} from "./program";
import { CharClass } from "./charclass";
import { StringBuilder } from "../../sdk/string-builder";

/** Default floor of the step budget per search (thread visits), whatever the input length. */
export const DEFAULT_STEP_LIMIT: i32 = 200000;
/**
 * Default steps allowed per input position (input code units + 1). The VM visits each
 * instruction at most once per position, so a program of at most this many instructions never
 * runs out of budget on an input up to the ceiling's length: ordinary route patterns
 * (`^/admin/.*$` takes 6 steps a character, `^/admin/(\w|-|\.|/)+$` 16) always decide.
 */
export const DEFAULT_STEPS_PER_CHAR: i32 = 32;
/** Default ceiling of the budget: DEFAULT_STEPS_PER_CHAR for every position of a 64 KiB input. */
export const DEFAULT_MAX_STEPS: i32 = DEFAULT_STEPS_PER_CHAR * 65537;

// ---- Outcome of a search. No outcome is 0, so reading one as a bool is always true and can
// never pass for "no match": callers compare with these constants.
/** The pattern matches; `slots` hold the match. */
export const MATCH: i32 = 1;
/** The pattern does not match anywhere. */
export const NO_MATCH: i32 = 2;
/** The search ran out of its step budget: whether the pattern matches is unknown. */
export const UNDECIDED: i32 = 3;

/** Result of Regex.compile: the regex, or an error message and its offset in the pattern. */
export class RegexCompileResult {
  constructor(public regex: Regex | null, public error: string, public offset: i32) {}
  get ok(): bool { return this.regex !== null; }
}

/**
 * The literal every path from `pc` starts with: the run of CHAR instructions reached without a
 * branch (SAVE, MARK and RESET consume nothing and are stepped over). Branches only ever jump
 * back to a SPLIT or forward past a construct that began with one, so no path enters the run
 * in its middle: a match must begin with it.
 */
function literalPrefix(code: Array<i32>, pc: i32): string {
  const out = new StringBuilder();
  const n = code.length / 3;
  while (pc < n) {
    const op = code[pc * 3];
    if (op == OP_CHAR) out.appendCode(code[pc * 3 + 1]);
    else if (op != OP_SAVE && op != OP_MARK && op != OP_RESET) break;
    pc++;
  }
  return out.toString();
}

class ThreadList {
  pcs: StaticArray<i32>;
  caps: StaticArray<i32>;
  count: i32 = 0;
  constructor(size: i32, slots: i32) {
    this.pcs = new StaticArray<i32>(size);
    this.caps = new StaticArray<i32>(size * slots);
  }
}

export class Regex {
  /** Number of capture groups (not counting group 0, the whole match). */
  readonly groupCount: i32;
  /** Start/end of each group after a successful search; -1 when the group did not take part. */
  readonly slots: StaticArray<i32>;
  /** Step budget per search: the floor, whatever the input length. */
  stepLimit: i32 = DEFAULT_STEP_LIMIT;
  /** Steps per input position: a longer input gets a larger budget, up to maxSteps. */
  stepsPerChar: i32 = DEFAULT_STEPS_PER_CHAR;
  /** Ceiling of the length-scaled budget (the floor, stepLimit, still holds). */
  maxSteps: i32 = DEFAULT_MAX_STEPS;
  /** Steps the last search (or replaceAll) took. */
  lastSteps: i32 = 0;

  private code: StaticArray<i32>;
  private classes: StaticArray<CharClass>;
  private nslots: i32;
  private size: i32;
  private anchored: bool;
  /**
   * Code units every match starts with (the leading literal of the program, "" if none): a
   * prefilter that rejects inputs without it before the VM runs.
   */
  private prefix: string;
  private clist: ThreadList;
  private nlist: ThreadList;
  private mark: StaticArray<i32>;
  private cur: StaticArray<i32>;
  private stack: StaticArray<i32>;
  private steps: i32 = 0;
  /**
   * `mark[pc]` holds `stamp + pos` of its last visit. Each search takes a fresh range of
   * stamps above `markBase`, so no search has to clear `mark` (a replaceAll runs one search
   * per match).
   */
  private markBase: i32 = 0;

  private constructor(public readonly pattern: string, program: Program, groups: i32) {
    const nslots = (groups + 1) * 2 + program.loops;
    const size = program.length;
    const src = program.code;
    const code = new StaticArray<i32>(src.length);
    for (let i = 0; i < src.length; i++) unchecked(code[i] = src[i]);
    const classes = new StaticArray<CharClass>(program.classes.length);
    for (let i = 0; i < program.classes.length; i++) unchecked(classes[i] = program.classes[i]);
    this.groupCount = groups;
    this.nslots = nslots;
    this.slots = new StaticArray<i32>((groups + 1) * 2);
    this.code = code;
    this.classes = classes;
    this.size = size;
    // A pattern whose every match starts at ^ only needs one start position.
    const anchored = size > 1 && src[3] == OP_BOL;
    this.anchored = anchored;
    this.prefix = literalPrefix(src, anchored ? 2 : 1);
    this.clist = new ThreadList(size, nslots);
    this.nlist = new ThreadList(size, nslots);
    this.mark = new StaticArray<i32>(size);
    this.cur = new StaticArray<i32>(nslots);
    // Each visit pushes at most (1 + slots) frames of 3 before they are popped.
    this.stack = new StaticArray<i32>((size + 1) * (nslots + 2) * 3);
  }

  /** Compiles `pattern`; never traps: a bad pattern gives an error message. */
  static compile(pattern: string): RegexCompileResult {
    const p = new Parser(pattern);
    const tree = p.parse();
    if (tree === null) return new RegexCompileResult(null, p.error, p.pos);
    const program = new Program((p.groups + 1) * 2);
    program.emit(OP_SAVE, 0);
    program.node(tree);
    program.emit(OP_SAVE, 1);
    program.emit(OP_MATCH);
    if (program.tooLarge) return new RegexCompileResult(null, "pattern too large (repetitions expand to more than 5000 instructions)", 0);
    return new RegexCompileResult(new Regex(pattern, program, p.groups), "", 0);
  }

  /**
   * The step budget of a search over `n` code units: stepsPerChar × (n + 1), at most maxSteps,
   * and never below the floor stepLimit.
   */
  budget(n: i32): i32 {
    let scaled = <i64>this.stepsPerChar * (<i64>n + 1);
    if (scaled > <i64>this.maxSteps) scaled = <i64>this.maxSteps;
    return scaled > <i64>this.stepLimit ? <i32>scaled : this.stepLimit;
  }

  /**
   * Lets inputs up to `n` code units have the full per-character budget (raises maxSteps when
   * needed); called at configure time with a filter's path limit.
   */
  allowInput(n: i32): void {
    const need = <i64>this.stepsPerChar * (<i64>n + 1);
    if (need > <i64>this.maxSteps) this.maxSteps = need > <i64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>need;
  }

  /**
   * Searches `input` from `start` for the leftmost match: MATCH (and `slots` filled), NO_MATCH,
   * or UNDECIDED when the step budget ran out first. ^ and $ refer to the whole input.
   */
  search(input: string, start: i32 = 0): i32 {
    const r = this.run(input, start, this.budget(input.length - start));
    this.lastSteps = this.steps;
    return r;
  }

  /** One search within `limit` steps; `steps` holds the steps it took. */
  private run(input: string, start: i32, limit: i32): i32 {
    const len = input.length;
    this.steps = 0;
    const prefix = this.prefix;
    if (prefix.length) {
      // Every match starts with `prefix`: at 0 when anchored, anywhere from `start` otherwise
      // (so the search may begin at its first occurrence).
      if (this.anchored) {
        if (start > 0 || !input.startsWith(prefix)) return NO_MATCH;
      } else {
        const at = input.indexOf(prefix, start);
        if (at < 0) return NO_MATCH;
        start = at;
      }
    }
    let clist = this.clist, nlist = this.nlist;
    clist.count = 0;
    let matched = false;
    const slots = this.slots;
    const nslots = this.nslots;
    const mark = this.mark;
    if (this.markBase > i32.MAX_VALUE - 2 * (len + 2)) {
      for (let i = 0; i < this.size; i++) unchecked(mark[i] = 0);
      this.markBase = 0;
    }
    const stamp = this.markBase + 1; // marks of this search: stamp + pos, above every earlier one
    this.markBase = stamp + len + 1;
    for (let pos = start; pos <= len; pos++) {
      if (!matched && (!this.anchored || pos == 0)) {
        const cur = this.cur;
        for (let i = 0; i < nslots; i++) unchecked(cur[i] = -1);
        this.add(clist, 0, pos, stamp, input);
      }
      if (clist.count == 0) {
        if (matched || this.anchored) break;
        continue;
      }
      if (this.steps > limit) return UNDECIDED;
      nlist.count = 0;
      const c = pos < len ? <i32>input.charCodeAt(pos) : -1;
      for (let t = 0; t < clist.count; t++) {
        const pc = unchecked(clist.pcs[t]);
        const op = unchecked(this.code[pc * 3]);
        let ok = false;
        if (op == OP_MATCH) {
          matched = true;
          const base = t * nslots;
          for (let i = 0; i < slots.length; i++) unchecked(slots[i] = clist.caps[base + i]);
          break; // lower-priority threads are cut
        } else if (c >= 0) {
          if (op == OP_CHAR) ok = c == unchecked(this.code[pc * 3 + 1]);
          else if (op == OP_ANY) ok = !isLineTerminator(c);
          else if (op == OP_CLASS) ok = unchecked(this.classes[unchecked(this.code[pc * 3 + 1])]).matches(c);
        }
        if (ok) {
          const cur = this.cur;
          const base = t * nslots;
          for (let i = 0; i < nslots; i++) unchecked(cur[i] = clist.caps[base + i]);
          this.add(nlist, pc + 1, pos + 1, stamp, input);
        }
      }
      const tmp = clist; clist = nlist; nlist = tmp;
    }
    if (this.steps > limit) return UNDECIDED;
    return matched ? MATCH : NO_MATCH;
  }

  /** Follows the non-consuming instructions from `pc0` at `pos`, adding threads to `list` in priority order. */
  private add(list: ThreadList, pc0: i32, pos: i32, stamp: i32, input: string): void {
    const stack = this.stack;
    const code = this.code;
    const cur = this.cur;
    const mark = this.mark;
    let sp = 0;
    // Frame: (kind, x, y). kind 0 = visit pc x; kind 1 = restore slot x to y.
    unchecked(stack[0] = 0); unchecked(stack[1] = pc0); sp = 3;
    while (sp > 0) {
      sp -= 3;
      const kind = unchecked(stack[sp]), x = unchecked(stack[sp + 1]);
      if (kind == 1) { unchecked(cur[x] = stack[sp + 2]); continue; }
      const pc = x;
      if (unchecked(mark[pc]) == stamp + pos) continue;
      unchecked(mark[pc] = stamp + pos);
      this.steps++;
      const op = unchecked(code[pc * 3]);
      const a = unchecked(code[pc * 3 + 1]), b = unchecked(code[pc * 3 + 2]);
      if (op == OP_JMP) {
        unchecked(stack[sp] = 0); unchecked(stack[sp + 1] = a); sp += 3;
      } else if (op == OP_SPLIT) {
        unchecked(stack[sp] = 0); unchecked(stack[sp + 1] = b); sp += 3;
        unchecked(stack[sp] = 0); unchecked(stack[sp + 1] = a); sp += 3;
      } else if (op == OP_SAVE || op == OP_MARK) {
        unchecked(stack[sp] = 1); unchecked(stack[sp + 1] = a); unchecked(stack[sp + 2] = cur[a]); sp += 3;
        unchecked(cur[a] = pos);
        unchecked(stack[sp] = 0); unchecked(stack[sp + 1] = pc + 1); sp += 3;
      } else if (op == OP_RESET) {
        for (let s = a; s <= b; s++) {
          unchecked(stack[sp] = 1); unchecked(stack[sp + 1] = s); unchecked(stack[sp + 2] = cur[s]); sp += 3;
          unchecked(cur[s] = -1);
        }
        unchecked(stack[sp] = 0); unchecked(stack[sp + 1] = pc + 1); sp += 3;
      } else if (op == OP_CHECK) {
        if (unchecked(cur[a]) != pos) { unchecked(stack[sp] = 0); unchecked(stack[sp + 1] = pc + 1); sp += 3; }
      } else if (op == OP_BOL || op == OP_EOL || op == OP_WORDB || op == OP_NWORDB) {
        let ok: bool;
        if (op == OP_BOL) ok = pos == 0;
        else if (op == OP_EOL) ok = pos == input.length;
        else {
          const before = pos > 0 && isWordChar(input.charCodeAt(pos - 1));
          const after = pos < input.length && isWordChar(input.charCodeAt(pos));
          ok = (before != after) == (op == OP_WORDB);
        }
        if (ok) { unchecked(stack[sp] = 0); unchecked(stack[sp + 1] = pc + 1); sp += 3; }
      } else {
        // CHAR, ANY, CLASS, MATCH: a thread waits here.
        const n = list.count++;
        unchecked(list.pcs[n] = pc);
        const base = n * this.nslots;
        for (let i = 0; i < this.nslots; i++) unchecked(list.caps[base + i] = cur[i]);
      }
    }
  }

  /** Start of group `n` after a match, or -1. */
  @inline start(n: i32): i32 { return unchecked(this.slots[n << 1]); }
  /** End of group `n` after a match, or -1. */
  @inline end(n: i32): i32 { return unchecked(this.slots[(n << 1) + 1]); }

  /** Text of group `n` of the last match in `input`, or null if it did not take part. */
  group(input: string, n: i32): string | null {
    if (n < 0 || n > this.groupCount) return null;
    const s = this.start(n);
    return s < 0 ? null : input.substring(s, this.end(n));
  }

  /**
   * Replaces every match in `input` with `substitution`, where \0–\9 stand for groups (as in
   * Envoy's regex_rewrite) and \\ for a backslash; a group that did not take part gives "".
   * Returns `input` itself when nothing matched, and null when the searches ran out of their one
   * shared step budget (the budget of a search over all of `input`): what to replace is unknown,
   * so a partial rewrite is never returned. Output is built in one buffer: linear memory.
   */
  replaceAll(input: string, substitution: string): string | null {
    let out: StringBuilder | null = null;
    let last = 0, pos = 0;
    let left = this.budget(input.length);
    this.lastSteps = 0;
    while (pos <= input.length) {
      const r = this.run(input, pos, left);
      this.lastSteps += this.steps;
      if (r == UNDECIDED) return null;
      if (r == NO_MATCH) break;
      left -= this.steps;
      if (out === null) out = new StringBuilder(input.length + substitution.length);
      const s = this.start(0), e = this.end(0);
      out.appendRange(input, last, s);
      this.expandInto(input, substitution, out);
      last = e;
      pos = e == s ? e + 1 : e;
    }
    if (out === null) return input;
    return out.appendRange(input, last, input.length).toString();
  }

  /** The substitution with \N references filled from the last match. */
  expand(input: string, substitution: string): string {
    if (substitution.indexOf("\\") < 0) return substitution;
    const out = new StringBuilder(substitution.length);
    this.expandInto(input, substitution, out);
    return out.toString();
  }

  /** Appends the substitution with \N references filled from the last match to `out`. */
  private expandInto(input: string, substitution: string, out: StringBuilder): void {
    let from = 0;
    for (let i = 0; i < substitution.length; i++) {
      if (substitution.charCodeAt(i) != 0x5C || i + 1 >= substitution.length) continue;
      const d = substitution.charCodeAt(i + 1);
      if (d >= 0x30 && d <= 0x39) {
        out.appendRange(substitution, from, i);
        const n = d - 0x30;
        if (n <= this.groupCount && this.start(n) >= 0) out.appendRange(input, this.start(n), this.end(n));
        i++;
        from = i + 1;
      } else if (d == 0x5C) {
        out.appendRange(substitution, from, i + 1);
        i++;
        from = i + 1;
      }
    }
    out.appendRange(substitution, from, substitution.length);
  }
}
