"""Generated postmortems with names, e-mails, addresses, hosts, keys and restricted text planted
in every field: none of it is in any redacted format, and each planted thing has one
placeholder wherever it was planted.

The PDF is read through its text layer (pypdf), the Markdown as a wiki shows it (escapes taken
out), the JSON string by string. Runs the same documents every time (derandomized), so a failure
is never chance.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from pmdesk.language import default_rules
from pmdesk.model import (
    ActionItem,
    Attendee,
    CapturedFinding,
    Factor,
    Kind,
    Postmortem,
    Question,
    RedactionSettings,
    TimelineEvent,
)
from pmdesk.redaction import redacted_edition, render_edition

FILLER = [
    "the",
    "alert",
    "fired",
    "and",
    "we",
    "rolled",
    "back",
    "after",
    "checking",
    "the",
    "dashboard",
]
ROLES = ["on-call engineer", "release engineer", "security engineer", "incident commander"]
SURNAMES = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski", "Ferreira"]
FIRST_NAMES = sorted(w.capitalize() for w in default_rules().words("first_names") if w.isalpha())
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

label = st.from_regex(r"[a-z][a-z0-9]{1,8}", fullmatch=True)
emails = st.builds(
    lambda user, host, tld: f"{user}@{host}.{tld}",
    label,
    label,
    st.sampled_from(["com", "net", "internal", "example"]),
)
hosts = st.builds(
    lambda a, b, tld: f"{a}-{b}.{tld}".replace("--", "-"),
    label,
    label,
    st.sampled_from(["corp", "internal", "io", "com"]),
)
ipv4 = st.ip_addresses(v=4).map(str)
ipv6 = st.ip_addresses(v=6).map(str).filter(lambda s: len(s) >= 6 and "." not in s)
networks = st.builds(lambda ip, n: f"{ip}/{n}", ipv4, st.integers(8, 30))


def _shaped(prefix: str, size: int, alphabet: str = ALNUM) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=size, max_size=size).map(lambda s: prefix + s)


keys = st.one_of(
    _shaped("AKIA", 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    _shaped("ghp_", 36),
    _shaped("xoxb-", 24),
    st.builds(lambda a, b: f"eyJ{a}.eyJ{b}.sig{b}", _shaped("", 12), _shaped("", 16)),
)
things = st.one_of(emails, hosts, ipv4, ipv6, networks, keys)


@dataclass
class Planted:
    pm: Postmortem
    secrets: list[str]
    names: list[str]
    restricted: str


@st.composite
def planted_postmortems(draw: st.DrawFn) -> Planted:
    people = draw(st.lists(st.sampled_from(FIRST_NAMES), min_size=2, max_size=3, unique=True))
    names = [f"{first} {SURNAMES[i]}" for i, first in enumerate(people)]
    attendees = [Attendee(n, role=ROLES[i]) for i, n in enumerate(names)]
    secrets = draw(st.lists(things, min_size=3, max_size=8, unique=True))
    restricted = "exploit path " + draw(_shaped("zq", 10, "abcdefghijklmnopqrstuvwxyz"))

    def field() -> str:
        """Filler words around one planted secret and one planted name."""
        words = draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=4))
        secret, name = draw(st.sampled_from(secrets)), draw(st.sampled_from(names))
        # And a first name as chat writes it, in lower case.
        lone = draw(st.sampled_from(names)).split()[0].lower()
        return f"{' '.join(words)} {secret} then {name} {words[0]}, ping {lone}"

    start = datetime(2026, 4, 15, 9, 0, tzinfo=UTC)
    events = [
        TimelineEvent(start + timedelta(minutes=i), field(), "chat", seen=field(), believed=field())
        for i in range(3)
    ]
    events.append(TimelineEvent(start + timedelta(minutes=9), restricted, done_next=restricted))
    # One restricted section of every kind, each holding the restricted text.
    finding = CapturedFinding(restricted)
    factor = Factor(Question.OTHER, restricted, whys=[restricted])
    action = ActionItem(restricted, dropped_reason=restricted)
    pm = Postmortem(
        title=field(),
        kind=Kind.SECURITY,
        summary=field(),
        lessons=restricted,
        services=[field()],
        tags=[field()],
        attendees=attendees,
        timeline=events,
        findings=[CapturedFinding(field()), finding],
        factors=[Factor(Question.RISKY, field(), whys=[field(), field()]), factor],
        actions=[ActionItem(field(), owner=names[0]), ActionItem(field(), owner=field()), action],
        redaction=RedactionSettings(
            restricted=[
                f"timeline:{events[-1].id}",
                "lessons",
                f"findings:{finding.id}",
                f"factors:{factor.id}",
                f"actions:{action.id}",
            ]
        ),
    )
    return Planted(pm, secrets, names, restricted)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return " ".join(page.extract_text() or "" for page in reader.pages)


def json_text(data: str) -> str:
    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return []

    return "\n".join(strings(json.loads(data)))


def outputs(pm: Postmortem) -> dict[str, str]:
    when = datetime(2026, 4, 20, tzinfo=UTC)
    md = render_edition(pm, "md", redacted=True, generated=when).data
    js = render_edition(pm, "json", redacted=True, generated=when).data
    pdf = render_edition(pm, "pdf", redacted=True, generated=when).data
    assert isinstance(md, str) and isinstance(js, str) and isinstance(pdf, bytes)
    return {"md": re.sub(r"\\(.)", r"\1", md), "json": json_text(js), "pdf": pdf_text(pdf)}


def contains(text: str, term: str) -> bool:
    flat = " ".join(text.split()).casefold()
    return term.casefold() in flat or term.casefold() in "".join(text.split()).casefold()


QUICK = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Rendering PDFs makes shrinking take minutes; the failing document is printed as drawn.
    phases=[Phase.explicit, Phase.generate],
)


@QUICK
@given(planted_postmortems())
def test_nothing_planted_reaches_any_redacted_format(planted: Planted) -> None:
    for fmt, text in outputs(planted.pm).items():
        for term in [*planted.secrets, *planted.names, planted.restricted]:
            assert not contains(text, term), f"{term!r} in the redacted {fmt}"
        for lone in lone_names(planted):
            assert not re.search(rf"(?<!\w){lone}(?!\w)", text), f"{lone!r} in the {fmt}"
        assert "left out of this edition" in text, fmt


def lone_names(planted: Planted) -> list[str]:
    """The planted first names in lower case that are no everyday word (those stay words)."""
    from pmdesk.redaction.people import lower_case_part

    firsts = [name.split()[0] for name in planted.names]
    return [lower for lower in map(lower_case_part, firsts) if lower is not None]


@QUICK
@given(planted_postmortems())
def test_each_planted_thing_has_one_placeholder_everywhere(planted: Planted) -> None:
    edition = redacted_edition(planted.pm)
    for term in planted.secrets:
        planted_count = sum(f.count(term) for f in _all_texts(planted.pm))
        if not planted_count:
            continue  # drawn but never planted
        holders = [r for r in edition.redactions if term in r.forms]
        assert len(holders) == 1, term
        placeholder = holders[0].placeholder
        # Written wherever the term was: the redacted texts hold the placeholder that often.
        shown_count = sum(f.count(placeholder) for f in _all_texts(edition.pm))
        assert shown_count >= planted_count, (term, placeholder)
    for name, role in zip(planted.names, ["on-call engineer", "release engineer"], strict=False):
        assert all(name not in f for f in _all_texts(edition.pm))
        assert name not in [a.owner for a in edition.pm.actions]
        if any(name in f for f in _all_texts(planted.pm)):
            assert any(f"[{role}]" in f for f in _all_texts(edition.pm)), name


def _all_texts(pm: Postmortem) -> list[str]:
    texts = [pm.title, pm.summary, pm.lessons, *pm.services, *pm.tags]
    for e in pm.timeline:
        texts += [e.text, e.seen, e.believed, e.done_next]
    texts += [f.text for f in pm.findings]
    for factor in pm.factors:
        texts += [factor.text, *factor.whys]
    # An owner is a person field: whatever is written there becomes one person's placeholder.
    return texts + [action.description for action in pm.actions]
