! The human output and the --trace record of README.md. Numbers are printed
! as C's printf("%f") / ("%.2f") would: no leading blanks, a leading zero.
module report
  use iso_fortran_env, only: int64, real64, output_unit, error_unit
  use options, only: run_options, program_name, itoa
  implicit none
  private
  public :: print_start, print_moves, print_finish, print_no_memory

contains

  ! Before the loop: the trace's car count, or the course's header lines.
  ! workers is e.g. '1 process(es)' or '3 thread(s)'.
  subroutine print_start(opts, cars, workers)
    type(run_options), intent(in) :: opts
    integer(int64), intent(in) :: cars
    character(len=*), intent(in) :: workers

    if (opts%trace) then
      write (output_unit, '(a)') 'cars ' // itoa(cars)
      return
    end if
    write (output_unit, '(a)') &
      'Length of road is ' // itoa(opts%cells), &
      'Number of iterations is ' // itoa(opts%iterations), &
      'Target density of cars is ' // fixed(real(opts%density, real64), 6), &
      'Running on ' // workers, &
      'Actual density of cars is ' // fixed(real(cars, real64) / real(opts%cells, real64), 6), &
      ''
  end subroutine print_start

  ! After iteration iter: its moves in the trace, or the average velocity
  ! every --report iterations.
  subroutine print_moves(opts, iter, moves, cars)
    type(run_options), intent(in) :: opts
    integer(int64), intent(in) :: iter, moves, cars
    real(real64) :: velocity

    if (opts%trace) then
      write (output_unit, '(a)') 'moves ' // itoa(iter) // ' ' // itoa(moves)
    else if (mod(iter, opts%report) == 0) then
      velocity = 0
      if (cars > 0) velocity = real(moves, real64) / real(cars, real64)
      write (output_unit, '(a)') 'At iteration ' // itoa(iter) // &
        ' average velocity is ' // fixed(velocity, 6)
    end if
  end subroutine print_moves

  ! After the loop: the checksum and timing lines, or the course's footer.
  subroutine print_finish(opts, checksum, seconds)
    type(run_options), intent(in) :: opts
    integer(int64), intent(in) :: checksum
    real(real64), intent(in) :: seconds
    real(real64) :: mcops

    mcops = real(opts%cells, real64) * real(opts%iterations, real64) / seconds / 1.0e6_real64
    if (opts%trace) then
      write (output_unit, '(a)') 'checksum ' // itoa(checksum), &
        'seconds ' // fixed(seconds, 6), 'mcops ' // fixed(mcops, 2)
    else
      write (output_unit, '(a)') '', 'Time taken was ' // fixed(seconds, 6) // ' seconds', &
        'Update rate was ' // fixed(mcops, 2) // ' MCOPs'
    end if
  end subroutine print_finish

  subroutine print_no_memory(cells)
    integer(int64), intent(in) :: cells

    write (error_unit, '(a)') program_name() // ': cannot allocate memory for ' // &
      itoa(cells) // ' cells'
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
