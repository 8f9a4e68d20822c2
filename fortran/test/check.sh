#!/bin/bash
# Checks the Fortran binaries against docs/SPEC.md: the generator, the parts
# no small road reaches (checksum past 64 bits, density rounding), equal
# --trace records from fortran-ser, fortran-omp (1-3 threads), fortran-mpi
# (1-4 processes) and c-ser when built, the human output, the usage, and
# every failure: bad input, no memory, too many threads, lost output.
# Usage (from the repository root, after `make fortran`):
#   fortran/test/check.sh [BIN]     BIN defaults to bin
# TRAFFIC_MPIEXEC sets the MPI launcher (default: mpirun --oversubscribe).
set -u
BIN=${1:-bin}
MPIEXEC=${TRAFFIC_MPIEXEC:-mpirun --oversubscribe}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# mpi P COMMAND...: COMMAND on P processes. Each run has its own TMPDIR:
# concurrent Open MPI runs race on their session folder.
mpi() {
    local p=$1
    shift
    TMPDIR=$(mktemp -d -p "$WORK") timeout 300 $MPIEXEC -n "$p" "$@"
}

# run COMMAND...: COMMAND with a time limit (mpi has its own).
run() {
    if [ "$1" = mpi ]; then
        "$@"
    else
        timeout 300 "$@"
    fi
}

# The record without the timing lines.
record() { run "$@" | grep -v '^seconds \|^mcops '; }

# A test program built with the common modules.
build_test() {
    gfortran -O2 -Wall -J"$WORK" -o "$WORK/$1" fortran/common/uni.f90 fortran/common/output.f90 fortran/common/options.f90 \
        fortran/common/traffic.f90 "fortran/test/$1.f90" || { fail "$1 does not build"; return 1; }
}

check_parts() {
    build_test uni_check && { "$WORK/uni_check" tests/vectors/uni-draws.txt || fail "generator draws"; }
    build_test checksum_check && { "$WORK/checksum_check" || fail "checksum past 64 bits"; }
    build_test density_check || return
    local x
    # Halfway cases round to even, subnormals included; -1e-46 is -0.
    for x in 0.52 0.1 0.30000001192092896 0.99999997 0.999999970198 \
        0.999999970197677612304687500 0.999999970197677612304687499 \
        1.0000000298023223876953125 1e-46 -1e-46 1.4e-45 5.877471754111438e-39 \
        7.00649232162408535461864791644958065640130970938257885878534141944895541342930300743319094181060791015625e-46 \
        7.00649232162408535461864791644958065640130970938257885878534141944895541342930300743319094181060791015626e-46 \
        0.5000000298023223876953125 0.50000002980232238769531250001 .5 5e-1 +0.5 1e-400; do
        "$WORK/density_check" --density "$x" || fail "density $x"
    done
}

# One configuration: every binary, thread and process count gives the record
# of fortran-ser, and that record has as many moves lines as iterations.
check_case() {
    local args=("$@") cells=$2 iterations=$4 ref t p
    ref=$(record "$BIN/fortran-ser" "${args[@]}" --trace)
    [ "$(grep -c '^moves ' <<<"$ref")" = "$iterations" ] || fail "ser ${args[*]}: moves lines"
    for t in 1 2 3; do
        [ "$(OMP_NUM_THREADS=$t record "$BIN/fortran-omp" "${args[@]}" --trace)" = "$ref" ] ||
            fail "omp $t threads: ${args[*]}"
    done
    for p in 1 2 3 4; do
        [ "$p" -le "$cells" ] || continue
        [ "$(record mpi $p "$BIN/fortran-mpi" "${args[@]}" --trace)" = "$ref" ] ||
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
    human() { run "$@" "${args[@]}" | grep -v '^Running on \|^Time taken \|^Update rate '; }
    ref=$(human "$BIN/fortran-ser")
    [ "$(grep -c '^At iteration ' <<<"$ref")" = 21 ] || fail "human output: report lines"
    [ "$(OMP_NUM_THREADS=2 human "$BIN/fortran-omp")" = "$ref" ] || fail "human output: omp"
    [ "$(human mpi 3 "$BIN/fortran-mpi")" = "$ref" ] || fail "human output: mpi"
    [ ! -x "$BIN/c-ser" ] || [ "$(human "$BIN/c-ser")" = "$ref" ] || fail "human output: c-ser"
}

