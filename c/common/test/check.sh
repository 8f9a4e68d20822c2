#!/bin/sh
# Checks the C programs against each other and against known values:
#   the generator against tests/vectors/uni-draws.txt, and its packed road
#   (uni_pack_road) against its draws one by one;
#   the SPEC's check values for the default road;
#   identical --trace records (seconds and mcops aside) from c-ser, c-omp with
#   1-3 threads, c-mpi with 1-4 processes and c-vec over many roads;
#   bad input: exit 2, one exact stderr line, empty stdout, no MPI hang;
#   a road too big to allocate: one line, exit 1;
#   output that cannot be written: one line, exit 1; a reader that goes
#   away: the SIGPIPE death, quietly.
# Run from the repository root after `make c` (c-vec is checked when built).
# Environment: BIN (default bin), MPIEXEC (default "mpirun --oversubscribe"),
# CC (default gcc).
set -u
BIN=${BIN:-bin}
MPIEXEC=${MPIEXEC:-mpirun --oversubscribe}
CC=${CC:-gcc}
VECTORS=tests/vectors/uni-draws.txt
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

# launch P COMMAND...: COMMAND on P MPI processes. mpirun reads stdin, which
# must not eat the loops' input, and each run has its own TMPDIR: concurrent
# mpiruns race on Open MPI's session folder.
launch() {
    procs=$1
    shift
    TMPDIR=$(mktemp -d -p "$TMP") timeout 120 $MPIEXEC -n "$procs" "$@" < /dev/null
}

# An MPI run of c-mpi.
mpi() {
    procs=$1
    shift
    launch "$procs" "$BIN/c-mpi" "$@"
}

# The one-process programs.
ONE_PROCESS="c-ser c-omp"
if [ -x "$BIN/c-vec" ]; then
    ONE_PROCESS="$ONE_PROCESS c-vec"
else
    echo "note: $BIN/c-vec is not built, so not checked"
fi

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# The record without its timing lines.
trace() {
    "$@" --trace > "$TMP/out" || return 1
    grep -v -e '^seconds ' -e '^mcops ' "$TMP/out"
}

check_generator() {
    $CC -O2 -std=c11 -Ic/common -o "$TMP/uni_check" c/common/test/uni_check.c \
        c/common/uni.c || { fail "cannot build uni_check"; return; }
    "$TMP/uni_check" "$VECTORS" || fail "generator draws differ from $VECTORS"
}

check_defaults() {
    out=$("$BIN/c-ser")
    echo "$out" | grep -qx 'Actual density of cars is 0.519978' || fail "default density"
    echo "$out" | grep -qx 'At iteration 10 average velocity is 0.789610' || fail "velocity 10"
    echo "$out" | grep -qx 'At iteration 100 average velocity is 0.898993' || fail "velocity 100"
    trace "$BIN/c-ser" --iterations 1 | grep -qx 'cars 5324578' || fail "default cars"
}

# Full and empty roads have answers known by hand.
check_extremes() {
    n=1000
    trace "$BIN/c-ser" --cells $n --iterations 3 --density 1 > "$TMP/full"
    printf 'cars %d\nmoves 1 0\nmoves 2 0\nmoves 3 0\nchecksum %d\n' \
        $n $((n * (n + 1) / 2)) | cmp -s - "$TMP/full" || fail "full road"
    trace "$BIN/c-ser" --cells $n --iterations 2 --density 0 > "$TMP/empty"
    printf 'cars 0\nmoves 1 0\nmoves 2 0\nchecksum 0\n' \
        | cmp -s - "$TMP/empty" || fail "empty road"
}

# Every decimal form of one density is the same road.
check_density_forms() {
    trace "$BIN/c-ser" --cells 999 --iterations 2 --density 0.5 > "$TMP/half"
    for x in .5 5e-1 +0.5 0.50 50E-2 5.e-1; do
        trace "$BIN/c-ser" --cells 999 --iterations 2 --density "$x" \
            | cmp -s "$TMP/half" - || fail "density $x is not 0.5"
    done
}

# Every program and thread/process count against c-ser on one road.
check_agreement() {
    trace "$BIN/c-ser" "$@" > "$TMP/ref" || { fail "c-ser $*"; return; }
    for t in 1 2 3; do
        OMP_NUM_THREADS=$t trace "$BIN/c-omp" "$@" | cmp -s "$TMP/ref" - \
            || fail "c-omp $t threads: $*"
    done
    if [ -x "$BIN/c-vec" ]; then
        trace "$BIN/c-vec" "$@" | cmp -s "$TMP/ref" - || fail "c-vec: $*"
    fi
    cells=$2
    for p in 1 2 3 4; do
        [ "$p" -le "$cells" ] || continue
        trace mpi $p "$@" | cmp -s "$TMP/ref" - \
            || fail "c-mpi $p processes: $*"
    done
}

