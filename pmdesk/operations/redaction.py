"""The facilitator's choices for the redacted edition, each one undoable.

Mark a section restricted (left out of the redacted edition), keep one redaction as written,
redact it again, add or remove a term of their own. Every choice is one `SetFields` of the
postmortem's `redaction` settings, so it is saved with the postmortem and undone like any edit.
"""

from __future__ import annotations

import dataclasses
import re

from pmdesk.document import Document
from pmdesk.model import COLLECTIONS, RedactionSettings
from pmdesk.operations.edit import Edit, Refused, SetFields
from pmdesk.redaction.detectors import term_shape

# Fields that can be left out whole; items are marked as "collection:id".
RESTRICTABLE_FIELDS = {"summary": "the summary", "lessons": "the lessons learned"}
_ITEM_NAMES = {
    "timeline": "the event",
    "findings": "the quote",
    "factors": "the factor",
    "actions": "the action item",
}
# A term shorter than this would be replaced inside ordinary words too often to be meant.
MIN_TERM = 2


def restricted_key(collection: str, item_id: str) -> str:
    return f"{collection}:{item_id}"


def is_restricted(doc: Document, key: str) -> bool:
    return key in doc.pm.redaction.restricted


def _what(doc: Document, key: str) -> str:
    if key in RESTRICTABLE_FIELDS:
        return RESTRICTABLE_FIELDS[key]
    collection, _, item_id = key.partition(":")
    if collection not in COLLECTIONS or collection not in _ITEM_NAMES:
        raise Refused(f"{key!r} is not a section that can be restricted")
    try:
        doc.find(collection, item_id)
    except KeyError:
        raise Refused(f"{_ITEM_NAMES[collection]} is no longer in this postmortem") from None
    return _ITEM_NAMES[collection]


def _change(doc: Document, label: str, **values: list[str]) -> Edit:
    choices = dataclasses.replace(doc.pm.redaction, **values)
    if choices == doc.pm.redaction:
        return Edit(label, [])
    return Edit(label, [SetFields({"redaction": choices})])


def set_restricted(doc: Document, key: str, on: bool = True) -> Edit:
    """Leave a section out of the redacted edition (or put it back in)."""
    what = _what(doc, key)
    current = doc.pm.redaction.restricted
    if on:
        listed = current if key in current else [*current, key]
        return _change(doc, f"Restrict {what}", restricted=listed)
    return _change(doc, f"Unrestrict {what}", restricted=[k for k in current if k != key])


def keep_original(doc: Document, original: str) -> Edit:
    """Undo one redaction: the redacted edition shows this as written, everywhere."""
    text = " ".join(original.split())
    if not text:
        raise Refused("there is nothing to keep")
    kept = doc.pm.redaction.kept
    if any(k.casefold() == text.casefold() for k in kept):
        return Edit(f"Keep {text!r} unredacted", [])
    terms = [t for t in doc.pm.redaction.terms if t.casefold() != text.casefold()]
    return _change(doc, f"Keep {text!r} unredacted", kept=[*kept, text], terms=terms)


def redact_again(doc: Document, original: str) -> Edit:
    """Take back a `keep_original`."""
    text = " ".join(original.split()).casefold()
    kept = [k for k in doc.pm.redaction.kept if k.casefold() != text]
    return _change(doc, f"Redact {original!r} again", kept=kept)


def add_term(doc: Document, term: str) -> Edit:
    """A word of the facilitator's own to replace wherever it occurs."""
    text = " ".join(term.split())
    if len(text) < MIN_TERM:
        raise Refused(f"a term needs at least {MIN_TERM} characters")
    try:
        shape = term_shape(text)
    except re.error as exc:
        raise Refused(f"{text!r} is not a pattern pmdesk can read ({exc})") from None
    if shape is not None and shape.fullmatch(""):
        raise Refused(f"{text!r} would match empty text; give the pattern some letters")
    terms = doc.pm.redaction.terms
    if any(t.casefold() == text.casefold() for t in terms):
        raise Refused(f"{text!r} is already on the list")
    kept = [k for k in doc.pm.redaction.kept if k.casefold() != text.casefold()]
    return _change(doc, f"Redact {text!r}", terms=[*terms, text], kept=kept)


def remove_term(doc: Document, term: str) -> Edit:
    terms = [t for t in doc.pm.redaction.terms if t.casefold() != term.casefold()]
    return _change(doc, f"Stop redacting {term!r}", terms=terms)


def clear_choices(doc: Document) -> Edit:
    """Every choice back to none (the detectors alone decide)."""
    return _change(doc, "Clear the redaction choices", **dataclasses.asdict(RedactionSettings()))


def restrict_items(doc: Document, collection: str, ids: list[str], on: bool) -> Edit:
    """Several items (the selected timeline events) in or out of the redacted edition at once."""
    keys = [restricted_key(collection, i) for i in ids]
    for key in keys:
        _what(doc, key)
    current = doc.pm.redaction.restricted
    if on:
        listed = [*current, *(k for k in keys if k not in current)]
    else:
        listed = [k for k in current if k not in keys]
    count = len(keys)
    noun = _ITEM_NAMES[collection].removeprefix("the ") + ("s" if count != 1 else "")
    label = (
        f"{'Restrict' if on else 'Unrestrict'} {count} {noun}"
        if count != 1
        else (f"{'Restrict' if on else 'Unrestrict'} {_ITEM_NAMES[collection]}")
    )
    return _change(doc, label, restricted=listed)
