"""Window ids that tell a pmdesk killed on this machine from one still running."""

from __future__ import annotations

import os
from pathlib import Path

from pmdesk.collab.presence import client_id, gone, on_this_machine, this_machine


def test_a_running_window_is_not_gone_and_is_on_this_machine() -> None:
    mine = client_id()
    assert not gone(mine) and on_this_machine(mine)
    assert len(mine) <= 64  # the presence table's column


def test_a_process_id_used_again_by_another_program_does_not_pass_for_the_old_window() -> None:
    machine, pid, started, tail = client_id().split(".")
    earlier = f"{machine}.{pid}.{int(started) - 1 if started != '0' else 1}.{tail}"
    # Told by the process's start time where the system gives it (Linux's /proc).
    assert gone(earlier) is Path("/proc/self/stat").exists()


def test_windows_of_other_machines_and_older_ids_are_left_to_their_heartbeat() -> None:
    assert not gone(client_id().replace(this_machine(), "0123456789abcdef", 1))
    assert not gone(os.urandom(16).hex())  # an id as older pmdesk versions wrote them
    assert not on_this_machine(os.urandom(16).hex())
