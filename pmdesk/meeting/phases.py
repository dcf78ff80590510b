"""The five phases of a review and the guidance each shows the facilitator on screen."""

from __future__ import annotations

from dataclasses import dataclass

from pmdesk.fieldwise import FrozenFieldwise
from pmdesk.model import Question


@dataclass(frozen=True, repr=False, eq=False)
class GuidanceBlock(FrozenFieldwise):
    """A heading with bullet items: the unit the guidance panel renders."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True, repr=False, eq=False)
class Guidance(FrozenFieldwise):
    """What the facilitator reads from the screen during a phase: a lead sentence and bullets."""

    lead: str
    blocks: tuple[GuidanceBlock, ...]

    def as_text(self) -> str:
        """Plain text for tooltips, Markdown notes and tests."""
        lines = [self.lead]
        for block in self.blocks:
            lines.append("")
            lines.append(block.heading)
            lines.extend(f"- {item}" for item in block.items)
        return "\n".join(lines)


@dataclass(frozen=True, repr=False, eq=False)
class Phase(FrozenFieldwise):
    """One phase of a postmortem meeting; `panel` names the panel to bring forward, if any."""

    key: str
    name: str
    guidance: Guidance
    panel: str | None = None


PHASES: tuple[Phase, ...] = (
    Phase(
        "ground_rules",
        "Ground rules",
        Guidance(
            "Say this out loud first: we are here to understand how this happened, "
            "not to find someone to blame.",
            (
                GuidanceBlock(
                    "Three ground rules",
                    (
                        "Systems, not people. If a name comes up as the cause, we ask what in "
                        "the system made that mistake possible.",
                        "No hindsight. Everyone acted reasonably on what they knew at the time; "
                        '"should have known" and "it was obvious" stay out of this room.',
                        "Every action item leaves this meeting with one owner and a deadline.",
                    ),
                ),
            ),
        ),
    ),
    Phase(
        "timeline",
        "Walk the timeline",
        Guidance(
            "Keep the timeline on screen and go through it event by event with the people "
            "who were there.",
            (
                GuidanceBlock(
                    "Ask about each event",
                    (
                        "What did you see?",
                        "What did you think was happening?",
                        "What did you do next?",
                    ),
                ),
                GuidanceBlock(
                    "Listen for these, and write them down",
                    (
                        '"I assumed ... because ..." - something was undocumented or invisible.',
                        '"I didn\'t know ... was connected to ..." - a coupling nobody could see.',
                        '"The dashboard looked normal" - monitoring missed it.',
                    ),
                ),
            ),
        ),
        panel="timeline",
    ),
    Phase(
        "factors",
        "Contributing factors",
        Guidance(
            "Look for several contributing factors rather than one root cause: complex systems "
            "fail for more than one reason.",
            (
                GuidanceBlock(
                    "Ask the four questions",
                    tuple(q.label for q in Question if q is not Question.OTHER),
                ),
                GuidanceBlock(
                    "Dig with why",
                    (
                        'Keep asking "why?" until the answer is about the system, not a person.',
                        "About three whys is usually enough; past five, the answers drift into "
                        "the absurd.",
                    ),
                ),
            ),
        ),
        panel="factors",
    ),
    Phase(
        "actions",
        "Action items",
        Guidance(
            "Turn the factors into a few concrete changes that will really happen.",
            (
                GuidanceBlock(
                    "Rules for action items",
                    (
                        "Three to five items: with more, none get done; with fewer, we "
                        "probably stopped digging too soon.",
                        "Each item is owned by one named person, never by a team.",
                        'Each item has a concrete deadline - a date, not "soon".',
                        "Prefer Prevent (this failure cannot recur) over Detect (we see it "
                        "sooner) over Mitigate (it hurts less).",
                        '"Be more careful" and "more training" are wishes, not actions; '
                        '"improve alerting" is too vague to check off.',
                    ),
                ),
            ),
        ),
        panel="actions",
    ),
    Phase(
        "close",
        "Close and distribute",
        Guidance(
            "End on time with a short recap, then get the write-up out.",
            (
                GuidanceBlock(
                    "Before everyone leaves",
                    (
                        "Restate in a sentence or two what we learned.",
                        "Say what will change, and who owns each change.",
                        "Say where the document will be published, and by when.",
                    ),
                ),
                GuidanceBlock(
                    "Settle the parking lot",
                    (
                        "Go through each parked point: turn it into an action, drop it, or keep "
                        "it for later. None leaves the room unsettled.",
                    ),
                ),
                GuidanceBlock(
                    "Ask for the survey",
                    (
                        "Three short questions, no names: was it useful, did it feel safe to "
                        "speak, was everyone heard, and what to change next time.",
                    ),
                ),
            ),
        ),
        panel="close",
    ),
)

_BY_KEY: dict[str, Phase] = {phase.key: phase for phase in PHASES}


def phase_by_key(key: str) -> Phase | None:
    """The phase definition for a stored key; None for a key this version does not know."""
    return _BY_KEY.get(key)


def phase_name(key: str) -> str:
    """Display name of a phase; an unknown stored key is shown as it is rather than dropped."""
    phase = _BY_KEY.get(key)
    return phase.name if phase else key
