# Shared part of the Slurm job scripts jobs/<name>.job, sourced by each after
# its #SBATCH lines; the script then calls `traffic_run <binary> [options]`.
#
# Submit from the repository root (the job finds bin/ from the directory it
# was submitted from):   sbatch --account=<budget code> jobs/c-mpi.job
# The problem comes from the environment, which sbatch passes on:
#   CELLS       road length (default 10240000, the course's)
#   ITERATIONS  iterations (unset: the program's default, 1.024e9 / CELLS)
#   DENSITY, SEED, REPORT   (unset: the program's defaults)
#   EXTRA       further options, e.g. EXTRA=--trace for the machine record
#   TRAFFIC_BIN binary folder, absolute or relative to the repository (bin)
# e.g.   CELLS=102400000 ITERATIONS=500 sbatch --nodes=2 jobs/c-mpi.job

traffic_root=${SLURM_SUBMIT_DIR:-$PWD}
traffic_bin=${TRAFFIC_BIN:-bin}
[[ $traffic_bin == /* ]] || traffic_bin=$traffic_root/$traffic_bin

# One OpenMP thread per CPU of a task, each on its own core. Since Slurm 22.05
# srun no longer inherits --cpus-per-task from the job: ARCHER2 asks for
# SRUN_CPUS_PER_TASK to pass it on.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export OMP_PLACES=cores
export SRUN_CPUS_PER_TASK=${SLURM_CPUS_PER_TASK:-1}

# The program's options from the environment, into the array traffic_args.
traffic_options() {
  traffic_args=(--cells "${CELLS:-10240000}")
  [[ -n ${ITERATIONS:-} ]] && traffic_args+=(--iterations "$ITERATIONS")
  [[ -n ${DENSITY:-} ]] && traffic_args+=(--density "$DENSITY")
  [[ -n ${SEED:-} ]] && traffic_args+=(--seed "$SEED")
  [[ -n ${REPORT:-} ]] && traffic_args+=(--report "$REPORT")
  local extra
  read -r -a extra <<<"${EXTRA:-}"  # several options, split at blanks
  traffic_args+=("${extra[@]}")
}

# traffic_run BINARY [OPTIONS]: run bin/BINARY on the whole allocation; the
# job's exit status is the program's. Two lines on stderr, which Slurm puts in
# the job's output file with stdout, frame the program's output for
# `traffic-compare --collect`: the job, its allocation and the command line
# before, the exit status after.
traffic_run() {
  local program=$traffic_bin/$1 status
  shift
  if [[ ! -x $program ]]; then
    echo "traffic job: no $program: build it first (make all), and submit from the repository root" >&2
    exit 1
  fi
  traffic_options
  echo "traffic job ${SLURM_JOB_ID:-?} (${SLURM_JOB_NAME:-?}): ${SLURM_JOB_NUM_NODES:-?} node(s)," \
    "${SLURM_NTASKS:-?} task(s) x $SRUN_CPUS_PER_TASK CPU(s):" \
    "${program#"$traffic_root"/} ${*:+$* }${traffic_args[*]}" >&2
  srun --distribution=block:block --hint=nomultithread "$program" "$@" "${traffic_args[@]}"
  status=$?
  echo "traffic job ${SLURM_JOB_ID:-?} ended: exit status $status" >&2
  return $status
}
