// Header actions (set, append, remove, rename, set_if_absent) on one header map, with values
// rendered from templates. A rendered value with CR, LF or NUL is never sent: the action is
// dropped and a warning logged.
import { HeaderMap } from "envoy-as";
import { isValidHeaderValue } from "envoy-as/sdk/util";
import { RenderContext, Template } from "./template";
import { warn } from "./warn";

export const OP_SET: i32 = 0;
export const OP_APPEND: i32 = 1;
export const OP_REMOVE: i32 = 2;
export const OP_RENAME: i32 = 3;
export const OP_SET_IF_ABSENT: i32 = 4;

export const HEADER_OPS = ["set", "append", "remove", "rename", "set_if_absent"];

export class HeaderAction {
  constructor(
    public op: i32,
    /** Lower-case header name. */
    public name: string,
    /** Lower-case new name (rename). */
    public to: string,
    public value: Template | null,
    /** Field path, for log messages. */
    public where: string,
  ) {}
}

/** Renders a template for a header value; null when the action must be skipped. */
export function renderValue(t: Template, ctx: RenderContext, where: string): string | null {
  const lit = t.literal;
  if (lit !== null) return lit; // checked for CR, LF and NUL at configure time
  const v = t.render(ctx);
  if (v === null) return null;
  if (!isValidHeaderValue(v)) {
    warn("header-rewrite: " + where + ": rendered value contains CR, LF or NUL; action dropped");
    return null;
  }
  return v;
}

/** Applies `actions` to `map` in order. */
export function applyHeaderActions(actions: Array<HeaderAction>, map: HeaderMap, ctx: RenderContext): void {
  for (let i = 0; i < actions.length; i++) {
    const a = unchecked(actions[i]);
    switch (a.op) {
      case OP_REMOVE: map.remove(a.name); break;
      case OP_RENAME: {
        const values = map.getAll(a.name);
        if (values.length == 0) break;
        map.remove(a.name);
        map.remove(a.to);
        for (let k = 0; k < values.length; k++) map.add(a.to, values[k]);
        break;
      }
      case OP_SET_IF_ABSENT: {
        if (map.has(a.name)) break;
        const v = renderValue(a.value!, ctx, a.where);
        if (v !== null) map.set(a.name, v);
        break;
      }
      default: {
        const v = renderValue(a.value!, ctx, a.where);
        if (v === null) break;
        if (a.op == OP_SET) map.set(a.name, v);
        else map.add(a.name, v);
      }
    }
  }
}
