#!/usr/bin/env bash
# make test-nodes: every MPI job script of jobs/ (the registry's `mpi`
# entries) submitted unchanged with --nodes=2 to a throwaway two-node Slurm
# cluster on this machine (scripts/slurm-cluster.sh: the controller and the
# nodes nid001 and nid002 in network namespaces of their own, one core
# each). For each job it checks that the job completed, that its ranks ran on
# both nodes (the binding line slurmstepd prints for every task) and that its
# --trace record equals c-ser's and swift-exact's for the same road; one
# line per job. Then c-mpi without Open MPI's TCP transport must fail: the
# ranks have no way to each other but the network.
#
# Open MPI over TCP between the nodes: the TCP transport on the cluster's
# network only; srun starts the ranks through PMIx (MpiDefault=pmix), every
# PMIx fence a ring (jobs/test/mpi.conf.in says why).
#
# Environment: see scripts/slurm-cluster.sh (TRAFFIC_BIN, TEST_CELLS,
# TEST_ITERATIONS, JOB_TIMEOUT, TEST_SLURM_PORT, KEEP_SLURM_DIR).
set -u
cd "$(dirname "$0")/.." || exit 1
source scripts/slurm-cluster.sh || exit 1

failed=0
fail() { echo "$*"; failed=$((failed + 1)); }

# placement OUT: "host,host" where the job's tasks ran, from the lines
# `cpu-bind=MASK - nid001, task  0  0 [PID]: mask 0x1 set` (SLURM_CPU_BIND=verbose).
placement() {
  sed -n 's/^cpu-bind=[A-Z_]* - \([^,]*\), task .*/\1/p' "$1" | sort -u | paste -s -d ,
}

# check_two_nodes NAME: jobs/NAME.job on both nodes, one task per core.
check_two_nodes() {
  local name=$1 id out hosts reference
  if ! submit_job "$name" --nodes=2 --ntasks-per-node="$cores" --cpus-per-task=1; then
    fail "$name: sbatch refused it: $(cat "$dir/sbatch.err")"
    return
  fi
  wait_job "$id"
  out=$dir/$name-$id.out
  hosts=$(placement "$out")
  if [[ $result != "COMPLETED 0:0" ]]; then
    fail "$name (job $id): $result"
    tail -n 5 "$out" 2>/dev/null | indent
    return
  elif [[ $hosts != "$all_nodes" ]]; then
    fail "$name (job $id): its tasks ran on '${hosts}', not on $all_nodes"
    return
  fi
  for reference in c-ser swift-exact; do
    if ! record_matches "$reference" "$out"; then
      fail "$name (job $id): 2 nodes ($hosts), but its record differs from $reference's (< job, > $reference)"
      head -n 6 "$dir/record.diff" | indent
      return
    fi
  done
  echo "$name: 2 nodes ($hosts), record agrees"
}

# check_no_network_path: with shared memory and self as Open MPI's only
# transports, the ranks on the two nodes cannot reach each other.
check_no_network_path() {
  local id out
  if ! OMPI_MCA_btl=self,vader submit_job c-mpi --nodes=2 --ntasks-per-node="$cores" --cpus-per-task=1; then
    fail "c-mpi without TCP: sbatch refused it: $(cat "$dir/sbatch.err")"
    return
  fi
  wait_job "$id"
  out=$dir/c-mpi-$id.out
  if [[ $result == "COMPLETED 0:0" ]] || ! grep -q 'unable to reach each other' "$out"; then
    fail "c-mpi without TCP (job $id): $result, not Open MPI's 'unable to reach each other'"
    tail -n 5 "$out" 2>/dev/null | indent
  else
    echo "c-mpi without TCP: fails (job $id, $result), the nodes share no memory"
  fi
}

cluster_open test-nodes
cluster_needs ip nsenter unshare
make_references
start_cluster 2
all_nodes=$(IFS=,; echo "${nodes[*]}")
# Open MPI: TCP on the cluster network only.
export OMPI_MCA_btl_tcp_if_include=$cluster_net.0/24
# srun: each task's node and CPUs in the job output; a rank that dies ends the job.
export SLURM_CPU_BIND=verbose SLURM_KILL_BAD_EXIT=1
echo "test-nodes: Slurm up on $all_nodes ($cores core(s) each) and traffic-ctl;" \
  "problem: --cells $cells --iterations $iterations"

mpi_jobs=$(awk '$4 == "mpi" && $6 ~ /^\{bin\}\// { print $1 }' implementations.tsv)
for name in $mpi_jobs; do
  check_two_nodes "$name"
done
check_no_network_path

echo "$(wc -w <<<"$mpi_jobs") MPI jobs on 2 nodes, $failed failed"
((failed == 0))
