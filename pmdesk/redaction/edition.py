"""The redacted edition: a copy of the postmortem that is safe to publish widely.

Every text the reports can show is read once, in report order, by the detectors; each thing found
gets a labelled placeholder that is the same wherever the same thing appears ("[host-1]" is one
host everywhere). Sections the facilitator marked restricted are left out with one line saying
so. What was replaced, with what and where, is kept for the review list and the leak check.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pmdesk.model import SOURCES, LanguageSettings, Postmortem, RedactionSettings
from pmdesk.redaction.detectors import KIND_LABELS, Hit, things
from pmdesk.redaction.people import People, name_parts, person_key

# What a restricted section becomes, by the key it is marked with.
RESTRICTED_FIELDS: dict[str, str] = {"summary": "Summary", "lessons": "Lessons learned"}
_FIELD_WORDS = {"summary": "the summary is", "lessons": "the lessons learned are"}
RESTRICTED_LINE = "Restricted: {what} left out of this edition."
_ITEM_WORDS = {
    "timeline": "this event is",
    "findings": "this quote is",
    "factors": "this factor is",
    "actions": "this action item is",
}


def restricted_lines() -> list[str]:
    """Every line a restricted section can become (the leak check masks them)."""
    whats = [*_FIELD_WORDS.values(), *_ITEM_WORDS.values()]
    return [RESTRICTED_LINE.format(what=w) for w in whats]


@dataclass
class Redaction:
    """One thing replaced (or one section left out): the review list shows one row per thing."""

    original: str
    placeholder: str
    kind: str
    places: list[str] = field(default_factory=list)
    # For a restricted section: its key in RedactionSettings.restricted.
    restricted_key: str = ""
    # Every spelling replaced ("Dana", "Dana Kim", "DANA@CORP.EXAMPLE"): none may be published.
    forms: list[str] = field(default_factory=list)
    # A person from the attendee list: each part of their name is listed on its own too.
    attendee: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass
class Edition:
    """The redacted copy and what it took to make it."""

    pm: Postmortem
    redactions: list[Redaction]

    def listed_terms(self) -> list[tuple[str, str]]:
        """(term, kind) pairs no redacted export may contain."""
        terms: list[tuple[str, str]] = []
        for r in self.redactions:
            if r.kind == "restricted":
                continue
            forms = [r.original, *r.forms]
            if r.attendee:  # "Okoye" alone is Grace Okoye too, wherever it turns up
                forms += [part for form in forms for part in name_parts(form)]
            terms += [(form, r.kind) for form in dict.fromkeys(forms) if form.strip()]
        return terms

    @property
    def placeholders(self) -> list[str]:
        return sorted({r.placeholder for r in self.redactions}, key=len, reverse=True)


class _Redactor:
    def __init__(self, pm: Postmortem, team_terms: Sequence[str]) -> None:
        self.choices = pm.redaction
        self.people = People(pm.attendees)
        self.kept = {k.casefold() for k in self.choices.kept if k.strip()}
        self.terms = [t for t in [*self.choices.terms, *team_terms] if t.strip()]
        names = self.people.name_pattern()
        self.roles = self.people.roles(
            lambda role: bool(
                (names is not None and names.search(role))
                or any(things(role, self.terms))
                or any(self.people.hits(role))
            )
        )
        self.by_key: dict[tuple[str, str], Redaction] = {}
        self.counts: dict[str, int] = {}

    def placeholder(self, kind: str, key: str) -> str:
        if kind == "person" and key in self.roles:
            return self.roles[key]
        prefix = {"person": "person", "network": "ip-range", "term": "term"}.get(kind, kind)
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"[{prefix}-{self.counts[prefix]}]"

    def note(self, kind: str, key: str, original: str, where: str) -> str:
        found = self.by_key.get((kind, key))
        if found is None:
            found = Redaction(original, self.placeholder(kind, key), kind)
            found.attendee = key.startswith("attendee:")
            self.by_key[(kind, key)] = found
        if where not in found.places:
            found.places.append(where)
        if original not in found.forms:
            found.forms.append(original)
        return found.placeholder

    def text(self, text: str, where: str) -> str:
        hits = [*things(text, self.terms), *self.people.hits(text)]
        chosen: list[tuple[Hit, bool]] = []
        taken: list[tuple[int, int]] = []
        for hit in hits:  # earlier detectors win overlaps
            if hit.end <= hit.start or any(s < hit.end and hit.start < e for s, e in taken):
                continue
            taken.append((hit.start, hit.end))
            chosen.append((hit, text[hit.start : hit.end].casefold() in self.kept))
        out: list[str] = []
        cursor = 0
        for hit, kept in sorted(chosen, key=lambda pair: pair[0].start):
            out.append(text[cursor : hit.start])
            original = text[hit.start : hit.end]
            out.append(original if kept else self.note(hit.kind, hit.key, original, where))
            cursor = hit.end
        out.append(text[cursor:])
        return "".join(out)

    def person(self, name: str, attendee_key: str | None, where: str) -> str:
        """A field that holds a person's name and nothing else (an owner, an attendee)."""
        clean = " ".join(name.split())
        if not clean or clean.casefold() in self.kept:
            return name
        key = attendee_key or self._attendee_key(clean) or f"name:{clean.casefold()}"
        return self.note("person", key, clean, where)

    def _attendee_key(self, name: str) -> str | None:
        for person in self.people.attendees:
            if " ".join(person.name.split()).casefold() == name.casefold():
                return person_key(person)
        return None

    def restricted(self, key: str, original: str, where: str, what: str) -> str:
        line = RESTRICTED_LINE.format(what=what)
        shown = " ".join(original.split())
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        self.by_key[("restricted", key)] = Redaction(shown, "left out", "restricted", [where], key)
        return line


