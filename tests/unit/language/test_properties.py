"""Whatever people type (any script, emoji, lone surrogates from a clipboard), lint never fails
and every finding points inside the text."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pmdesk.language import LintContext, fence_marker, lint

FRAGMENTS = [
    "Dave failed to notice",
    "should've known",
    "human error",
    "root cause",
    "Who approved this?",
    "just",
    "careless",
    "Be more careful.",
    "I assumed",
    "`code`",
    "```\n",
    "    ",
    "https://x.y/z",
    '"',
    "‘",
    "’s",
    "🚨",
    "👩🏽‍💻",
    "数据库",
    "שלום",
    "\n",
    ". ",
    "?",
    "-",
    "'",
]

any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=200)
mixed = st.lists(st.one_of(st.sampled_from(FRAGMENTS), any_text), max_size=12).map("".join)
contexts = st.builds(
    LintContext,
    names=st.lists(st.text(max_size=12), max_size=3).map(tuple),
    field=st.sampled_from(["notes", "action", "timeline"]),
    allowed_words=st.lists(st.text(max_size=10), max_size=2).map(tuple),
)


@settings(deadline=None, max_examples=300)
@given(text=st.one_of(any_text, mixed), context=contexts)
def test_lint_never_raises_and_offsets_stay_inside_the_text(
    text: str, context: LintContext
) -> None:
    findings = lint(text, context)
    previous = -1
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.start >= previous
        previous = finding.start


@settings(deadline=None, max_examples=100)
@given(prefix=st.text(alphabet=st.characters(blacklist_categories=()), max_size=30))
def test_a_finding_moves_with_the_text_before_it(prefix: str) -> None:
    prefix = prefix.replace("\r", " ") + "\n"
    # A prefix that opens a ``` or ~~~ block rightly turns the sentence into code.
    assume(all(fence_marker(line) is None for line in prefix.splitlines()))
    sentence = "That was a careless mistake."
    findings = [f for f in lint(prefix + sentence) if f.text == "careless"]
    assert [f.start for f in findings] == [len(prefix) + sentence.index("careless")]
