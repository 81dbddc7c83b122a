// Regex syntax → tree. The supported subset (documented in README): literals and escapes,
// `.`, classes with ranges and negation, \d \w \s \D \W \S, \b \B, anchors ^ $, groups
// (capturing and (?:…)), alternation, quantifiers * + ? {m} {m,} {m,n}, greedy or lazy.
// Anything else (backreferences, lookaround, named groups, flags) is an error, never a trap.
import { CharClass, ClassBuilder, shorthandRanges } from "./charclass";

export enum NodeKind { Empty, Char, Any, Class, Cat, Alt, Repeat, Group, Bol, Eol, WordB, NotWordB }

export class Node {
  kind: NodeKind;
  ch: i32 = 0;
  cls: CharClass | null = null;
  children: Array<Node> = [];
  min: i32 = 0;
  /** -1 = unbounded. */
  max: i32 = -1;
  greedy: bool = true;
  /** Capture group number (≥1), or 0 for (?:…). */
  group: i32 = 0;
  /** Groups inside this node: firstGroup..lastGroup (lastGroup < firstGroup if none). */
  firstGroup: i32 = 0;
  lastGroup: i32 = -1;
  constructor(kind: NodeKind) { this.kind = kind; }
}

/** Largest count allowed in {m,n}. */
export const MAX_REPEAT = 1000;
/** Most capture groups in one pattern. */
export const MAX_GROUPS = 32;
/** Deepest nesting of groups. */
const MAX_DEPTH = 100;

export class Parser {
  pos: i32 = 0;
  error: string = "";
  groups: i32 = 0;
  constructor(public src: string) {}

  fail(message: string): Node | null {
    if (this.error.length == 0) this.error = message;
    return null;
  }

  get more(): bool { return this.pos < this.src.length; }
  @inline peek(): i32 { return this.pos < this.src.length ? this.src.charCodeAt(this.pos) : -1; }

  parse(): Node | null {
    const n = this.alternation(0);
    if (n === null) return null;
    if (this.more) return this.fail("unbalanced parenthesis: unmatched ')' at offset " + this.pos.toString());
    return n;
  }

  alternation(depth: i32): Node | null {
    if (depth > MAX_DEPTH) return this.fail("nested deeper than " + MAX_DEPTH.toString() + " groups");
    const first = this.sequence(depth);
    if (first === null) return null;
    if (this.peek() != 0x7C) return first;
    const alt = new Node(NodeKind.Alt);
    alt.children.push(first);
    while (this.peek() == 0x7C) {
      this.pos++;
      const next = this.sequence(depth);
      if (next === null) return null;
      alt.children.push(next);
    }
    return alt;
  }

  sequence(depth: i32): Node | null {
    const cat = new Node(NodeKind.Cat);
    while (this.more) {
      const c = this.peek();
      if (c == 0x7C || c == 0x29) break; // | )
      const groupsBefore = this.groups;
      let atom = this.atom(depth);
      if (atom === null) return null;
      atom = this.quantified(atom, groupsBefore);
      if (atom === null) return null;
      cat.children.push(atom);
    }
    if (cat.children.length == 0) return new Node(NodeKind.Empty);
    if (cat.children.length == 1) return cat.children[0];
    return cat;
  }

  /** Parses {m}, {m,} or {m,n} at pos; returns false (pos unchanged) if it is not one. */
  braces(out: StaticArray<i32>): bool {
    const s = this.src;
    let p = this.pos + 1;
    let m = 0, digits = 0;
    while (p < s.length && s.charCodeAt(p) >= 0x30 && s.charCodeAt(p) <= 0x39) { m = min(m * 10 + s.charCodeAt(p) - 0x30, 100000); p++; digits++; }
    if (digits == 0) return false;
    let n = m;
    if (p < s.length && s.charCodeAt(p) == 0x2C) {
      p++;
      n = -1;
      let d2 = 0, v = 0;
      while (p < s.length && s.charCodeAt(p) >= 0x30 && s.charCodeAt(p) <= 0x39) { v = min(v * 10 + s.charCodeAt(p) - 0x30, 100000); p++; d2++; }
      if (d2 > 0) n = v;
    }
    if (p >= s.length || s.charCodeAt(p) != 0x7D) return false;
    out[0] = m; out[1] = n;
    this.pos = p + 1;
    return true;
  }

  quantified(atom: Node, groupsBefore: i32): Node | null {
    const c = this.peek();
    let lo = 0, hi = -1;
    if (c == 0x2A) { this.pos++; }
    else if (c == 0x2B) { this.pos++; lo = 1; }
    else if (c == 0x3F) { this.pos++; hi = 1; }
    else if (c == 0x7B) {
      const mn = new StaticArray<i32>(2);
      if (!this.braces(mn)) return atom; // a literal '{' follows; the next atom takes it
      lo = mn[0]; hi = mn[1];
      if (hi >= 0 && hi < lo) return this.fail("numbers out of order in {} quantifier");
      if (lo > MAX_REPEAT || hi > MAX_REPEAT) return this.fail("repetition count too large (max " + MAX_REPEAT.toString() + ")");
    } else return atom;
    const k = atom.kind;
    if (k == NodeKind.Bol || k == NodeKind.Eol || k == NodeKind.WordB || k == NodeKind.NotWordB) return this.fail("nothing to repeat");
    const rep = new Node(NodeKind.Repeat);
    rep.min = lo; rep.max = hi;
    if (this.peek() == 0x3F) { this.pos++; rep.greedy = false; }
    rep.children.push(atom);
    rep.firstGroup = groupsBefore + 1;
    rep.lastGroup = this.groups;
    const next = this.peek();
    if (next == 0x2A || next == 0x2B || next == 0x3F) return this.fail("nothing to repeat");
    if (next == 0x7B) {
      const save = this.pos;
      const mn = new StaticArray<i32>(2);
      if (this.braces(mn)) return this.fail("nothing to repeat");
      this.pos = save;
    }
    return rep;
  }

