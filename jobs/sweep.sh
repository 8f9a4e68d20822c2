#!/usr/bin/env bash
# jobs/sweep.sh [SBATCH-OPTION...] [--tasks] NAME COUNT...
#
# Submits jobs/NAME.job once per COUNT, all on the same road (CELLS,
# ITERATIONS, … from the environment, as for one job: see jobs/common.sh):
#   MPI codes:            COUNT nodes, the script's tasks per node (--nodes=COUNT);
#                         with --tasks, COUNT tasks on one node instead
#   OpenMP/threads codes: COUNT threads on one node (--cpus-per-task=COUNT)
# Serial codes have nothing to sweep. Options before NAME that start with
# "--" (but --tasks) go to every sbatch, e.g. --account=t01 or --output=FILE.
# Prints each job's id, then the command that turns their outputs into the
# table and the speed-up chart (traffic-compare --collect).
#
# e.g.   CELLS=1024000000 ITERATIONS=1000 jobs/sweep.sh --account=t01 c-mpi 1 2 4 8
#        jobs/sweep.sh --account=t01 swift-threads 1 2 4 8 16 32 64 128
set -u
cd "$(dirname "$0")/.." || exit 1  # jobs find bin/ from the submit folder

usage() {
  echo "usage: jobs/sweep.sh [SBATCH-OPTION...] [--tasks] NAME COUNT..." >&2
  exit 2
}

sbatch_options=() per_task=""
while [[ ${1:-} == --* ]]; do
  if [[ $1 == --tasks ]]; then per_task=1; else sbatch_options+=("$1"); fi
  shift
done
(($# >= 2)) || usage
name=$1
shift

# The launch of NAME: the fourth field of its line in implementations.tsv.
launch=$(awk -v name="$name" '$1 == name { print $4 }' implementations.tsv)
if [[ ! -f jobs/$name.job || -z $launch ]]; then
  echo "sweep: no job jobs/$name.job of an implementation in implementations.tsv" >&2
  exit 2
fi
for count in "$@"; do
  [[ $count =~ ^[1-9][0-9]*$ ]] || { echo "sweep: '$count' is not a positive count" >&2; exit 2; }
done

# shape COUNT: the sbatch options of one job of the sweep.
shape() {
  case $launch in
    mpi) if [[ -n $per_task ]]; then echo "--nodes=1 --ntasks-per-node=$1"; else echo "--nodes=$1"; fi ;;
    threads) echo "--nodes=1 --cpus-per-task=$1" ;;
  esac
}
if [[ $launch != mpi && $launch != threads ]]; then
  echo "sweep: $name is a serial code: nothing to sweep" >&2
  exit 2
fi

ids=()
for count in "$@"; do
  # shellcheck disable=SC2046  # shape prints separate options
  if ! id=$(sbatch --parsable "${sbatch_options[@]}" $(shape "$count") "jobs/$name.job"); then
    echo "sweep: sbatch refused $name at $count${ids[*]:+ (submitted before: ${ids[*]})}" >&2
    exit 1
  fi
  id=${id%%;*}  # "ID;CLUSTER" on a federation
  ids+=("$id")
  echo "sweep: $name $(shape "$count"): job $id"
done
echo "sweep: once they have ended (outputs where --output put them; by default):"
echo "  bin/traffic-compare --collect$(printf ' slurm-%s.out' "${ids[@]}")"
