"""The learned model's score of a sentence, worked out fast: on every sentence no rule flagged.

A sentence's score is the model's bias plus the weights of its words, its word and kind pairs, a
capitalised word inside it and its who-does-what shapes. Three things keep that cheap:

- No token spans white space, so a sentence is read as pieces between white space, and notes
  reuse the same pieces ("the", "deploy,", "14:32") far more than the same sentences: each
  piece's words as the model scores them, its tokens and facts as the shapes read them, and the
  most its words let the shapes add are remembered by the piece.
- The weights are added in one fixed order (the words' own, the pairs, the capital, the
  shapes), so a sentence's probability is the same to the last bit however it is reached.
- Whether a sentence reaches a threshold is told without its shapes where its words' score plus
  the most the shapes could add stays below (see _shape_bound.py): most sentences.

Measured on the benchmark's 1 MB notes (8,235 sentences asked about, load 3-5) and dropped:
- A bound from the words before scoring them (each word's own weight, the largest of its pair
  weights, the shapes' most): the pairs' bound is far too loose (median +12.3 against an actual
  -1.3), so none of 7,365 sentences was spared.
- Keeping whole each piece's tokens where no word may be a name, to skip the per-word name
  check: 0.087 s replayed either way, 0.893 s against 0.899 s for the whole check.
The words cost 0.09 s replayed back to back but 0.15-0.18 s inside the check, between the
rules' searches (60 regex searches between replayed calls double their time: processor
caches), so the engine asks the model about a text's sentences after the rules have read them
all (_learned_step._ask_learned), keeping nothing per sentence alive for it but a small tuple (a
list and a closure each made the garbage collector's passes dearer than the gain): a 1 MB
check in one call 0.78-0.81 -> 0.75-0.77 s CPU with the collector on, 0.71 with it off.
In a new process the first sight of each piece costs 38 ms in all (2,213 pieces of the 1 MB,
from empty tables, replayed): keeping the shapes' adds by each run of roles saved nothing
(38.3 ms), as the tokens' facts and kinds are the cost.
"""

from __future__ import annotations

import math
from typing import Final, Protocol

from pmdesk.language._learned_words import (
    _CAPITALISED,
    _CASED_TOKEN,
    _DIGITS,
    _NOT_BEFORE_NAME,
    _CasedWord,
    _kind,
    _Token,
    _tokens,
    _word_fact,
)
from pmdesk.language._shape_bound import ShapeBound, table
from pmdesk.language._structure import _Facts, piece_facts, shapes, token_facts


class _Piece:
    """A piece of a plain ASCII sentence: its words as the model scores them (see _CasedWord),
    its tokens and their facts as the shapes read them, what they tell of the sentence, and the
    most they let the shapes add in each kind of sentence (see _shape_bound.table). A class
    rather than a tuple: compiled by mypyc, reading a field is a load, where taking a nested
    tuple apart checked the type of every item."""

    __slots__ = ("adds", "facts", "tells", "tokens", "words")

    def __init__(
        self,
        words: tuple[_CasedWord, ...],
        tokens: tuple[str, ...],
        facts: tuple[_Facts, ...],
        tells: int,
        adds: tuple[float, ...],
    ) -> None:
        self.words = words
        self.tokens = tokens
        self.facts = facts
        self.tells = tells
        self.adds = adds


# Caches start again past this many entries.
_MOST_REMEMBERED: Final = 100_000


class _Model(Protocol):
    """What a scorer reads of the model (see _learned.Model)."""

    @property
    def bias(self) -> float: ...

    @property
    def weights(self) -> dict[str, float]: ...

    def _token(self, token: str) -> _Token: ...


