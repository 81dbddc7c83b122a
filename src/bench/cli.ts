// `npm run bench -- [--quick | --smoke] [--rounds N] [--duration S] [--connections N] [--no-peers] [--no-envoy]`
// A tool of this repository (it measures bench/filters and bench/peers), not a command of the package.
// How our filters compare with Envoy's native filters and other SDKs on this machine, as ratios
// measured side by side in one run. See src/bench/run.ts and README's Performance section.
import { renderSaved, runBench, type Mode } from "./run.ts";

const USAGE = `usage: npm run bench -- [--quick | --smoke] [options]
  (default)          full run: 20 interleaved rounds × 1 s per Envoy variant, each beside no filter (about 9 minutes on 2 cores)
  --quick            5 rounds × 1 s per variant (about two minutes once modules are built)
  --smoke            CI's guard: no filter, add-header, the floor and the Rust SDK peer in Envoy (one 1 s wrk run each),
                     the emulator on those, sizes
  --rounds N         rounds per Envoy variant
  --duration S       whole seconds per wrk run
  --connections N    wrk connections (default 64)
  --no-peers         skip the SDK peers (Rust, solo-io, Go); the floor still runs
  --no-envoy         emulator and sizes only
  --render           measure nothing: redraw bench/results/latest.{md,svg} from latest.json`;

export async function benchCommand(args: string[]): Promise<number> {
  let mode: Mode = "full";
  const o: { rounds?: number; durationS?: number; connections?: number; peers?: boolean; envoy?: boolean } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const num = () => {
      const v = Number(args[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === "--quick") mode = "quick";
    else if (a === "--smoke") mode = "smoke";
    else if (a === "--full") mode = "full";
    else if (a === "--rounds") o.rounds = Math.round(num());
    else if (a === "--duration") o.durationS = num();
    else if (a === "--connections") o.connections = Math.round(num());
    else if (a === "--no-peers") o.peers = false;
    else if (a === "--no-envoy") o.envoy = false;
    else if (a === "--render") {
      renderSaved(process.cwd());
      return 0;
    }
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`unknown option ${a}\n${USAGE}`);
      return 2;
    }
  }
  try {
    const { exitCode } = await runBench({ projectRoot: process.cwd(), mode, ...o });
    return exitCode;
  } catch (e) {
    console.error(`bench failed: ${(e as Error).message}`);
    return 1;
  }
}

process.exitCode = await benchCommand(process.argv.slice(2));
