"""Long notes in the SQLite full-text index: cut into chunks, so a save re-indexes the chunk it
changed instead of the whole text (pmdesk.storage.search_index writes them).

A facilitator's running notes grow to thousands of words and are saved every few seconds while
the meeting goes on. FTS5 has to read and tokenise a part's old text to take it out of the index
and its new text to put it back, so indexing notes as one part cost every save the whole text
twice. In chunks of a few sentences, an edit costs the chunk it falls in.

- Where a chunk ends depends only on the sentence it ends with (a sentence or line whose length
  is a multiple of CHUNK_SPREAD) and the one after it, never on where the chunk began: an edit
  moves at most the boundaries around its own sentence, and every other chunk keeps its text.
- A chunk is indexed after the OVERLAP_WORDS words of the notes before it (from a space on), so a
  phrase of up to OVERLAP_WORDS + 1 words is found in the chunk it ends in, wherever it starts.
  Those words are not counted again: a chunk's word count is its own. Words typed at the end of
  the notes change the last chunk alone. A longer phrase is looked for in the whole notes of the
  postmortems where a chunk holds its first PHRASE_WORDS words (pmdesk.storage.search_phrases),
  so a phrase of any length is found.
- Searches treat a postmortem's chunks as its one notes part (search_query): a word counts once
  however many chunks hold it, and snippets are taken from the whole notes, read from the
  postmortem itself, so ranking and snippets are those of the notes in one part.
"""

from __future__ import annotations

import re
import secrets
from itertools import accumulate, zip_longest
from typing import Any, NamedTuple

from pmdesk.search import count_words

# Ends of sentences and lines (and any full stop): the only places a chunk may end. None is
# inside a word, so a word is always in one chunk.
_SPLIT = re.compile(r"([.!?\n]\s*)")
CHUNK_SPREAD = 3  # about one sentence in three ends a chunk: some 30 words a chunk
OVERLAP_WORDS = 12  # the words before a chunk that are indexed with it
# Phrases of more words than this are looked for across chunks too. Half the overlap: a word
# with a combining mark counts as two here and as one in the index.
PHRASE_WORDS = OVERLAP_WORDS // 2
_ANY_WORD = re.compile(r"[^\W_]")
# Read backwards from a chunk's start: OVERLAP_WORDS words and what follows them, then on to a
# space (a space separates words for every tokenizer, so the overlap never starts inside a word).
_OVERLAP = re.compile(rf"(?:[\W_]*+[^\W_]++){{{OVERLAP_WORDS}}}\S*")


class Chunk(NamedTuple):
    indexed: str  # the words before the chunk and its text
    own: str  # the chunk's text alone
    words: int  # how many words it has of its own (counted once, as a cut is kept and reused)


class _Cut(NamedTuple):
    """Where a chunk ended: its chunk (None when it had no word), where the next one starts, how
    far into the text the choice to end it there looked, and how many chunks end here or before."""

    chunk: Chunk | None
    next_start: int
    reach: int
    ended: int


class _Recent(NamedTuple):
    """The notes last cut for a postmortem: their text, its cuts, the chunks they end, and the
    chunk after them (None: no word there)."""

    text: str
    cuts: list[_Cut]
    found: list[Chunk]
    last: Chunk | None


# The last notes cut for each postmortem. A save cuts again only from where its text changed
# (typing at the end of long notes cuts one chunk, not the whole text), and a last chunk that
# starts where it did takes the words before it from the one cut then.
_RECENT: dict[int, _Recent] = {}
_RECENT_KEPT = 64


def chunks(text: str, key: int | None = None) -> list[Chunk]:
    """The notes' text in chunks, in order (none for text without a word in it). `key` (the
    postmortem's id) lets the cut start from where the text last cut for it changed."""
    kept: list[_Cut] = []
    found: list[Chunk] = []
    before = _RECENT.pop(key, None) if key is not None else None
    if before is not None:
        kept = before.cuts[: _unchanged(before.text, before.cuts, text)]
        found = before.found[: kept[-1].ended] if kept else []
    fresh = _cut(text, _start(kept), len(found))
    cuts = kept + fresh
    found += [cut.chunk for cut in fresh if cut.chunk is not None]
    start = _start(cuts)
    # With no cut made afresh, the text before `start` is as it was (the kept cuts looked past
    # it): a last chunk that started there then was indexed after the same words.
    same = before is not None and not fresh and _start(before.cuts) == start
    last = _last_chunk(text, start, before.last if same and before is not None else None)
    if key is not None:
        _keep(key, _Recent(text, cuts, found, last))
    return [*found, last] if last is not None else found[:]


