! Serial traffic model, structured as the course's serial code.
program traffic_ser
  use iso_fortran_env, only: int64, real64
  use options, only: run_options, get_options
  use traffic, only: allocate_pair, random_road, update_cells, periodic_halo, &
                     position_sum
  use report, only: print_start, print_moves, print_finish, print_no_memory
  implicit none
  type(run_options) :: opts
  integer, allocatable :: oldroad(:), newroad(:)
  integer(int64) :: n, cars, moves, iter, tstart, tstop, rate

  call get_options(opts)
  n = opts%cells
  if (.not. allocate_pair(oldroad, newroad, n)) then
    call print_no_memory(n)
    stop 1, quiet=.true.
  end if

  cars = random_road(oldroad, n, opts%seed, opts%density)
  call print_start(opts, cars, '1 process(es)')

  call system_clock(tstart, rate)
  do iter = 1, opts%iterations
    moves = update_cells(newroad, oldroad, 1_int64, n)
    oldroad(1:n) = newroad(1:n)
    call periodic_halo(oldroad, n)
    call print_moves(opts, iter, moves, cars)
  end do
  call system_clock(tstop)

  call print_finish(opts, position_sum(oldroad, n, 0_int64), &
                    real(tstop - tstart, real64) / real(rate, real64))
end program traffic_ser
