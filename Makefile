# One build for every implementation. Machine settings live in
# config/make.defs.$(SYSTEM); this file names no machine.
SYSTEM ?= local
include config/make.defs.$(SYSTEM)

C_COMMON   = c/common/uni.c c/common/traffic.c c/common/options.c c/common/report.c
C_HEADERS  = $(wildcard c/common/*.h)
# Fortran modules in dependency order.
F_COMMON   = fortran/common/uni.f90 fortran/common/output.f90 fortran/common/options.f90 \
             fortran/common/traffic.f90 fortran/common/report.f90

# A binary is built under a temporary name and renamed into place, so that
# rebuilding while it runs does not fail ("Text file busy").
INSTALL_TMP = $@.tmp

C_BINS       = c-ser c-omp c-mpi c-vec
FORTRAN_BINS = fortran-ser fortran-omp fortran-mpi
SWIFT_BINS   = swift-ser swift-vec swift-exact swift-mpi swift-threads traffic-compare

SWIFT_BUILD = TRAFFIC_MPI_PKG=$(MPI_PKG) $(SWIFT) build -c release \
              --scratch-path $(SWIFT_SCRATCH) $(SWIFTFLAGS)
# What the Swift test driver and traffic-compare read to find and launch binaries.
RUN_ENV = OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
          TRAFFIC_BIN=$(BIN) TRAFFIC_MPIEXEC="$(MPIEXEC)" TRAFFIC_SYSTEM=$(SYSTEM)

.PHONY: all c fortran swift setup run bench scaling test test-jobs test-nodes clean

all: c fortran swift

c: $(addprefix $(BIN)/,$(C_BINS))
fortran: $(addprefix $(BIN)/,$(FORTRAN_BINS))

$(BIN) $(BUILD):
	mkdir -p $@

$(BIN)/c-ser: c/ser/traffic.c $(C_COMMON) $(C_HEADERS) | $(BIN)
	$(CC) $(CFLAGS) -Ic/common -o $(INSTALL_TMP) c/ser/traffic.c $(C_COMMON) $(LDLIBS)
	mv -f $(INSTALL_TMP) $@

$(BIN)/c-vec: c/vec/traffic.c $(C_COMMON) $(C_HEADERS) | $(BIN)
	$(CC) $(CFLAGS) -Ic/common -o $(INSTALL_TMP) c/vec/traffic.c $(C_COMMON) $(LDLIBS)
	mv -f $(INSTALL_TMP) $@

$(BIN)/c-omp: c/omp/traffic.c $(C_COMMON) $(C_HEADERS) | $(BIN)
	$(CC) $(CFLAGS) $(OMPFLAGS) -Ic/common -o $(INSTALL_TMP) c/omp/traffic.c $(C_COMMON) $(LDLIBS)
	mv -f $(INSTALL_TMP) $@

$(BIN)/c-mpi: c/mpi/traffic.c $(C_COMMON) $(C_HEADERS) | $(BIN)
	$(MPICC) $(CFLAGS) -Ic/common -o $(INSTALL_TMP) c/mpi/traffic.c $(C_COMMON) $(LDLIBS)
	mv -f $(INSTALL_TMP) $@

# The C programs against the generator draws, each other and bad input.
.PHONY: test-c
test-c: $(BIN)/c-ser $(BIN)/c-omp $(BIN)/c-mpi $(BIN)/c-vec
	BIN=$(BIN) CC=$(CC) MPIEXEC="$(MPIEXEC)" c/common/test/check.sh

# Each Fortran program gets its own module folder: the MPI build of the
# common modules must not be mixed with the serial one.
$(BIN)/fortran-ser: fortran/ser/traffic.f90 $(F_COMMON) | $(BIN)
	mkdir -p $(BUILD)/fortran-ser
	$(FC) $(FFLAGS) -J$(BUILD)/fortran-ser -o $(INSTALL_TMP) $(F_COMMON) fortran/ser/traffic.f90
	mv -f $(INSTALL_TMP) $@

$(BIN)/fortran-omp: fortran/omp/traffic.f90 $(F_COMMON) | $(BIN)
	mkdir -p $(BUILD)/fortran-omp
	$(FC) $(FFLAGS) $(OMPFLAGS) -J$(BUILD)/fortran-omp -o $(INSTALL_TMP) $(F_COMMON) fortran/omp/traffic.f90
	mv -f $(INSTALL_TMP) $@

$(BIN)/fortran-mpi: fortran/mpi/traffic.f90 $(F_COMMON) | $(BIN)
	mkdir -p $(BUILD)/fortran-mpi
	$(MPIFC) $(FFLAGS) -J$(BUILD)/fortran-mpi -o $(INSTALL_TMP) $(F_COMMON) fortran/mpi/traffic.f90
	mv -f $(INSTALL_TMP) $@

# SwiftPM tracks its own dependencies, so this always asks it.
swift: | $(BIN)
	$(SWIFT_BUILD)
	cd "$$($(SWIFT_BUILD) --show-bin-path)" && for b in $(SWIFT_BINS); do \
	    cp $$b $(CURDIR)/$(BIN)/$$b.tmp && mv -f $(CURDIR)/$(BIN)/$$b.tmp $(CURDIR)/$(BIN)/$$b || exit 1; done

setup:
	@scripts/setup.sh $(NEEDS)

run: setup all
	$(RUN_ENV) $(BIN)/traffic-compare

bench: setup all
	$(RUN_ENV) $(BIN)/traffic-compare --bench

# Cost against road size and workers: results/scaling.csv and scaling.svg.
scaling: setup all
	$(RUN_ENV) $(BIN)/traffic-compare --scaling

test: setup all
	python3 -m unittest discover -s python/tests
	$(RUN_ENV) TRAFFIC_MPI_PKG=$(MPI_PKG) $(SWIFT) test -c release \
	    --scratch-path $(SWIFT_SCRATCH) $(SWIFTFLAGS)

SLURM_NEEDS = slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client munge:munge

test-jobs: setup all
	@scripts/setup.sh $(NEEDS) $(SLURM_NEEDS)
	$(RUN_ENV) scripts/test-jobs.sh

# The MPI jobs on a two-node cluster of network namespaces (root only).
test-nodes: setup all
	@scripts/setup.sh $(NEEDS) $(SLURM_NEEDS) ip:iproute2 nsenter:util-linux unshare:util-linux
	$(RUN_ENV) scripts/test-nodes.sh

clean:
	rm -rf bin bin-* build build-* .build .build-* results
