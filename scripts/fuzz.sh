#!/usr/bin/env bash
# Long fuzz run of every filter in the emulator (test/fuzz): bash scripts/fuzz.sh [iterations] [seed]
# Builds first (cached), then runs each target with FUZZ_ITERATIONS configurations from FUZZ_SEED.
# A failure names the seed and the case; replay it with the same two numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-2000}"
seed="${2:-$(date +%s)}"
echo "fuzz: $iterations configurations per filter, seed $seed"
npx tsx src/cli/index.ts build
FUZZ_ITERATIONS="$iterations" FUZZ_SEED="$seed" npx vitest run --project unit test/fuzz
