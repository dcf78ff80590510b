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


# Names that are also everyday words a postmortem writes in lower case ("the deploy will fail",
# "mark the event", "the AWS bill", "a grace period", "park the change"). Written in lower case
# they stay words; with a capital they are still taken for the attendee. The language check's
# not-names and its small word classes (auxiliaries, prepositions ...) count as words too.
EVERYDAY_WORDS = frozenset(
    [
        "will",
        "mark",
        "bill",
        "rob",
        "pat",
        "sue",
        "grace",
        "hope",
        "joy",
        "faith",
        "rose",
        "dawn",
        "art",
        "jack",
        "frank",
        "chase",
        "drew",
        "ray",
        "max",
        "guy",
        "dean",
        "may",
        "june",
        "april",
        "august",
        "sandy",
        "rusty",
        "penny",
        "ruby",
        "amber",
        "crystal",
        "holly",
        "ivy",
        "iris",
        "lily",
        "daisy",
        "jade",
        "pearl",
        "summer",
        "autumn",
        "sky",
        "river",
        "storm",
        "hunter",
        "mason",
        "carter",
        "cash",
        "rich",
        "sunny",
        "miles",
        "earl",
        "bob",
        "chip",
        "dale",
        "glen",
        "cliff",
        "wade",
        "gene",
        "don",
        "jean",
        "mercy",
        "melody",
        "ginger",
        "candy",
        "cherry",
        "olive",
        "hazel",
        "heather",
        "violet",
        "basil",
        "sage",
        "ace",
        "kit",
        "nick",
        "page",
        "lane",
        "bell",
        "hall",
        "king",
        "cook",
        "wood",
        "price",
        "young",
        "white",
        "green",
        "brown",
        "gray",
        "grey",
        "rice",
        "stone",
        "hill",
        "fox",
        "love",
        "little",
        "short",
        "strong",
        "best",
        "bond",
        "gold",
        "silver",
        "frost",
        "snow",
        "rain",
        "day",
        "knight",
        "bush",
        "banks",
        "wolf",
        "fish",
        "lamb",
        "bird",
        "moss",
        "church",
        "marsh",
        "lake",
        "ford",
        "bridge",
        "glass",
        "park",
        "long",
        "case",
        "field",
        "west",
        "north",
        "south",
        "east",
        "rock",
        "jay",
        "robin",
        "wren",
        "lark",
        "finch",
        "swift",
        "patch",
        "dash",
        "sterling",
        "major",
        "rod",
        "sol",
        "stan",
        "trace",
        "tracy",
        "van",
        "ward",
        "bishop",
        "baker",
        "carpenter",
        "mills",
        "sharp",
        "cross",
        "lord",
        "hart",
        "peace",
        "star",
    ]
)


@cache
def _everyday() -> frozenset[str]:
    from pmdesk.language import default_rules

    rules = default_rules()
    words = set(EVERYDAY_WORDS)
    for lexicon in ("not_names", "auxiliaries", "prepositions", "determiners", "pronouns"):
        words |= {w.casefold() for w in rules.words(lexicon)}
    return frozenset(words)


# Before a lower-case name that is also a word, chat makes it a name: "@will", "ping mark",
# "thanks bill". Only these contexts: "mark the event" and "the bill" stay words.
_ADDRESSED = (
    r"(?:(?<![\w@])@|\b(?:ping|pinged|ask|asked|tell|told|cc|thanks|thx|hey|hi|paged|dm)\s+)"
)


def addressed_pattern(word: str) -> re.Pattern[str]:
    """`word` where chat addresses someone by it; group 1 is the word."""
    return re.compile(rf"{_ADDRESSED}({re.escape(word)})(?!\w)", re.I)


def lower_case_part(part: str) -> str | None:
    """A name part as chat writes it ("ping ana about it"), or None when that is an everyday word
    ("will", "mark", "bill") or too short to tell from a fragment ("al", "ed")."""
    lower = part.casefold()
    if len(lower) < 3 or lower in _everyday() or not lower.isalpha():
        return None
    return lower


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
            words = person.name.split()
            pattern = term_pattern(person.name) if len(words) > 1 else None
            if pattern is not None:
                self._full.append((pattern, person_key(person)))
            # A one-word name ("Will") is found as its parts are: "will" stays a word.
            single = words if len(words) == 1 and len(words[0]) > 1 else []
            for part in [*name_parts(person.name), *single]:
                part_owners.setdefault(part, set()).add(person_key(person))
                lower = lower_case_part(part)
                if lower is not None:
                    part_owners.setdefault(lower, set()).add(person_key(person))
        # A part that is also a word, found in lower case only where chat addresses someone.
        self._addressed: list[tuple[re.Pattern[str], str]] = []
        for part, owners in list(part_owners.items()):
            lower = part.casefold()
            if len(lower) > 2 and lower.isalpha() and lower_case_part(part) is None:
                key = next(iter(owners)) if len(owners) == 1 else f"name:{lower}"
                self._addressed.append((addressed_pattern(lower), key))
        # Each part's owner by its folded spelling: "ANA" found as a name is Ana Souza too.
        self._owners: dict[str, str] = {}
        for part, owners in part_owners.items():
            pattern = term_pattern(part, ignore_case=False)
            assert pattern is not None
            # A first name two attendees share is someone, but not a known someone.
            key = next(iter(owners)) if len(owners) == 1 else f"name:{part.casefold()}"
            self._parts.append((pattern, key))
            self._owners[part.casefold()] = key
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
        for pattern, key in self._addressed:
            for match in pattern.finditer(text):
                if match.group(1).islower():
                    yield Hit(match.start(1), match.end(1), "person", key)
        for hit in _named(text):
            owner = self._owners.get(hit.key.removeprefix("name:"))
            yield hit if owner is None else Hit(hit.start, hit.end, hit.kind, owner)


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