# expect STATUS LINE COMMAND...: the exit status, nothing on stdout, and LINE
# the one line on stderr ("<program>: ..."). Under mpirun only the program's
# lines are counted: the launcher adds its own notes.
expect() {
    local status=$1 line=$2 got
    shift 2
    run "$@" >"$WORK/out" 2>"$WORK/err"
    got=$?
    [ $got = "$status" ] || fail "$*: status $got, not $status"
    [ ! -s "$WORK/out" ] || fail "$*: stdout not empty"
    if [ "$1" = mpi ]; then
        grep "^${line%%:*}: " "$WORK/err" >"$WORK/lines"
    else
        cp "$WORK/err" "$WORK/lines"
    fi
    [ "$(cat "$WORK/lines")" = "$line" ] || fail "$*: stderr '$(cat "$WORK/err")'"
}

# bad MESSAGE ARGS...: bad input (SPEC section 4.1) in all three programs.
bad() {
    local message=$1
    shift
    expect 2 "fortran-ser: $message" "$BIN/fortran-ser" "$@"
    expect 2 "fortran-omp: $message" "$BIN/fortran-omp" "$@"
    expect 2 "fortran-mpi: $message" mpi 2 "$BIN/fortran-mpi" "$@"
}

check_bad_inputs() {
    local n='(allowed: N >= 1)' s='(allowed: 0 <= N <= 900000000)' x='(allowed: 0 <= X <= 1)' w
    bad "unknown option '--foo'" --foo
    bad "unknown option '--foo=1'" --foo=1
    bad "unknown option '-x'" -x
    bad "unknown option '--cell'" --cell 5
    bad "unknown option '--trace=yes'" --trace=yes
    bad "unknown option '--help=1'" --help=1
    bad "unexpected argument 'foo'" foo
    bad "unexpected argument '-'" -
    bad "unexpected argument ''" ''
    bad "--cells needs a value $n" --cells
    bad "--seed needs a value $s" --cells 5 --seed
    bad "--density needs a value $x" --density
    bad "--cells 'abc' is not an integer $n" --cells abc
    bad "--cells 'abc' is not an integer $n" --cells abc --cells 5
    bad "--cells 'abc' is not an integer $n" --cells abc --help
    bad "--cells '--trace' is not an integer $n" --cells --trace
    bad "--cells '' is not an integer $n" --cells=
    for w in ' 5' '5 ' 0x10 1_0 1e3 1.5 + ++5; do
        bad "--cells '$w' is not an integer $n" --cells "$w"
    done
    bad "--cells '0' is out of range $n" --cells=0
    bad "--cells '-0' is out of range $n" --cells -0
    bad "--cells '9223372036854775808' is out of range $n" --cells 9223372036854775808
    bad "--cells '-99999999999999999999' is out of range $n" --cells -99999999999999999999
    bad "--iterations '-3' is out of range $n" --iterations -3
    bad "--report '0' is out of range $n" --report 0
    bad "--seed '-1' is out of range $s" --seed -1
    bad "--seed '900000001' is out of range $s" --seed=900000001
    for w in x '' 0.5,1 1,5 1.5d0 ' 0.5' '0.5 ' 0x1p-1 1_0 1e 1e+ . .e1 e1 + 'inf ' infinit 'nan(1)' 2*0.5; do
        bad "--density '$w' is not a number $x" --density "$w"
    done
    for w in 1.01 5. -0.1 1e40 1.00000005960464477539062500001 nan -NaN +INF -inf Infinity; do
        bad "--density '$w' is out of range $x" --density "$w"
    done
    expect 2 "fortran-mpi: --cells '3' is less than the number of processes, 4 (allowed: N >= 4)" \
        mpi 4 "$BIN/fortran-mpi" --cells 3
}

# The usage of SPEC section 3.2 for program $1: the second line indented to
# match the name.
spec_usage() {
    sed -n '/^    usage: c-ser /,/^      --help, -h /p' docs/SPEC.md |
        sed "s/^    //; 1s/c-ser/$1/; 2s/^ *\[/$(printf '%*s' $((8 + ${#1})) '')[/"
}

