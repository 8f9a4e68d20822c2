#!/usr/bin/env bash
# Check what the build needs and install what is missing.
# Arguments are CHECK:PACKAGE pairs from config/make.defs.*: CHECK is a command
# name, pc-NAME (a pkg-config module), py-NAME (a Python module) or file-GLOB
# (a file that some path matching GLOB names); PACKAGE is
# a Debian package, module-NAME (an environment module to load) or empty
# (nothing to install it with: say how to get it).
set -u

present() {
  case "$1" in
    pc-*) pkg-config --exists "${1#pc-}" 2>/dev/null ;;
    py-*) python3 -c "import ${1#py-}" 2>/dev/null ;;
    file-*) compgen -G "${1#file-}" >/dev/null ;;
    *)    command -v "$1" >/dev/null 2>&1 ;;
  esac
}

apt_missing=() other_missing=()
for need in "$@"; do
  check=${need%%:*} package=${need#*:}
  present "$check" && continue
  case "$package" in
    "")       other_missing+=("$check") ;;
    module-*) other_missing+=("$check (module load ${package#module-})") ;;
    *)        apt_missing+=("$package") ;;
  esac
done

for m in "${other_missing[@]}"; do
  case "$m" in
    swift) echo "setup: swift is not on PATH: install a Swift 6 toolchain from swift.org and put its usr/bin on PATH" >&2 ;;
    *)     echo "setup: missing $m" >&2 ;;
  esac
done
[ ${#other_missing[@]} -eq 0 ] || exit 1
[ ${#apt_missing[@]} -eq 0 ] && exit 0

mapfile -t packages < <(printf '%s\n' "${apt_missing[@]}" | sort -u)
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: no apt-get here; install or load: ${packages[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null || exit 1

# A python3 outside Debian's (pyenv, conda) does not see python3-numpy.
if ! present py-numpy; then
  python3 -m pip install --quiet numpy || { echo "setup: cannot install numpy for $(command -v python3)" >&2; exit 1; }
fi