def last_typed_in(text: str, key: int, last: Chunk) -> Chunk | None:
    """The last chunk of `text` when it alone changed from the notes last cut for `key`, whose
    last chunk is `last` (typing at the end of the notes, the save a meeting makes most): what
    `chunks(text, key)` would end with, the others being as cut then. None when more changed or
    nothing did (`chunks` works it out)."""
    before = _RECENT.get(key)
    if before is None or before.last is not last:
        return None
    cuts = before.cuts
    if cuts and not (
        cuts[-1].reach <= len(before.text) and text.startswith(before.text[: cuts[-1].reach])
    ):
        return None  # a cut may have moved
    start = _start(cuts)
    if _cut(text, start, len(before.found)):
        return None  # a chunk ends in what was typed
    now = _last_chunk(text, start, last)
    if now is None or now is last:
        return None
    _RECENT[key] = _Recent(text, cuts, before.found, now)
    return now


def _keep(key: int, recent: _Recent) -> None:
    _RECENT[key] = recent
    if len(_RECENT) > _RECENT_KEPT:
        del _RECENT[next(iter(_RECENT))]


def _start(cuts: list[_Cut]) -> int:
    """Where the chunk after these cuts starts."""
    return cuts[-1].next_start if cuts else 0


def _last_chunk(text: str, start: int, before: Chunk | None) -> Chunk | None:
    """The chunk text[start:] (None: it has no word). `before`, when given, was cut from the same
    place of a text the same up to there: the words before it are this one's."""
    own = text[start:]
    if before is not None and own == before.own:
        return before
    words = count_words(own)
    if not words:
        return None
    if before is None:
        return Chunk(_words_before(text, start) + own, own, words)
    return Chunk(before.indexed[: len(before.indexed) - len(before.own)] + own, own, words)


def _chunk(text: str, start: int, end: int) -> Chunk:
    """The chunk text[start:end], indexed after the words before it."""
    own = text[start:end]
    return Chunk(_words_before(text, start) + own, own, count_words(own))


def _words_before(text: str, start: int) -> str:
    """What a chunk that starts at `start` is indexed after: the OVERLAP_WORDS words before it
    (from a space on) and a line break, or nothing at the start of the text."""
    if start == 0:
        return ""
    window = 256
    while True:
        begin = max(0, start - window)
        before = text[begin:start][::-1]
        overlap = _OVERLAP.match(before)
        if overlap is not None and overlap.end() < len(before):  # it ended at a space
            return f"{text[start - overlap.end() : start]}\n"
        if begin == 0:
            return f"{text[:start]}\n"
        window *= 4


def _unchanged(old: str, cuts: list[_Cut], text: str) -> int:
    """How many of the cuts made of `old` hold for `text` (all they looked at is the same)."""
    if text == old:
        return len(cuts)
    if cuts and cuts[-1].reach <= len(old) and text.startswith(old[: cuts[-1].reach]):
        return len(cuts)  # changed past all they looked at: typed at the end, mostly
    low, high = 0, len(cuts)
    while low < high:
        middle = (low + high + 1) // 2
        reach = cuts[middle - 1].reach  # past the end of `old`: it looked at where it ended
        if reach <= len(old) and text.startswith(old[:reach]):
            low = middle
        else:
            high = middle - 1
    return low


