#!/usr/bin/env bash
# make test-jobs: submit every job script of jobs/ with sbatch to a throwaway
# single-node Slurm cluster on this machine, check that each job ends with
# exit code 0 and that its --trace record matches bin/c-ser run directly for
# the same problem, and that impossible submissions are refused at once; then
# that `traffic-compare --collect` counts those outputs and skips failed,
# cancelled, truncated and foreign ones, and that jobs/sweep.sh's jobs collect
# into a speed-up chart.
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

# --- traffic-compare --collect on these jobs' outputs, and jobs/sweep.sh ---

# collect NAME WANT FILE...: run --collect on FILEs into $dir/NAME; its
# stdout in $dir/NAME.out; WANT is the exit status it must give.
collect() {
  local what=$1 want=$2 status
  shift 2
  "$bin/traffic-compare" --collect "$@" --results "$dir/$what" >"$dir/$what.out" 2>"$dir/$what.err"
  status=$?
  if ((status != want)); then
    fail "collect $what: exit status $status, expected $want"
    indent <"$dir/$what.out"
    tail -n 3 "$dir/$what.err" | indent
    return 1
  fi
}

# expect_line WHAT PATTERN: $dir/WHAT.out has a line matching PATTERN (grep -E).
expect_line() {
  grep -qE -- "$2" "$dir/$1.out" && return 0
  fail "collect $1: no line matching '$2' in:"
  indent <"$dir/$1.out"
  return 1
}

# submit_extra NAME [VAR=VALUE...] [-- SBATCH-OPTION...]: submit jobs/NAME.job
# on one task with the test's problem and a TMPDIR of its own (VAR=VALUE on
# top); sets id.
submit_extra() {
  local name=$1 env=(CELLS="$cells" ITERATIONS="$iterations" TMPDIR="$(mktemp -d "$dir/tmp.XXXXXX")")
  shift
  while (($#)) && [[ $1 != -- ]]; do env+=("$1"); shift; done
  shift
  id=$(env "${env[@]}" timeout 30 sbatch --parsable --export=ALL --output="$dir/extra-%x-%j.out" \
    --account=traffic-test --nodes=1 --ntasks-per-node=1 --cpus-per-task=1 "$@" "jobs/$name.job")
}

# Every job of check_registry, as make run's table: all counted and agreeing.
collect registry 0 "$dir"/*-[0-9]*.out &&
  expect_line registry "^${#registered[@]} job\(s\) counted, 0 skipped; every counted job's output agrees" &&
  pass "collect: the ${#registered[@]} jobs' outputs give the table, all agreeing with swift-exact"

# Failed, cancelled, truncated and foreign outputs are skipped with the reason.
good=$(ls "$dir"/c-ser-[0-9]*.out | head -n 1)
head -n 5 "$good" >"$dir/truncated.out"
echo "Hello from another program" >"$dir/foreign.out"
submit_extra c-ser EXTRA=--bogus && wait_job "$id" && bogus=$dir/extra-c-ser-$id.out
submit_extra c-vec ITERATIONS=1000000000 && long=$id
job_running() { [[ $(job_field "$1" JobState) == RUNNING ]]; }
wait_for 30 job_running "$long" && timeout 10 scancel "$long"
wait_job "$long"
collect skipped 0 "$good" "$dir/truncated.out" "$dir/foreign.out" "${bogus:-$dir/none}" "$dir/extra-c-vec-$long.out" &&
  expect_line skipped "^skipped .*/truncated.out: incomplete: no end line" &&
  expect_line skipped "^skipped .*/foreign.out: not a traffic job's output" &&
  expect_line skipped "^skipped .*/extra-c-ser-[0-9]+.out: failed: exit status 2: c-ser: unknown option '--bogus'" &&
  expect_line skipped "^skipped .*/extra-c-vec-[0-9]+.out: cancelled: .*CANCELLED" &&
  expect_line skipped "^1 job\(s\) counted, 4 skipped" &&
  pass "collect: truncated, foreign, failed and cancelled outputs skipped with their reasons"

# jobs/sweep.sh: the OpenMP code on 1 and all cores, the MPI one on 1 and all
# tasks (one node here), human output; --collect gives the speed-up chart.
sweep_ids=()
for sweep in "c-omp 1 $cores" "--tasks c-mpi 1 $cores"; do
  # shellcheck disable=SC2086  # the sweep's words
  if CELLS=$cells ITERATIONS=$iterations TMPDIR=$(mktemp -d "$dir/tmp.XXXXXX") \
    jobs/sweep.sh --output="$dir/sweep-%x-%j.out" --export=ALL --account=traffic-test $sweep >"$dir/sweep.log" 2>&1; then
    sweep_ids+=($(sed -n 's/^sweep: .*: job \([0-9]*\)$/\1/p' "$dir/sweep.log"))
  else
    fail "jobs/sweep.sh $sweep: $(tail -n 1 "$dir/sweep.log")"
  fi
done
for id in "${sweep_ids[@]}"; do wait_job "$id"; done
if ((${#sweep_ids[@]} == 4)) && collect sweep 0 "$dir"/sweep-*.out; then
  expect_line sweep "^4 job\(s\) counted, 0 skipped; every counted job's output agrees" &&
    grep -q "c-omp: " "$dir/sweep/speedup.svg" && grep -q "c-mpi: " "$dir/sweep/speedup.svg" &&
    pass "jobs/sweep.sh c-omp and c-mpi at 1 and $cores: collected, agreeing, in speedup.svg"
fi

echo "$passed passed, $failed failed"
((failed == 0))
