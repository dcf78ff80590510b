"""The engine's contract: offsets, keys, context, Markdown, quotes and per-line use."""

from __future__ import annotations

import dataclasses
import json

import pytest

from pmdesk.language import (
    BLAME_CATEGORIES,
    CATEGORIES,
    Finding,
    LintContext,
    closes_fence,
    fence_marker,
    is_blame,
    lint,
    sentence_span,
    utf16_index,
)
from pmdesk.language.rules import default_rules, parse_rules


def _blame_texts(text: str, context: LintContext | None = None) -> list[str]:
    return [f.text for f in lint(text, context) if is_blame(f)]


def test_finding_offsets_point_at_the_flagged_words() -> None:
    text = "Intro line.\nThat was a careless mistake on a production box."
    (finding,) = lint(text)
    assert text[finding.start : finding.end] == "careless" == finding.text
    assert finding.category == "judgement"
    assert finding.severity == "error"
    assert finding.message


def test_offsets_count_code_points_across_emoji_and_cji() -> None:
    text = "🚨🔥 数据库 Honestly, this was human error."
    (finding,) = lint(text)
    assert text[finding.start : finding.end] == "human error"
    assert finding.start == text.index("human")


def test_finding_is_frozen() -> None:
    (finding,) = lint("That was sloppy.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 0  # type: ignore[misc]


def test_blame_categories_are_everything_but_listen_for() -> None:
    assert set(CATEGORIES) - BLAME_CATEGORIES == {"listen_for"}
    (cue,) = lint("I assumed the flag was off because staging showed it off.")
    assert not is_blame(cue) and not cue.is_blame
    (blame,) = lint("Who approved this?")
    assert is_blame(blame)


def test_key_is_stable_when_the_text_around_it_moves() -> None:
    first = lint("The root cause was the cron job.")[0]
    moved = lint("Some new intro.\n\nThe  ROOT   cause was the cron job.")[0]
    assert first.start != moved.start
    assert first.key == moved.key


def test_ignored_keys_drop_only_that_finding() -> None:
    text = "Human error, again. Also that was careless."
    findings = lint(text)
    ignored = {f.key for f in findings if f.category == "human_error"}
    remaining = lint(text, LintContext(ignored=frozenset(ignored)))
    assert [f.category for f in remaining] == ["judgement"]


def test_per_document_allowed_words_are_never_flagged() -> None:
    text = "We deploy with Reckless Rabbit; the rollout was reckless."
    assert _blame_texts(text) == ["reckless"]  # the product name already reads as a name
    assert _blame_texts("reckless rabbit failed the build", LintContext()) != []
    context = LintContext(allowed_words=("reckless rabbit",))
    assert _blame_texts("reckless rabbit failed the build", context) == []


def test_suggestion_replaces_the_matched_phrase() -> None:
    (finding,) = lint("The root cause was a bad cache key.")
    assert finding.suggestion == "contributing factor"
    # A suggestion takes the words of the pattern's named groups (a team rule here: no built-in
    # rule's suggested words use a group since "did not {verb}" was itself flagged as hindsight).
    team = {
        "rules": [
            {
                "id": "team.rushed",
                "category": "judgement",
                "pattern": r"rushed\s+(?P<thing>the\s+\w+)",
                "message": "Say what the schedule allowed.",
                "suggestion": "shipped {thing} on the planned date",
            }
        ]
    }
    rules = default_rules().merged(parse_rules(json.dumps(team), "team.json", default_rules()))
    (finding,) = lint("The team rushed the release.", LintContext(rules=rules))
    assert finding.suggestion == "shipped the release on the planned date"
    (finding,) = lint("Human error.")
    assert finding.suggestion is not None and finding.suggestion[0].isupper()


def test_markdown_code_spans_blocks_and_urls_are_skipped() -> None:
    text = (
        "Run `git blame` and look for `failed to acquire lock`.\n"
        "\n"
        "```\n"
        "# operator error: retry\n"
        "```\n"
        "\n"
        "    human error in an indented code block\n"
        "\n"
        "See https://example.com/root-cause/human-error and [the doc](./blame.md).\n"
    )
    assert lint(text) == []


def test_text_after_a_code_block_is_still_checked() -> None:
    text = "~~~\ncareless\n~~~\nThat was careless."
    assert _blame_texts(text) == ["careless"]
    assert lint(text)[0].start == text.rindex("careless")


def test_list_items_indented_under_a_bullet_are_not_code() -> None:
    text = "- Timeline\n\n    - That was sloppy.\n"
    assert _blame_texts(text) == ["sloppy"]


def test_quoted_words_and_quoted_speech_are_mentions() -> None:
    assert lint("We agreed not to say 'human error' in reports.") == []
    assert lint("The word “careless” came up in the chat.") == []
    # Notes that record what someone said, to redirect it, are not themselves blaming.
    assert lint('Raj said: "Dave was careless and should have known better."') == []
    assert lint("15:02 VP asks “who approved this?”; we moved to the approval flow.") == []
    # The same words outside the quotes are checked.
    assert lint('Dave was careless, as the "incident" showed.')


def test_rule_statements_without_quotes_are_not_flagged() -> None:
    assert lint("Our guidelines ban the phrase human error in published reports.") == []
    assert lint("Instead of root cause we list contributing factors.") == []


def test_each_line_checked_alone_gives_the_same_findings_as_the_whole_text() -> None:
    lines = [
        "14:02 deploy of search v2 to production",
        "Ops caused this by restarting the wrong cluster.",
        "I didn't know the cache was shared.",
        "Be more vigilant during deploys.",
        "The alert failed to fire.",
    ]
    text = "\n".join(lines)
    whole = [(f.start, f.rule) for f in lint(text)]
    per_line = []
    offset = 0
    for line in lines:
        per_line.extend((f.start + offset, f.rule) for f in lint(line))
        offset += len(line) + 1
    assert whole == per_line
    assert whole  # the check has something to compare


def test_a_repeated_sentence_is_flagged_at_every_place_it_stands() -> None:
    line = "Dave was careless with the migration."
    text = f"{line}\n- {line}\n14:05 all good.\n{line}"
    found = [f for f in lint(text) if f.category == "judgement"]
    assert [text[f.start : f.end] for f in found] == ["careless"] * 3
    assert [f.start for f in found] == [
        i + line.index("careless") for i in (0, len(line) + 3, text.rindex(line))
    ]


def test_a_sentence_only_the_learned_layer_flags_is_flagged_at_every_place_it_stands() -> None:
    """The learned layer is asked after the rules have read the whole text: a repeat met
    before that answer is known still gets it, in this text and in a later one."""
    from pmdesk.language import shared_sentences

    line = "Ivan ran the certificate rotation on the CDN config without telling anyone."
    context = LintContext(names=("Ivan",))
    alone = [(f.start, f.end, f.rule) for f in lint(line, context)]
    assert alone == [(0, len(line), "learned.person_as_cause")]
    text = f"{line}\n- {line}\nI assumed the dashboard looked normal.\n{line}"
    with shared_sentences():
        first = lint(text, context)
        later = lint(f"Intro.\n{line}", context)
    learned = [(f.start, f.end) for f in first if f.rule.startswith("learned.")]
    places = [0, len(line) + 3, text.rindex(line)]
    assert learned == [(at, at + len(line)) for at in places]
    assert [f.rule for f in first if f.category == "listen_for"] == [
        "listen.assumed",
        "listen.looked-normal",
    ]
    assert [(f.start, f.rule) for f in later] == [(7, "learned.person_as_cause")]
    assert first == lint(text, context)


def test_a_repeated_sentence_after_a_why_question_is_read_as_its_answer_only_there() -> None:
    answer = "Raj paused the consumers and left them paused overnight."
    text = f"Why did the queue back up? {answer}\n{answer}"
    context = LintContext(names=("Raj",))
    found = [f for f in lint(text, context) if f.rule == "person.why-answer"]
    assert [f.start for f in found] == [text.index(answer)]
    # The second line alone, as the editor checks it, has no why-question to answer.
    assert not [f for f in lint(answer, context) if f.rule == "person.why-answer"]


def test_sentences_shared_across_checks_keep_each_checks_own_names_and_words() -> None:
    from pmdesk.language import shared_sentences

    sentence = "Oracle wiped the replica."
    judged = "That was a careless change to the config."
    with shared_sentences():
        as_attendee = lint(sentence, LintContext(names=("Oracle", "Dana")))
        as_product = lint(sentence, LintContext(names=("Dana",)))
        again = lint(f"Intro.\n{sentence}", LintContext(names=("Oracle",)))
        plain = lint(judged)
        allowed = lint(judged, LintContext(allowed_words=("careless",)))
    assert [f.text for f in as_attendee if is_blame(f)] == ["wiped"]
    assert as_product == lint(sentence, LintContext(names=("Dana",))) == []
    assert [(f.start, f.text) for f in again] == [(7 + sentence.index("wiped"), "wiped")]
    assert [f.text for f in plain] == ["careless"]
    assert allowed == []


def test_findings_come_in_text_order() -> None:
    text = "Who approved this? It was careless. Improve monitoring."
    starts = [f.start for f in lint(text)]
    assert starts == sorted(starts) and len(starts) == 3


def test_empty_and_blank_text() -> None:
    assert lint("") == []
    assert lint(" \n\t ") == []


def test_context_accepts_lists_from_the_model() -> None:
    context = LintContext(
        names=["Ana Lima", " ", "Raj"],
        ignored=["x|y"],
    )
    assert context.names == ("Ana Lima", "Ana", "Lima", "Raj")
    assert context.ignored == frozenset({"x|y"})
    assert hash(context)


def test_fence_helpers_let_an_editor_skip_code_blocks_line_by_line() -> None:
    assert fence_marker("```python") == "```"
    assert fence_marker("~~~~") == "~~~~"
    assert fence_marker("text ```") is None
    assert closes_fence("```", "```")
    assert not closes_fence("``", "```")
    assert closes_fence("~~~~~", "~~~~")


def test_finding_constructor_and_key_are_public() -> None:
    finding = Finding(0, 5, "r.id", "judgement", "error", "m", None, "Lazy ")
    assert finding.key == "r.id|lazy"


def test_utf16_index_matches_what_qt_counts() -> None:
    text = "🚨 a 👩🏽‍💻 That was careless."
    (finding,) = lint(text)
    start = utf16_index(text, finding.start)
    encoded = text.encode("utf-16-le")
    assert encoded[start * 2 : (start + len("careless")) * 2].decode("utf-16-le") == "careless"
    assert utf16_index("abc", 2) == 2


def test_sentence_span_gives_the_sentence_to_capture_as_a_finding() -> None:
    text = "We rolled back. I assumed the flag was off because staging showed it off. Then..."
    (cue,) = [f for f in lint(text) if f.category == "listen_for"]
    start, end = sentence_span(text, cue.start)
    assert text[start:end] == "I assumed the flag was off because staging showed it off."
