! The human output and the --trace record of SPEC section 5. Numbers are
! printed as C's printf("%f") / ("%.2f") would: no leading blanks, a leading
! zero. Every line goes through the checked stdout of module output.
module report
  use iso_fortran_env, only: int64, real64
  use output, only: int128, put_line, finish_output, say_error, itoa
  use options, only: run_options
  implicit none
  private
  public :: print_start, print_moves, print_finish, print_no_memory

contains

  ! Once the road is built: the trace's car count, or the course's header
  ! lines. workers is e.g. '1 process(es)' or '3 thread(s)'.
  subroutine print_start(opts, cars, workers)
    type(run_options), intent(in) :: opts
    integer(int64), intent(in) :: cars
    character(len=*), intent(in) :: workers

    if (opts%trace) then
      call put_line('cars ' // itoa(cars))
      return
    end if
    call put_line('Length of road is ' // itoa(opts%cells))
    call put_line('Number of iterations is ' // itoa(opts%iterations))
    call put_line('Target density of cars is ' // fixed(real(opts%density, real64), 6))
    call put_line('Running on ' // workers)
    call put_line('Actual density of cars is ' // &
                  fixed(real(cars, real64) / real(opts%cells, real64), 6))
    call put_line('')
  end subroutine print_start

  ! After iteration iter: its moves in the trace, or the average velocity
  ! every --report iterations.
  subroutine print_moves(opts, iter, moves, cars)
    type(run_options), intent(in) :: opts
    integer(int64), intent(in) :: iter, moves, cars
    real(real64) :: velocity

    if (opts%trace) then
      call put_line('moves ' // itoa(iter) // ' ' // itoa(moves))
    else if (mod(iter, opts%report) == 0) then
      velocity = 0
      if (cars > 0) velocity = real(moves, real64) / real(cars, real64)
      call put_line('At iteration ' // itoa(iter) // ' average velocity is ' // &
                    fixed(velocity, 6))
    end if
  end subroutine print_moves

  ! After the loop: the checksum and timing lines, or the course's footer;
  ! then stdout is flushed and closed, the last writes that can fail.
  subroutine print_finish(opts, checksum, seconds)
    type(run_options), intent(in) :: opts
    integer(int128), intent(in) :: checksum
    real(real64), intent(in) :: seconds
    real(real64) :: mcops

    mcops = real(opts%cells, real64) * real(opts%iterations, real64) / seconds / 1.0e6_real64
    if (opts%trace) then
      call put_line('checksum ' // itoa(checksum))
      call put_line('seconds ' // fixed(seconds, 6))
      call put_line('mcops ' // fixed(mcops, 2))
    else
      call put_line('')
      call put_line('Time taken was ' // fixed(seconds, 6) // ' seconds')
      call put_line('Update rate was ' // fixed(mcops, 2) // ' MCOPs')
    end if
    call finish_output()
  end subroutine print_finish

  subroutine print_no_memory(cells)
    integer(int64), intent(in) :: cells

    call say_error('cannot allocate memory for ' // itoa(cells) // ' cells')
  end subroutine print_no_memory

  ! x with the given decimals; a wide F field keeps the leading zero that
  ! gfortran drops in F0.d.
  function fixed(x, decimals) result(text)
    real(real64), intent(in) :: x
    integer, intent(in) :: decimals
    character(:), allocatable :: text
    character(len=64) :: buffer
    character(len=16) :: form

    write (form, '(a,i0,a)') '(f64.', decimals, ')'
    write (buffer, form) x
    text = trim(adjustl(buffer))
  end function fixed

end module report
