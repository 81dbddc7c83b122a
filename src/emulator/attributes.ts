/**
 * Envoy's attribute vocabulary as a tree, and path lookup over it (§4.2–4.3).
 *
 * Inner nodes ({@link AttributeNode}) are Envoy "wrappers" such as `request` or `xds`: reading
 * one gives SerializationFailure. Leaves are {@link PropertyValue}s; maps and lists among them
 * can be indexed by further path segments. Children may be thunks so that values such as
 * `request.headers` reflect the stream's current state.
 */
import { WasmResult } from "./abi/enums.ts";
import { encodePairs, encodeProperty, type Pairs, type PropertyValue, TypedProperty } from "./abi/pairs.ts";

/** A header map attribute: serialized as pairs; a key lookup comma-joins repeated values. */
export class HeaderAttribute {
  constructor(readonly pairs: Pairs) {}
}

/** Anything an attribute slot can hold. */
export type AttributeValue = PropertyValue | AttributeNode | HeaderAttribute | undefined;
/** A slot: a value or a thunk computing it at lookup time. */
export type AttributeSlot = AttributeValue | (() => AttributeValue);

/** An inner (wrapper) node of the attribute tree. */
export class AttributeNode {
  constructor(readonly children: Record<string, AttributeSlot> = {}) {}

  /** Sets a value at a dotted path (`"source.address"`), creating inner nodes as needed. */
  setPath(dottedPath: string, value: PropertyValue): void {
    const segments = dottedPath.split(".");
    let node: AttributeNode = this;
    for (const segment of segments.slice(0, -1)) {
      const child = evaluate(node.children[segment]);
      if (child instanceof AttributeNode) node = child;
      else node = node.children[segment] = new AttributeNode();
    }
    node.children[segments[segments.length - 1]] = value;
  }

  /** Applies every `dotted.path → value` entry of `overrides`. */
  apply(overrides: Record<string, PropertyValue> | undefined): this {
    for (const [path, value] of Object.entries(overrides ?? {})) this.setPath(path, value);
    return this;
  }
}

function evaluate(slot: AttributeSlot): AttributeValue {
  return typeof slot === "function" ? slot() : slot;
}

function isPlainMap(value: unknown): value is Record<string, PropertyValue> {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    !(value instanceof TypedProperty) &&
    !(value instanceof Map) &&
    !Array.isArray(value)
  );
}

/**
 * Looks up a NUL-split path. Returns the serialized value, NotFound for an unknown path, or
 * SerializationFailure for a wrapper node.
 */
export function lookupAttribute(root: AttributeNode, segments: string[]): Uint8Array | WasmResult {
  let current: AttributeValue = root;
  for (const segment of segments) {
    if (current instanceof AttributeNode) current = evaluate(current.children[segment]);
    else if (current instanceof HeaderAttribute) {
      const key = segment.toLowerCase();
      const values = current.pairs.filter(([k]) => k === key).map(([, v]) => v);
      current = values.length ? values.join(",") : undefined;
    } else if (current instanceof Map) current = current.get(segment);
    else if (Array.isArray(current)) current = /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
    else if (isPlainMap(current)) current = Object.hasOwn(current, segment) ? current[segment] : undefined;
    else current = undefined;
    if (current === undefined) return WasmResult.NotFound;
  }
  if (current instanceof AttributeNode) return WasmResult.SerializationFailure;
  if (current instanceof HeaderAttribute) return encodePairs(current.pairs);
  if (current === undefined) return WasmResult.NotFound;
  return encodeProperty(current);
}

/** Splits a raw property path on NUL; a single trailing NUL is tolerated. */
export function splitPropertyPath(path: string): string[] {
  const segments = path.split("\0");
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  return segments;
}

/** The `plugin_*` attributes every context of a plugin (its name, root_id and VM's vm_id) sees. */
export function pluginAttributes(plugin: { readonly name: string; readonly rootId: string; readonly vm: { readonly vmId: string } }): AttributeNode {
  return new AttributeNode({ plugin_name: plugin.name, plugin_root_id: plugin.rootId, plugin_vm_id: plugin.vm.vmId });
}
