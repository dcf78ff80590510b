"""This postmortem's own wording rules: the phrases not to flag here and the words it allows."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from pmdesk.document import Document
from pmdesk.operations.edit import Edit, SetFields
from pmdesk.operations.overview import clean_words


def ignore_phrase(doc: Document, key: str, text: str) -> Edit:
    """Stop flagging one finding (its rule and phrase) in this postmortem; empty if it is already."""
    language = doc.pm.language
    label = f"Ignore “{text}”"
    if not key or key in language.ignored:
        return Edit(label)
    changed = dataclasses.replace(language, ignored=[*language.ignored, key])
    return Edit(label, [SetFields({"language": changed})])


def set_allowed_words(doc: Document, words: Iterable[str]) -> Edit:
    """The words the blame-language check accepts in this postmortem, each once."""
    language = doc.pm.language
    allowed = clean_words(words)
    if allowed == language.allowed_words:
        return Edit("Edit allowed words")
    changed = dataclasses.replace(language, allowed_words=allowed)
    return Edit("Edit allowed words", [SetFields({"language": changed})])
