! The checksum past 64 bits (SPEC section 5), which no road that fits in
! memory here reaches: four cars at the far end of the longest road.
! Usage: checksum_check; exits 1 on a wrong sum.
program checksum_check
  use iso_fortran_env, only: int64
  use output, only: itoa
  use traffic, only: position_sum
  implicit none
  character(len=*), parameter :: expected = '36893488147419103222'  ! 4 * (2**63 - 1) - 6
  integer :: road(0:5) = 1
  character(:), allocatable :: got

  ! Cells 2**63 - 4 .. 2**63 - 1, that is positions huge - 3 .. huge.
  got = itoa(position_sum(road, 4_int64, huge(1_int64) - 4))
  if (got /= expected) then
    print '(a)', 'checksum_check: got ' // got // ', expected ' // expected
    error stop 1
  end if
end program checksum_check
