#!/bin/bash
# The merge step of a sharded sakiyomi plan on Slurm: after every task of slurm/plan-array.sh
# has succeeded (submit with --dependency=afterok:<array job id>), joins $OUT/shard-*.jsonl into
# the result of one run: the ranked table in the job's output, the report in $OUT/report.
# Invariants: reads only the shard files; the result is byte for byte what one unsharded
# `sakiyomi plan` would give (merge does no simulation).
#SBATCH --job-name=sakiyomi-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=00:10:00
#SBATCH --output=slurm-%j-merge.out
set -euo pipefail

OUT=${OUT:-results}
SAKIYOMI=${SAKIYOMI:-node bin/sakiyomi.mjs}
shopt -s nullglob
shards=("$OUT"/shard-*.jsonl)
if [ "${#shards[@]}" -eq 0 ]; then
  echo "plan-merge.sh: no shard files $OUT/shard-*.jsonl; did the array job write to this OUT?" >&2
  exit 2
fi
# shellcheck disable=SC2086 # SAKIYOMI is a command line, split on purpose.
exec $SAKIYOMI merge "${shards[@]}" --out "$OUT/report"
