/**
 * envoy-as toolchain API (`import … from "envoy-as/toolchain"`): what the CLI does, for scripts
 * and tests of a filter project. Every function takes the project root explicitly or defaults to
 * the nearest folder with a package.json.
 */
export { buildAll, buildFilter, BuildError, type BuildOptions, type BuiltFilter } from "./build/index.ts";
export { allFilters, lookupFilter, projectFilters, shippedFilters, UnknownFilterError, type FilterRef } from "./build/catalog.ts";
export { validateConfig, validateConfigFile, ConfigFileError } from "./config/validate.ts";
export { startDemo, type StartOptions, type StartedDemo } from "./cli/start.ts";
export { ensureEnvoy, envoyVersion, ENVOY_VERSION } from "./envoy/install.ts";
export { startEnvoy, type RunningEnvoy } from "./envoy/launcher.ts";
export { buildBootstrap, toYaml, type BootstrapOptions, type WasmFilter } from "./envoy/config.ts";
export { packageFilter, type PackageOptions, type PackageResult } from "./package/package.ts";
export { generateManifests, writeManifests, type ManifestRequest } from "./package/manifests/generate.ts";
export { scaffoldFilter, scaffoldProject, InitError } from "./init/scaffold.ts";
export { findProjectRoot, ProjectError, PACKAGE_ROOT } from "./paths.ts";
