#!/usr/bin/env node
// Entry for the `envoy-as` binary: runs the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";
register();
await import("./index.ts");
