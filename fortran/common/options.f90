! The command line of SPEC section 3 with the conventions and error lines of
! README.md. Parsing only reports what it found; the caller prints and exits,
! so an MPI program can let rank 0 speak while every rank finalises.
module options
  use iso_fortran_env, only: int64, error_unit, output_unit
  use, intrinsic :: ieee_arithmetic, only: ieee_is_finite
  implicit none
  private
  public :: run_options, parse_options, announce, exit_status, get_options
  public :: parse_run, parse_help, parse_error, program_name, itoa

  integer, parameter :: parse_run = 0, parse_help = 1, parse_error = 2
  integer(int64), parameter :: default_cells = 10240000_int64
  integer(int64), parameter :: cell_updates = 1024000000_int64
  integer(int64), parameter :: seed_max = 900000000_int64

  type :: run_options
    integer(int64) :: cells = default_cells
    integer(int64) :: iterations = 0   ! 0 until derived from cells
    real :: density = 0.52
    integer(int64) :: seed = 5743
    integer(int64) :: report = 0       ! 0 until derived from iterations
    logical :: trace = .false.
  end type run_options

  ! What an integer option allows, as checked and as printed.
  type :: int_rule
    character(len=12) :: name
    integer(int64) :: min, max
    character(len=19) :: allowed
  end type int_rule

  type(int_rule), parameter :: rules(4) = [ &
    int_rule('--cells', 1, huge(1_int64), 'N >= 1'), &
    int_rule('--iterations', 1, huge(1_int64), 'N >= 1'), &
    int_rule('--seed', 0, seed_max, '0 <= N <= 900000000'), &
    int_rule('--report', 1, huge(1_int64), 'N >= 1')]
  character(len=*), parameter :: density_allowed = '0 <= X <= 1'

