#!/bin/bash
# Checks the Fortran binaries: the generator against the shared draws, equal
# --trace records from fortran-ser, fortran-omp (1-3 threads), fortran-mpi
# (1-4 processes) and c-ser when built, and the bad-input rules.
# Usage (from the repository root, after `make fortran`):
#   fortran/test/check.sh [BIN]     BIN defaults to bin
set -u
BIN=${1:-bin}
MPIEXEC=${TRAFFIC_MPIEXEC:-mpirun --oversubscribe}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The record without the timing lines.
record() { timeout 300 "$@" | grep -v '^seconds \|^mcops '; }

check_generator() {
    gfortran -O2 -J"$WORK" -o "$WORK/uni_check" fortran/common/uni.f90 \
        fortran/test/uni_check.f90 || { fail "uni_check does not build"; return; }
    "$WORK/uni_check" tests/vectors/uni-draws.txt || fail "generator draws"
}

# One configuration: every binary, thread and process count gives the record
# of fortran-ser, and that record has as many moves lines as iterations.
check_case() {
    local args=("$@") cells=$2 iterations=$4 ref
    ref=$(record "$BIN/fortran-ser" "${args[@]}" --trace)
    [ "$(grep -c '^moves ' <<<"$ref")" = "$iterations" ] || fail "ser ${args[*]}: moves lines"
    for t in 1 2 3; do
        [ "$(OMP_NUM_THREADS=$t record "$BIN/fortran-omp" "${args[@]}" --trace)" = "$ref" ] ||
            fail "omp $t threads: ${args[*]}"
    done
    for p in 1 2 3 4; do
        [ "$p" -le "$cells" ] || continue
        [ "$(record $MPIEXEC -n $p "$BIN/fortran-mpi" "${args[@]}" --trace)" = "$ref" ] ||
            fail "mpi $p processes: ${args[*]}"
    done
    if [ -x "$BIN/c-ser" ]; then
        [ "$(record "$BIN/c-ser" "${args[@]}" --trace)" = "$ref" ] || fail "c-ser: ${args[*]}"
    fi
}

check_records() {
    local cells density seed
    for cells in 1 2 3 5 7 64 1001; do
        for density in 0 1 0.5; do
            check_case --cells $cells --iterations 9 --density $density --seed 5743
        done
    done
    for seed in 0 900000000 42 123456789; do
        check_case --cells 65539 --iterations 30 --density 0.37 --seed $seed
    done
    # more iterations than the MPI batch of moves (64), and not a multiple
    check_case --cells 1001 --iterations 150 --density 0.52 --seed 5743
    check_case --cells 1048579 --iterations 12 --density 0.52 --seed 5743
    check_case --cells 3000001 --iterations 5 --density 0.9 --seed 900000000
}

# The default road's check values (SPEC section 2).
check_defaults() {
    local out
    out=$("$BIN/fortran-ser")
    grep -qx 'At iteration 10 average velocity is 0.789610' <<<"$out" || fail "default iteration 10"
    grep -qx 'At iteration 100 average velocity is 0.898993' <<<"$out" || fail "default iteration 100"
    [ "$(record "$BIN/fortran-ser" --trace --iterations 1 | head -1)" = "cars 5324578" ] ||
        fail "default cars"
}

# The human output, but for the worker count and the timing lines, is the
# same from every binary.
check_human() {
    local args=(--cells 1000 --iterations 150 --report 7 --density 0.3) ref
    human() { timeout 60 "$@" "${args[@]}" | grep -v '^Running on \|^Time taken \|^Update rate '; }
    ref=$(human "$BIN/fortran-ser")
    [ "$(grep -c '^At iteration ' <<<"$ref")" = 21 ] || fail "human output: report lines"
    [ "$(OMP_NUM_THREADS=2 human "$BIN/fortran-omp")" = "$ref" ] || fail "human output: omp"
    [ "$(human $MPIEXEC -n 3 "$BIN/fortran-mpi")" = "$ref" ] || fail "human output: mpi"
    [ ! -x "$BIN/c-ser" ] || [ "$(human "$BIN/c-ser")" = "$ref" ] || fail "human output: c-ser"
}

