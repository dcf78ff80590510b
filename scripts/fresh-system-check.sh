#!/usr/bin/env bash
# Proves that a newcomer's machine can run pmdesk: builds a minimal Debian 12 in a chroot, adds only
# `python3 git make ca-certificates`, clones the committed HEAD of this checkout, runs `make run`
# against an Xvfb display until the pmdesk window shows (the README's first command, so it has to
# install everything itself), takes a screenshot and closes the window, paints the window once in a
# headless Wayland session, then runs `make test` and checks the one-line message when there is no
# display. Prints how long each step took.
#
#   sudo scripts/fresh-system-check.sh [--cold] [--keep]
#
#   --cold   do not reuse downloaded .deb files and pip downloads from earlier runs
#   --keep   leave the chroot on disk afterwards (its path is printed)
#
# Needs root, a Debian or Ubuntu host with network access, about 3 GB of disk and several minutes.
# Installs debootstrap, Xvfb, xdotool, x11-utils, imagemagick, openbox and weston on the host when
# missing.
# The debootstrapped base system is cached (PMDESK_FRESH_CACHE, default
# /var/cache/pmdesk-fresh-system), so reruns start from a copy of it; logs and the screenshot go to
# PMDESK_FRESH_OUT (default fresh-system-check/ in the checkout, ignored by git). Uncommitted
# changes are not part of the check.
set -euo pipefail

CACHE=${PMDESK_FRESH_CACHE:-/var/cache/pmdesk-fresh-system}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
RUN_TIMEOUT=${PMDESK_FRESH_RUN_TIMEOUT:-900}
cold=false
keep=false
for arg in "$@"; do
  case "$arg" in
    --cold) cold=true ;;
    --keep) keep=true ;;
    *) echo "usage: fresh-system-check.sh [--cold] [--keep]" >&2; exit 2 ;;
  esac
done