def _cut(text: str, start: int, count: int) -> list[_Cut]:
    """The chunks of text[start:] that end before its last sentence (`count` end before it)."""
    # Sentences and what ends them, one after the other: [sentence, end, sentence, end, ...].
    pieces = _SPLIT.split(text[start:])
    ends = list(accumulate(map(len, pieces), initial=start))[1:]
    last = len(pieces) - 1
    found: list[_Cut] = []
    for n in range(0, last, 2):
        if (len(pieces[n]) + 1) % CHUNK_SPREAD:
            continue
        # The choice looks at the sentence after (a chunk starts with words, so a phrase can run
        # into it): up to its end, or to the end of the text, and one more: more text may come.
        following = ends[n + 1]
        reach = ends[n + 2] + 1 if n + 2 < last else len(text) + 1
        if not _ANY_WORD.search(text, following, min(reach, len(text))):
            continue
        has_words = _ANY_WORD.search(text, start, ends[n] + 1)
        chunk = _chunk(text, start, ends[n] + 1) if has_words else None
        count += chunk is not None
        found.append(_Cut(chunk, following, reach, count))
        start = following
    return found


# -- the chunks as stored ---------------------------------------------------------------------

Row = tuple[int, int, str]  # a stored chunk: its part's id, its word count, its indexed text


class Plan(NamedTuple):
    """How a save brings the stored chunks in step with the notes' chunks."""

    removed: list[Row]  # stored chunks taken out of the full-text index
    dropped: list[Row]  # ... of those, the ones whose rows go (the rest are rewritten)
    rewritten: list[dict[str, Any]]  # chunks written in the slot of one removed: id, words, body
    inserted: list[dict[str, Any]]  # chunks in new slots: id, part, words, body
    now: list[Row]  # every chunk as stored after the save, in the notes' order
    next_slot: int
    words: int  # how many words the notes gained
    touched: Touched  # the chunks written


class Touched(NamedTuple):
    """Chunks a save wrote: their ids, and their texts (None: gone), in the same order."""

    ids: tuple[int, ...]
    bodies: tuple[str | None, ...]


NOTHING_TOUCHED = Touched((), ())


class Held(NamedTuple):
    state: int
    rows: list[Row]  # in the notes' order
    chunks: list[Chunk]  # what they hold, in the same order
    next_slot: int
    touched: Touched  # the chunks the last save wrote


# The chunks this process last wrote for each postmortem, by its id, with the state stored beside
# the postmortem's word count. A process that writes chunks without holding the ones stored (its
# first save, or after anyone else's) stores a new random state with them, and keeps it while
# it goes on writing; so while the database holds that state, no one else has written its chunks
# since, and a save compares its chunks with those held instead of reading every chunk back.
# A rolled back save of this process leaves the state as it was: the chunks it touched, checked
# first (`touched`), tell whether it was kept.
_HELD: dict[int, Held] = {}


def held(postmortem_id: int) -> Held | None:
    """The chunks held for a postmortem (forgotten here: `hold` keeps them again). They are the
    ones stored while the database holds their state and the chunks `touched` as written."""
    return _HELD.pop(postmortem_id, None)


def hold(
    postmortem_id: int,
    state: int,
    rows: list[Row],
    stored: list[Chunk],
    slot: int,
    touched: Touched,
) -> None:
    """Keep the chunks stored for a postmortem once a save has written them: their rows, what
    they hold, the next free slot, and the chunks the save wrote (`touched`)."""
    _HELD[postmortem_id] = Held(state, rows, stored, slot, touched)
    if len(_HELD) > _RECENT_KEPT:
        del _HELD[next(iter(_HELD))]


def new_state() -> int:
    return secrets.randbits(62)


