! The command line of SPEC section 3: the grammar of 3.1, the usage of 3.2
! and the messages of 4.1. Parsing only reports what it found; the caller
! prints and exits, so an MPI program can let rank 0 speak while every rank
! finalises.
module options
  use iso_fortran_env, only: int64
  use output, only: put_line, finish_output, say_error, output_failed, &
                    program_name, argument, itoa
  implicit none
  private
  public :: run_options, parse_options, announce, get_options
  public :: parse_run, parse_help, parse_error

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
  character(len=*), parameter :: digits = '0123456789'

contains

  ! Parse the command line; status is parse_run, parse_help or parse_error,
  ! and message is the error (without the program name) for parse_error.
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
      else if (len(arg) > 1 .and. char_in(arg, 1, '-')) then
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
  end subroutine parse_options

  ! One-process programs: parse, and on help or error speak and exit at once.
  subroutine get_options(opts)
    type(run_options), intent(out) :: opts
    integer :: status, code
    character(:), allocatable :: message

    call parse_options(opts, 1, status, message)
    if (status == parse_run) return
    call announce(status, message, code)
    stop code, quiet=.true.
  end subroutine get_options

  ! Say what parsing found, the usage (help) or the error line, and give the
  ! exit status: 0, or 1 if the usage could not be written; 2 for an error.
  subroutine announce(status, message, code)
    integer, intent(in) :: status
    character(len=*), intent(in) :: message
    integer, intent(out) :: code

    if (status == parse_help) then
      call print_usage()
      call finish_output()
      code = merge(1, 0, output_failed)
    else
      call say_error(message)
      code = 2
    end if
  end subroutine announce

  ! arg starts with '-' and is not a flag: a value option in the
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

  ! Exact equality: Fortran's == ignores trailing blanks.
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

  ! An integer is its syntax first; a value past 64 bits is out of range
  ! like any other outside the rule.
  subroutine parse_integer_option(opts, r, text, message)
    type(run_options), intent(inout) :: opts
    integer, intent(in) :: r
    character(len=*), intent(in) :: text
    character(:), allocatable, intent(inout) :: message
    character(:), allocatable :: head, tail
    integer(int64) :: v
    integer :: i, n

    head = trim(rules(r)%name) // " '" // text // "' "
    tail = ' (allowed: ' // trim(rules(r)%allowed) // ')'
    i = sign_length(text) + 1
    n = digits_at(text, i)
    if (n == 0 .or. i <= len(text)) then   ! [+-]?[0-9]+ and nothing else
      message = head // 'is not an integer' // tail
      return
    end if
    if (fits_int64(text, v)) then
      if (v >= rules(r)%min .and. v <= rules(r)%max) then
        call set_int_option(opts, r, v)
        return
      end if
    end if
    message = head // 'is out of range' // tail
  end subroutine parse_integer_option

  ! The value of text, which has the integer syntax; false past 64 bits.
  ! The digits are accumulated negatively, to reach -huge-1.
  logical function fits_int64(text, v) result(fits)
    character(len=*), intent(in) :: text
    integer(int64), intent(out) :: v
    integer(int64), parameter :: lowest = -huge(1_int64) - 1
    integer(int64) :: d
    integer :: i

    fits = .false.
    v = 0
    do i = sign_length(text) + 1, len(text)
      d = index(digits, text(i:i)) - 1
      if (v < (lowest + d) / 10) return
      v = 10 * v - d
    end do
    if (text(1:1) /= '-') then
      if (v == lowest) return
      v = -v
    end if
    fits = .true.
  end function fits_int64

  ! Only the syntax of SPEC 3.1 reaches read: a list-directed read would also
  ! take blanks, commas, 'd' exponents and repeat counts. gfortran's read
  ! rounds to the nearest default real as C's strtof does (checked on
  ! halfway and subnormal cases).
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
    else if (.not. (v >= 0.0 .and. v <= 1.0)) then   ! NaN fails both
      message = "--density '" // text // "' is out of range (allowed: " &
                // density_allowed // ')'
    else
      density = v
    end if
  end subroutine parse_density

  ! A decimal number (sign, digits with an optional point and fraction, an
  ! optional exponent) or one of the words nan, inf, infinity, any case.
  logical function is_number_text(text) result(ok)
    character(len=*), intent(in) :: text
    character(:), allocatable :: word
    integer :: i, mantissa

    i = sign_length(text) + 1
    word = lower(text(i:))
    ok = same(word, 'inf') .or. same(word, 'infinity') .or. same(word, 'nan')
    if (ok) return
    mantissa = digits_at(text, i)
    if (char_in(text, i, '.')) then
      i = i + 1
      mantissa = mantissa + digits_at(text, i)
    end if
    if (mantissa == 0) return
    if (char_in(text, i, 'eE')) then
      i = i + 1
      if (char_in(text, i, '+-')) i = i + 1
      if (digits_at(text, i) == 0) return
    end if
    ok = i > len(text)
  end function is_number_text

  ! Is text(i:i) one of the characters in set? False past the end.
  logical function char_in(text, i, set)
    character(len=*), intent(in) :: text, set
    integer, intent(in) :: i

    char_in = .false.
    if (i <= len(text)) char_in = scan(text(i:i), set) == 1
  end function char_in

  integer function sign_length(text)
    character(len=*), intent(in) :: text

    sign_length = merge(1, 0, char_in(text, 1, '+-'))
  end function sign_length

  ! Count the digits starting at text(i:) and move i past them.
  integer function digits_at(text, i) result(n)
    character(len=*), intent(in) :: text
    integer, intent(inout) :: i

    n = verify(text(i:), digits) - 1
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
    character(:), allocatable :: p

    if (opts%cells >= nprocs) return
    p = itoa(int(nprocs, int64))
    message = "--cells '" // itoa(opts%cells) // "' is less than the number of processes, " &
              // p // ' (allowed: N >= ' // p // ')'
  end subroutine check_processes

  subroutine print_usage()
    character(:), allocatable :: prog

    prog = program_name()
    call put_line('usage: ' // prog // ' [--cells N] [--iterations N] [--density X] [--seed N]')
    call put_line(repeat(' ', 8 + len(prog)) // '[--report N] [--trace] [--help]')
    call put_line('')
    call put_line('Simulate the traffic cellular automaton (rule 184) on a circular road.')
    call put_line('')
    call put_line('  --cells N       road length, N >= 1 (default 10240000)')
    call put_line('  --iterations N  iterations, N >= 1 (default 1.024e9 / cells, at least 1)')
    call put_line('  --density X     target density of cars, 0 <= X <= 1 (default 0.52)')
    call put_line('  --seed N        generator seed, 0 <= N <= 900000000 (default 5743)')
    call put_line('  --report N      print the average velocity every N iterations')
    call put_line('                  (default iterations / 10, at least 1)')
    call put_line('  --trace         print the machine record instead of the human output')
    call put_line('  --help, -h      print this help')
  end subroutine print_usage

end module options
