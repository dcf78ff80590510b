"""Attendees' names as chat writes them: a lone lower-case first name is the person, but a name
that is also an everyday word ("will", "mark", "bill") stays a word unless chat addresses
someone by it ("@will", "ping mark", "thanks bill")."""

from __future__ import annotations

import re

import pytest

from pmdesk.model import Attendee, Kind, Postmortem
from pmdesk.redaction import LeakFound, redacted_edition, render_edition

PEOPLE = [
    Attendee("Ana Souza", "On-call engineer"),
    Attendee("Will Park", "Release engineer"),
    Attendee("Mark Lee", "SRE"),
    Attendee("Bill Ortiz", "Engineering manager"),
    Attendee("Noor", "Facilitator"),
]


def redacted(summary: str) -> str:
    pm = Postmortem(title="Phish", kind=Kind.SECURITY, attendees=PEOPLE, summary=summary)
    return redacted_edition(pm).pm.summary


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("ping ana about it", "ping [on-call engineer] about it"),
        ("ana and noor restarted it", "[on-call engineer] and [facilitator] restarted it"),
        ("souza saw it first", "[on-call engineer] saw it first"),
        ("ANA saw it first", "[on-call engineer] saw it first"),
        # Everyday words that are also these attendees' names stay words in lower case.
        ("the deploy will fail again", "the deploy will fail again"),
        ("mark the event as resolved", "mark the event as resolved"),
        ("the cloud bill doubled", "the cloud bill doubled"),
        ("park the change until Monday", "park the change until Monday"),
        # ... and are names where chat addresses someone by them, or with a capital.
        ("@will can you look", "@[release engineer] can you look"),
        ("ping mark re: the bill", "ping [SRE] re: the bill"),
        ("thanks bill!", "thanks [engineering manager]!"),
        ("ask will whether it will fail", "ask [release engineer] whether it will fail"),
        ("Will said the alert was noisy", "[release engineer] said the alert was noisy"),
        # Not inside other words.
        ("a banana-shaped graph", "a banana-shaped graph"),
    ],
)
def test_lower_case_names_and_everyday_words(written: str, shown: str) -> None:
    assert redacted(written) == shown


def test_the_leak_check_tells_a_word_from_the_name() -> None:
    text = "@will will look; ping ana. The deploy will fail, mark it, the bill grew"
    pm = Postmortem(title="Phish", kind=Kind.SECURITY, attendees=PEOPLE, summary=text)
    data = render_edition(pm, "md", redacted=True).data
    assert isinstance(data, str)
    assert "The deploy will fail, mark it, the bill grew" in data
    assert not re.search(r"\bana\b", data, re.I)
    # A lower-case first name that is no word, left in the output, is refused.
    from pmdesk.redaction.leaks import check, listed

    edition = redacted_edition(pm)
    terms = listed(edition.listed_terms(), [])
    with pytest.raises(LeakFound, match="'ana' \\(person\\) on line 1"):
        check("then ana paged", "md", terms, edition.placeholders)
    with pytest.raises(LeakFound, match="'will' \\(person\\)"):
        check("then ping will", "md", terms, edition.placeholders)
    check("the job will retry and mark the bill", "md", terms, edition.placeholders)
