! Marsaglia and Zaman's UNI generator seeded as in RMARIN (SPEC section 2).
! Everything is default (single precision) real: every value is a multiple of
! 2**-24 in [0,1), so the arithmetic is exact and matches C and Swift bit for bit.
module uni
  implicit none
  private
  public :: uni_state, uni_seed, uni_draw

  ! The whole generator state, so a road can be drawn in consecutive chunks.
  type :: uni_state
    real :: u(97)
    real :: c, cd, cm
    integer :: p, q
  end type uni_state

contains

  ! RMARIN: fill the lagged table from one seed in 0 .. 900000000.
  subroutine uni_seed(st, seed)
    type(uni_state), intent(out) :: st
    integer, intent(in) :: seed
    integer :: ij, kl, i, j, k, l, m, ii, jj
    real :: s, t

    ij = seed / 30082
    kl = seed - 30082 * ij
    i = mod(ij / 177, 177) + 2
    j = mod(ij, 177) + 2
    k = mod(kl / 169, 178) + 1
    l = mod(kl, 169)
    do ii = 1, 97
      s = 0.0
      t = 0.5
      do jj = 1, 24
        m = mod(mod(i * j, 179) * k, 179)
        i = j
        j = k
        k = m
        l = mod(53 * l + 1, 169)
        if (mod(l * m, 64) >= 32) s = s + t
        t = 0.5 * t
      end do
      st%u(ii) = s
    end do
    st%c = 362436.0 / 16777216.0
    st%cd = 7654321.0 / 16777216.0
    st%cm = 16777213.0 / 16777216.0
    st%p = 97
    st%q = 33
  end subroutine uni_seed

  ! The next number in [0,1).
  real function uni_draw(st) result(r)
    type(uni_state), intent(inout) :: st

    r = st%u(st%p) - st%u(st%q)
    if (r < 0.0) r = r + 1.0
    st%u(st%p) = r
    st%p = st%p - 1
    if (st%p == 0) st%p = 97
    st%q = st%q - 1
    if (st%q == 0) st%q = 97
    st%c = st%c - st%cd
    if (st%c < 0.0) st%c = st%c + st%cm
    r = r - st%c
    if (r < 0.0) r = r + 1.0
  end function uni_draw

end module uni
