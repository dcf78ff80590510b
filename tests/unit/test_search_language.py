"""The search language: what the facilitator types becomes words, phrases, prefixes and filters,
and a mistake is one line naming the part at fault."""

from __future__ import annotations

from datetime import date

import pytest

from pmdesk.search import (
    MARK_END,
    MARK_START,
    Query,
    QueryError,
    Term,
    lead_to_match,
    marked_parts,
    parse,
    plain_snippet,
    render_marks,
)


def test_words_phrases_and_prefixes() -> None:
    query = parse('Timeouts "connection  Pool" pay* ')
    assert query.terms == (
        Term(("timeouts",)),
        Term(("connection", "pool")),
        Term(("pay",), prefix=True),
    )
    assert query.terms[1].phrase and not query.terms[0].phrase


def test_punctuation_splits_words_as_the_index_does() -> None:
    assert parse("payment-api").terms == (Term(("payment", "api")),)
    assert parse("14:32").terms == (Term(("14", "32")),)
    assert parse("-- && !").terms == ()
    assert parse("").empty and parse("   ").empty


def test_every_filter() -> None:
    query = parse(
        "service:Payments,checkout tag:db severity:1 kind:near-miss status:Reviewed "
        "after:2026-03 before:2026-04-15 rollback"
    )
    assert query.services == (("payments", "checkout"),)
    assert query.tags == (("db",),)
    assert query.severities == (("SEV1",),)
    assert query.kinds == (("near_miss",),)
    assert query.statuses == (("reviewed",),)
    assert query.after == date(2026, 3, 31)  # after March: from April on
    assert query.before == date(2026, 4, 15)
    assert query.terms == (Term(("rollback",)),)


def test_repeated_filters_must_all_hold_and_a_quoted_value_keeps_its_spaces() -> None:
    query = parse('service:a service:"Card Processor" severity:SEV2,sev3 kind:security')
    assert query.services == (("a",), ("card processor",))
    assert query.severities == (("SEV2", "SEV3"),)
    assert query.kinds == (("security",),)


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("before:2026", date(2026, 1, 1), None),
        ("after:2026", None, date(2026, 12, 31)),
        ("before:2026-02", date(2026, 2, 1), None),
        ("after:2024-02", None, date(2024, 2, 29)),
    ],
)
def test_a_month_or_a_year_stands_for_its_first_or_last_day(
    text: str, before: date | None, after: date | None
) -> None:
    query = parse(text)
    assert (query.before, query.after) == (before, after)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("owner:dave", "“owner:”"),
        ("https://status.example.com", "“https:”"),
        ("service:", "“service:” needs a value"),
        ("severity:critical", "severity is one of SEV1, SEV2, SEV3, SEV4, not “critical”"),
        ("kind:outage", "kind is one of incident, near_miss, security"),
        ("status:done", "status is one of draft, reviewed, published"),
        ("before:yesterday", "“yesterday” is not a date"),
        ("after:2026-02-30", "no such day as “2026-02-30”"),
        ("before:2026-13", "no such day as “2026-13”"),
        ("before:2026 before:2025", "give before: once"),
        ('"connection pool', 'the quote in “"connection pool” is not closed'),
        ('tag:"db', "is not closed"),
        ("pay-ap*", "“pay-ap*”: a search by the start of a word takes one word"),
    ],
)
def test_a_bad_query_names_the_token_at_fault(text: str, names: str) -> None:
    with pytest.raises(QueryError) as info:
        parse(text)
    assert names in str(info.value)
    assert "\n" not in str(info.value)


def test_an_unknown_filter_says_how_to_search_for_the_words() -> None:
    with pytest.raises(QueryError, match="put the words in quotes"):
        parse("cause:config")
    assert parse('"cause:config"').terms == (Term(("cause", "config")),)


def test_marks_render_as_the_reader_wants() -> None:
    snippet = f"the {MARK_START}timeout{MARK_END} was 4 {MARK_START}ms{MARK_END}"
    assert marked_parts(snippet) == [
        ("the ", False),
        ("timeout", True),
        (" was 4 ", False),
        ("ms", True),
    ]
    assert render_marks(snippet, "**", "**") == "the **timeout** was 4 **ms**"


def test_plain_snippet_marks_the_words_and_shows_the_text_around_them() -> None:
    text = " ".join(f"w{n}" for n in range(40)) + " Timeouts everywhere " + "tail " * 30
    snippet = plain_snippet(text, parse("timeout").terms)
    assert f"{MARK_START}Timeouts{MARK_END} everywhere" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert plain_snippet("Short summary.", ()) == "Short summary."
    assert Query().empty


def test_a_snippet_can_start_near_its_first_match() -> None:
    snippet = f"…one two three four five six seven eight nine ten {MARK_START}ms{MARK_END} end"
    led = lead_to_match(snippet, before=12)
    assert led.startswith("…") and f"{MARK_START}ms{MARK_END} end" in led
    assert len(led) < len(snippet) and "eight" not in led
    short = f"a {MARK_START}b{MARK_END}"
    assert lead_to_match(short) == short
