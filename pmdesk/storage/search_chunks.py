"""Long notes in the SQLite full-text index: cut into chunks, so a save re-indexes the chunk it
changed instead of the whole text (pmdesk.storage.search_index writes them).

A facilitator's running notes grow to thousands of words and are saved every few seconds while
the meeting goes on. FTS5 has to read and tokenise a part's old text to take it out of the index
and its new text to put it back, so indexing notes as one part cost every save the whole text
twice. In chunks of a few sentences, an edit costs the chunk it falls in.

- Where a chunk ends depends only on the sentence it ends with (a sentence or line whose length
  is a multiple of CHUNK_SPREAD) and the one after it, never on where the chunk began: an edit
  moves at most the boundaries around its own sentence, and every other chunk keeps its text.
- A chunk is indexed with the sentence that follows it (its first OVERLAP_CHARACTERS), so a
  phrase that runs across a boundary into the next sentence is still found. Those words are not
  counted again: a chunk's word count is its own.
- Searches treat a postmortem's chunks as its one notes part (search_query): a word counts once
  however many chunks hold it, and snippets are taken from the whole notes, read from the
  postmortem itself, so ranking and snippets are those of the notes in one part.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import NamedTuple

from pmdesk.search import count_words

# Ends of sentences and lines (and any full stop): the only places a chunk may end. None is
# inside a word, so a word is always in one chunk.
_SPLIT = re.compile(r"([.!?\n]\s*)")
CHUNK_SPREAD = 3  # about one sentence in three ends a chunk: some 30 words a chunk
OVERLAP_CHARACTERS = 120  # at most this much of the sentence after a chunk goes with it
_ANY_WORD = re.compile(r"[^\W_]")


class Chunk(NamedTuple):
    indexed: str  # the chunk's text and the sentence that follows it
    own: str  # the chunk's text alone

    @property
    def words(self) -> int:
        return count_words(self.own)


class _Cut(NamedTuple):
    """Where a chunk ended: its chunk (None when it had no word), where the next one starts, and
    how far into the text the choice to end it there looked."""

    chunk: Chunk | None
    next_start: int
    reach: int


# The last notes cut for each postmortem: a save cuts again only from where its text changed
# (typing at the end of long notes cuts one chunk, not the whole text).
_RECENT: dict[int, tuple[str, list[_Cut]]] = {}
_RECENT_KEPT = 64


def chunks(text: str, key: int | None = None) -> list[Chunk]:
    """The notes' text in chunks, in order (none for text without a word in it). `key` (the
    postmortem's id) lets the cut start from where the text last cut for it changed."""
    kept: list[_Cut] = []
    if key is not None and key in _RECENT:
        old, cuts = _RECENT.pop(key)
        kept = cuts[: _unchanged(old, cuts, text)]
    start = kept[-1].next_start if kept else 0
    cuts = kept + _cut(text, start)
    if key is not None:
        _RECENT[key] = (text, cuts)
        if len(_RECENT) > _RECENT_KEPT:
            del _RECENT[next(iter(_RECENT))]
    found = [cut.chunk for cut in cuts if cut.chunk is not None]
    last = cuts[-1].next_start if cuts else 0
    if _ANY_WORD.search(text, last):
        found.append(Chunk(text[last:], text[last:]))
    return found


def _unchanged(old: str, cuts: list[_Cut], text: str) -> int:
    """How many of the cuts made of `old` hold for `text` (all they looked at is the same)."""
    if text == old:
        return len(cuts)
    low, high = 0, len(cuts)
    while low < high:
        middle = (low + high + 1) // 2
        reach = cuts[middle - 1].reach  # past the end of `old`: it looked at where it ended
        if reach <= len(old) and text.startswith(old[:reach]):
            low = middle
        else:
            high = middle - 1
    return low


def _cut(text: str, start: int) -> list[_Cut]:
    """The chunks of text[start:] that end before its last sentence."""
    # Sentences and what ends them, one after the other: [sentence, end, sentence, end, ...].
    pieces = _SPLIT.split(text[start:])
    ends = [start + end for end in accumulate(map(len, pieces))]
    last = len(pieces) - 1
    found: list[_Cut] = []
    for n in range(0, last, 2):
        if (len(pieces[n]) + 1) % CHUNK_SPREAD:
            continue
        # The sentence after: the choice looked up to its end (to the end of the text, and
        # one more, when it is the last sentence: more text may come).
        reach = ends[n + 2] + 1 if n + 2 < last else len(text) + 1
        following = text[ends[n + 1] : min(reach, len(text))]
        if not _ANY_WORD.search(following):
            continue  # a chunk starts with words, so a phrase can run into it
        own = text[start : ends[n] + 1]
        chunk = Chunk(f"{own}\n{_clipped(following)}", own) if _ANY_WORD.search(own) else None
        found.append(_Cut(chunk, ends[n + 1], reach))
        start = ends[n + 1]
    return found


def _clipped(sentence: str) -> str:
    """A sentence cut to OVERLAP_CHARACTERS, at a space when it has one there."""
    if len(sentence) <= OVERLAP_CHARACTERS:
        return sentence
    cut = sentence.rfind(" ", 0, OVERLAP_CHARACTERS)
    return sentence[: cut if cut > 0 else OVERLAP_CHARACTERS]