contains

  ! Parse the command line; status is parse_run, parse_help or parse_error,
  ! and message is the error line (with the program name) for parse_error.
  ! nprocs is the number of processes the road is split over (1 if serial).
  subroutine parse_options(opts, nprocs, status, message)
    type(run_options), intent(out) :: opts
    integer, intent(in) :: nprocs
    integer, intent(out) :: status
    character(:), allocatable, intent(out) :: message
    character(:), allocatable :: arg
    integer :: k

    status = parse_run
    message = ''
    k = 1
    do while (k <= command_argument_count())
      arg = argument(k)
      k = k + 1
      if (same(arg, '--trace')) then
        opts%trace = .true.
      else if (same(arg, '--help') .or. same(arg, '-h')) then
        status = parse_help
      else if (len(arg) > 1 .and. index(arg, '-') == 1) then
        call parse_value_option(opts, arg, k, message)
      else
        message = "unexpected argument '" // arg // "'"
      end if
      if (len(message) > 0) status = parse_error
      if (status /= parse_run) exit
    end do
    if (status == parse_run) then
      call derive_defaults(opts)
      call check_processes(opts, nprocs, message)
      if (len(message) > 0) status = parse_error
    end if
    if (status == parse_error) message = program_name() // ': ' // message
  end subroutine parse_options

  ! Serial programs: parse, and on help or error speak and exit at once.
  subroutine get_options(opts)
    type(run_options), intent(out) :: opts
    integer :: status, code
    character(:), allocatable :: message

    call parse_options(opts, 1, status, message)
    if (status == parse_run) return
    call announce(status, message)
    code = exit_status(status)
    stop code, quiet=.true.
  end subroutine get_options

  ! Print the usage (help) or the one error line (error).
  subroutine announce(status, message)
    integer, intent(in) :: status
    character(len=*), intent(in) :: message

    if (status == parse_help) call print_usage()
    if (status == parse_error) write (error_unit, '(a)') message
  end subroutine announce

  integer function exit_status(status)
    integer, intent(in) :: status

    exit_status = merge(2, 0, status == parse_error)
  end function exit_status

  ! arg starts with '-' and is not --trace or --help: a value option in the
  ! "--name value" or "--name=value" form, or unknown. k is the next argument.
  subroutine parse_value_option(opts, arg, k, message)
    type(run_options), intent(inout) :: opts
    character(len=*), intent(in) :: arg
    integer, intent(inout) :: k
    character(:), allocatable, intent(inout) :: message
    character(:), allocatable :: name, value
    integer :: eq, r

    eq = index(arg, '=')
    name = arg
    if (eq > 0) name = arg(:eq - 1)
    r = rule_index(name)
    if (r < 0) then
      message = "unknown option '" // arg // "'"
      return
    end if
    if (eq > 0) then
      value = arg(eq + 1:)
    else if (k <= command_argument_count()) then
      value = argument(k)
      k = k + 1
    else
      message = name // ' needs a value (allowed: ' // allowed_text(r) // ')'
      return
    end if
    if (r == 0) then
      call parse_density(value, opts%density, message)
    else
      call parse_integer_option(opts, r, value, message)
    end if
  end subroutine parse_value_option

  ! Which value option name is: 1..4 an integer rule, 0 the density, -1 none.
  ! Lengths are compared too: Fortran's == ignores trailing blanks.
  integer function rule_index(name) result(r)
    character(len=*), intent(in) :: name

    if (same(name, '--density')) then
      r = 0
      return
    end if
    do r = size(rules), 1, -1
      if (same(name, trim(rules(r)%name))) return
    end do
    r = -1
  end function rule_index

  logical function same(a, b)
    character(len=*), intent(in) :: a, b

    same = len(a) == len(b) .and. a == b
  end function same

  function allowed_text(r) result(text)
    integer, intent(in) :: r
    character(:), allocatable :: text

    if (r == 0) then
      text = density_allowed
    else
      text = trim(rules(r)%allowed)
    end if
  end function allowed_text

  ! Store integer option r.
  subroutine set_int_option(opts, r, v)
    type(run_options), intent(inout) :: opts
    integer, intent(in) :: r
    integer(int64), intent(in) :: v

    select case (r)
    case (1)
      opts%cells = v
    case (2)
      opts%iterations = v
    case (3)
      opts%seed = v
    case default
      opts%report = v
    end select
  end subroutine set_int_option

  subroutine parse_integer_option(opts, r, text, message)
    type(run_options), intent(inout) :: opts
    integer, intent(in) :: r
    character(len=*), intent(in) :: text
    character(:), allocatable, intent(inout) :: message
    integer(int64) :: v
    character(:), allocatable :: head, tail

    head = trim(rules(r)%name) // " '" // text // "' "
    tail = ' (allowed: ' // trim(rules(r)%allowed) // ')'
    if (.not. read_int64(text, v)) then
      message = head // 'is not an integer' // tail
    else if (v < rules(r)%min .or. v > rules(r)%max) then
      message = head // 'is out of range' // tail
    else
      call set_int_option(opts, r, v)
    end if
  end subroutine parse_integer_option

  ! The density goes straight to default real, as strtof does in C.
  subroutine parse_density(text, density, message)
    character(len=*), intent(in) :: text
    real, intent(inout) :: density
    character(:), allocatable, intent(inout) :: message
    real :: v
    integer :: ios

    ios = 1
    if (is_number_text(text)) read (text, *, iostat=ios) v
    if (ios /= 0) then
      message = "--density '" // text // "' is not a number (allowed: " &
                // density_allowed // ')'
    else if (.not. ieee_is_finite(v) .or. .not. (v >= 0.0 .and. v <= 1.0)) then
      message = "--density '" // text // "' is out of range (allowed: " &
                // density_allowed // ')'
    else
      density = v
    end if
  end subroutine parse_density

  ! A 64-bit decimal integer with an optional sign and nothing else; false on
  ! anything else or overflow. Accumulates negatively to reach -huge-1.
  logical function read_int64(text, v) result(ok)
    character(len=*), intent(in) :: text
    integer(int64), intent(out) :: v
    integer(int64), parameter :: lowest = -huge(1_int64) - 1
    integer :: i, first
    integer(int64) :: d

    v = 0
    ok = .false.
    first = 1
    if (len(text) > 0) then
      if (scan(text(1:1), '+-') == 1) first = 2
    end if
    if (first > len(text)) return
    do i = first, len(text)
      d = index('0123456789', text(i:i)) - 1
      if (d < 0) return
      if (v < (lowest + d) / 10) return
      v = 10 * v - d
    end do
    if (text(1:1) /= '-') then
      if (v == lowest) return
      v = -v
    end if
    ok = .true.
  end function read_int64

  ! Would C's strtof take the whole text (decimal form, or inf/nan)? This
  ! keeps Fortran's list-directed read from accepting blanks, commas or r*c.
  logical function is_number_text(text) result(ok)
    character(len=*), intent(in) :: text
    character(:), allocatable :: word
    integer :: i, mantissa

    i = 1
    if (len(text) > 0) then
      if (scan(text(1:1), '+-') == 1) i = 2
    end if
    word = lower(text(i:))
    ok = word == 'inf' .or. word == 'infinity' .or. word == 'nan'
    if (ok) return
    mantissa = digits_at(text, i)
    if (i <= len(text)) then
      if (text(i:i) == '.') then
        i = i + 1
        mantissa = mantissa + digits_at(text, i)
      end if
    end if
    if (mantissa == 0) return
    if (i <= len(text)) then
      if (scan(text(i:i), 'eE') /= 1) return
      i = i + 1
      if (i <= len(text)) then
        if (scan(text(i:i), '+-') == 1) i = i + 1
      end if
      if (digits_at(text, i) == 0) return
    end if
    ok = i > len(text)
  end function is_number_text

  ! Count the digits starting at text(i:) and move i past them.
  integer function digits_at(text, i) result(n)
    character(len=*), intent(in) :: text
    integer, intent(inout) :: i

    n = verify(text(i:), '0123456789') - 1
    if (n < 0) n = len(text) - i + 1
    i = i + n
  end function digits_at

  function lower(text) result(low)
    character(len=*), intent(in) :: text
    character(len=len(text)) :: low
    integer :: i, c

    low = text
    do i = 1, len(text)
      c = iachar(text(i:i))
      if (c >= iachar('A') .and. c <= iachar('Z')) low(i:i) = achar(c + 32)
    end do
  end function lower

  subroutine derive_defaults(opts)
    type(run_options), intent(inout) :: opts

    if (opts%iterations == 0) opts%iterations = max(1_int64, cell_updates / opts%cells)
    if (opts%report == 0) opts%report = max(1_int64, opts%iterations / 10)
  end subroutine derive_defaults

  subroutine check_processes(opts, nprocs, message)
    type(run_options), intent(in) :: opts
    integer, intent(in) :: nprocs
    character(:), allocatable, intent(inout) :: message

    if (opts%cells >= nprocs) return
    message = "--cells '" // itoa(opts%cells) // "' is less than the number of processes, " &
              // itoa(int(nprocs, int64)) // ' (allowed: N >= ' // itoa(int(nprocs, int64)) // ')'
  end subroutine check_processes

  function itoa(n) result(text)
    integer(int64), intent(in) :: n
    character(:), allocatable :: text
    character(len=20) :: buffer

    write (buffer, '(i0)') n
    text = trim(buffer)
  end function itoa

  ! Command argument k, whatever its length.
  function argument(k) result(text)
    integer, intent(in) :: k
    character(:), allocatable :: text
    integer :: n

    call get_command_argument(k, length=n)
    allocate (character(n) :: text)
    if (n > 0) call get_command_argument(k, text)
  end function argument

  ! The program's file name without its folder, as the error lines use it.
  function program_name() result(name)
    character(:), allocatable :: name, path

    path = argument(0)
    name = path(index(path, '/', back=.true.) + 1:)
  end function program_name

  subroutine print_usage()
    character(:), allocatable :: prog

    prog = program_name()
    write (output_unit, '(a)') &
      'usage: ' // prog // ' [--cells N] [--iterations N] [--density X] [--seed N]', &
      repeat(' ', 8 + len(prog)) // '[--report N] [--trace] [--help]', &
      '', &
      'Simulate the traffic cellular automaton (rule 184) on a circular road.', &
      '', &
      '  --cells N       road length, N >= 1 (default 10240000)', &
      '  --iterations N  iterations, N >= 1 (default 1.024e9 / cells, at least 1)', &
      '  --density X     target density of cars, 0 <= X <= 1 (default 0.52)', &
      '  --seed N        generator seed, 0 <= N <= 900000000 (default 5743)', &
      '  --report N      print the average velocity every N iterations', &
      '                  (default iterations / 10, at least 1)', &
      '  --trace         print the machine record instead of the human output', &
      '  --help, -h      print this help'
  end subroutine print_usage

end module options