[ "$(id -u)" -eq 0 ] || { echo "fresh-system-check.sh: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
HEAD=$(git -C "$REPO" rev-parse HEAD)
OUT=$(realpath -m "${PMDESK_FRESH_OUT:-$REPO/fresh-system-check}")
mkdir -p "$CACHE" "$OUT"
rm -f "$OUT"/*.log "$OUT"/durations.txt "$OUT"/fresh-system.png

# ---------------------------------------------------------------- step timing and reporting
durations=()
step_start=0
step() {
  step_name=$1
  step_start=$EPOCHREALTIME
  echo "== $step_name"
}
step_done() {
  local took
  took=$(awk -v a="$step_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  durations+=("$(printf '%8s s  %s' "$took" "$step_name")")
  echo "   done in $took s"
}
summary() {
  [ ${#durations[@]} -gt 0 ] || return 0
  printf '%s\n' "Step durations (commit ${HEAD:0:12}):" "${durations[@]}" | tee "$OUT/durations.txt"
}
fail() {
  echo "FAILED: $step_name: $1" >&2
  [ -n "${2:-}" ] && [ -f "$2" ] && { echo "--- last lines of $2:" >&2; tail -n 40 "$2" >&2; }
  exit 1
}

# ---------------------------------------------------------------- clean-up, whatever happens
ROOT=""
mounts=()
xvfb_pid=""
wm_pid=""
app_pid=""
stop() {  # stop a process group we started, politely first
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  set +e
  stop "$app_pid"
  stop "$wm_pid"
  stop "$xvfb_pid"
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}"
  done
  if [ -n "$ROOT" ] && [ -d "$ROOT" ]; then
    if grep -q " $ROOT/" /proc/self/mountinfo; then
      echo "Something is still mounted under $ROOT; leaving it in place." >&2
    elif $keep; then
      echo "The chroot is kept in $ROOT"
    else
      rm -rf --one-file-system "$ROOT"
    fi
  fi
  summary
  [ $status -eq 0 ] && echo "PASSED: make test and make run work on a fresh Debian 12."
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the host's own tools
step "host tools"
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
command -v xwininfo >/dev/null || need+=(x11-utils)
command -v import >/dev/null || need+=(imagemagick)
command -v openbox >/dev/null || need+=(openbox)
command -v weston >/dev/null || need+=(weston)
if [ ${#need[@]} -gt 0 ]; then
  echo "   installing on this machine: ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" \
    >"$OUT/host-tools.log" 2>&1 || fail "apt-get install ${need[*]}" "$OUT/host-tools.log"
fi
step_done

# ---------------------------------------------------------------- a minimal Debian 12
step "minimal Debian 12 (debootstrap, cached in $CACHE)"
BASE=$CACHE/bookworm-minbase
if [ ! -x "$BASE/usr/bin/apt-get" ]; then
  rm -rf --one-file-system "$BASE.partial"
  debootstrap --variant=minbase bookworm "$BASE.partial" "$MIRROR" >"$OUT/debootstrap.log" 2>&1 \
    || fail "debootstrap" "$OUT/debootstrap.log"
  mv "$BASE.partial" "$BASE"
else
  echo "   reusing $BASE"
fi
ROOT=$(mktemp -d /var/tmp/pmdesk-fresh.XXXXXX)
cp -a "$BASE/." "$ROOT/"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
# pip inside the chroot trusts the same certificate authorities as this machine (which may sit
# behind an inspecting proxy); kept outside /etc/ssl so ca-certificates does not replace it.
HOST_CA=/usr/local/share/host-ca-bundle.crt
cp -L /etc/ssl/certs/ca-certificates.crt "$ROOT$HOST_CA"
step_done

bind() {  # bind a host path into the chroot, private so that nothing propagates back
  mkdir -p "$ROOT$1"
  mount --bind "$1" "$ROOT$1"
  mounts+=("$ROOT$1")
  mount --make-private "$ROOT$1"
}
mount -t proc proc "$ROOT/proc"
mounts+=("$ROOT/proc")
bind /sys
bind /dev
bind /dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$ROOT/dev/shm"
mounts+=("$ROOT/dev/shm")
[ -d /tmp/.X11-unix ] || { mkdir -p /tmp/.X11-unix && chmod 1777 /tmp/.X11-unix; }
bind /tmp/.X11-unix
if ! $cold; then
  mkdir -p "$CACHE/apt-archives/partial" "$CACHE/pip"
  mkdir -p "$ROOT/var/cache/apt/archives" "$ROOT/root/.cache/pip"
  mount --bind "$CACHE/apt-archives" "$ROOT/var/cache/apt/archives"
  mounts+=("$ROOT/var/cache/apt/archives")
  mount --bind "$CACHE/pip" "$ROOT/root/.cache/pip"
  mounts+=("$ROOT/root/.cache/pip")
fi

# Everything inside runs with a newcomer's plain environment, not this machine's.
in_chroot() {
  chroot "$ROOT" /usr/bin/env -i HOME=/root USER=root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PIP_CERT="$HOST_CA" DEBIAN_FRONTEND=noninteractive "$@"
}

# ---------------------------------------------------------------- only what the README asks for
step "apt-get install python3 git make ca-certificates"
in_chroot sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 git make ca-certificates' \
  >"$OUT/base-packages.log" 2>&1 || fail "apt-get install" "$OUT/base-packages.log"
step_done

step "git clone (commit ${HEAD:0:12})"
git clone -q --no-local "$REPO" "$ROOT/root/pmdesk" >"$OUT/clone.log" 2>&1 || fail "git clone" "$OUT/clone.log"
git -C "$ROOT/root/pmdesk" checkout -q --detach "$HEAD"
in_chroot git -C /root/pmdesk log -1 --format='   %h %s' || fail "git inside the chroot"
step_done

step "system-deps.sh as an ordinary user prints one command"
cp "$ROOT/root/pmdesk/scripts/system-deps.sh" "$ROOT/tmp/system-deps.sh"
set +e
in_chroot setpriv --reuid=65534 --regid=65534 --clear-groups bash /tmp/system-deps.sh qt bundle \
  >"$OUT/system-deps-user.log" 2>&1
status=$?
set -e
sed 's/^/   /' "$OUT/system-deps-user.log"
[ $status -eq 1 ] && grep -q 'sudo apt-get install' "$OUT/system-deps-user.log" \
  || fail "expected the exact apt-get command and status 1, got status $status"
step_done

# ---------------------------------------------------------------- make run on a display
display=""
for n in $(seq 70 99); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
done
[ -n "$display" ] || { step_name="Xvfb"; fail "no free display number between :70 and :99"; }
setsid Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
xvfb_pid=$!
# The socket shows before the server answers: wait until it does (a busy machine takes seconds).
x_up=""
for _ in $(seq 300); do
  if DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1; then x_up=1; break; fi
  kill -0 "$xvfb_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$x_up" ] || { step_name="Xvfb"; fail "the X server on $display did not answer in 30 s" "$OUT/xvfb.log"; }
# A light window manager, so the window gets a title bar, focus and placement as on a desktop;
# it is ready when it names itself on the root window. A window manager that could not open the
# display is started again (seen once under load); the check fails if it never takes the display.
wm_up=""
for _attempt in 1 2 3; do
  DISPLAY=$display setsid openbox >"$OUT/openbox.log" 2>&1 &
  wm_pid=$!
  for _ in $(seq 100); do
    if DISPLAY=$display xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'; then
      wm_up=1
      break
    fi
    kill -0 "$wm_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$wm_up" ] && break
  stop "$wm_pid"
  wm_pid=""
done
[ -n "$wm_up" ] || { step_name="openbox"; fail "the window manager did not take $display" "$OUT/openbox.log"; }

step "make run (first use: installs, then opens) until the pmdesk window shows"
chroot "$ROOT" /usr/bin/env -i HOME=/root USER=root LANG=C.UTF-8 TERM=dumb DISPLAY="$display" \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PIP_CERT="$HOST_CA" \
  DEBIAN_FRONTEND=noninteractive setsid sh -c 'cd /root/pmdesk && exec make run' \
  >"$OUT/make-run.log" 2>&1 &
app_pid=$!
window=""
deadline=$((SECONDS + RUN_TIMEOUT))
while [ -z "$window" ]; do
  kill -0 "$app_pid" 2>/dev/null || fail "make run ended before a window showed" "$OUT/make-run.log"
  [ $SECONDS -lt $deadline ] || fail "no pmdesk window after $RUN_TIMEOUT s" "$OUT/make-run.log"
  window=$(DISPLAY=$display xdotool search --onlyvisible --name 'pmdesk' 2>/dev/null | head -n 1 || true)
  [ -n "$window" ] || sleep 0.2
done
step_done
DISPLAY=$display xwininfo -id "$window" | grep -E 'xwininfo:|Width|Height' | sed 's/^ */   /'
title=$(DISPLAY=$display xdotool getwindowname "$window")
case "$title" in
  *cannot*) step_name="make run"; fail "pmdesk showed a problem instead of its window: $title" ;;