  atom(depth: i32): Node | null {
    const c = this.peek();
    this.pos++;
    switch (c) {
      case 0x2E: return new Node(NodeKind.Any);
      case 0x5E: return new Node(NodeKind.Bol);
      case 0x24: return new Node(NodeKind.Eol);
      case 0x5B: return this.charClass();
      case 0x5C: return this.escape();
      case 0x28: return this.group(depth);
      case 0x2A: case 0x2B: case 0x3F: return this.fail("nothing to repeat");
      case 0x7B: {
        this.pos--;
        const mn = new StaticArray<i32>(2);
        if (this.braces(mn)) return this.fail("nothing to repeat");
        this.pos++;
        break;
      }
    }
    const n = new Node(NodeKind.Char);
    n.ch = c;
    return n;
  }

  group(depth: i32): Node | null {
    const g = new Node(NodeKind.Group);
    if (this.peek() == 0x3F) {
      this.pos++;
      const k = this.peek();
      if (k == 0x3A) this.pos++;
      else if (k == 0x3D || k == 0x21) return this.fail("lookahead is not supported");
      else if (k == 0x3C) {
        const k2 = this.pos + 1 < this.src.length ? this.src.charCodeAt(this.pos + 1) : -1;
        return this.fail(k2 == 0x3D || k2 == 0x21 ? "lookbehind is not supported" : "named groups are not supported");
      } else return this.fail("invalid group: '(?' must be followed by ':'");
    } else {
      if (this.groups >= MAX_GROUPS) return this.fail("too many capture groups (max " + MAX_GROUPS.toString() + ")");
      g.group = ++this.groups;
    }
    const inner = this.alternation(depth + 1);
    if (inner === null) return null;
    if (this.peek() != 0x29) return this.fail("unbalanced parenthesis: missing ')'");
    this.pos++;
    g.children.push(inner);
    return g;
  }

  /** One escaped character after '\' (inside or outside a class); -1 with error set if invalid. */
  escapedChar(inClass: bool): i32 {
    if (!this.more) { this.fail("trailing backslash"); return -1; }
    const c = this.src.charCodeAt(this.pos++);
    switch (c) {
      case 0x74: return 0x09; // t
      case 0x6E: return 0x0A; // n
      case 0x72: return 0x0D; // r
      case 0x66: return 0x0C; // f
      case 0x76: return 0x0B; // v
      case 0x30: {            // \0 not followed by a digit
        const d = this.peek();
        if (d >= 0x30 && d <= 0x39) { this.fail("octal escapes are not supported"); return -1; }
        return 0;
      }
      case 0x78: return this.hex(2); // x
      case 0x75: return this.hex(4); // u
      case 0x62: if (inClass) return 0x08; break; // [\b] is backspace
    }
    if (c >= 0x31 && c <= 0x39) { this.fail("backreferences are not supported"); return -1; }
    if ((c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)) {
      this.fail("unsupported escape '\\" + String.fromCharCode(c) + "'");
      return -1;
    }
    return c; // an escaped punctuation character stands for itself
  }

  hex(digits: i32): i32 {
    let v = 0;
    for (let i = 0; i < digits; i++) {
      const c = this.peek();
      let d = -1;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      if (d < 0) { this.fail("invalid hexadecimal escape"); return -1; }
      v = (v << 4) | d;
      this.pos++;
    }
    return v;
  }

  escape(): Node | null {
    const c = this.peek();
    if (c == 0x62) { this.pos++; return new Node(NodeKind.WordB); }
    if (c == 0x42) { this.pos++; return new Node(NodeKind.NotWordB); }
    const ranges = shorthandRanges(c);
    if (ranges !== null) {
      this.pos++;
      const b = new ClassBuilder();
      b.addAll(ranges);
      const n = new Node(NodeKind.Class);
      n.cls = b.build(false);
      return n;
    }
    const ch = this.escapedChar(false);
    if (ch < 0) return null;
    const n = new Node(NodeKind.Char);
    n.ch = ch;
    return n;
  }

  /** A class member: a code unit ≥ 0, -2 for a shorthand (added to `b`), -1 on error. */
  classAtom(b: ClassBuilder): i32 {
    const c = this.src.charCodeAt(this.pos++);
    if (c != 0x5C) return c;
    const ranges = shorthandRanges(this.peek());
    if (ranges !== null) { this.pos++; b.addAll(ranges); return -2; }
    return this.escapedChar(true);
  }

  charClass(): Node | null {
    const b = new ClassBuilder();
    let negate = false;
    if (this.peek() == 0x5E) { negate = true; this.pos++; }
    while (true) {
      if (!this.more) return this.fail("missing ']' to close the character class");
      if (this.peek() == 0x5D) { this.pos++; break; }
      const from = this.classAtom(b);
      if (from == -1) return null;
      if (this.peek() == 0x2D && this.pos + 1 < this.src.length && this.src.charCodeAt(this.pos + 1) != 0x5D) {
        this.pos++; // '-'
        const to = this.classAtom(b);
        if (to == -1) return null;
        if (from == -2 || to == -2) return this.fail("invalid range in character class");
        if (to < from) return this.fail("range out of order in character class");
        b.add(from, to);
      } else if (from >= 0) b.addChar(from);
    }
    const n = new Node(NodeKind.Class);
    n.cls = b.build(negate);
    return n;
  }
}
