"""The most the who-does-what shapes (_structure.shapes) can add to a sentence's score.

Most sentences the learned layer reads score far below its threshold on their words alone, and
finding their shapes costs more than reading the words. The shapes a sentence can have at all
follow from its words: each act may add the shapes of an act (who did it, "by" whom, what went
wrong after), each should-have, "nobody", "not", "until", "on" or "because of" may add its own,
and a few shapes come once a sentence at most, only where their words are. Adding up the
positive weights of the shapes a sentence's words allow gives a score no reading of its shapes
can pass: a sentence still below the threshold with that added is left without looking.

Every shape _structure.shapes can add is named here (SHAPES); a test checks the shapes found in
the labelled sentences are among them and stay within the most this module gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from pmdesk.language._structure import (
    _CAUSE_PREPOSITIONS,
    _DURATION_UNITS,
    _EASE,
    _MODAL_PERFECT,
    _MODALS,
    _MORE,
    _NOBODY,
    _QUOTES,
    _UNDONE,
    _WISH_VERBS,
    OUTCOMES,
    _Facts,
)

# The roles a word may play in the shapes, as bits (a word may play several) ...
VERB, GUESS, CAUSE, NOT, UNTIL, MODAL, NOBODY, ON = (1 << n for n in range(8))
# ... and what it tells of the whole sentence: someone acting (an owner: someone's thing),
# "by", harm done, a quotation mark, praise, the words of the once-a-sentence shapes.
ACTING, OWNER, BY, OUTCOME, QUOTE, PRAISE = (1 << n for n in range(6))
OMISSION, EASE, DURATION, WISH, MORE = (1 << n for n in range(6, 11))
_OMISSION_WORDS: Final = _UNDONE | {"not", "never"}
_DURATION_WORDS: Final = _DURATION_UNITS | {"took", "taking", "waited"}

_ACTS: Final[tuple[str, ...]] = ("harm", "act")
_WHO: Final[tuple[str, ...]] = ("P", "N", "R", "T", "O")
# The shapes each act may add, besides the ones for its agent's kind ("x:N>harm") and its
# passive's ("x:act by R").
_THING: Final[tuple[str, ...]] = ("x:thing act because",)
_AGENT: Final[tuple[str, ...]] = ("x:time agent act", "x:time agent act then")
_OUTCOME: Final = "x:agent act then outcome"
_BY: Final = "x:by agent"
# Shapes a sentence has once at most, each with the words without which it cannot be there.
_ONCE: Final[tuple[str, ...]] = ("x:planned", "x:act with no agent")
_OWNER: Final = "x:owner"
_QUOTED: Final[tuple[str, ...]] = ("x:quoted agent", "x:agent quoted act")
_PRAISE: Final[tuple[str, ...]] = ("x:praise address", "x:praise quote", "x:praise then harm")
_OMISSION: Final = "x:omission"
_EASE_DURATION: Final = "x:ease then duration"
_WISH: Final[tuple[str, ...]] = ("x:wish more", "x:wish more end")
# The shapes one word of each role may add (a should-have adds one of the first three).
_MODAL_ONE_OF: Final[tuple[str, ...]] = (
    "x:modal-have bare",
    "x:nobody modal-have",
    "x:agent modal-have",
)
_MODAL_ALSO: Final = "x:modal-have"
_BY_ROLE: Final = {
    CAUSE: "x:because of agent",
    NOT: "x:agent not act",
    UNTIL: "x:nobody until",
    NOBODY: "x:nobody acted",
    ON: "x:on agent",
}
# Of those, the ones that need someone acting in the sentence.
_NEED_AGENT: Final = frozenset({"x:because of agent", "x:agent not act", "x:on agent"})

SHAPES: Final = frozenset(
    {
        *(f"x:{who}>{act}" for who in _WHO for act in _ACTS),
        *(f"x:agent>{act}" for act in _ACTS),
        *(f"x:thing>{act}" for act in _ACTS),
        *(f"x:{act} by {who}" for who in _WHO for act in _ACTS),
        *_THING,
        *_AGENT,
        _OUTCOME,
        _BY,
        *_ONCE,
        _OWNER,
        *_QUOTED,
        *_PRAISE,
        _OMISSION,
        _EASE_DURATION,
        *_WISH,
        *_MODAL_ONE_OF,
        _MODAL_ALSO,
        *_BY_ROLE.values(),
    }
)


_WORDS: dict[str, tuple[int, int]] = {}


def word_bits(token: str, fact: _Facts) -> tuple[int, int]:
    """A token's roles and what it tells of its sentence (see above), remembered."""
    found = _WORDS.get(token)
    if found is None:
        if len(_WORDS) > 100_000:
            _WORDS.clear()
        found = _WORDS[token] = _roles(fact), _tells(token, fact)
    return found


def _roles(fact: _Facts) -> int:
    low, verb, guess = fact[0], fact[1], fact[4]
    roles = (VERB if verb is not None else 0) | (GUESS if guess else 0)
    if low in _CAUSE_PREPOSITIONS:
        roles |= CAUSE
    if low == "not":
        roles |= NOT
    if low in ("until", "till"):
        roles |= UNTIL
    if low in _MODALS or low in _MODAL_PERFECT:
        roles |= MODAL
    if low in _NOBODY or low == "no":
        roles |= NOBODY
    if low == "on":
        roles |= ON
    return roles


