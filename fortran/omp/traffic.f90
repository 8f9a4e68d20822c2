! OpenMP traffic model: the course's serial structure with the update, the
! move count and the copy back shared among OMP_NUM_THREADS threads. The road
! is cut into fixed chunks, so the moves (an exact integer sum) do not depend
! on the number of threads.
program traffic_omp
  use iso_fortran_env, only: int64
  use omp_lib, only: omp_get_max_threads, omp_get_wtime
  use output, only: say_error, itoa
  use options, only: run_options, get_options
  use traffic, only: allocate_pair, random_road, update_cells, periodic_halo, &
                     position_sum
  use report, only: print_start, print_moves, print_finish, print_no_memory
  implicit none
  integer(int64), parameter :: chunk = 2_int64**16
  integer, parameter :: max_threads = 1024     ! SPEC section 4.1
  type(run_options) :: opts
  integer, allocatable :: oldroad(:), newroad(:)
  integer(int64) :: n, cars, moves, iter, c, lo, hi
  double precision :: tstart, tstop

  call get_options(opts)
  call check_threads()
  n = opts%cells
  if (.not. allocate_pair(oldroad, newroad, n)) then
    call print_no_memory(n)
    stop 1, quiet=.true.
  end if

  cars = random_road(oldroad, n, opts%seed, opts%density)
  call print_start(opts, cars, itoa(int(omp_get_max_threads(), int64)) // ' thread(s)')

  tstart = omp_get_wtime()
  do iter = 1, opts%iterations
    moves = 0
    !$omp parallel private(lo, hi)
    !$omp do reduction(+:moves) schedule(static)
    do c = 0, (n - 1) / chunk
      call chunk_bounds(c, lo, hi)
      moves = moves + update_cells(newroad, oldroad, lo, hi)
    end do
    !$omp end do
    !$omp do schedule(static)
    do c = 0, (n - 1) / chunk
      call chunk_bounds(c, lo, hi)
      oldroad(lo:hi) = newroad(lo:hi)
    end do
    !$omp end do
    !$omp end parallel
    call periodic_halo(oldroad, n)
    call print_moves(opts, iter, moves, cars)
  end do
  tstop = omp_get_wtime()

  call print_finish(opts, position_sum(oldroad, n, 0_int64), tstop - tstart)

contains

  ! Too many threads is bad input, refused before any parallel region starts
  ! them (libgomp fails on 100000). The count is OMP_NUM_THREADS' first level.
  subroutine check_threads()
    character(:), allocatable :: text
    integer :: length

    if (omp_get_max_threads() <= max_threads) return
    call get_environment_variable('OMP_NUM_THREADS', length=length)
    allocate (character(length) :: text)
    if (length > 0) call get_environment_variable('OMP_NUM_THREADS', text)
    call say_error("OMP_NUM_THREADS '" // text // "' is out of range (allowed: 1 <= N <= " &
                   // itoa(int(max_threads, int64)) // ')')
    stop 2, quiet=.true.
  end subroutine check_threads

  ! Cells lo..hi of chunk c (0-based).
  subroutine chunk_bounds(c, lo, hi)
    integer(int64), intent(in) :: c
    integer(int64), intent(out) :: lo, hi

    lo = c * chunk + 1
    hi = min(n, lo + chunk - 1)
  end subroutine chunk_bounds

end program traffic_omp
