"""Who owns an action item: one named person, never a team, "we" or a placeholder."""

from __future__ import annotations

import re
from collections.abc import Iterable

_QUOTE_LIMIT = 60


# -- owners ---------------------------------------------------------------------------------------

# Words that make an owner a group of people, or everyone (and so no one).
_EVERYONE = frozenset({"we", "us", "our", "they", "them", "everyone", "everybody", "all", "y'all"})
_GROUP_WORDS = frozenset(
    {
        "team",
        "teams",
        "squad",
        "group",
        "crew",
        "guild",
        "tribe",
        "chapter",
        "department",
        "dept",
        "org",
        "organisation",
        "organization",
        "committee",
        "staff",
        "folks",
        "people",
        "engineers",
        "developers",
        "devs",
        "admins",
        "sysadmins",
        "managers",
        "leads",
        "owners",
        "sres",
        "dbas",
    }
)
# Functions and areas: an owner made only of these words names a team, not a person.
_FUNCTION_WORDS = frozenset(
    {
        "ops",
        "devops",
        "sre",
        "infra",
        "infrastructure",
        "platform",
        "security",
        "secops",
        "netops",
        "sec",
        "it",
        "qa",
        "dba",
        "support",
        "oncall",
        "on-call",
        "on",
        "call",
        "engineering",
        "eng",
        "dev",
        "backend",
        "frontend",
        "mobile",
        "web",
        "management",
        "leadership",
        "product",
        "design",
        "data",
        "legal",
        "hr",
        "sales",
        "marketing",
        "noc",
        "soc",
        "release",
        "network",
        "networking",
        "database",
        "operations",
        "reliability",
        "site",
        "payments",
        "billing",
        "core",
        "cloud",
        "tooling",
        "observability",
        "monitoring",
        "the",
    }
)
# Placeholders: nobody has agreed to it yet.
_PLACEHOLDERS = frozenset(
    {
        "tbd",
        "tba",
        "tbc",
        "todo",
        "n/a",
        "na",
        "none",
        "nobody",
        "someone",
        "somebody",
        "anybody",
        "unknown",
        "unassigned",
        "owner",
        "?",
        "??",
        "???",
        "-",
        "--",
        "x",
        "xxx",
    }
)
# Words that leave the owner undecided, wherever they appear ("someone from ops").
_PLACEHOLDER_TOKENS = frozenset(
    {
        "tbd",
        "tba",
        "tbc",
        "todo",
        "nobody",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "unassigned",
    }
)
_SEPARATORS = re.compile(r"\s*(?:[,/&+;]|\band\b|\bor\b)\s*", re.IGNORECASE)
_TOKENS = re.compile(r"[\w'’-]+|\?+")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def quote(text: str) -> str:
    """User text inside a one-line message: no line breaks, not too long."""
    flat = " ".join(text.split())
    if len(flat) > _QUOTE_LIMIT:
        flat = flat[: _QUOTE_LIMIT - 1].rstrip() + "…"
    return f'"{flat}"'


def _person_names(names: Iterable[str]) -> set[str]:
    """Attendee names as a facilitator might type them: full name, a single part, "Last, First"."""
    known: set[str] = set()
    for name in names:
        full = _norm(name)
        if not full:
            continue
        known.add(full)
        parts = full.split(" ")
        if len(parts) > 1:
            known.update(p for p in parts if len(p) > 1)
            known.add(f"{parts[-1]}, {' '.join(parts[:-1])}")
    return known


def _owner_kind(part: str, known: set[str]) -> str:
    """ "person", "team", "everyone" or "placeholder" for one owner name (already normalised)."""
    if part in known:
        return "person"
    tokens = _TOKENS.findall(part)
    if part in _PLACEHOLDERS or any(t in _PLACEHOLDER_TOKENS for t in tokens):
        return "placeholder"
    if any(t in _EVERYONE for t in tokens):
        return "everyone"
    if any(t in _GROUP_WORDS for t in tokens):
        return "team"
    if tokens and all(t in _FUNCTION_WORDS for t in tokens) and tokens != ["the"]:
        return "team"
    return "person"


def owner_problem(owner: str, names: Iterable[str] = ()) -> tuple[str, str] | None:
    """Why `owner` is not one named person, as (key, message); None when it is fine.

    An attendee's name is always fine, and so is an unknown single personal name: the tool cannot
    know everyone, and a false alarm on a real name teaches people to ignore the checks.
    """
    shown = quote(owner)
    normal = _norm(owner)
    if not normal:
        return "owner_missing", "No owner: name the one person who will drive this to done"
    known = _person_names(names)
    if normal in known:
        return None
    if normal in _PLACEHOLDERS:
        return (
            "owner_not_one_person",
            f"Owner {shown} is a placeholder: agree on one person before the meeting ends",
        )
    parts = [p for p in _SEPARATORS.split(normal) if p.strip()] or [normal]
    kinds = [_owner_kind(p, known) for p in parts]
    people = kinds.count("person")
    key = "owner_not_one_person"
    if people > 1:
        return (
            key,
            f"Owner {shown} names {people} people: pick the one who will drive it "
            "(the others can still help)",
        )
    if people == 1 and len(parts) > 1:
        return (
            key,
            f"Owner {shown} shares the item: make one person the owner (the others can still help)",
        )
    if people == 1:
        return None
    if "placeholder" in kinds:
        return key, f"Owner {shown} is a placeholder: agree on one person before the meeting ends"
    if "everyone" in kinds:
        return (
            key,
            f"Owner {shown} is nobody in particular: name one person who will drive it",
        )
    return key, f"Owner {shown} is a team: name one person who will drive it"
