# A throwaway Slurm cluster on this machine, sourced by scripts/test-jobs.sh
# (one node) and scripts/test-nodes.sh (two nodes) from the repository root.
#
#   cluster_open TOOL    make the cluster's temporary folder $dir; on any exit
#                        the daemons are stopped by PID and everything removed
#   cluster_needs CMD... give up unless these commands and root are there
#   make_references      c-ser's and swift-exact's records for the problem
#   start_cluster NODES  munged, slurmctld and NODES slurmd, partition
#                        `standard`, from jobs/test/slurm.conf.in; sets nodes
#                        (their names) and cores (each node's, for jobs)
#   submit_job NAME SBATCH-OPTION...   wait_job ID   job_field ID FIELD
#
# One node is this host itself, on 127.0.0.1. Two or more are hosts of their
# own: the controller and each node in a network namespace with its own host
# name, address and PMIx folder; veth pairs join the nodes to a bridge in the
# controller's namespace, on the private network $cluster_net.0/24, which
# nothing outside the machine sees. Each node gets its share of the cores
# (the others are its CpuSpecList). The client commands (sbatch, squeue, ...)
# run in the controller's namespace, as on a login node, through wrappers in
# $dir/client put first on PATH. Every file is in $dir; every wait is bounded.
#
# Environment: TRAFFIC_BIN (binary folder, default bin), TEST_CELLS and
# TEST_ITERATIONS (the problem, default 100003 x 20), JOB_TIMEOUT (seconds a
# job may take, default 120), TEST_SLURM_PORT (slurmctld's port, slurmd's is
# the next; default 16817), KEEP_SLURM_DIR=1 (keep the folder: logs, outputs).

