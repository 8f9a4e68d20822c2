// The predefined MPI handles that Swift cannot import. Open MPI defines them as
// macros over the addresses of library globals, MPICH as casts of integer
// constants; neither is an importable constant, so each gets an accessor.
#ifndef TRAFFIC_CMPI_SHIM_H
#define TRAFFIC_CMPI_SHIM_H

#include <mpi.h>

static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype cmpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype cmpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Op cmpi_sum(void) { return MPI_SUM; }
static inline MPI_Status *cmpi_statuses_ignore(void) { return MPI_STATUSES_IGNORE; }

// A communicator's ranks that share memory with this one (its node), and
// freeing one: Swift sees MPI_Comm* differently in Open MPI and MPICH.
static inline MPI_Comm cmpi_comm_split_shared(MPI_Comm comm)
{
    MPI_Comm node;
    MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    return node;
}
static inline void cmpi_comm_free(MPI_Comm comm) { MPI_Comm_free(&comm); }

// Room for the four requests of a two-way exchange. Swift sees MPI_Request*
// as a pointer to an optional pointer (Open MPI) or to an int (MPICH), so the
// slots are handed out here and Swift never has to name that type.
typedef struct { MPI_Request slot[4]; } cmpi_requests;
static inline MPI_Request *cmpi_request(cmpi_requests *requests, int k) { return &requests->slot[k]; }

#endif