# The human output too, apart from the worker count and the timing.
check_human_agreement() {
    filter='/^Running on /d; /^Time taken /d; /^Update rate /d'
    args="--cells 9999 --iterations 45 --report 7"
    "$BIN/c-ser" $args | sed "$filter" > "$TMP/human"
    OMP_NUM_THREADS=2 "$BIN/c-omp" $args | sed "$filter" | cmp -s "$TMP/human" - \
        || fail "c-omp human output"
    mpi 3 $args | sed "$filter" | cmp -s "$TMP/human" - \
        || fail "c-mpi human output"
    grep -c '^At iteration' "$TMP/human" | grep -qx 6 || fail "report lines"
}

# expect_error LINE COMMAND...: exit 2, stdout empty, stderr exactly LINE.
# Under mpirun only the lines the program wrote (they start with its name)
# are compared: Open MPI adds its own note when ranks exit non-zero.
expect_error() {
    line=$1
    shift
    "$@" > "$TMP/stdout" 2> "$TMP/raw"
    status=$?
    grep "^${line%%:*}: " "$TMP/raw" > "$TMP/stderr"
    [ "$1" = mpi ] || cp "$TMP/raw" "$TMP/stderr"
    [ $status -eq 2 ] || fail "exit $status, not 2: $*"
    [ -s "$TMP/stdout" ] && fail "stdout not empty: $*"
    printf '%s\n' "$line" | cmp -s - "$TMP/stderr" \
        || fail "stderr '$(cat "$TMP/stderr")' is not '$line': $*"
}

check_bad_input() {
    while IFS='|' read -r message args; do
        for prog in $ONE_PROCESS; do
            expect_error "$prog: $message" "$BIN/$prog" $args
        done
        expect_error "c-mpi: $message" mpi 2 $args
    done <<'CASES'
unknown option '--foo'|--foo
unknown option '-x'|-x
unexpected argument 'foo'|foo
unknown option '--trace=1'|--trace=1
--cells needs a value (allowed: N >= 1)|--cells
--seed needs a value (allowed: 0 <= N <= 900000000)|--trace --seed
--cells 'abc' is not an integer (allowed: N >= 1)|--cells abc
--cells '' is not an integer (allowed: N >= 1)|--cells=
--cells '1.5' is not an integer (allowed: N >= 1)|--cells=1.5
--cells '+' is not an integer (allowed: N >= 1)|--cells +
--cells '0x10' is not an integer (allowed: N >= 1)|--cells 0x10
--cells '1e3' is not an integer (allowed: N >= 1)|--cells 1e3
--cells '--trace' is not an integer (allowed: N >= 1)|--cells --trace
--cells 'abc' is not an integer (allowed: N >= 1)|--cells abc --help
--cells '99999999999999999999' is out of range (allowed: N >= 1)|--cells 99999999999999999999
--cells '-9223372036854775809' is out of range (allowed: N >= 1)|--cells=-9223372036854775809
--cells '0' is out of range (allowed: N >= 1)|--cells 0
--cells '-5' is out of range (allowed: N >= 1)|--cells -5
--iterations '0' is out of range (allowed: N >= 1)|--iterations=0
--report '0' is out of range (allowed: N >= 1)|--report 0
--density 'x' is not a number (allowed: 0 <= X <= 1)|--density x
--density '0x1p-1' is not a number (allowed: 0 <= X <= 1)|--density 0x1p-1
--density 'nan(1)' is not a number (allowed: 0 <= X <= 1)|--density nan(1)
--density '1,5' is not a number (allowed: 0 <= X <= 1)|--density 1,5
--density '1.5d0' is not a number (allowed: 0 <= X <= 1)|--density 1.5d0
--density '1_0' is not a number (allowed: 0 <= X <= 1)|--density=1_0
--density '.' is not a number (allowed: 0 <= X <= 1)|--density .
--density '1e' is not a number (allowed: 0 <= X <= 1)|--density 1e
--density '' is not a number (allowed: 0 <= X <= 1)|--density=
--density '1.5' is out of range (allowed: 0 <= X <= 1)|--density 1.5
--density '-0.1' is out of range (allowed: 0 <= X <= 1)|--density=-0.1
--density 'nan' is out of range (allowed: 0 <= X <= 1)|--density nan
--density 'inf' is out of range (allowed: 0 <= X <= 1)|--density inf
--density '-INFINITY' is out of range (allowed: 0 <= X <= 1)|--density -INFINITY
--density '1e99' is out of range (allowed: 0 <= X <= 1)|--density 1e99
--seed '-1' is out of range (allowed: 0 <= N <= 900000000)|--seed -1
--seed '900000001' is out of range (allowed: 0 <= N <= 900000000)|--seed 900000001
CASES
    expect_error "c-mpi: --cells '3' is less than the number of processes, 4 (allowed: N >= 4)" \
        mpi 4 --cells 3
    for arg in ' 0.5' '0.5 '; do
        expect_error "c-ser: --density '$arg' is not a number (allowed: 0 <= X <= 1)" \
            "$BIN/c-ser" --density "$arg"
    done
    # Threads are checked after the options, before any thread starts.
    expect_error "c-omp: OMP_NUM_THREADS '100000' is out of range (allowed: 1 <= N <= 1024)" \
        env OMP_NUM_THREADS=100000 "$BIN/c-omp" --cells 10
    expect_error "c-omp: --cells 'x' is not an integer (allowed: N >= 1)" \
        env OMP_NUM_THREADS=100000 "$BIN/c-omp" --cells x
    for prog in $ONE_PROCESS; do
        "$BIN/$prog" --help | grep -q '^usage: ' || fail "$prog --help"
    done
    # The usage, exactly as SPEC 3.2 shows it.
    sed -n '/^    usage: c-ser/,/print this help$/p' docs/SPEC.md | sed 's/^    //' > "$TMP/usage"
    [ -s "$TMP/usage" ] && "$BIN/c-ser" --help | cmp -s "$TMP/usage" - \
        || fail "c-ser --help is not the usage of docs/SPEC.md"
    mpi 2 -h | grep -c '^usage: ' | grep -qx 1 \
        || fail "c-mpi -h prints the usage once"
}

