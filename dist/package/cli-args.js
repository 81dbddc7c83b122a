// Tiny argv parser for the package/push/istio/serve commands: --flag value, --flag=value, repeatable flags.
/** Parse `args`; `booleans` are flags that take no value. Unknown flags are errors naming the flag. */
export function parseArgs(args, known, booleans = []) {
    const positional = [];
    const flags = new Map();
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (!a.startsWith("--")) {
            positional.push(a);
            continue;
        }
        const eq = a.indexOf("=");
        const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
        if (!known.includes(name) && !booleans.includes(name))
            throw new Error(`unknown option --${name}`);
        let value;
        if (booleans.includes(name))
            value = "true";
        else if (eq > 0)
            value = a.slice(eq + 1);
        else {
            const next = args[++i];
            if (next === undefined)
                throw new Error(`option --${name} needs a value`);
            value = next;
        }
        flags.set(name, [...(flags.get(name) ?? []), value]);
    }
    return { positional, flags };
}
/** Last value of a flag. */
export function flag(p, name) {
    return p.flags.get(name)?.at(-1);
}
/** All values of a repeatable flag. */
export function flags(p, name) {
    return p.flags.get(name) ?? [];
}
