#!/usr/bin/env bash
# Makes sure the system packages pmdesk needs are present (Debian 12, Ubuntu 22.04 and 24.04).
#   scripts/system-deps.sh qt        every shared library Qt loads: offscreen, X11 and Wayland
#                                    sessions, plus a font when the system has none
#   scripts/system-deps.sh venv      Python's venv module (Debian ships it separately)
#   scripts/system-deps.sh bundle    what PyInstaller needs to build the bundle: objdump (binutils)
#                                    and Python's shared library (PYTHON, default python3)
#   scripts/system-deps.sh postgres  a PostgreSQL server, for the tests that use one
#   scripts/system-deps.sh packaging the Linux desktop-file and AppStream validators
# Several groups may be named at once (`system-deps.sh qt bundle`): what is missing from all of them
# is installed, or printed, as one command. As root it installs with apt; otherwise it prints the
# exact command and fails.
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: system-deps.sh qt|venv|bundle|postgres|packaging ..." >&2; exit 2; }

# Each wanted package as "name" or "name|older-name": the first one apt knows is installed
# (Ubuntu 24.04 renamed some libraries with a t64 suffix).
wanted=()

known_libs=$(ldconfig -p 2>/dev/null || true)
have_lib() {
  [[ $known_libs == *[[:space:]]"$1 ("* ]] && return 0
  local dir
  for dir in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /usr/lib; do
    [ -e "$dir/$1" ] && return 0
  done
  return 1
}

# Library file -> package. Found with readelf on PySide6's Qt libraries and on the platform
# plugins (offscreen, xcb, wayland) and their GL, shell and decoration plugins.
qt_libs() {
  cat <<'LIBS'
libglib-2.0.so.0 libglib2.0-0t64|libglib2.0-0
libgthread-2.0.so.0 libglib2.0-0t64|libglib2.0-0
libEGL.so.1 libegl1
libGL.so.1 libgl1
libdbus-1.so.3 libdbus-1-3
libfontconfig.so.1 libfontconfig1
libfreetype.so.6 libfreetype6
libxkbcommon.so.0 libxkbcommon0
libX11.so.6 libx11-6
libX11-xcb.so.1 libx11-xcb1
libxcb.so.1 libxcb1
libxcb-cursor.so.0 libxcb-cursor0
libxcb-glx.so.0 libxcb-glx0
libxcb-icccm.so.4 libxcb-icccm4
libxcb-image.so.0 libxcb-image0
libxcb-keysyms.so.1 libxcb-keysyms1
libxcb-randr.so.0 libxcb-randr0
libxcb-render-util.so.0 libxcb-render-util0
libxcb-render.so.0 libxcb-render0
libxcb-shape.so.0 libxcb-shape0
libxcb-shm.so.0 libxcb-shm0
libxcb-sync.so.1 libxcb-sync1
libxcb-util.so.1 libxcb-util1
libxcb-xfixes.so.0 libxcb-xfixes0
libxcb-xkb.so.1 libxcb-xkb1
libxkbcommon-x11.so.0 libxkbcommon-x11-0
libwayland-client.so.0 libwayland-client0
libwayland-cursor.so.0 libwayland-cursor0
libwayland-egl.so.1 libwayland-egl1
LIBS
}

has_a_font() {
  find /usr/share/fonts /usr/local/share/fonts -type f \( -name '*.ttf' -o -name '*.otf' \) \
    -print -quit 2>/dev/null | grep -q .
}

for what in "$@"; do
  case "$what" in
    qt)
      while read -r lib pkg; do
        have_lib "$lib" || wanted+=("$pkg")
      done <<<"$(qt_libs)"
      # Qt draws no text at all without a font that fontconfig can find.
      has_a_font || wanted+=(fonts-dejavu-core)
      ;;
    venv)
      py=${PYTHON:-python3}
      if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        wanted+=("python${ver}-venv")
      fi
      ;;
    bundle)
      command -v objdump >/dev/null 2>&1 || wanted+=(binutils)
      # PyInstaller bundles Python's shared library, which Debian's python3 does not install.
      py=${PYTHON:-python3}
      info=$("$py" -c 'import sys, sysconfig as s
print(s.get_config_var("INSTSONAME") or "-", s.get_config_var("LIBDIR") or "-", sys.base_prefix,
      f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null) || info="- - - -"
      read -r soname libdir base ver <<<"$info"
      if [ "$base" = /usr ] && ! have_lib "$soname" && [ ! -e "$libdir/$soname" ]; then
        wanted+=("libpython${ver}t64|libpython${ver}")
      fi
      ;;
    postgres)
      ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
        || wanted+=(postgresql)
      ;;
    packaging)
      command -v desktop-file-validate >/dev/null 2>&1 || wanted+=(desktop-file-utils)
      command -v appstreamcli >/dev/null 2>&1 || wanted+=(appstream)
      ;;
    *)
      echo "system-deps.sh: unknown group '$what' (groups: qt venv bundle postgres packaging)" >&2
      exit 2
      ;;
  esac
done

[ ${#wanted[@]} -eq 0 ] && exit 0

# The name this system's apt knows, for "new|old" choices; the last one when apt knows neither.
pick() {
  local choice name
  IFS='|' read -r -a choice <<<"$1"
  for name in "${choice[@]}"; do
    if apt-cache policy "$name" 2>/dev/null | grep -q 'Candidate: [^(]'; then
      echo "$name"
      return
    fi
  done
  echo "${choice[-1]}"
}

as_root=false
[ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && as_root=true
if $as_root; then
  export DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes
  apt-get update -qq >/dev/null || true
fi
missing=()
for pkg in "${wanted[@]}"; do
  name=$(pick "$pkg")
  [[ " ${missing[*]} " == *" $name "* ]] || missing+=("$name")
done

if $as_root; then
  echo "Installing system packages pmdesk needs: ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "pmdesk needs these system packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