# A road too big to address: one line naming the whole road, exit 1, no crash.
check_no_memory() {
    huge=9223372036854775807
    line="cannot allocate memory for $huge cells"
    for prog in $ONE_PROCESS; do
        "$BIN/$prog" --cells $huge > "$TMP/stdout" 2> "$TMP/stderr"
        [ $? -eq 1 ] || fail "$prog: exit status for a huge road"
        [ -s "$TMP/stdout" ] && fail "$prog: stdout for a huge road"
        echo "$prog: $line" | cmp -s - "$TMP/stderr" || fail "$prog: no memory line"
    done
    for p in 1 2 3; do
        mpi $p --cells $huge > "$TMP/stdout" 2> "$TMP/stderr"
        [ $? -eq 1 ] || fail "c-mpi $p processes: exit status for a huge road"
        [ -s "$TMP/stdout" ] && fail "c-mpi $p processes: stdout for a huge road"
        grep -c "^c-mpi: " "$TMP/stderr" | grep -qx 1 \
            && grep -qx "c-mpi: $line" "$TMP/stderr" \
            || fail "c-mpi $p processes: no memory line, once"
    done
}

# expect_write_error LINE COMMAND...: exit 1 and LINE the program's one line
# on stderr (Open MPI adds notes of its own).
expect_write_error() {
    line=$1
    shift
    "$@" 2> "$TMP/raw"
    status=$?
    [ $status -eq 1 ] || fail "exit $status, not 1: $*"
    grep "^${line%%:*}: " "$TMP/raw" > "$TMP/stderr"
    [ "$1" = launch ] || cp "$TMP/raw" "$TMP/stderr"
    printf '%s\n' "$line" | cmp -s - "$TMP/stderr" \
        || fail "stderr '$(cat "$TMP/raw")' is not '$line': $*"
}

# Output to a full device or a closed stdout, from the first write or after
# many (a full buffer), and --help's; a reader that goes away (| head -1).
check_write_errors() {
    full='exec "$0" "$@" >/dev/full'
    closed='exec "$0" "$@" >&-'
    nospace='cannot write output: No space left on device'
    badfd='cannot write output: Bad file descriptor'
    for prog in $ONE_PROCESS; do
        for args in "--cells 100 --iterations 5 --trace" "--cells 10 --iterations 20000 --trace" \
                    "--cells 100 --iterations 5" "--help"; do
            expect_write_error "$prog: $nospace" sh -c "$full" "$BIN/$prog" $args
            expect_write_error "$prog: $badfd" sh -c "$closed" "$BIN/$prog" $args
        done
        { "$BIN/$prog" --cells 10 --iterations 20000 --trace 2> "$TMP/err"
          echo $? > "$TMP/status"; } | head -1 > /dev/null
        [ "$(cat "$TMP/status")" -eq 141 ] && [ ! -s "$TMP/err" ] \
            || fail "$prog | head -1: status $(cat "$TMP/status"), stderr '$(cat "$TMP/err")'"
    done
    # Every rank's stdout fails; rank 0, the one that prints, says so once.
    for args in "--cells 100 --iterations 5 --trace" "--help"; do
        expect_write_error "c-mpi: $nospace" launch 2 sh -c "$full" "$BIN/c-mpi" $args
        expect_write_error "c-mpi: $badfd" launch 2 sh -c "$closed" "$BIN/c-mpi" $args
    done
}

check_generator
check_defaults
check_no_memory
check_write_errors
check_extremes
check_density_forms
while read -r cells iterations density seed; do
    check_agreement --cells "$cells" --iterations "$iterations" \
        --density "$density" --seed "$seed"
done <<'ROADS'
1 5 0.52 5743
2 3 1 0
3 10 0.5 900000000
4 70 0.52 42
5 65 0.7 1
7 20 0.5 42
13 100 0.3 900000000
100 200 0 1
1000 300 1 12345
1001 150 0.52 5743
99999 70 0.7 900000000
1000003 20 0.52 0
3000001 5 0.25 77
ROADS
check_agreement --cells 10240000 --iterations 3 --density 0.52 --seed 5743
check_human_agreement
check_bad_input

if [ $failures -eq 0 ]; then
    echo "all C checks passed"
else
    echo "$failures C check(s) failed"
    exit 1
fi
