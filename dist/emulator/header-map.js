/** Converts user input to pairs with lower-cased keys (pseudo-headers first, like Envoy). */
export function toPairs(init) {
    const out = [];
    const entries = init === undefined ? [] : Array.isArray(init) ? init : Object.entries(init);
    for (const [k, v] of entries)
        addHeader(out, k, v);
    return out;
}
/** Appends a value (duplicates allowed); pseudo-headers go after the last pseudo-header. */
export function addHeader(map, key, value) {
    const lower = key.toLowerCase();
    if (lower.startsWith(":")) {
        let index = 0;
        while (index < map.length && map[index][0].startsWith(":"))
            index++;
        map.splice(index, 0, [lower, value]);
    }
    else {
        map.push([lower, value]);
    }
}
/** Removes every value of `key` (case-insensitive). */
export function removeHeader(map, key) {
    const lower = key.toLowerCase();
    for (let i = map.length - 1; i >= 0; i--)
        if (map[i][0] === lower)
            map.splice(i, 1);
}
/** Envoy's setCopy: removes all values of `key`, then adds the new one. */
export function replaceHeader(map, key, value) {
    removeHeader(map, key);
    addHeader(map, key, value);
}
/** Replaces the whole map's contents in place. */
export function setAllHeaders(map, pairs) {
    map.length = 0;
    for (const [k, v] of pairs)
        addHeader(map, k, v);
}
/** First value of `key` (case-insensitive), or undefined. */
export function getHeader(map, key) {
    const lower = key.toLowerCase();
    return map?.find(([k]) => k === lower)?.[1];
}
/** Envoy's HeaderMap::byteSize(): the sum of key and value byte lengths. */
export function headerBytes(map) {
    const enc = new TextEncoder();
    return map.reduce((sum, [k, v]) => sum + enc.encode(k).length + enc.encode(v).length, 0);
}
