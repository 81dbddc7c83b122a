/** Small `env` helpers cpp-host registers for Emscripten/threads-built modules. */
import { type ImportArea } from "./registry.ts";
export declare const emscriptenArea: ImportArea;
