"""People in the text: the attendees by name, and names the blame check would take for people.

An attendee becomes their role ("[on-call engineer]"); two with the same role are numbered, one
with no role (or a role that itself names someone) becomes "[person-N]". Other names are found
with the language check's own lexicon of first names and of capitalised words that are not
names (its person detection reads "Raj ran the script" from the same lists), so a name the
blame check would flag is a name the redacted edition hides.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cache

from pmdesk.model import Attendee
from pmdesk.redaction.detectors import Hit, term_pattern

_WORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[-'’][A-ZÀ-ÖØ-Þ][^\W\d_]+)?"
_CAPITALISED_PAIR = re.compile(rf"(?<![\w'’-])({_WORD})(?:\s+({_WORD}))?(?![\w-])")


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """First names and capitalised not-names, as the language check knows them."""
    from pmdesk.language import default_rules

    rules = default_rules()
    first = frozenset(w.casefold() for w in rules.words("first_names"))
    not_names = frozenset(w.casefold() for w in rules.words("not_names"))
    return first, not_names


def person_key(attendee: Attendee) -> str:
    return f"attendee:{attendee.id}"


def name_parts(name: str) -> list[str]:
    """A name's parts worth hiding on their own: 'Dana Kim' -> ['Dana', 'Kim']."""
    parts = name.split()
    return [p for p in parts if len(p) > 1 and p[0].isupper()] if len(parts) > 1 else []


class People:
    """Finds people in text and knows the label each one gets."""

    def __init__(self, attendees: Sequence[Attendee]) -> None:
        # Copies: the redacted edition replaces the names in the attendees it was given.
        self.attendees = [copy.copy(a) for a in attendees if a.name.strip()]
        self._full: list[tuple[re.Pattern[str], str]] = []
        self._parts: list[tuple[re.Pattern[str], str]] = []
        part_owners: dict[str, set[str]] = {}
        for person in self.attendees:
            pattern = term_pattern(person.name)
            if pattern is not None:
                self._full.append((pattern, person_key(person)))
            for part in name_parts(person.name):
                part_owners.setdefault(part, set()).add(person_key(person))
        for part, owners in part_owners.items():
            pattern = term_pattern(part, ignore_case=False)
            assert pattern is not None
            # A first name two attendees share is someone, but not a known someone.
            key = owners.pop() if len(owners) == 1 else f"name:{part.casefold()}"
            self._parts.append((pattern, key))
        # Longest names first: "Dana Kim" wins over "Dana".
        self._full.sort(key=lambda pair: -len(pair[0].pattern))

    def roles(self, unsafe: Callable[[str], bool]) -> dict[str, str]:
        """Each attendee's label; a role for which `unsafe` is true is not used as one."""
        usable: dict[str, str] = {}
        for person in self.attendees:
            # The role itself, not its details: "release engineer, owner of the pipeline".
            role = " ".join(re.split(r"[,;(]", person.role)[0].split()).strip(" []")
            if not role and person.facilitator:
                role = "facilitator"
            if role and not unsafe(role):
                usable[person_key(person)] = role.lower() if role[1:].islower() else role
        counts = Counter(usable.values())
        seen: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for key, role in usable.items():
            if counts[role] > 1:
                seen[role] += 1
                role = f"{role} {seen[role]}"
            labels[key] = f"[{role}]"
        return labels

    def name_pattern(self) -> re.Pattern[str] | None:
        """Any attendee's name or name part (to keep them out of the labels)."""
        words = {p for person in self.attendees for p in [person.name, *name_parts(person.name)]}
        if not words:
            return None
        return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.I)

    def hits(self, text: str) -> Iterator[Hit]:
        for pattern, key in self._full:
            for match in pattern.finditer(text):
                yield Hit(match.start(), match.end(), "person", key)
        for pattern, key in self._parts:
            for match in pattern.finditer(text):
                yield Hit(match.start(), match.end(), "person", key)
        yield from _named(text)


def _named(text: str) -> Iterator[Hit]:
    """Capitalised first names the language check knows, with a surname when one follows."""
    first_names, not_names = _lexicon()
    for match in _CAPITALISED_PAIR.finditer(text):
        first, second = match.group(1), match.group(2)
        if first.casefold() in first_names:
            if second and second.casefold() not in not_names:
                key = f"name:{first.casefold()} {second.casefold()}"
                yield Hit(match.start(), match.end(), "person", key)
            else:
                yield Hit(match.start(1), match.end(1), "person", f"name:{first.casefold()}")
        elif second and second.casefold() in first_names:
            yield Hit(match.start(2), match.end(2), "person", f"name:{second.casefold()}")
