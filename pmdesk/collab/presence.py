"""Who else has a postmortem open, and the line the window shows about it.

Each window says who it is by a client id that also names its machine and its process, so a
pmdesk that was killed or crashed on this machine is known to be gone at once (its process has
ended) rather than shown as present until its heartbeat goes stale.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Collection
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple

# A window says it is there this often; one silent for STALE_AFTER_SECONDS has gone (a crash).
HEARTBEAT_SECONDS = 5
STALE_AFTER_SECONDS = 20


class Present(NamedTuple):
    client: str  # one per open window
    name: str
    since: datetime


def default_name() -> str:
    """The name others see: the operating-system user (a preference may set another)."""
    import getpass  # asked for when a window first says it is there, not at start-up

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "") or "someone"


@cache
def this_machine() -> str:
    """A short name for this computer since it last started (its host name and boot)."""
    boot = ""
    with contextlib.suppress(OSError):
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    # CRCs, not a digest: hashlib loads OpenSSL, which the way to the window leaves out.
    return f"{zlib.crc32(_host_name().encode()):08x}{zlib.crc32(boot.encode()):08x}"


def _host_name() -> str:
    """The computer's network name. The socket module (and the selectors it loads) is imported
    only where the system has no `uname`, whose node name is the same host name."""
    uname = getattr(os, "uname", None)
    if uname is not None:
        return str(uname().nodename)
    import socket

    return socket.gethostname()


def _started(pid: int) -> str:
    """When the process started, in clock ticks since boot ("0" where the system does not say):
    a process id used again by a later process then does not pass for the one that ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "0"
    fields = stat[stat.rfind(")") + 2 :].split()  # after the name, which may hold spaces
    return fields[19] if len(fields) > 19 else "0"


def client_id(pid: int | None = None) -> str:
    """A new window's id: machine, process id, the process's start, and a random part."""
    pid = os.getpid() if pid is None else pid
    return f"{this_machine()}.{pid}.{_started(pid)}.{os.urandom(6).hex()}"


def on_this_machine(client: str) -> bool:
    return client.split(".", 1)[0] == this_machine()


def gone(client: str) -> bool:
    """Whether `client` was a window of a pmdesk on this machine whose process has ended."""
    parts = client.split(".")
    if len(parts) != 4 or parts[0] != this_machine() or not parts[1].isdigit():
        return False  # another machine, or an id from an older pmdesk: only its heartbeat tells
    pid = int(parts[1])
    if Path("/proc/self/stat").exists():
        return _started(pid) != parts[2] or not Path(f"/proc/{pid}").exists()
    if os.name != "posix":
        return False  # no cheap look at another process here
    try:
        os.kill(pid, 0)  # sends nothing: only asks whether the process is there
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def presence_line(
    others: list[Present], local_zone: bool = True, yours: Collection[str] = ()
) -> str:
    """ "Also open: Ana (since 10:02), Sam (since 10:15)", or "" when nobody else is there.

    `yours` are the clients that are your own other windows (on this machine, by your name).
    """
    if not others:
        return ""
    shown = []
    for person in others:
        since = person.since.astimezone() if local_zone else person.since
        who = "you, in another window" if person.client in yours else person.name or "someone"
        shown.append(f"{who} (since {since:%H:%M})")
    return "Also open: " + ", ".join(shown)
