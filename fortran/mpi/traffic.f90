! MPI traffic model: the road in contiguous blocks (SPEC section 6), one halo
! cell swapped with each neighbour per iteration, the moves summed on rank 0
! in batches of iterations. Only rank 0 reads the command line and prints;
! every way out is taken by all ranks together, so none is left waiting.
program traffic_mpi
  use iso_fortran_env, only: int64, real64
  use mpi_f08
  use uni, only: uni_state, uni_seed
  use output, only: int128, itoa, output_failed, exit_on_failure
  use options, only: run_options, parse_options, announce, parse_run
  use traffic, only: allocate_road, pair_need, physical_memory, fits, fill_road, update_cells, count_cars, position_sum
  use report, only: print_start, print_moves, print_finish, print_no_memory
  implicit none
  integer, parameter :: chunk = 2**20     ! most cells drawn and sent in one message
  integer, parameter :: batch = 64        ! iterations whose moves go in one reduction
  integer, parameter :: tag_road = 1, tag_rightward = 2, tag_leftward = 3
  type(run_options) :: opts
  integer, allocatable :: oldroad(:), newroad(:)
  integer(int64) :: n, offset, cars, iter, moves(batch), total(batch)
  integer(int128) :: checksum
  integer :: rank, nprocs, left, right, b
  real(real64) :: tstart, tstop

  call MPI_Init()
  call MPI_Comm_rank(MPI_COMM_WORLD, rank)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs)
  left = mod(rank + nprocs - 1, nprocs)
  right = mod(rank + 1, nprocs)
  ! Rank 0 does not leave alone when its output fails: see check_output.
  exit_on_failure = .false.

  call share_options(opts)
  call block_of(rank, n, offset)
  if (.not. all_allocated()) then
    if (rank == 0) call print_no_memory(opts%cells)
    call finish(1)
  end if

  if (rank == 0) then
    call send_road()
  else
    call receive_road()
  end if
  cars = reduced(count_cars(oldroad, n))
  if (rank == 0) call print_start(opts, cars, itoa(int(nprocs, int64)) // ' process(es)')
  call halo_swap(oldroad)

  call MPI_Barrier(MPI_COMM_WORLD)
  tstart = MPI_Wtime()
  b = 0
  do iter = 1, opts%iterations
    b = b + 1
    moves(b) = update_cells(newroad, oldroad, 1_int64, n)
    oldroad(1:n) = newroad(1:n)
    call halo_swap(oldroad)
    if (b == batch .or. iter == opts%iterations) call report_batch(iter - b)
  end do
  call MPI_Barrier(MPI_COMM_WORLD)
  tstop = MPI_Wtime()

  checksum = checksum_on_root()
  if (rank == 0) call print_finish(opts, checksum, tstop - tstart)
  call check_output()
  call finish(0)

contains

  ! Rank 0 parses and says what is wrong, or prints the usage; every rank
  ! learns the exit status (-1: run) and the options.
  subroutine share_options(opts)
    type(run_options), intent(inout) :: opts
    integer :: status, code
    integer(int64) :: ints(4)
    character(:), allocatable :: message

    code = -1
    if (rank == 0) then
      call parse_options(opts, nprocs, status, message)
      if (status /= parse_run) call announce(status, message, code)
    end if
    call MPI_Bcast(code, 1, MPI_INTEGER, 0, MPI_COMM_WORLD)
    if (code >= 0) call finish(code)
    ints = [opts%cells, opts%iterations, opts%seed, opts%report]
    call MPI_Bcast(ints, 4, MPI_INTEGER8, 0, MPI_COMM_WORLD)
    call MPI_Bcast(opts%density, 1, MPI_REAL, 0, MPI_COMM_WORLD)
    call MPI_Bcast(opts%trace, 1, MPI_LOGICAL, 0, MPI_COMM_WORLD)
    opts%cells = ints(1)
    opts%iterations = ints(2)
    opts%seed = ints(3)
    opts%report = ints(4)
  end subroutine share_options

  ! Rank k's block: count cells starting after global cell offset.
  subroutine block_of(k, count, offset)
    integer, intent(in) :: k
    integer(int64), intent(out) :: count, offset
    integer(int64) :: q, r

    q = opts%cells / nprocs
    r = mod(opts%cells, int(nprocs, int64))
    count = q + merge(1, 0, k < r)
    offset = k * q + min(int(k, int64), r)
  end subroutine block_of

  ! Both roads on every rank, or a collective no.
  logical function all_allocated() result(ok)
    ok = node_fits()
    if (ok) ok = allocate_road(oldroad, n)
    if (ok) ok = allocate_road(newroad, n)
    call MPI_Allreduce(MPI_IN_PLACE, ok, 1, MPI_LOGICAL, MPI_LAND, MPI_COMM_WORLD)
  end function all_allocated

  ! SPEC 4.2: whether the roads of all this node's ranks fit in its memory
  ! (rank 0 sends the others' blocks through its newroad: nothing more).
  ! Each need is capped just past the memory, so that the sum cannot wrap.
  logical function node_fits() result(ok)
    type(MPI_Comm) :: node
    integer(int64) :: need

    need = min(pair_need(n), physical_memory() + 1)
    call MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, node)
    call MPI_Allreduce(MPI_IN_PLACE, need, 1, MPI_INTEGER8, MPI_SUM, node)
    call MPI_Comm_free(node)
    ok = fits(need)
  end function node_fits

  ! Rank 0 draws the whole road in order: its own block in place, then every
  ! other rank's block in chunks through newroad, which is free until the
  ! loop and holds any chunk (rank 0's block is the largest).
  subroutine send_road()
    type(uni_state) :: gen
    integer(int64) :: cells, start, done
    integer :: k, count

    call uni_seed(gen, int(opts%seed))
    call fill_road(gen, opts%density, oldroad(1:n))
    do k = 1, nprocs - 1
      call block_of(k, cells, start)
      do done = 0, cells - 1, chunk
        count = int(min(int(chunk, int64), cells - done))
        call fill_road(gen, opts%density, newroad(1:count))
        call MPI_Send(newroad(1:count), count, MPI_INTEGER, k, tag_road, MPI_COMM_WORLD)
      end do
    end do
  end subroutine send_road

  subroutine receive_road()
    integer(int64) :: done
    integer :: count

    do done = 0, n - 1, chunk
      count = int(min(int(chunk, int64), n - done))
      call MPI_Recv(oldroad(1 + done:done + count), count, MPI_INTEGER, 0, tag_road, &
                    MPI_COMM_WORLD, MPI_STATUS_IGNORE)
    end do
  end subroutine receive_road

  ! Periodic: rank 0's left neighbour is rank P-1; with P = 1 a rank is its
  ! own neighbour.
  subroutine halo_swap(road)
    integer, intent(inout) :: road(0:)

    call MPI_Sendrecv(road(n), 1, MPI_INTEGER, right, tag_rightward, &
                      road(0), 1, MPI_INTEGER, left, tag_rightward, &
                      MPI_COMM_WORLD, MPI_STATUS_IGNORE)
    call MPI_Sendrecv(road(1), 1, MPI_INTEGER, left, tag_leftward, &
                      road(n + 1), 1, MPI_INTEGER, right, tag_leftward, &
                      MPI_COMM_WORLD, MPI_STATUS_IGNORE)
  end subroutine halo_swap

  ! Sum the batch's b moves onto rank 0 and print them; first is the
  ! iteration before the batch.
  subroutine report_batch(first)
    integer(int64), intent(in) :: first
    integer :: i

    call MPI_Reduce(moves, total, b, MPI_INTEGER8, MPI_SUM, 0, MPI_COMM_WORLD)
    if (rank == 0) then
      do i = 1, b
        call print_moves(opts, first + i, total(i), cars)
      end do
    end if
    call check_output()
    b = 0
  end subroutine report_batch

  ! The global sum of a 64-bit count, on rank 0.
  integer(int64) function reduced(local) result(global)
    integer(int64), intent(in) :: local

    global = 0
    call MPI_Reduce(local, global, 1, MPI_INTEGER8, MPI_SUM, 0, MPI_COMM_WORLD)
  end function reduced

  ! The exact checksum, on rank 0. MPI has no 128-bit integer type: each
  ! rank sends the bits of its partial sum as two 64-bit words, and rank 0
  ! adds the partial sums up in 128 bits.
  integer(int128) function checksum_on_root() result(global)
    integer(int64) :: mine(2)
    integer(int64), allocatable :: words(:, :)
    integer :: k

    mine = transfer(position_sum(oldroad, n, offset), mine)
    allocate (words(2, merge(nprocs, 0, rank == 0)))
    call MPI_Gather(mine, 2, MPI_INTEGER8, words, 2, MPI_INTEGER8, 0, MPI_COMM_WORLD)
    global = 0
    do k = 1, size(words, 2)
      global = global + transfer(words(:, k), global)
    end do
  end function checksum_on_root

  ! A failed write on rank 0 has been said there; all ranks learn of it
  ! here and leave with status 1.
  subroutine check_output()
    logical :: failed

    failed = output_failed
    call MPI_Bcast(failed, 1, MPI_LOGICAL, 0, MPI_COMM_WORLD)
    if (failed) call finish(1)
  end subroutine check_output

  subroutine finish(code)
    integer, intent(in) :: code

    call MPI_Finalize()
    stop code, quiet=.true.
  end subroutine finish

end program traffic_mpi