# Bad input: exit status 2, exactly the expected stderr line, empty stdout.
check_bad() {
    local expected=$1 launch=$2; shift 2
    local name=${launch##*/} status
    timeout 60 $launch "$@" >"$WORK/out" 2>"$WORK/err"
    status=$?
    [ $status = 2 ] || fail "$name $*: status $status"
    [ ! -s "$WORK/out" ] || fail "$name $*: stdout not empty"
    # mpirun adds its own notice about the exit status; the program's line comes first.
    [ "$(grep -c "^$name: " "$WORK/err")" = 1 ] || fail "$name $*: not one error line"
    [ "$(head -1 "$WORK/err")" = "$name: $expected" ] ||
        fail "$name $*: got '$(head -1 "$WORK/err")'"
    case $launch in *mpirun*) ;; *) [ "$(wc -l <"$WORK/err")" = 1 ] ||
        fail "$name $*: more than one stderr line" ;; esac
}

check_bad_inputs() {
    local launch
    for launch in "$BIN/fortran-ser" "$BIN/fortran-omp" "$MPIEXEC -n 2 $BIN/fortran-mpi"; do
        check_bad "unknown option '--foo'" "$launch" --foo
        check_bad "unknown option '--trace=1'" "$launch" --trace=1
        check_bad "unexpected argument 'foo'" "$launch" foo
        check_bad "--cells needs a value (allowed: N >= 1)" "$launch" --cells
        check_bad "--cells 'abc' is not an integer (allowed: N >= 1)" "$launch" --cells abc
        check_bad "--cells '' is not an integer (allowed: N >= 1)" "$launch" --cells=
        check_bad "--cells ' 5' is not an integer (allowed: N >= 1)" "$launch" --cells ' 5'
        check_bad "--cells '0' is out of range (allowed: N >= 1)" "$launch" --cells=0
        check_bad "--cells '9223372036854775808' is not an integer (allowed: N >= 1)" \
            "$launch" --cells 9223372036854775808
        check_bad "--iterations '-3' is out of range (allowed: N >= 1)" "$launch" --iterations -3
        check_bad "--report '1.5' is not an integer (allowed: N >= 1)" "$launch" --report 1.5
        check_bad "--seed '-1' is out of range (allowed: 0 <= N <= 900000000)" "$launch" --seed -1
        check_bad "--seed '900000001' is out of range (allowed: 0 <= N <= 900000000)" \
            "$launch" --seed=900000001
        check_bad "--density 'x' is not a number (allowed: 0 <= X <= 1)" "$launch" --density x
        check_bad "--density '0.5,1' is not a number (allowed: 0 <= X <= 1)" "$launch" --density 0.5,1
        check_bad "--density '1.01' is out of range (allowed: 0 <= X <= 1)" "$launch" --density 1.01
        check_bad "--density 'nan' is out of range (allowed: 0 <= X <= 1)" "$launch" --density nan
        check_bad "--density '-inf' is out of range (allowed: 0 <= X <= 1)" "$launch" --density -inf
        check_bad "--density '1e40' is out of range (allowed: 0 <= X <= 1)" "$launch" --density 1e40
        check_bad "--seed needs a value (allowed: 0 <= N <= 900000000)" "$launch" --cells 5 --seed
    done
    check_bad "--cells '3' is less than the number of processes, 4 (allowed: N >= 4)" \
        "$MPIEXEC -n 4 $BIN/fortran-mpi" --cells 3
}

check_help() {
    local b
    for b in fortran-ser fortran-omp; do
        "$BIN/$b" --cells abc -h >/dev/null 2>&1 && fail "$b: error before -h must win"
        "$BIN/$b" -h 2>"$WORK/err" | grep -q "^usage: $b " || fail "$b -h: no usage"
        [ ! -s "$WORK/err" ] || fail "$b -h: stderr not empty"
    done
    $MPIEXEC -n 2 "$BIN/fortran-mpi" --help 2>/dev/null | grep -c '^usage: ' | grep -qx 1 ||
        fail "fortran-mpi --help: usage not printed exactly once"
}

check_generator
check_defaults
check_human
check_records
check_bad_inputs
check_help
[ $failures = 0 ] && echo "all Fortran checks passed" || echo "$failures Fortran check(s) failed"
[ $failures = 0 ]
