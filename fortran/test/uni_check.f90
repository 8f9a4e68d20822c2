! Checks the UNI generator against a draws file (SPEC section 2):
! lines "seed S" then "index:integer", a draw being the integer times 2**-24.
! Usage: uni_check FILE; prints each mismatch, exits 1 on any or on no checks.
program uni_check
  use iso_fortran_env, only: int64, error_unit
  use uni, only: uni_state, uni_seed, uni_draw
  implicit none
  type(uni_state) :: gen
  character(len=256) :: path, line
  integer(int64) :: position, expected, drawn, next
  integer :: unit, ios, seed, checked, failed, colon
  real :: r

  call get_command_argument(1, path)
  open (newunit=unit, file=path, status='old', action='read', iostat=ios)
  if (ios /= 0) error stop 'uni_check: cannot open the draws file'
  checked = 0
  failed = 0
  next = 0
  r = 0
  do
    read (unit, '(a)', iostat=ios) line
    if (ios /= 0) exit
    colon = 0
    if (line(1:1) /= '#') colon = scan(line, ':')
    if (line(1:5) == 'seed ') then
      read (line(6:), *) seed
      call uni_seed(gen, seed)
      next = 0
    else if (colon > 0) then
      read (line(:colon - 1), *) position
      read (line(colon + 1:), *) expected
      ! Draw up to the wanted position; positions come in increasing order.
      do while (next <= position)
        r = uni_draw(gen)
        next = next + 1
      end do
      drawn = int(r * 16777216.0, int64)
      checked = checked + 1
      if (drawn /= expected) then
        failed = failed + 1
        write (error_unit, '(a,i0,a,i0,a,i0,a,i0)') 'seed ', seed, ' draw ', position, &
          ': expected ', expected, ', got ', drawn
      end if
    end if
  end do
  close (unit)
  print '(i0,a,i0,a)', checked, ' draws checked, ', failed, ' wrong'
  if (failed > 0 .or. checked == 0) stop 1
end program uni_check