def _tells(token: str, fact: _Facts) -> int:
    low, agent, praise = fact[0], fact[2], fact[5]
    tells = (ACTING if agent is not None else 0) | (OWNER if agent == "O" else 0)
    for bit, found in (
        (BY, low == "by"),
        (OUTCOME, low in OUTCOMES),
        (QUOTE, token in _QUOTES),
        (PRAISE, praise),
        (OMISSION, low in _OMISSION_WORDS),
        (EASE, low in _EASE),
        (DURATION, low in _DURATION_WORDS),
        (WISH, low in _WISH_VERBS),
        (MORE, low in _MORE),
    ):
        if found:
            tells |= bit
    return tells


def table(tells: int) -> int:
    """Which of ShapeBound's tables holds the most each word adds in a sentence that tells
    this: one for a sentence where no one acts, four by "by" and harm done where someone does."""
    if not tells & ACTING:
        return 0
    return 1 + (2 if tells & BY else 0) + (1 if tells & OUTCOME else 0)


class ShapeBound:
    """The most the shapes can add to a sentence's score, for one model's weights."""

    def __init__(self, weights: dict[str, float]) -> None:
        self._weights = weights
        # Per word, by its roles, in each kind of sentence (see table()).
        self.tables = (
            self._table(agents=False, by=False, outcome=False),
            *(
                self._table(agents=True, by=by, outcome=outcome)
                for by in (False, True)
                for outcome in (False, True)
            ),
        )
        self._once: dict[int, float] = {}

    def most(self, tokens: list[str], facts: list[_Facts]) -> float:
        """The most the shapes of a sentence with these tokens and facts can add."""
        tells, adds = self.piece(tokens, facts)
        return self.once(tells) + adds[table(tells)]

    def piece(
        self, tokens: Iterable[str], facts: Iterable[_Facts]
    ) -> tuple[int, tuple[float, ...]]:
        """What these words tell of their sentence, and the most they add in each kind of
        sentence, besides the shapes a sentence has once (see once())."""
        tells = 0
        roles = []
        for token, fact in zip(tokens, facts, strict=True):
            role, tell = word_bits(token, fact)
            roles.append(role)
            tells |= tell
        return tells, tuple(sum(table[role] for role in roles) for table in self.tables)

    def once(self, tells: int) -> float:
        """The most the shapes a sentence has once at most add to a sentence that tells this."""
        found = self._once.get(tells)
        if found is None:
            found = self._once[tells] = self._once_most(tells)
        return found

    def _once_most(self, tells: int) -> float:
        positive = self._positive
        most = positive(*_ONCE)
        if tells & OWNER:
            most += positive(_OWNER)
        if tells & ACTING and tells & QUOTE:
            most += positive(*_QUOTED)
        if tells & PRAISE:
            most += positive(*_PRAISE)
        if tells & OMISSION:
            most += positive(_OMISSION)
        if tells & EASE and tells & DURATION:
            most += positive(_EASE_DURATION)
        if tells & WISH and tells & MORE:
            most += positive(*_WISH)
        return most

    def _positive(self, *shapes: str) -> float:
        """What these shapes add together at most."""
        return sum(max(0.0, self._weights.get(shape, 0.0)) for shape in shapes)

    def _act(self, agents: bool, by: bool, outcome: bool) -> float:
        """The most one act adds: as a thing's act or an agent's, and as a passive with its
        agent after "by"."""
        positive = self._positive
        thing = max(positive(f"x:thing>{act}") for act in _ACTS) + positive(*_THING)
        if not agents:
            return thing  # an agent's act and a passive both need someone acting
        agent = max(
            max(positive(f"x:{who}>{act}") for who in _WHO) + positive(f"x:agent>{act}")
            for act in _ACTS
        )
        agent += positive(*_AGENT) + (positive(_OUTCOME) if outcome else 0.0)
        passive = 0.0
        if by:
            passive = max(positive(f"x:{act} by {who}") for who in _WHO for act in _ACTS)
            passive += positive(_BY)
        return max(thing, agent) + passive

    def _table(self, agents: bool, by: bool, outcome: bool) -> tuple[float, ...]:
        positive = self._positive
        act = self._act(agents, by, outcome)
        modal = positive(_MODAL_ALSO) + max(
            positive(shape) for shape in _MODAL_ONE_OF if agents or shape != "x:agent modal-have"
        )
        by_role = {
            role: positive(shape)
            for role, shape in _BY_ROLE.items()
            if agents or shape not in _NEED_AGENT
        }
        most_by_roles = []
        for roles in range(1 << 8):
            # A guessed act is an act only right after someone acting.
            acts = (1 if roles & VERB else 0) + (1 if agents and roles & GUESS else 0)
            most = acts * act + (modal if roles & MODAL else 0.0)
            most += sum(value for role, value in by_role.items() if roles & role)
            most_by_roles.append(most)
        return tuple(most_by_roles)
