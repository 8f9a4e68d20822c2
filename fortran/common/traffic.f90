! The road of the course codes: integer cells road(0:n+1), 1 for a car, with
! one halo cell at each end holding the neighbouring cells of the circle.
module traffic
  use iso_fortran_env, only: int64
  use uni, only: uni_state, uni_draw, uni_seed
  use output, only: int128
  implicit none
  private
  public :: allocate_road, fill_road, random_road, update_cells, periodic_halo, count_cars, position_sum

contains

  ! road(0:n+1), or false if the memory cannot be had. Far beyond any memory,
  ! 2**59 cells keeps n+1 and the size in bytes from overflowing.
  logical function allocate_road(road, n) result(ok)
    integer, allocatable, intent(inout) :: road(:)
    integer(int64), intent(in) :: n
    integer :: status

    ok = n < 2_int64**59
    if (.not. ok) return
    allocate (road(0:n + 1), stat=status)
    ok = status == 0
  end function allocate_road

  ! The next size(cells) draws: a car wherever the draw is below the density,
  ! compared in single precision as SPEC section 2 demands.
  subroutine fill_road(gen, density, cells)
    type(uni_state), intent(inout) :: gen
    real, intent(in) :: density
    integer, intent(out) :: cells(:)
    integer(int64) :: i

    do i = 1, size(cells, kind=int64)
      cells(i) = merge(1, 0, uni_draw(gen) < density)
    end do
  end subroutine fill_road

  ! One iteration of rule 184 on cells lo..hi of old into new; returns the
  ! number of cars that moved. Bit operations on the 0/1 cells instead of
  ! the course's branches, so that the loop vectorises.
  integer(int64) function update_cells(new, old, lo, hi) result(moves)
    integer, contiguous, intent(inout) :: new(0:)
    integer, contiguous, intent(in) :: old(0:)
    integer(int64), intent(in) :: lo, hi
    integer(int64) :: i

    moves = 0
    do i = lo, hi
      ! A car stays if blocked; an empty cell takes the car behind it.
      new(i) = ior(iand(old(i), old(i + 1)), iand(not(old(i)), old(i - 1)))
      moves = moves + iand(old(i), not(old(i + 1)))
    end do
  end function update_cells

  ! Serial or one-process road: the halo cells are the far ends of the circle.
  subroutine periodic_halo(road, n)
    integer, intent(inout) :: road(0:)
    integer(int64), intent(in) :: n

    road(0) = road(n)
    road(n + 1) = road(1)
  end subroutine periodic_halo

  ! The whole random road road(1:n) of one process, with its periodic halos;
  ! returns the number of cars.
  integer(int64) function random_road(road, n, seed, density) result(cars)
    integer, intent(inout) :: road(0:)
    integer(int64), intent(in) :: n, seed
    real, intent(in) :: density
    type(uni_state) :: gen

    call uni_seed(gen, int(seed))
    call fill_road(gen, density, road(1:n))
    call periodic_halo(road, n)
    cars = count_cars(road, n)
  end function random_road

  integer(int64) function count_cars(road, n)
    integer, intent(in) :: road(0:)
    integer(int64), intent(in) :: n

    count_cars = sum(int(road(1:n), int64))
  end function count_cars

  ! Sum of the 1-based global positions of the cars in road(1:n), whose first
  ! cell is global cell offset + 1: exact in 128 bits at any N.
  integer(int128) function position_sum(road, n, offset) result(total)
    integer, intent(in) :: road(0:)
    integer(int64), intent(in) :: n, offset
    integer(int64) :: i

    total = 0
    do i = 1, n
      if (road(i) == 1) total = total + (offset + i)
    end do
  end function position_sum

end module traffic