class Scorer:
    """Scores sentences for one model; remembers what it learns of each word and piece."""

    def __init__(self, model: _Model) -> None:
        self.model = model
        self.bound = ShapeBound(model.weights)
        self._capitalised = model.weights.get("f:capitalised", 0.0)
        self._words: dict[str, _Token] = {}
        self._cased: dict[str, _CasedWord] = {}
        self._pieces: dict[str, _Piece] = {}
        self._below: dict[float, float | None] = {}

    def probability(self, local: str) -> float:
        """The model's probability that the prepared sentence blames."""
        score, tokens, facts = self._read(local)
        return _sigmoid(self._with_shapes(score, tokens, facts))

    def reaches(self, local: str, threshold: float) -> bool:
        """Whether probability(local) >= threshold, without the shapes where they cannot
        matter."""
        try:
            below = self._below[threshold]
        except KeyError:
            below = self._below[threshold] = _score_below(threshold)
        if local.isascii() and "@" not in local:
            found = self._found(local)
            score = self._pieces_score(found, local)
            if below is not None and score + self._most(found) < below:
                return False
            tokens, facts = _joined(found)
        else:
            score, tokens, facts = self._read(local)
            if below is not None and score + self.bound.most(tokens, facts) < below:
                return False
        return _sigmoid(self._with_shapes(score, tokens, facts)) >= threshold

    def _read(self, local: str) -> tuple[float, list[str], list[_Facts]]:
        """The score before the shapes, and the tokens and facts the shapes are read from."""
        if local.isascii() and "@" not in local:
            found = self._found(local)
            return self._pieces_score(found, local), *_joined(found)
        return self._other_score(local), *token_facts(local, _kind)

    def _most(self, found: list[_Piece]) -> float:
        """The most the shapes of a sentence of these pieces can add (see ShapeBound.most)."""
        tells = 0
        for piece in found:
            tells |= piece.tells
        column = table(tells)
        most = 0.0
        for piece in found:
            most += piece.adds[column]
        return self.bound.once(tells) + most

    def _with_shapes(self, score: float, tokens: list[str], facts: list[_Facts]) -> float:
        weights = self.model.weights
        for feature in shapes(tokens, facts):
            score += weights.get(feature, 0.0)
        return score

    def _found(self, local: str) -> list[_Piece]:
        pieces = self._pieces
        if len(pieces) > _MOST_REMEMBERED:
            pieces.clear()
        found: list[_Piece] = []
        for part in local.split():
            piece = pieces.get(part)
            if piece is None:
                piece = pieces[part] = self._piece(part)
            found.append(piece)
        return found

    def _piece(self, part: str) -> _Piece:
        cased = self._cased
        if len(cased) > _MOST_REMEMBERED:
            cased.clear()
        words = []
        # Numbers are folded within a piece as in the whole sentence.
        for word in _CASED_TOKEN.findall(_DIGITS.sub("0", part)):
            fact = cased.get(word)
            if fact is None:
                fact = cased[word] = self._cased_word(word)
            words.append(fact)
        tokens, facts = piece_facts(part, _kind)
        tells, adds = self.bound.piece(tokens, facts)
        return _Piece(tuple(words), tokens, facts, tells, adds)

    def _cased_word(self, word: str) -> _CasedWord:
        """A word as written: its token as the model scores it, whether a name may follow it,
        and (for a capitalised word) the token it is as a name and whether it is one whatever
        comes before it."""
        token, person, always = _word_fact(word)
        model = self.model
        return _CasedWord(
            model._token(token),
            token not in _NOT_BEFORE_NAME,
            None if person is None else model._token(person),
            always,
        )

    def _pieces_score(self, found: list[_Piece], local: str) -> float:
        """The score before the shapes of a plain ASCII sentence (see _with_pairs)."""
        score = self.model.bias
        known: list[_Token] = []
        # The token before a capitalised word decides whether it is a name (see _cased_tokens).
        name_may_follow = False
        for piece in found:
            for word in piece.words:
                person = word.person
                if person is not None and (word.always or name_may_follow):
                    entry = person
                    name_may_follow = True
                else:
                    entry = word.plain
                    name_may_follow = word.name_may_follow
                score += entry.own
                known.append(entry)
        return self._with_pairs(score, known, local)

    def _other_score(self, local: str) -> float:
        """The score before the shapes of any other sentence (see _with_pairs)."""
        words = self._words
        if len(words) > _MOST_REMEMBERED:
            words.clear()
        score = self.model.bias
        known: list[_Token] = []
        for token in _tokens(local)[1]:
            entry = words.get(token)
            if entry is None:
                entry = words[token] = self.model._token(token)
            score += entry.own
            known.append(entry)
        return self._with_pairs(score, known, local)

    def _with_pairs(self, score: float, known: list[_Token], local: str) -> float:
        """score (the bias and the tokens' own weights) plus the word-pair and kind-pair
        weights, then the weight of a capitalised word inside the sentence."""
        if known:
            first = known[0]
            for second in known[1:]:
                row = first.pairs
                if row is not None:
                    score += row.get(second.word, 0.0)
                if first.kind or second.kind:
                    row = first.kind_pairs
                    if row is not None:
                        score += row.get(second.kind or second.word, 0.0)
                first = second
        # Folding numbers and curly apostrophes, as the words are read, never makes or ends the
        # match: neither is a letter, a space or one of ",;:".
        if _CAPITALISED.search(local):
            score += self._capitalised
        return score


def _joined(found: list[_Piece]) -> tuple[list[str], list[_Facts]]:
    """The tokens of a sentence's pieces, and their facts."""
    tokens: list[str] = []
    facts: list[_Facts] = []
    for piece in found:
        tokens.extend(piece.tokens)
        facts.extend(piece.facts)
    return tokens, facts


def _score_below(threshold: float) -> float | None:
    """A score under which the probability is surely under threshold, or None where there is
    none worth using. The margin is far above the rounding in sums of a few hundred weights and
    in the logistic function."""
    if not 0.0 < threshold < 1.0:
        return None
    logit = math.log(threshold / (1.0 - threshold))
    # Past +-29 the score is clipped at +-30 before the logistic function: no shortcut there.
    return logit - 1e-6 if -29.0 < logit < 29.0 else None


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
