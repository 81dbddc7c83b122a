/**
 * Envoy's attribute vocabulary as a tree, and path lookup over it (§4.2–4.3).
 *
 * Inner nodes ({@link AttributeNode}) are Envoy "wrappers" such as `request` or `xds`: reading
 * one gives SerializationFailure. Leaves are {@link PropertyValue}s; maps and lists among them
 * can be indexed by further path segments. Children may be thunks so that values such as
 * `request.headers` reflect the stream's current state.
 */
import { WasmResult } from "./abi/enums.ts";
import { type Pairs, type PropertyValue } from "./abi/pairs.ts";
/** A header map attribute: serialized as pairs; a key lookup comma-joins repeated values. */
export declare class HeaderAttribute {
    readonly pairs: Pairs;
    constructor(pairs: Pairs);
}
/** Anything an attribute slot can hold. */
export type AttributeValue = PropertyValue | AttributeNode | HeaderAttribute | undefined;
/** A slot: a value or a thunk computing it at lookup time. */
export type AttributeSlot = AttributeValue | (() => AttributeValue);
/** An inner (wrapper) node of the attribute tree. */
export declare class AttributeNode {
    readonly children: Record<string, AttributeSlot>;
    constructor(children?: Record<string, AttributeSlot>);
    /** Sets a value at a dotted path (`"source.address"`), creating inner nodes as needed. */
    setPath(dottedPath: string, value: PropertyValue): void;
    /** Applies every `dotted.path → value` entry of `overrides`. */
    apply(overrides: Record<string, PropertyValue> | undefined): this;
}
/**
 * Looks up a NUL-split path. Returns the serialized value, NotFound for an unknown path, or
 * SerializationFailure for a wrapper node.
 */
export declare function lookupAttribute(root: AttributeNode, segments: string[]): Uint8Array | WasmResult;
/** Splits a raw property path on NUL; a single trailing NUL is tolerated. */
export declare function splitPropertyPath(path: string): string[];
