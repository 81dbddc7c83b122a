// Tree → program for the Pike VM: 3 i32 per instruction (op, a, b). Counted repeats are
// expanded, so the program size is bounded (MAX_PROGRAM) instead of the match time.
import { CharClass } from "./charclass";
import { Node, NodeKind } from "./parser";

export const OP_CHAR: i32 = 0;   // a = code unit
export const OP_ANY: i32 = 1;    // any but a line terminator
export const OP_CLASS: i32 = 2;  // a = class index
export const OP_SPLIT: i32 = 3;  // try a, then b
export const OP_JMP: i32 = 4;    // goto a
export const OP_SAVE: i32 = 5;   // slot a = position
export const OP_RESET: i32 = 6;  // slots a..b = unset (each iteration of a quantified group)
export const OP_BOL: i32 = 7;
export const OP_EOL: i32 = 8;
export const OP_WORDB: i32 = 9;
export const OP_NWORDB: i32 = 10;
export const OP_MATCH: i32 = 11;
export const OP_MARK: i32 = 12;  // hidden slot a = position (an optional iteration starts)
export const OP_CHECK: i32 = 13; // fail if position == hidden slot a (the iteration matched empty)

/** Largest program, in instructions. */
export const MAX_PROGRAM = 5000;

export class Program {
  code: Array<i32> = [];
  classes: Array<CharClass> = [];
  tooLarge: bool = false;
  /** Hidden slots used for the empty-iteration check, numbered after the capture slots. */
  loops: i32 = 0;

  constructor(public captureSlots: i32) {}

  get length(): i32 { return this.code.length / 3; }

  emit(op: i32, a: i32 = 0, b: i32 = 0): i32 {
    const pc = this.length;
    if (pc >= MAX_PROGRAM) { this.tooLarge = true; return pc; }
    this.code.push(op); this.code.push(a); this.code.push(b);
    return pc;
  }

  patch(pc: i32, a: i32, b: i32): void {
    if (pc >= this.length) return;
    this.code[pc * 3 + 1] = a;
    this.code[pc * 3 + 2] = b;
  }

  node(n: Node): void {
    if (this.tooLarge) return;
    switch (n.kind) {
      case NodeKind.Empty: break;
      case NodeKind.Char: this.emit(OP_CHAR, n.ch); break;
      case NodeKind.Any: this.emit(OP_ANY); break;
      case NodeKind.Class: {
        this.classes.push(n.cls!);
        this.emit(OP_CLASS, this.classes.length - 1);
        break;
      }
      case NodeKind.Bol: this.emit(OP_BOL); break;
      case NodeKind.Eol: this.emit(OP_EOL); break;
      case NodeKind.WordB: this.emit(OP_WORDB); break;
      case NodeKind.NotWordB: this.emit(OP_NWORDB); break;
      case NodeKind.Cat: for (let i = 0; i < n.children.length; i++) this.node(n.children[i]); break;
      case NodeKind.Group: {
        if (n.group > 0) this.emit(OP_SAVE, n.group * 2);
        this.node(n.children[0]);
        if (n.group > 0) this.emit(OP_SAVE, n.group * 2 + 1);
        break;
      }
      case NodeKind.Alt: this.alternation(n); break;
      case NodeKind.Repeat: this.repeat(n); break;
    }
  }

  alternation(n: Node): void {
    const jumps = new Array<i32>();
    const last = n.children.length - 1;
    for (let i = 0; i < last; i++) {
      const split = this.emit(OP_SPLIT);
      this.node(n.children[i]);
      jumps.push(this.emit(OP_JMP));
      this.patch(split, split + 1, this.length);
    }
    this.node(n.children[last]);
    for (let i = 0; i < jumps.length; i++) this.patch(jumps[i], this.length, 0);
  }

  /**
   * One iteration: JavaScript clears the captures inside a quantified atom each time, and an
   * iteration beyond the minimum that matches the empty string fails (ES RepeatMatcher).
   */
  iteration(n: Node, optional: bool): void {
    let slot = 0;
    if (optional) {
      slot = this.captureSlots + this.loops++;
      this.emit(OP_MARK, slot);
    }
    if (n.lastGroup >= n.firstGroup) this.emit(OP_RESET, n.firstGroup * 2, n.lastGroup * 2 + 1);
    this.node(n.children[0]);
    if (optional) this.emit(OP_CHECK, slot);
  }

  repeat(n: Node): void {
    for (let i = 0; i < n.min; i++) this.iteration(n, false);
    if (n.max < 0) {
      const split = this.emit(OP_SPLIT);
      this.iteration(n, true);
      this.emit(OP_JMP, split);
      if (n.greedy) this.patch(split, split + 1, this.length);
      else this.patch(split, this.length, split + 1);
      return;
    }
    const splits = new Array<i32>();
    for (let i = n.min; i < n.max; i++) {
      splits.push(this.emit(OP_SPLIT));
      this.iteration(n, true);
    }
    const end = this.length;
    for (let i = 0; i < splits.length; i++) {
      const s = splits[i];
      if (n.greedy) this.patch(s, s + 1, end);
      else this.patch(s, end, s + 1);
    }
  }
}
