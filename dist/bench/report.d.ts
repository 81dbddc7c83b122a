import type { BenchResult } from "./run.ts";
export declare function renderTable(r: BenchResult): string;
export declare function renderMarkdown(r: BenchResult): string;
/** Horizontal bars: Envoy req/s of each variant ÷ no filter's, same run. */
export declare function renderSvg(r: BenchResult): string;
