! The density read from the command line is the nearest single-precision
! value (SPEC section 2), bit for bit what C's strtof gives.
! Usage: density_check --density X; exits 1 on a difference.
program density_check
  use iso_c_binding, only: c_char, c_ptr, c_float, c_null_char, c_null_ptr
  use output, only: argument
  use options, only: run_options, parse_options, parse_run
  implicit none
  interface
    real(c_float) function strtof(text, end) bind(C, name='strtof')
      import :: c_char, c_ptr, c_float
      character(kind=c_char), intent(in) :: text(*)
      type(c_ptr), value :: end
    end function strtof
  end interface
  type(run_options) :: opts
  integer :: status
  character(:), allocatable :: message, text
  real :: expected

  call parse_options(opts, 1, status, message)
  if (status /= parse_run) error stop 'density_check: ' // message
  text = argument(2)
  expected = strtof(text // c_null_char, c_null_ptr)
  if (transfer(opts%density, 0) /= transfer(expected, 0)) then
    print '(a, 2(1x, z8.8))', 'density_check: ' // text, opts%density, expected
    error stop 1
  end if
end program density_check
