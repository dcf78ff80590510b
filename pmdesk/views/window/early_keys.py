"""Meeting keys pressed while the last postmortem is still opening: kept, then carried out.

At start-up the window paints first and builds the timer bar (whose actions own F5-F8) only
after that, when the reopened postmortem is read. A facilitator who presses F8 while the page
still says "Opening …" would otherwise lose the key without a word, and on a busy machine press
it again later, ending a phase further on than meant. The window hands such key presses here;
once the postmortem is open they are carried out in the order pressed, on top of the phase it
was stored at, through the same actions as a key pressed later (so the timer bar, the guidance
and the share window move together). The same holds on a first start after an upgrade (the older
schema is brought up to date before the postmortem can be read) and on a server database. When
the postmortem does not open after all, the status bar says the keys were not carried out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeyEvent, QKeySequence

from pmdesk.views.meeting_keys import MEETING_KEYS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

# The timer bar's commands (the ones a facilitator presses to move the meeting on), as the
# status bar names them while they wait.
HELD_COMMANDS = {
    "start": "Start or pause",
    "add_minute": "Add a minute",
    "previous_phase": "Previous phase",
    "next_phase": "Next phase",
    "restart_phase": "Restart phase",
}


def held_text(commands: list[str]) -> str:
    """The status line while keys wait ("Next phase: done as soon as the postmortem is open")."""
    return (
        ", ".join(HELD_COMMANDS[c] for c in commands) + ": done as soon as the postmortem is open"
    )


def command_of(event: QKeyEvent) -> str | None:
    """The timer command bound to the key just pressed, or None."""
    pressed = QKeySequence(event.keyCombination())
    for command in HELD_COMMANDS:
        if any(QKeySequence(key) == pressed for key in MEETING_KEYS[command]):
            return command
    return None


def not_done_text(commands: list[str]) -> str:
    """The status line when the postmortem did not open and the keys were not carried out."""
    return "Not done, as the postmortem did not open: " + ", ".join(
        HELD_COMMANDS[c] for c in commands
    )


def hand_over(window: QMainWindow, commands: list[str]) -> None:
    """Start-up is over: carry out the held keys on the open postmortem, or, when it did not
    open (its error was shown), say in the status bar that they were not carried out."""
    status = window.statusBar()
    if status.currentMessage() == held_text(commands):
        status.clearMessage()
    bar = getattr(window, "timer_bar", None)
    if (
        bar is None
        or bar.timer is None
        or getattr(getattr(window, "session", None), "doc", None) is None
    ):
        status.showMessage(not_done_text(commands))
        return
    carry_out(window, commands)


def carry_out(window: object, commands: list[str]) -> None:
    """Trigger each held command's action on the window's timer bar, in the order pressed."""
    bar = getattr(window, "timer_bar", None)
    if bar is None or bar.timer is None:
        return
    actions = {
        "start": bar.start_action,
        "add_minute": bar.add_minute_action,
        "previous_phase": bar.previous_action,
        "next_phase": bar.next_action,
        "restart_phase": bar.restart_action,
    }
    for command in commands:
        actions[command].trigger()  # a disabled one (Back at the first phase) does nothing