def redacted_edition(pm: Postmortem, team_terms: Sequence[str] = ()) -> Edition:
    """The redacted copy of `pm` (never changed itself) and every redaction made.

    team_terms: terms and /patterns/ the team lists for every postmortem (account and ticket
    numbers), on top of the postmortem's own.
    """
    copy_pm = copy.deepcopy(pm)
    copy_pm.interviews = []  # told in confidence: never in an edition made to travel
    red = _Redactor(copy_pm, team_terms)
    marked = set(copy_pm.redaction.restricted)
    _walk_overview(copy_pm, red, marked)
    _walk_timeline(copy_pm, red, marked)
    _walk_items(copy_pm, red, marked)
    _walk_facilitation(copy_pm, red)
    copy_pm.language = LanguageSettings()
    copy_pm.redaction = RedactionSettings()
    return Edition(copy_pm, list(red.by_key.values()))


def _each(values: Iterable[str], fix: Callable[[str], str]) -> list[str]:
    return [fix(v) for v in values]


def _walk_overview(pm: Postmortem, red: _Redactor, marked: set[str]) -> None:
    pm.title = red.text(pm.title, "Title")
    for key, where in RESTRICTED_FIELDS.items():
        value = getattr(pm, key)
        if key in marked and value.strip():
            setattr(pm, key, red.restricted(key, value, where, _FIELD_WORDS[key]))
        else:
            setattr(pm, key, red.text(value, where))
    pm.notes = red.text(pm.notes, "Notes")
    pm.services = _each(pm.services, lambda s: red.text(s, "Services"))
    pm.tags = _each(pm.tags, lambda s: red.text(s, "Tags"))
    pm.related = [
        dataclasses.replace(link, title=red.text(link.title, f"Related postmortem {number}"))
        for number, link in enumerate(pm.related, start=1)
    ]
    for number, person in enumerate(pm.attendees, start=1):
        where = f"Attendee {number}"
        person.name = red.person(person.name, person_key(person), where)
        person.role = red.text(person.role, f"{where} (role)")


def _walk_timeline(pm: Postmortem, red: _Redactor, marked: set[str]) -> None:
    for event in pm.timeline:
        where = f"Timeline {event.at.strftime('%Y-%m-%d %H:%M')}"
        key = f"timeline:{event.id}"
        if key in marked:
            event.text = red.restricted(key, event.text, where, _ITEM_WORDS["timeline"])
            event.seen = event.believed = event.done_next = event.added_by = ""
            event.source = event.source if event.source in SOURCES else ""
            continue
        event.text = red.text(event.text, where)
        event.source = red.text(event.source, f"{where} (source)")
        event.seen = red.text(event.seen, f"{where} (seen)")
        event.believed = red.text(event.believed, f"{where} (thought)")
        event.done_next = red.text(event.done_next, f"{where} (did next)")
        event.added_by = red.person(event.added_by, None, f"{where} (told by)")


def _walk_facilitation(pm: Postmortem, red: _Redactor) -> None:
    """Parked points, open questions and survey remarks are redacted like any text; the round
    robins (who spoke when) are meeting mechanics and stay out."""
    kept = pm.facilitation
    kept.open_questions = _each(kept.open_questions, lambda q: red.text(q, "Open questions"))
    for number, item in enumerate(kept.parking_lot, start=1):
        item.text = red.text(item.text, f"Parking lot {number}")
    for number, answer in enumerate(kept.survey, start=1):
        answer.change = red.text(answer.change, f"Survey answer {number}")
    kept.round_robins = []


def _walk_items(pm: Postmortem, red: _Redactor, marked: set[str]) -> None:
    for number, finding in enumerate(pm.findings, start=1):
        where, key = f"What we heard {number}", f"findings:{finding.id}"
        if key in marked:
            finding.text = red.restricted(key, finding.text, where, _ITEM_WORDS["findings"])
        else:
            finding.text = red.text(finding.text, where)
    for number, factor in enumerate(pm.factors, start=1):
        where, key = f"Factor {number}", f"factors:{factor.id}"
        if key in marked:
            original = " ".join([factor.text, *factor.whys])
            factor.text = red.restricted(key, original, where, _ITEM_WORDS["factors"])
            factor.whys = []
            continue
        factor.text = red.text(factor.text, where)
        factor.whys = [red.text(w, f"{where}, why {i}") for i, w in enumerate(factor.whys, 1)]
    for number, action in enumerate(pm.actions, start=1):
        where, key = f"Action item {number}", f"actions:{action.id}"
        action.owner = red.person(action.owner, None, f"{where} (owner)")
        if key in marked:
            action.description = red.restricted(
                key, action.description, where, _ITEM_WORDS["actions"]
            )
            action.dropped_reason = ""
            continue
        action.description = red.text(action.description, where)
        action.dropped_reason = red.text(action.dropped_reason, f"{where} (reason dropped)")
