"""Checked stdout (SPEC section 4.3): every write, the final flush and the
close. A failure is one line on stderr, `<program>: cannot write output:
<reason>`, and status 1."""

import errno
import os
import signal
import sys

# A reader that goes away (`| head -1`) ends the program as SIGPIPE's default
# action ends the C programs, quietly and with a non-zero status; Python
# ignores SIGPIPE and would raise BrokenPipeError instead.
signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def stdout():
    """sys.stdout, which is None when fd 1 was closed at start-up: print()
    would then drop the text without a word, so it is an error (EBADF)."""
    if sys.stdout is None:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
    return sys.stdout


def write(prog, text):
    try:
        stdout().write(text)
    except OSError as error:
        cannot_write(prog, error)


def close(prog):
    """Flush and close stdout, fd 1 included (closing sys.stdout leaves fd 1
    open), so that an error the system reports only at close is seen too."""
    try:
        out = stdout()
        out.flush()
        fd = out.fileno()
        out.close()
        os.close(fd)
    except OSError as error:
        cannot_write(prog, error)


def cannot_write(prog, error):
    reason = os.strerror(error.errno) if error.errno else str(error)
    sys.stderr.write(f"{prog}: cannot write output: {reason}\n")
    sys.stderr.flush()
    # Not sys.exit: the lost text is still in sys.stdout's buffer, and Python
    # would try to flush it again at shutdown and print "Exception ignored".
    os._exit(1)
