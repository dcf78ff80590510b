"""The redacted edition of one postmortem: roles, restricted sections, the facilitator's choices
(undoable operations) and the leak check."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pmdesk.document import Document
from pmdesk.model import ActionItem, Attendee, Kind, Postmortem, TimelineEvent
from pmdesk.operations import redaction as ops
from pmdesk.operations.edit import Refused
from pmdesk.redaction import LeakFound, redacted_edition, render_edition
from pmdesk.redaction.leaks import check, listed


def incident() -> Postmortem:
    at = datetime(2026, 10, 6, 9, 0, tzinfo=UTC)
    return Postmortem(
        title="Phish at acme-payroll.com",
        kind=Kind.SECURITY,
        summary="Dana Kim and Sam Ortiz saw logins from 203.0.113.9 for dana@corp.example.",
        lessons="Keys bound to the domain stop a relay.",
        attendees=[
            Attendee("Dana Kim", "On-call engineer"),
            Attendee("Sam Ortiz", "On-call engineer"),
            Attendee("Noor Ali", "", facilitator=True),
            Attendee("Ravi Shah", "Dana's manager"),
        ],
        timeline=[
            TimelineEvent(at, "Dana Kim disabled the key", id="ev-1"),
            TimelineEvent(at, "Fallback at sso-legacy.corp.internal still open", id="ev-2"),
        ],
        actions=[ActionItem("Retire the fallback", owner="Ravi Shah")],
    )


def test_people_become_their_roles_numbered_when_two_share_one() -> None:
    edition = redacted_edition(incident())
    names = [a.name for a in edition.pm.attendees]
    # A role that names someone is not used; the facilitator with no role is "facilitator".
    assert names == ["[on-call engineer 1]", "[on-call engineer 2]", "[facilitator]", "[person-1]"]
    assert edition.pm.summary.startswith("[on-call engineer 1] and [on-call engineer 2] saw")
    assert edition.pm.actions[0].owner == "[person-1]"


def test_the_original_is_never_changed() -> None:
    pm = incident()
    redacted_edition(pm)
    assert pm.attendees[0].name == "Dana Kim" and "203.0.113.9" in pm.summary


def test_restricted_sections_are_left_out_with_one_line() -> None:
    doc = Document(incident())
    ops.set_restricted(doc, "timeline:ev-2").apply(doc)
    ops.set_restricted(doc, "lessons").apply(doc)
    edition = redacted_edition(doc.pm)
    assert edition.pm.timeline[1].text == "Restricted: this event is left out of this edition."
    assert edition.pm.lessons == "Restricted: the lessons learned are left out of this edition."
    rows = [r for r in edition.redactions if r.kind == "restricted"]
    assert [r.places for r in rows] == [["Lessons learned"], ["Timeline 2026-10-06 09:00"]]


def test_keeping_one_redaction_is_undoable_and_saved_in_the_choices() -> None:
    doc = Document(incident())
    edit = ops.keep_original(doc, "203.0.113.9")
    edit.apply(doc)
    assert "203.0.113.9" in redacted_edition(doc.pm).pm.summary
    assert doc.pm.redaction.kept == ["203.0.113.9"]
    edit.revert(doc)
    assert "203.0.113.9" not in redacted_edition(doc.pm).pm.summary
    assert doc.pm.redaction.kept == []


def test_own_terms_and_shapes_are_redacted_and_bad_ones_refused() -> None:
    doc = Document(incident())
    ops.add_term(doc, "fallback").apply(doc)
    ops.add_term(doc, "/ev-\\d/").apply(doc)
    edition = redacted_edition(doc.pm)
    assert edition.pm.timeline[1].text.startswith("[term-1] at [host-")
    assert edition.pm.actions[0].description == "Retire the [term-1]"
    with pytest.raises(Refused, match="already on the list"):
        ops.add_term(doc, "Fallback")
    with pytest.raises(Refused, match="not a pattern"):
        ops.add_term(doc, "/SEC-(/")
    with pytest.raises(Refused, match="empty text"):
        ops.add_term(doc, "/x*/")


def test_restricting_an_item_that_is_gone_is_refused() -> None:
    doc = Document(incident())
    with pytest.raises(Refused, match="no longer in this postmortem"):
        ops.set_restricted(doc, "timeline:nope")


def test_the_leak_check_names_the_term_and_the_place() -> None:
    terms = listed([("db-7.corp.internal", "host"), ("Dana", "person")], [])
    with pytest.raises(LeakFound, match=r"'db-7\.corp\.internal' \(host name\) on line 2"):
        check("# Title\nreached DB-7.corp.internal\n", "md", terms, [])
    with pytest.raises(LeakFound, match="at /timeline/0/text"):
        check('{"timeline": [{"text": "Dana reset it"}]}', "json", terms, [])
    # A single-word name is looked for as written, placeholders are masked.
    check("dana is a word here; [Dana-1] a placeholder", "md", terms, ["[Dana-1]"])


def test_a_kept_original_is_no_leak() -> None:
    pm = incident()
    pm.redaction.kept = ["acme-payroll.com"]
    out = render_edition(pm, "md", redacted=True).data
    assert "acme-payroll.com" in out


def test_the_full_edition_is_everything_as_written() -> None:
    out = render_edition(incident(), "md", redacted=False).data
    assert "dana@corp.example" in out and "Dana Kim" in out


def test_the_security_sample_prints_redacted_with_nothing_of_the_original() -> None:
    from io import BytesIO
    from pathlib import Path

    from pypdf import PdfReader

    from pmdesk import interchange

    sample = (
        Path(__file__).resolve().parents[3] / "resources/samples/payroll-phishing-compromise.json"
    )
    pm = interchange.load_file(sample)
    data = render_edition(pm, "pdf", redacted=pm.kind is Kind.SECURITY).data
    assert isinstance(data, bytes)
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    flat = " ".join(text.split())
    for original in ["Grace Okoye", "Priya", "203.0.113", "AKIAIOSFODNN7EXAMPLE", "Heron"]:
        assert original not in flat
    assert "sso-legacy" not in flat and "SEC-4821" not in flat
    assert "[finance analyst] opens the link" in flat


def test_a_role_with_details_becomes_the_role_alone() -> None:
    pm = Postmortem(
        summary="Hana Kobayashi paused the pipeline.",
        attendees=[Attendee("Hana Kobayashi", "Release engineer, owner of the deploy pipeline")],
    )
    assert redacted_edition(pm).pm.summary == "[release engineer] paused the pipeline."


def test_publishing_redacts_security_postmortems_by_default() -> None:
    from pmdesk.redaction import publishable_editions

    security, outage = incident(), incident()
    outage.kind = Kind.INCIDENT
    shown = list(publishable_editions([security, outage]))
    assert "Dana Kim" not in shown[0].summary and "Dana Kim" in shown[1].summary
    assert "redacted edition" in shown[0].tags
    assert "Dana Kim" in next(publishable_editions([security], full=True)).summary
    assert "Dana Kim" not in next(publishable_editions([outage], redacted=True)).summary