def plan(
    new: list[Chunk],
    old: list[Row],
    known: Held | None,
    *,
    base: int,
    slots: range,
    whole: int,
) -> Plan:
    """The writes that turn the stored chunks `old` into `new` (none when they are the same).

    With `known`, the chunks held, `old` is their rows: the chunks the same at both ends stay,
    and those between are written again. Without, `old` is as read (in any order, and `whole`,
    the id of the notes in one part, always goes): a chunk stays where a stored one has its
    text. A changed chunk takes the id of one that went; more take new ids from the next free
    slot on (ids in `slots`, part names counted from `base`; when they run out, every chunk is
    written afresh from the first)."""
    head: list[Row] = []
    tail: list[Row] = []
    middle: list[Row | Chunk]
    if known is not None:
        before, next_slot = known.chunks, known.next_slot
        start = _same_head(before, new)
        end = _same_tail(before[start:], new[start:])
        head, tail = old[:start], old[len(old) - end :]
        gone = old[start : len(old) - end]
        middle = list(new[start : len(new) - end])
        todo = list(range(len(middle)))
    else:
        same: dict[str, list[Row]] = {}
        for row in old:
            if row[0] != whole:
                same.setdefault(row[2], []).append(row)
        middle, todo = [], []
        for chunk in new:
            stored = same.get(chunk.indexed)
            if stored:
                middle.append(stored.pop())
            else:
                todo.append(len(middle))
                middle.append(chunk)
        gone = [row for rows in same.values() for row in rows]
        gone += [row for row in old if row[0] == whole]
        next_slot = max((row[0] for row in old if row[0] != whole), default=slots.start - 1) + 1
    spare = [row for row in gone if row[0] != whole]
    if next_slot + len(todo) - len(spare) > slots.stop:  # out of slots
        head, tail, gone, spare, next_slot = [], [], list(old), [], slots.start
        middle, todo = list(new), list(range(len(new)))
    rewritten: list[dict[str, Any]] = []
    inserted: list[dict[str, Any]] = []
    for place, row in zip_longest(todo, spare[: len(todo)]):
        piece = middle[place]
        assert isinstance(piece, Chunk)
        values: dict[str, Any]
        if row is None:
            values = {"id": next_slot, "part": f"n:{next_slot - base}"}
            next_slot += 1
            inserted.append(values)
        else:
            values = {"id": row[0]}
            rewritten.append(values)
        values |= {"words": piece.words, "title": "", "body": piece.indexed}
        middle[place] = (values["id"], values["words"], piece.indexed)
    reused = {row[0] for row in spare[: len(todo)]}
    dropped = [row for row in gone if row[0] not in reused]
    now = head + middle + tail
    written = rewritten + inserted
    words = sum(v["words"] for v in written) - sum(row[1] for row in gone)
    touched = Touched(
        (*(v["id"] for v in written), *(row[0] for row in dropped)),
        (*(v["body"] for v in written), *(None for _row in dropped)),
    )
    return Plan(gone, dropped, rewritten, inserted, now, next_slot, words, touched)  # type: ignore[arg-type]


def rewrites(new: list[Chunk], known: Held) -> Plan | None:
    """The writes that turn the chunks `known` into `new` when as many chunks changed as stand
    between the same ones at both ends (notes typed or edited within): each is written in the
    slot of the one it follows. None when chunks came or went (`plan` works those out)."""
    old = known.rows
    start = _same_head(known.chunks, new)
    end = _same_tail(known.chunks[start:], new[start:])
    gone = old[start : len(old) - end]
    if len(gone) != len(new) - start - end:
        return None
    rewritten: list[dict[str, Any]] = []
    rows: list[Row] = []
    words = 0
    for row, chunk in zip(gone, new[start : len(new) - end], strict=True):
        count = chunk.words
        rewritten.append({"id": row[0], "words": count, "title": "", "body": chunk.indexed})
        rows.append((row[0], count, chunk.indexed))
        words += count - row[1]
    now = old[:start] + rows + old[len(old) - end :]
    ids, _words, bodies = zip(*rows, strict=True) if rows else ((), (), ())
    return Plan(gone, [], rewritten, [], now, known.next_slot, words, Touched(ids, bodies))


def changes(found: Plan) -> bool:
    return bool(found.removed or found.rewritten or found.inserted)


def _same_head(old: list[Chunk], new: list[Chunk]) -> int:
    """How many chunks at the start are the same in both lists. Edits come mostly at the end:
    all of them or all but the last are tried first, then the number is halved until found (lists
    compare in C, and mostly hold the very same chunks)."""
    high = min(len(old), len(new))
    for n in (high, high - 1):
        if n >= 0 and old[:n] == new[:n]:
            return n
    low, high = 0, high - 2
    while low < high:
        middle = (low + high + 1) // 2
        if old[:middle] == new[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _same_tail(old: list[Chunk], new: list[Chunk]) -> int:
    """How many chunks at the end are the same in both lists (mostly none: tried first)."""
    low, high = 0, min(len(old), len(new))
    if not high or old[-1] != new[-1]:
        return 0
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle :] == new[len(new) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low
