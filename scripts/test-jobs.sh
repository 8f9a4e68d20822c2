#!/usr/bin/env bash
# make test-jobs: submit every job script of jobs/ with sbatch to a throwaway
# single-node Slurm cluster on this machine, check that each job ends with
# exit code 0 and that its --trace record matches bin/c-ser run directly for
# the same problem, and that impossible submissions are refused at once.
# The cluster (munged, slurmctld, slurmd) keeps all its files in a temporary
# folder and is stopped by PID on any exit. Every wait is bounded.
#
# Environment: see scripts/slurm-cluster.sh (TRAFFIC_BIN, TEST_CELLS,
# TEST_ITERATIONS, JOB_TIMEOUT, TEST_SLURM_PORT, KEEP_SLURM_DIR).
set -u
cd "$(dirname "$0")/.." || exit 1
source scripts/slurm-cluster.sh || exit 1

passed=0 failed=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

cluster_open test-jobs

# check_job NAME LAUNCH: submit jobs/NAME.job unchanged but for its shape,
# cut to this node (LAUNCH from implementations.tsv), and check its result.
check_job() {
  local name=$1 shape id out
  case $2 in
    threads) shape=(--ntasks-per-node=1 --cpus-per-task="$cores") ;;
    mpi) shape=(--ntasks-per-node="$cores" --cpus-per-task=1) ;;
    *) shape=(--ntasks-per-node=1 --cpus-per-task=1) ;;
  esac
  if [[ ! -f jobs/$name.job ]]; then
    fail "$name: no job script jobs/$name.job"
    return
  fi
  if ! submit_job "$name" --nodes=1 "${shape[@]}"; then
    fail "$name: sbatch refused it: $(cat "$dir/sbatch.err")"
    return
  fi
  wait_job "$id"
  out=$dir/$name-$id.out
  if [[ $result != "COMPLETED 0:0" ]]; then
    fail "$name (job $id): $result"
    tail -n 5 "$out" 2>/dev/null | indent
  elif ! differs_from c-ser "$out" && ! differs_from swift-exact "$out"; then
    pass "$name (job $id, ${shape[*]}): record matches c-ser and swift-exact"
  fi
}

# differs_from REFERENCE OUT: fails (true) when the job output OUT's record is
# not REFERENCE's, with the first lines of the difference.
differs_from() {
  record_matches "$1" "$2" && return 1
  fail "$name (job $id): its record differs from $1's (< job, > $1)"
  head -n 6 "$dir/record.diff" | indent
}

# check_refused WHAT SBATCH-ARGS...: sbatch must fail at once, with a message.
check_refused() {
  local what=$1 id status
  shift
  id=$(timeout 30 sbatch --parsable --output="$dir/refused-%j.out" "$@" 2>"$dir/sbatch.err")
  status=$?
  if ((status == 0)); then
    fail "$what: sbatch accepted it as job $id"
    timeout 10 scancel "$id"
  elif ((status == 124)); then
    fail "$what: sbatch did not answer within 30 s"
  elif [[ ! -s $dir/sbatch.err ]]; then
    fail "$what: sbatch failed without saying why"
  else
    pass "$what: refused at once: $(head -n 1 "$dir/sbatch.err")"
  fi
}

# Every registry entry that runs a binary of {bin} has a job script; every
# job script belongs to such an entry.
check_registry() {
  local name launch command
  while read -r -u 3 name _ _ launch _ command _; do
    [[ -z $name || $name == \#* || $command != "{bin}/"* ]] && continue
    registered+=("$name")
    check_job "$name" "$launch"
  done 3<implementations.tsv
  for script in jobs/*.job; do
    name=$(basename "$script" .job)
    [[ " ${registered[*]} " == *" $name "* ]] || fail "$script: not a binary entry of implementations.tsv"
  done
}

cluster_needs
make_references
start_cluster 1
echo "test-jobs: Slurm up on $host ($cores cores); problem: --cells $cells --iterations $iterations"

registered=()
check_registry
check_refused "--nodes=4 on a 1-node cluster" --nodes=4 --ntasks-per-node=1 jobs/c-mpi.job
if ((cores < 128)); then
  check_refused "jobs/c-mpi.job as written (128 tasks) on $cores cores" jobs/c-mpi.job
fi
if [[ -n $(timeout 10 squeue --noheader --states=PENDING) ]]; then
  fail "jobs left pending after the refused submissions"
fi

echo "$passed passed, $failed failed"
((failed == 0))