esac

step "screenshot and close the window"
sleep 2  # let it finish painting; the screenshot is of the settled window
DISPLAY=$display import -window root "$OUT/fresh-system.png"
echo "   screenshot: $OUT/fresh-system.png"
DISPLAY=$display xdotool windowactivate --sync "$window" key --clearmodifiers ctrl+q
for _ in $(seq 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$app_pid" 2>/dev/null && fail "the window did not close on Ctrl+Q" "$OUT/make-run.log"
set +e
wait "$app_pid"
status=$?
set -e
app_pid=""
[ $status -eq 0 ] || fail "make run ended with status $status" "$OUT/make-run.log"
stop "$wm_pid"
stop "$xvfb_pid"
wm_pid=""
xvfb_pid=""
step_done

# ---------------------------------------------------------------- a Wayland session
# Weston's headless back end stands in for a Wayland desktop: its socket is made inside the chroot,
# and with WAYLAND_DISPLAY and no DISPLAY Qt picks its wayland plugin (xcb would fail here).
step "pmdesk --smoke-test in a Wayland session (weston, headless)"
runtime=/run/pmdesk-wayland
mkdir -p "$ROOT$runtime"
chmod 700 "$ROOT$runtime"
XDG_RUNTIME_DIR="$ROOT$runtime" setsid weston --backend=headless-backend.so --socket=wayland-0 \
  --width=1280 --height=800 >"$OUT/weston.log" 2>&1 &
wm_pid=$!
for _ in $(seq 50); do [ -S "$ROOT$runtime/wayland-0" ] && break; sleep 0.1; done
[ -S "$ROOT$runtime/wayland-0" ] || fail "weston did not start" "$OUT/weston.log"
in_chroot XDG_RUNTIME_DIR=$runtime WAYLAND_DISPLAY=wayland-0 \
  sh -c 'cd /root/pmdesk && .venv/bin/python -m pmdesk --db /tmp/wayland.sqlite3 --smoke-test' \
  >"$OUT/wayland.log" 2>&1 || fail "pmdesk on Wayland" "$OUT/wayland.log"
sed 's/^/   /' "$OUT/wayland.log"
stop "$wm_pid"
wm_pid=""
step_done

# ---------------------------------------------------------------- make test
step "make test"
in_chroot sh -c 'cd /root/pmdesk && make test' >"$OUT/make-test.log" 2>&1 \
  || fail "make test" "$OUT/make-test.log"
grep -E '^=+ .*(passed|failed).* =+$' "$OUT/make-test.log" | tail -n 1 | sed 's/^/   /' || true
step_done

# ---------------------------------------------------------------- no display: one clear line
step "pmdesk with no display says so"
set +e
in_chroot sh -c 'cd /root/pmdesk && .venv/bin/python -m pmdesk' >"$OUT/no-display.log" 2>&1
status=$?
set -e
sed 's/^/   /' "$OUT/no-display.log"
[ $status -eq 2 ] && [ "$(wc -l <"$OUT/no-display.log")" -eq 1 ] \
  || fail "expected one line and status 2, got status $status" "$OUT/no-display.log"
step_done
