#!/usr/bin/env bash
# Makes sure the system libraries pmdesk needs are present (Debian/Ubuntu).
#   scripts/system-deps.sh qt        shared libraries Qt loads (offscreen and on a desktop)
#   scripts/system-deps.sh venv      Python's venv module (Debian ships it separately)
#   scripts/system-deps.sh postgres  a PostgreSQL server, for the tests that use one
#   scripts/system-deps.sh packaging the Linux desktop-file and AppStream validators
# As root it installs what is missing with apt; otherwise it prints the exact command and fails.
set -euo pipefail

what=${1:?usage: system-deps.sh qt|venv|postgres|packaging}
missing=()

have_lib() { ldconfig -p 2>/dev/null | grep -q " $1 " || [ -e "/usr/lib/x86_64-linux-gnu/$1" ] || [ -e "/usr/lib/aarch64-linux-gnu/$1" ]; }

case "$what" in
  qt)
    # library file -> Debian package (FACTS.md: the tested minimal set for offscreen Qt)
    while read -r lib pkg; do
      have_lib "$lib" || missing+=("$pkg")
    done <<'LIBS'
libglib-2.0.so.0 libglib2.0-0
libEGL.so.1 libegl1
libGL.so.1 libgl1
libX11.so.6 libx11-6
libxkbcommon.so.0 libxkbcommon0
libfontconfig.so.1 libfontconfig1
libfreetype.so.6 libfreetype6
libdbus-1.so.3 libdbus-1-3
LIBS
    ;;
  venv)
    py=${PYTHON:-python3}
    if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
      ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      missing+=("python${ver}-venv")
    fi
    ;;
  postgres)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
      || missing+=(postgresql)
    ;;
  packaging)
    command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
    command -v appstreamcli >/dev/null 2>&1 || missing+=(appstream)
    ;;
  *)
    echo "system-deps.sh: unknown group '$what'" >&2
    exit 2
    ;;
esac

[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages pmdesk needs: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || true
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "pmdesk needs these system packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
