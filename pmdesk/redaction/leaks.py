"""The last look before a redacted file is written: does it still hold anything it replaced?

The check reads what would be written, not the copy it was made from: the PDF through its text
layer (pypdf), the Markdown with its escapes taken out, the JSON string by string. Placeholders
and the restricted lines are masked first, so a term that happens to be part of "[host-1]" is
not a leak. A single-word name is looked for as written (the detectors take "Will" in "Will the
alert fire?" for a name only when capitalised); everything else in any case.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pmdesk.redaction.detectors import KIND_LABELS, term_pattern
from pmdesk.redaction.people import addressed_pattern, lower_case_part

FORMAT_NAMES = {"pdf": "PDF", "md": "Markdown", "json": "JSON"}
_SPACES = re.compile(r"\s+")
_MD_ESCAPE = re.compile(r"\\(.)")


class LeakFound(ValueError):
    """A redacted export still holds a listed term; the message names it and where it is."""


@dataclass(frozen=True)
class Listed:
    term: str
    kind: str
    pattern: re.Pattern[str]


def listed(terms: list[tuple[str, str]], kept: list[str]) -> list[Listed]:
    kept_folded = [k.casefold() for k in kept if k.strip()]
    found: list[Listed] = []
    for term, kind in terms:
        folded = " ".join(term.split()).casefold()
        if any(folded in k for k in kept_folded):
            continue  # left as written by choice
        single_name = kind == "person" and len(term.split()) == 1
        pattern = term_pattern(term, ignore_case=not single_name)
        if single_name and term.islower() and lower_case_part(term) is None:
            # A name that is also a word ("will"): a leak only where chat addresses someone.
            pattern = addressed_pattern(term)
        if pattern is not None:
            found.append(Listed(term, kind, pattern))
    return found


def check(data: bytes | str, fmt: str, terms: list[Listed], masks: list[str]) -> None:
    """Raise LeakFound naming the first listed term found in the output, and where."""
    if not terms:
        return
    found = find_leak(places(data, fmt), terms, masks, squeeze=fmt == "pdf")
    if found is not None:
        item, place = found
        raise LeakFound(
            f"Not exported: the redacted {FORMAT_NAMES[fmt]} would still contain "
            f"{describe(item)} {place}; nothing was written. Mark that section restricted or "
            "add the term, then export again."
        )


def find_leak(
    places: Iterable[tuple[str, str]], terms: list[Listed], masks: list[str], *, squeeze: bool
) -> tuple[Listed, str] | None:
    """The first listed term found in any place's text, and that place.

    squeeze: also look for long tokens with the spaces taken out (a PDF's text layer can break
    a key across lines).
    """
    if not terms:
        return None
    needles = [(item, " ".join(item.term.split()).casefold()) for item in terms]
    for place, text in places:
        text = _masked(text, masks)
        folded = text.casefold()
        squeezed = _SPACES.sub("", folded) if squeeze else ""
        for item, needle in needles:
            # Whatever the pattern finds holds the term's letters in some case; a plain search
            # for them first spares the pattern most texts (an index of thousands of pages).
            long_token = len(needle) >= 12 and " " not in needle
            if long_token and needle in squeezed:
                return item, place
            if needle in folded and item.pattern.search(text):
                return item, place
    return None


def describe(item: Listed) -> str:
    """The term as a message shows it, with its kind: "'db-7.corp' (host name)"."""
    return f"{_shown(item.term)} ({KIND_LABELS.get(item.kind, item.kind)})"


def _shown(term: str) -> str:
    flat = " ".join(term.split())
    return repr(flat if len(flat) <= 40 else flat[:39] + "…")


def _masked(text: str, masks: list[str]) -> str:
    text = _SPACES.sub(" ", text)
    for mask in masks:
        text = text.replace(mask, " ")
    return text


def places(data: bytes | str, fmt: str) -> Iterator[tuple[str, str]]:
    if fmt == "pdf":
        assert isinstance(data, bytes)
        yield from _pdf_pages(data)
    elif fmt == "md":
        assert isinstance(data, str)
        for number, line in enumerate(data.split("\n"), start=1):
            yield f"on line {number}", _MD_ESCAPE.sub(r"\1", line.replace("<br>", " "))
    else:
        text = data.decode() if isinstance(data, bytes) else data
        yield from _json_strings(json.loads(text), "")


def _pdf_pages(data: bytes) -> Iterator[tuple[str, str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    metadata: dict[str, object] = dict(reader.metadata or {})
    yield "in the document properties", " ".join(str(v) for v in metadata.values())
    for number, page in enumerate(reader.pages, start=1):
        yield f"on page {number}", page.extract_text() or ""


def _json_strings(value: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield f"at {pointer or '/'}", value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _json_strings(item, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(item, f"{pointer}/{index}")
