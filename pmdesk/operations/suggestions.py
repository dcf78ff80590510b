"""Rewording a text the blame-language check flagged: its suggestion, or the facilitator's words."""

from __future__ import annotations

from dataclasses import dataclass

from pmdesk.document import Document
from pmdesk.language import Finding
from pmdesk.operations.edit import Edit, Refused
from pmdesk.operations.items import set_fields, update_item


@dataclass(frozen=True)
class TextPlace:
    """Where a text lives: a postmortem field (collection ""), or an item's field."""

    collection: str
    item_id: str
    field: str
    index: int = -1  # which why of a factor's chain, for the field "whys"


def read_text(doc: Document, place: TextPlace) -> str:
    if not place.collection:
        return str(getattr(doc.pm, place.field))
    try:
        value = getattr(doc.find(place.collection, place.item_id), place.field)
    except KeyError:
        raise Refused(f"that item is no longer in the {place.collection}") from None
    if place.field == "whys":
        return str(value[place.index]) if 0 <= place.index < len(value) else ""
    return str(value)


def reword(doc: Document, place: TextPlace, text: str, label: str) -> Edit:
    """Put a new text where the old one was, as one undo step (empty when it is the same)."""
    if not place.collection:
        return set_fields(doc, label, **{place.field: text})
    if place.field == "whys":
        whys = list(doc.find(place.collection, place.item_id).whys)
        if not 0 <= place.index < len(whys):
            raise Refused("that why is no longer in the factor's chain")
        whys[place.index] = text
        return update_item(doc, label, place.collection, place.item_id, whys=whys)
    return update_item(doc, label, place.collection, place.item_id, **{place.field: text})


def apply_suggestion(doc: Document, place: TextPlace, finding: Finding) -> Edit:
    """Replace a flagged phrase with the check's suggested reframe."""
    if not finding.suggestion:
        raise Refused(f"there is no suggested rewording for “{finding.text}”")
    text = read_text(doc, place)
    if text[finding.start : finding.end] != finding.text:
        raise Refused(f"“{finding.text}” is no longer there: the text changed since it was checked")
    new = text[: finding.start] + finding.suggestion + text[finding.end :]
    return reword(doc, place, new, f"Use suggestion “{finding.suggestion}”")
