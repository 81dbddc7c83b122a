// The Envoy variants a bench run measures: no filter, the native filters, and every Wasm module
// built for the same work, each with what its response must show before it is measured.
import { HEADER_MUTATION, LOCAL_RATELIMIT, jwtAuthn, type EnvoyVariant } from "./envoy.ts";
import type { JwtMaterial } from "./jwt.ts";
import type { BenchModule } from "./modules.ts";
import type { Mode } from "./result.ts";

/** The variants for `modules` in this mode (smoke: no filter and the header work only). */
export function envoyVariants(modules: BenchModule[], jwt: JwtMaterial | undefined, mode: Mode): EnvoyVariant[] {
  const header: [string, string] = ["x-bench", "envoy-as"];
  const vs: EnvoyVariant[] = [{ key: "no-filter", label: "no filter (ceiling)", kind: "baseline", requestMode: "plain" }];
  const byWork = (w: BenchModule["work"]) => modules.filter((m) => m.work === w);
  if (mode !== "smoke") {
    vs.push({ key: "native/header_mutation", label: "Envoy header_mutation (native)", kind: "native", requestMode: "plain", nativeFilters: [HEADER_MUTATION], expectHeader: header });
  }
  for (const m of [...byWork("add-header"), ...byWork("header-rewrite"), ...byWork("hello-world")]) {
    vs.push({ key: m.key, label: m.label, kind: "wasm", requestMode: "plain", module: m, nativeKey: mode === "smoke" ? undefined : "native/header_mutation", expectHeader: header });
  }
  if (mode === "smoke") return vs;
  vs.push({ key: "native/local_ratelimit", label: "Envoy local_ratelimit (native, huge bucket)", kind: "native", requestMode: "plain", nativeFilters: [LOCAL_RATELIMIT] });
  for (const m of byWork("rate-limit")) vs.push({ key: m.key, label: m.label, kind: "wasm", requestMode: "plain", module: m, nativeKey: "native/local_ratelimit" });
  if (jwt) {
    for (const mode of ["jwt-repeated", "jwt-unique"] as const) {
      const tag = mode === "jwt-repeated" ? "repeated token" : "unique tokens";
      const nativeKey = `native/jwt_authn (${tag})`;
      vs.push({ key: nativeKey, label: `Envoy jwt_authn RS256, ${tag} (native)`, kind: "native", requestMode: mode, nativeFilters: [jwtAuthn(jwt)], expectUnauthorized: true });
      for (const m of byWork("auth")) vs.push({ key: `${m.key} (${tag})`, label: `${m.label} RS256, ${tag}`, kind: "wasm", requestMode: mode, module: m, nativeKey, expectUnauthorized: true });
    }
  }
  return vs;
}
