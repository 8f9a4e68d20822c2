! The road of the course codes: integer cells road(0:n+1), 1 for a car, with
! one halo cell at each end holding the neighbouring cells of the circle.
module traffic
  use iso_fortran_env, only: int64
  use iso_c_binding, only: c_int, c_long
  use uni, only: uni_state, uni_draw, uni_seed
  use output, only: int128
  implicit none
  private
  public :: pair_need, physical_memory, fits, allocate_pair
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

  ! SPEC 4.2's memory rule: before allocating, the bytes of every array the
  ! run holds, over every process on the node, against the node's physical
  ! memory (Linux grants more than it has, and the OOM killer strikes once
  ! the pages are touched). The two roads of n cells and their halos; past
  ! what allocate_road takes, more than any memory.
  integer(int64) function pair_need(n) result(bytes)
    integer(int64), intent(in) :: n

    bytes = huge(bytes)
    if (n < 2_int64**59) bytes = 2 * (n + 2) * storage_size(0) / 8
  end function pair_need

  ! The node's physical memory in bytes: glibc's count of physical pages
  ! times the page size, as sysconf(_SC_PHYS_PAGES) gives them.
  integer(int64) function physical_memory() result(bytes)
    interface
      integer(c_long) function get_phys_pages() bind(C, name='get_phys_pages')
        import :: c_long
      end function get_phys_pages
      integer(c_int) function getpagesize() bind(C, name='getpagesize')
        import :: c_int
      end function getpagesize
    end interface

    bytes = int(get_phys_pages(), int64) * int(getpagesize(), int64)
  end function physical_memory

  ! Whether bytes, the need of every process on the node, fit in its memory.
  logical function fits(bytes)
    integer(int64), intent(in) :: bytes

    fits = bytes <= physical_memory()
  end function fits

  ! Both roads of a one-process run when they fit and can be allocated.
  logical function allocate_pair(oldroad, newroad, n) result(ok)
    integer, allocatable, intent(inout) :: oldroad(:), newroad(:)
    integer(int64), intent(in) :: n

    ok = fits(pair_need(n))
    if (ok) ok = allocate_road(oldroad, n)
    if (ok) ok = allocate_road(newroad, n)
  end function allocate_pair

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