bin=${TRAFFIC_BIN:-bin}
[[ $bin == /* ]] || bin=$PWD/$bin
cells=${TEST_CELLS:-100003}
iterations=${TEST_ITERATIONS:-20}
job_timeout=${JOB_TIMEOUT:-120}
ctld_port=${TEST_SLURM_PORT:-16817}
cluster_net=10.184.0

# Settings from a surrounding Slurm job or the user's defaults must not leak
# into the jobs or the reference run.
unset $(compgen -e | grep -E '^(SLURM|SBATCH|SRUN|SALLOC)_') DENSITY SEED REPORT EXTRA
# Open MPI refuses to run as root without these; sbatch --export=ALL passes them on.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

indent() { sed 's/^/    /'; }

cluster_open() {
  tool=$1
  dir=$(mktemp -d /tmp/traffic-slurm.XXXXXX) || exit 1
  chmod 755 "$dir"  # munged wants its socket's folder searchable by all
  daemons=() namespaces=()
  trap cluster_close EXIT
  trap 'echo "$tool: interrupted"; exit 130' INT TERM
}

no_jobs() { [[ -z $(timeout 5 squeue --noheader) ]]; }
# Alive and not yet a zombie (an ended daemon stays one until waited for).
running() { local stat; stat=$(ps -o stat= -p "$1") && [[ $stat != Z* ]]; }
# A job step's slurmstepd keeps a socket NODE_JOB.STEP in its node's spool folder.
no_steps() { [[ -z $(find "$dir"/spool-* -maxdepth 1 -type s -name '*_*' 2>/dev/null) ]]; }

# Cancel what still runs and let slurmd end its steps, then stop the daemons
# by PID (TERM, then KILL after 5 s), then remove the namespaces.
cluster_close() {
  trap - EXIT INT TERM
  if [[ -n ${SLURM_CONF:-} ]]; then
    timeout 10 scancel --quiet --user=root 2>/dev/null
    wait_for 20 no_jobs
    wait_for 10 no_steps
  fi
  local pid ns
  for pid in "${daemons[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${daemons[@]}"; do
    for _ in {1..50}; do running "$pid" || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  for ns in "${namespaces[@]}"; do ip netns delete "$ns"; done
  if [[ -n ${KEEP_SLURM_DIR:-} ]]; then
    echo "$tool: kept $dir"
  else
    rm -rf "$dir"
  fi
}

# wait_for SECONDS COMMAND...: retry COMMAND until it succeeds, or fail.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# give_up MESSAGE LOG...: the cluster did not come up; show why and stop.
give_up() {
  echo "$tool: $1" >&2
  shift
  for log in "$@"; do
    echo "--- $log" >&2
    tail -n 15 "$log" 2>/dev/null | indent >&2
  done
  exit 1
}

cluster_needs() {
  local command
  for command in munged munge slurmctld slurmd sbatch scontrol sinfo scancel "$@"; do
    command -v "$command" >/dev/null ||
      give_up "$command is missing: make $tool installs it (Debian: slurmctld slurmd slurm-client munge iproute2)"
  done
  [[ $(id -u) -eq 0 ]] || give_up "the throwaway cluster runs its daemons and jobs as root: run as root"
}

record() { grep -E '^(cars|moves|checksum) ' "$1"; }

# Two references: the course's program and the exact solution.
make_references() {
  local reference
  for reference in c-ser swift-exact; do
    if ! "$bin/$reference" --cells "$cells" --iterations "$iterations" --trace >"$dir/$reference.out"; then
      give_up "no reference: $bin/$reference failed (make all builds it)"
    fi
    record "$dir/$reference.out" >"$dir/$reference.record"
  done
}

# record_matches REFERENCE OUT: the job output OUT's record is REFERENCE's;
# if not, the difference is in $dir/record.diff.
record_matches() { diff <(record "$2") "$dir/$1.record" >"$dir/record.diff"; }

start_munge() {
  head -c 1024 /dev/urandom >"$dir/munge.key"
  chmod 400 "$dir/munge.key"
  munged --foreground --socket="$dir/munge.socket" --key-file="$dir/munge.key" \
    --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" \
    --seed-file="$dir/munged.seed" >"$dir/munged.out" 2>&1 &
  daemons+=($!)
  wait_for 10 munge --socket="$dir/munge.socket" --no-input ||
    give_up "munged did not start" "$dir/munged.out"
}

# This machine as `slurmd -C` sees it: hardware (its node line without the
# name), and its cores (srun --hint=nomultithread places one task per core).
read_hardware() {
  local line cpus
  line=$(slurmd -C | head -n 1)  # NodeName=HOST CPUs=... RealMemory=...
  host=${line%% *}
  host=${host#NodeName=}
  hardware=${line#* }
  cpus=$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$hardware")
  threads=$(sed -n 's/.*ThreadsPerCore=\([0-9]*\).*/\1/p' <<<"$hardware")
  machine_cores=$((cpus / threads))
}

# The one-node cluster: this host, on the loopback address.
local_node() {
  ctld="$host(127.0.0.1)"
  ctld_host=$host
  nodes=("$host")
  node_lines="NodeName=$host NodeAddr=127.0.0.1 $hardware"
  cores=$machine_cores
}

# net ARGS...: one `ip` command of the network set-up, or give up.
net() {
  ip "$@" 2>"$dir/ip.err" || give_up "network set-up failed: ip $*: $(head -n 1 "$dir/ip.err")"
}

# new_host NAME: its network namespace, with loopback up.
new_host() {
  if ! ip netns add "$netns-$1" 2>"$dir/ip.err"; then
    give_up "cannot create a network namespace ($(head -n 1 "$dir/ip.err")): make $tool needs root allowed to create them (CAP_SYS_ADMIN, which a container may withhold)"
  fi
  namespaces+=("$netns-$1")
  net -n "$netns-$1" link set lo up
}

# cpu_spec_list K: the abstract CPU ids node K (0-based) leaves alone, so
# that each node has its own cores of this machine.
cpu_spec_list() {
  local first=$(($1 * cores % machine_cores)) core cpu list=()
  for ((core = 0; core < machine_cores; core++)); do
    (((core - first + machine_cores) % machine_cores < cores)) && continue
    for ((cpu = core * threads; cpu < (core + 1) * threads; cpu++)); do list+=("$cpu"); done
  done
  ((${#list[@]} == 0)) || (IFS=,; echo "CpuSpecList=${list[*]}")
}

# host_network COUNT: the controller traffic-ctl on $cluster_net.1 with the
# bridge, and nodes nid001... on $cluster_net.11..., each its own namespace.
host_network() {
  local ctl=traffic-ctl k node
  netns=traffic-${dir##*.}  # unique to this cluster
  new_host "$ctl"
  net -n "$netns-$ctl" link add br0 type bridge
  net -n "$netns-$ctl" addr add "$cluster_net.1/24" dev br0
  net -n "$netns-$ctl" link set br0 up
  ctld="$ctl($cluster_net.1)"
  ctld_host=$ctl
  cores=$((machine_cores / $1 > 0 ? machine_cores / $1 : 1))
  nodes=() node_lines=""
  for ((k = 1; k <= $1; k++)); do
    node=$(printf 'nid%03d' "$k")
    new_host "$node"
    net -n "$netns-$ctl" link add "v-$node" type veth peer name eth0 netns "$netns-$node"
    net -n "$netns-$ctl" link set "v-$node" master br0 up
    net -n "$netns-$node" addr add "$cluster_net.$((10 + k))/24" dev eth0
    net -n "$netns-$node" link set eth0 up
    nodes+=("$node")
    node_lines+="NodeName=$node NodeAddr=$cluster_net.$((10 + k)) $hardware $(cpu_spec_list $((k - 1)))"$'\n'
  done
  client_wrappers "$netns-$ctl"
}

# client_wrappers NAMESPACE: sbatch and the others, run in NAMESPACE.
client_wrappers() {
  local command
  mkdir "$dir/client"
  for command in sbatch squeue scontrol scancel sinfo; do
    printf '#!/bin/sh\nexec nsenter --net=/run/netns/%s %s "$@"\n' "$1" "$(command -v "$command")" \
      >"$dir/client/$command"
    chmod 755 "$dir/client/$command"
  done
  PATH=$dir/client:$PATH
}

# slurm.conf and mpi.conf from their templates.
write_slurm_conf() {
  local conf text node
  for conf in slurm.conf mpi.conf; do
    text=$(<"jobs/test/$conf.in")
    text=${text//@DIR@/$dir}
    text=${text//@MUNGE_SOCKET@/$dir/munge.socket}
    text=${text//@CTLD@/$ctld}
    text=${text//@CTLD_PORT@/$ctld_port}
    text=${text//@SLURMD_PORT@/$((ctld_port + 1))}
    text=${text//@NODES@/$node_lines}
    text=${text//@PARTITION_NODES@/$(IFS=,; echo "${nodes[*]}")}
    printf '%s\n' "$text" >"$dir/$conf"
  done
  mkdir -p "$dir/state" "$dir/pmix"
  for node in "${nodes[@]}"; do mkdir -p "$dir/spool-$node"; done
}

# start_daemon HOST NAME COMMAND...: COMMAND in the background on HOST, its
# output in $dir/NAME.out. A host of its own (netns set) runs it in its
# namespace, with its host name and a PMIx folder of its own, as on a node's
# local disk (Slurm names the folder by job and step only). nsenter, unshare
# and sh each exec the next, so that $! is the daemon's own PID.
start_daemon() {
  local host=$1 name=$2 on_host=()
  shift 2
  if [[ -n ${netns:-} ]]; then
    on_host=(nsenter --net="/run/netns/$netns-$host" unshare --uts --mount
      sh -c 'hostname "$1" && mount -t tmpfs tmpfs "$2" && shift 2 && exec "$@"' sh "$host" "$dir/pmix")
  fi
  "${on_host[@]}" "$@" >"$dir/$name.out" 2>&1 &
  daemons+=($!)
}

nodes_idle() { [[ $(timeout 5 sinfo --noheader --format=%t) == idle ]]; }

start_cluster() {
  read_hardware
  if (($1 == 1)); then local_node; else host_network "$1"; fi
  start_munge
  write_slurm_conf
  export SLURM_CONF=$dir/slurm.conf
  start_daemon "$ctld_host" slurmctld slurmctld -D -f "$SLURM_CONF"
  local node logs=("$dir/slurmctld.log" "$dir/slurmctld.out")
  for node in "${nodes[@]}"; do
    start_daemon "$node" "slurmd-$node" slurmd -D -N "$node" -f "$SLURM_CONF"
    logs+=("$dir/slurmd-$node.log" "$dir/slurmd-$node.out")
  done
  wait_for 30 nodes_idle || give_up "the nodes did not come up idle" "${logs[@]}"
}

# submit_job NAME SBATCH-OPTION...: submit jobs/NAME.job unchanged, with the
# problem in the environment; sets id, or fails with sbatch's message in
# $dir/sbatch.err. Each job has its own TMPDIR: Open MPI's session folders
# of two jobs must not meet.
submit_job() {
  local name=$1
  shift
  id=$(CELLS=$cells ITERATIONS=$iterations EXTRA=--trace TMPDIR=$(mktemp -d "$dir/tmp.XXXXXX") timeout 30 \
    sbatch --parsable --export=ALL --output="$dir/%x-%j.out" --account=traffic-test \
    "$@" "jobs/$name.job" 2>"$dir/sbatch.err")
}

# job_field ID FIELD: one field of `scontrol show job` (kept by MinJobAge).
job_field() {
  timeout 10 scontrol show job --oneliner "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# wait_job ID: set result to "STATE EXITCODE" once the job has ended, or
# cancel it after job_timeout seconds. Polls in this shell, not a subshell,
# so that a signal to the test is handled within a second.
wait_job() {
  local deadline=$((SECONDS + job_timeout)) state
  while ((SECONDS < deadline)); do
    state=$(job_field "$1" JobState)
    case $state in
      "" | PENDING | CONFIGURING | RUNNING | COMPLETING | SUSPENDED) sleep 1 ;;
      *) result="$state $(job_field "$1" ExitCode)"; return ;;
    esac
  done
  timeout 10 scancel "$1"
  result="not finished after ${job_timeout} s (cancelled)"
}
