! How the programs speak: stdout through one checked buffer (SPEC section
! 4.3), error lines on stderr, integers in decimal, and the command line's
! words, the program's name among them.
module output
  use iso_fortran_env, only: int64, error_unit
  use iso_c_binding, only: c_int, c_char, c_size_t, c_intptr_t, c_null_char
  implicit none
  private
  public :: int128, put_line, finish_output, say_error, program_name, argument, itoa
  public :: output_failed, exit_on_failure

  ! The checksum's kind: N(N+1)/2 passes 64 bits from about 4.3e9 cells.
  integer, parameter :: int128 = selected_int_kind(38)

  ! gfortran's runtime drops write errors on its preconnected stdout (iostat
  ! stays 0, even on a closed descriptor), so stdout is written through
  ! POSIX write(2) on descriptor 1, and perror(3) gives the system's reason.
  interface
    function c_write(fd, buf, count) bind(C, name='write') result(written)
      import :: c_int, c_char, c_size_t, c_intptr_t
      integer(c_int), value :: fd
      character(kind=c_char), intent(in) :: buf(*)
      integer(c_size_t), value :: count
      integer(c_intptr_t) :: written     ! ssize_t
    end function c_write
    integer(c_int) function c_close(fd) bind(C, name='close')
      import :: c_int
      integer(c_int), value :: fd
    end function c_close
    integer(c_int) function c_isatty(fd) bind(C, name='isatty')
      import :: c_int
      integer(c_int), value :: fd
    end function c_isatty
    subroutine c_perror(prefix) bind(C, name='perror')
      import :: c_char
      character(kind=c_char), intent(in) :: prefix(*)
    end subroutine c_perror
  end interface

  interface itoa
    module procedure itoa64, itoa128
  end interface itoa

  ! Set once a write has failed (and its line printed); later output is dropped.
  logical, protected :: output_failed = .false.
  ! A failed write ends the program with status 1 at once, unless cleared:
  ! an MPI rank must leave together with the others.
  logical :: exit_on_failure = .true.

  character(len=65536) :: buffer
  integer :: used = 0
  integer :: terminal = -1          ! isatty(1), asked once

contains

  ! One line on stdout: buffered, and line by line to a terminal, as C's stdio.
  subroutine put_line(text)
    character(len=*), intent(in) :: text

    call put(text)
    call put(new_line('a'))
    if (terminal < 0) terminal = c_isatty(1_c_int)
    if (terminal == 1) call flush_output()
  end subroutine put_line

  subroutine put(text)
    character(len=*), intent(in) :: text
    integer :: done, n

    done = 0
    do while (done < len(text))
      if (used == len(buffer)) call flush_output()
      n = min(len(text) - done, len(buffer) - used)
      buffer(used + 1:used + n) = text(done + 1:done + n)
      used = used + n
      done = done + n
    end do
  end subroutine put

  ! Write out the buffer; on failure say why, once.
  subroutine flush_output()
    character(:), allocatable :: prefix
    integer(c_intptr_t) :: written
    integer :: done

    prefix = failure_prefix()
    done = 0
    do while (done < used .and. .not. output_failed)
      written = c_write(1_c_int, buffer(done + 1:used), int(used - done, c_size_t))
      if (written < 0) then
        call failed(prefix)
        exit
      end if
      done = done + int(written)
    end do
    used = 0
  end subroutine flush_output

  ! The last output: flush and close stdout, whose errors count too.
  subroutine finish_output()
    character(:), allocatable :: prefix

    call flush_output()
    if (output_failed) return
    prefix = failure_prefix()
    if (c_close(1_c_int) /= 0) call failed(prefix)
  end subroutine finish_output

  ! perror's argument, made before the call that may fail: nothing may run
  ! between that call and perror, which reads errno.
  function failure_prefix() result(prefix)
    character(:), allocatable :: prefix

    prefix = program_name() // ': cannot write output' // c_null_char
  end function failure_prefix

  subroutine failed(prefix)
    character(len=*), intent(in) :: prefix

    call c_perror(prefix)
    output_failed = .true.
    if (exit_on_failure) stop 1, quiet=.true.
  end subroutine failed

  ! One line '<program>: <message>' on stderr.
  subroutine say_error(message)
    character(len=*), intent(in) :: message

    write (error_unit, '(a)') program_name() // ': ' // message
  end subroutine say_error

  ! The name the program was run by, without its folder.
  function program_name() result(name)
    character(:), allocatable :: name, path

    path = argument(0)
    name = path(index(path, '/', back=.true.) + 1:)
  end function program_name

  ! Command argument k, whatever its length.
  function argument(k) result(text)
    integer, intent(in) :: k
    character(:), allocatable :: text
    integer :: n

    call get_command_argument(k, length=n)
    allocate (character(n) :: text)
    if (n > 0) call get_command_argument(k, text)
  end function argument

  function itoa64(n) result(text)
    integer(int64), intent(in) :: n
    character(:), allocatable :: text

    text = itoa128(int(n, int128))
  end function itoa64

  function itoa128(n) result(text)
    integer(int128), intent(in) :: n
    character(:), allocatable :: text
    character(len=40) :: digits

    write (digits, '(i0)') n
    text = trim(digits)
  end function itoa128

end module output
