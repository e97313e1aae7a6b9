#!/bin/bash
# A sakiyomi plan as a Slurm job array: array task i runs shard i/n of the plan's configurations
# (n = the array's size) and streams its results, one JSON line per finished configuration, to
# $OUT/shard-i.jsonl on a shared file system; slurm/plan-merge.sh, submitted with
# --dependency=afterok on this array, joins the shards into the result of one run.
# Submit (from the repository root, or wherever `sakiyomi` and the plan file are reachable):
#   jobid=$(sbatch --parsable --export=ALL,PLAN=scenarios/plans/h100-70b-20rps.yaml,OUT=results/h100 deploy/slurm/plan-array.sh)
#   sbatch --dependency=afterok:"$jobid" --export=ALL,OUT=results/h100 deploy/slurm/plan-merge.sh
# Invariants: the shard index is SLURM_ARRAY_TASK_ID (0..n-1: keep --array starting at 0, step
# 1); a task that is requeued or resubmitted reruns with the same --results file and resumes:
# the configurations already in it are skipped, none is lost or duplicated.
# NOTE: SAKIYOMI says how to start sakiyomi: by default `node bin/sakiyomi.mjs` in a checkout
# (npm ci done once on a login node); with the container image, e.g.
# SAKIYOMI="apptainer exec sakiyomi.sif node /app/bin/sakiyomi.mjs".
#SBATCH --job-name=sakiyomi-plan
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail

PLAN=${PLAN:-scenarios/plans/h100-70b-20rps.yaml}
OUT=${OUT:-results}
SAKIYOMI=${SAKIYOMI:-node bin/sakiyomi.mjs}
: "${SLURM_ARRAY_TASK_ID:?run this with sbatch (it is one task of a job array)}"
# The array's size; SLURM_ARRAY_TASK_COUNT is set by Slurm 18.08 and later.
SHARDS=${SHARDS:-${SLURM_ARRAY_TASK_COUNT:?set SHARDS to the array size (older Slurm)}}

mkdir -p "$OUT"
# shellcheck disable=SC2086 # SAKIYOMI is a command line, split on purpose.
exec $SAKIYOMI plan "$PLAN" \
  --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" \
  --results "$OUT/shard-$SLURM_ARRAY_TASK_ID.jsonl" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}"