check_help() {
    local b
    for b in fortran-ser fortran-omp; do
        [ "$("$BIN/$b" -h 2>"$WORK/err")" = "$(spec_usage $b)" ] || fail "$b -h: not the usage"
        [ ! -s "$WORK/err" ] || fail "$b -h: stderr not empty"
        [ "$("$BIN/$b" --help --cells abc)" = "$(spec_usage $b)" ] || fail "$b: -h must win"
    done
    [ "$(mpi 2 "$BIN/fortran-mpi" --help 2>/dev/null)" = "$(spec_usage fortran-mpi)" ] ||
        fail "fortran-mpi --help: not the usage, once"
}

# A road that cannot be allocated (SPEC section 4.2): one line, status 1.
check_no_memory() {
    local cells p
    for cells in 9223372036854775807 1000000000000000; do
        expect 1 "fortran-ser: cannot allocate memory for $cells cells" "$BIN/fortran-ser" --cells $cells
        expect 1 "fortran-omp: cannot allocate memory for $cells cells" "$BIN/fortran-omp" --cells $cells
        for p in 1 2 3; do
            expect 1 "fortran-mpi: cannot allocate memory for $cells cells" \
                mpi $p "$BIN/fortran-mpi" --cells $cells
        done
    done
}

# More than 1024 threads is bad input, after the options are checked.
check_threads() {
    local t
    for t in 100000 1025 2000,2; do
        expect 2 "fortran-omp: OMP_NUM_THREADS '$t' is out of range (allowed: 1 <= N <= 1024)" \
            env OMP_NUM_THREADS=$t "$BIN/fortran-omp" --cells 10
    done
    expect 2 "fortran-omp: --cells 'x' is not an integer (allowed: N >= 1)" \
        env OMP_NUM_THREADS=100000 "$BIN/fortran-omp" --cells x
}

# Output that cannot be written (SPEC section 4.3): one line, status 1, from
# the first buffer written (--iterations 20000) or the final flush; under MPI
# with each rank's stdout redirected, so that rank 0's writes fail.
check_lost_output() {
    local full='exec "$0" "$@" >/dev/full' closed='exec "$0" "$@" >&-' b i status
    for i in 5 20000; do
        for b in fortran-ser fortran-omp; do
            expect 1 "$b: cannot write output: No space left on device" \
                sh -c "$full" "$BIN/$b" --cells 10 --iterations $i --trace
            expect 1 "$b: cannot write output: Bad file descriptor" \
                sh -c "$closed" "$BIN/$b" --cells 10 --iterations $i --trace
        done
        expect 1 "fortran-mpi: cannot write output: No space left on device" \
            mpi 2 sh -c "$full" "$BIN/fortran-mpi" --cells 10 --iterations $i --trace
        expect 1 "fortran-mpi: cannot write output: Bad file descriptor" \
            mpi 3 sh -c "$closed" "$BIN/fortran-mpi" --cells 10 --iterations $i --trace
    done
    expect 1 "fortran-ser: cannot write output: No space left on device" \
        sh -c "$full" "$BIN/fortran-ser" --help
    expect 1 "fortran-mpi: cannot write output: No space left on device" \
        mpi 2 sh -c "$full" "$BIN/fortran-mpi" --help
    # A reader that goes away: killed by SIGPIPE (status 141), quietly; or, if
    # SIGPIPE is ignored here, the write error is reported.
    for b in fortran-ser fortran-omp; do
        "$BIN/$b" --cells 10 --iterations 100000 --trace 2>"$WORK/err" | head -1 >/dev/null
        status=${PIPESTATUS[0]}
        if [ $status = 141 ]; then
            [ ! -s "$WORK/err" ] || fail "$b | head -1: stderr '$(cat "$WORK/err")'"
        else
            [ $status = 1 ] && [ "$(cat "$WORK/err")" = "$b: cannot write output: Broken pipe" ] ||
                fail "$b | head -1: status $status, stderr '$(cat "$WORK/err")'"
        fi
    done
}

check_parts
check_defaults
check_human
check_records
check_bad_inputs
check_help
check_no_memory
check_threads
check_lost_output
[ $failures = 0 ] && echo "all Fortran checks passed" || echo "$failures Fortran check(s) failed"
[ $failures = 0 ]
