"""What a rule may ask about the sentence around a match: who is the subject, is the phrase
negated or denied, is it a question, is a rule statement or a person nearby."""

from __future__ import annotations

import re
from re import Match, Pattern
from typing import Final

from pmdesk.language._compiled import _Compiled, _CompiledRule
from pmdesk.language._patterns import ODD_SPACE
from pmdesk.language._sentence_words import _PLACEHOLDER
from pmdesk.language._structure import _NOT_NAME_SUFFIXES

_BACK_TOKEN: Final = re.compile(r"[\w'’-]+|[^\w\s]")
_WORD_CHAR: Final = re.compile(r"\w")
# "Seo-yeon", "Hye-jin", "Jean-Luc", "O'Brien".
_CAPITALISED: Final = re.compile(
    r"[A-ZÀ-ÖØ-Þ][^\W\d_A-ZÀ-ÖØ-Þ]+(?:[-'’][A-ZÀ-ÖØ-Þ][^\W\d_A-ZÀ-ÖØ-Þ]+|-[a-zß-öø-ÿ]{2,})?\Z"
)
_NUMBERISH: Final = re.compile(r"\d")
_CONTRACTION: Final = re.compile(r"(.+?)['’](?:d|s|ll|re|ve|m)\Z", re.IGNORECASE)
_DENIED_AFTER: Final = re.compile(
    r"\s+(?:(?:is|was|are|were)(?:\s+not|\s+never|n['’]t|\s+off\s+the\s+table|\s+out\s+of\s+scope)"
    r"|isn['’]t|wasn['’]t|aren['’]t|weren['’]t)\b",
    re.IGNORECASE,
)
# What may stand before a question's first word: a name addressed, an interjection.
_LEAD_TOKEN: Final = re.compile(r"[\w'’]+|[^\w\s]")
_LEAD_WORDS: Final = frozenset(
    {
        *("wait", "ok", "okay", "so", "but", "and", "um", "uh", "hmm", "hey", "honestly"),
        *("seriously", "sorry", "yeah", "yes", "right", "anyway", "guys", "folks", "lol"),
        *("srsly", "ugh", "also", "genuinely", "like", "real", "quick"),
    }
)
_LEAD_LIMIT: Final = 4
# The most subject phrases remembered (see _Sentence._classify) before starting again.
_MOST_SUBJECTS = 20_000
_META_WINDOW: Final = 40
_NEGATION_WINDOW: Final = 4


def _norm(token: str) -> str:
    found = _NORMS.get(token)
    if found is None:
        low = token.lower().replace("’", "'")
        found = _INFORMAL.get(low, low)
        if len(_NORMS) >= 20_000:
            _NORMS.clear()
        _NORMS[token] = found
    return found


# Tokens as _norm gives them, remembered (a text repeats its words).
_NORMS: dict[str, str] = {}


# Contractions written without their apostrophe, as chat and quick notes often have them.
_INFORMAL: Final = {
    **{
        form: form[:-2] + "n't"
        for form in [
            "didnt",
            "doesnt",
            "dont",
            "wasnt",
            "werent",
            "isnt",
            "arent",
            "hasnt",
            "havent",
            "hadnt",
            "couldnt",
            "shouldnt",
            "wouldnt",
            "mustnt",
            "neednt",
        ]
    },
    **{f"{modal}ve": f"{modal}'ve" for modal in ("should", "could", "would", "must", "might")},
}


class _Sentence:
    """One sentence being checked, with the context facts computed only when a rule asks."""

    def __init__(
        self,
        text: str,
        local: str,
        offset: int,
        comp: _Compiled,
        cased: str | None = None,
        words: set[str] | None = None,
    ) -> None:
        """words, if given: every word of the sentence is among them and it is plain ASCII, so
        a cue whose gate they fail is not searched for."""
        self.text = text
        self.words = words
        self.local = local
        # Whether the rules' regexes for plain text may be used (see _CompiledRule.plain_regex).
        self.plain = words is not None and ODD_SPACE.search(local) is None
        # The same sentence with every word's own capital (the rules see "the", "kafka").
        self.cased = local if cased is None else cased
        self.offset = offset
        self.comp = comp
        self._content_start: int | None = None
        self._nearby: bool | None = None
        self._conditional: bool | None = None
        self._mention: bool | None = None
        self._cause_lead = -2  # where the first cause lead starts (-1: none); -2: not searched
        self._subjects: dict[int, tuple[str, str]] = {}
        self._admitted: dict[str, bool] = {}
        self.last_question = local.rfind("?")

    def cue(self, name: str) -> Pattern[str]:
        """One of the engine's cues (see _compiled._CUE_MACROS), compiled for this sentence."""
        return self.comp.plain_cue(name) if self.plain else self.comp.cues[name]

    @property
    def content_start(self) -> int:
        """Where the sentence's words begin, after list markers and labels such as "TODO:"."""
        if self._content_start is None:
            match = self.cue("LIST_LEAD").match(self.local)
            self._content_start = match.end() if match else 0
        return self._content_start

    def asks(self, start: int) -> bool:
        """Whether the words at start are a question: a question mark follows, or they open the
        sentence, perhaps after a name or an interjection as chat has it ("Aditya why did
        you ...", "wait who gave ...", "ok but why did you ...")."""
        if self.last_question >= start or start == self.content_start:
            return True
        lead = _LEAD_TOKEN.findall(self.cased[self.content_start : start])
        return (
            0 < len(lead) <= _LEAD_LIMIT
            and self.local[start - 1].isspace()
            and all(_PLACEHOLDER.match(t) or t.lower() in _LEAD_WORDS or t in ":-" for t in lead)
        )

    def first_match(self, compiled: _CompiledRule) -> Match[str] | None:
        if compiled.rule.at_start:
            return compiled.regex.match(self.local, self.content_start)
        return compiled.regex.search(self.local)

    def tokens_before(self, pos: int, limit: int = 160) -> list[str]:
        return _BACK_TOKEN.findall(self.cased[max(0, pos - limit) : pos])

    def hopeless(self, compiled: _CompiledRule) -> bool:
        """Whether every match of the rule here would be turned down by a check that does not
        depend on where the match is, so the rule need not be searched. Only rules with such
        a check (compiled.hopeful_checks) are asked."""
        if compiled.when_person_nearby and not self.person_nearby():
            return True
        if (
            compiled.when_cause_clause
            and compiled.acts_after_space
            and self.comp.cause_lead_ends_in_word
            and self.cause_lead() < 0
        ):
            return True
        return "system_conditional" in compiled.rule.unless and self.system_conditional()

    def subject(self, pos: int) -> tuple[str, str]:
        """Who or what does the action starting at pos: ("person"|"name"|"system"|"none", head)."""
        found = self._subjects.get(pos)
        if found is None:
            found = self._subjects[pos] = self._subject(pos)
        return found

    def _subject(self, pos: int) -> tuple[str, str]:
        lex = self.comp.lexicon
        skip = self.comp.lexicon_words("adverbs", "auxiliaries")
        tokens = self.tokens_before(pos)
        i = len(tokens) - 1
        while i >= 0 and (_norm(tokens[i]) in skip or _is_adverb(tokens[i])):
            if _PLACEHOLDER.match(tokens[i]):  # an attendee called "Will" is not "will"
                break
            i -= 1
        if i >= 0 and tokens[i] == ",":  # "Nadia, as usual, didn't": skip the aside
            j = i - 1
            while j >= 0 and i - j <= 5 and tokens[j] not in (",", ".", ";", ":"):
                j -= 1
            if j > 0 and tokens[j] == ",":
                i = j - 1
        phrase: list[str] = []
        while i >= 0 and len(phrase) < 10:
            token = tokens[i]
            low = _norm(token)
            if not (token[0].isalnum() or token[0] == "_") or _NUMBERISH.search(token):
                break
            if low in lex["clause_words"]:
                if low in ("who", "whom"):
                    # "Who broke it?" asks about a person; in "the engineer who ran the
                    # migration broke it" the subject is the noun that "who" follows.
                    head = self.subject(self._token_start(pos, tokens, i)) if i > 0 else None
                    return head if head and head[0] != "none" else ("person", low)
                break
            phrase.append(token)
            i -= 1
        phrase.reverse()
        # "It's clear Greg didn't ...": a bare name or pronoun right before the verb is the subject.
        if len(phrase) > 1:
            last, previous = phrase[-1], _norm(phrase[-2])
            if _norm(last) in lex["pronouns"] or (
                _CAPITALISED.match(last)
                and not phrase[-2][:1].isupper()
                and previous not in lex["determiners"]
                and _norm(last) not in lex["not_names"]
            ):
                return self._classify([last])
        return self._classify(phrase)

    def _token_start(self, pos: int, tokens: list[str], index: int) -> int:
        """Offset in the sentence where tokens[index] (found before pos) starts."""
        window_start = max(0, pos - 160)
        cursor = window_start
        for token in tokens[: index + 1]:
            cursor = self.cased.index(token, cursor) + len(token)
        return cursor - len(tokens[index])

    def _classify(self, phrase: list[str]) -> tuple[str, str]:
        """What kind of subject a phrase is (see subject): the answer depends on the phrase
        and the rule set alone, and notes name the same few people and systems again and
        again, so it is remembered for the rest of the check (see engine._lint)."""
        key = tuple(phrase)
        known = self.comp.subject_kinds
        found = known.get(key)
        if found is None:
            if len(known) >= _MOST_SUBJECTS:
                known.clear()
            found = known[key] = self._classified(phrase)
        return found

    def _classified(self, phrase: list[str]) -> tuple[str, str]:
        lex = self.comp.lexicon
        if not phrase:
            return "none", ""
        lows = [_norm(t) for t in phrase]
        # The head of "someone on the DB team" is "someone": cut at the first preposition.
        for j, low in enumerate(lows):
            on_call = low == "on" and j + 1 < len(lows) and lows[j + 1] == "call"
            if j > 0 and low in lex["prepositions"] and not on_call:
                phrase, lows = phrase[:j], lows[:j]
                break
        if len(phrase) > 1:
            kept = [(t, lw) for t, lw in zip(phrase, lows, strict=True) if not _is_adverb(t)]
            kept = [(t, lw) for t, lw in kept if lw not in lex["adverbs"]] or kept
            phrase, lows = [t for t, _ in kept], [lw for _, lw in kept]
        if not phrase:
            return "none", ""
        first = lows[0]
        contraction = _CONTRACTION.match(first)
        if contraction and contraction.group(1) in lex["pronouns"]:
            first = contraction.group(1)
        if first in lex["pronouns"] or " ".join(lows[:2]) in lex["pronouns"]:
            return "person", first
        if _PLACEHOLDER.match(phrase[-1]):
            return "person", "name"
        last = lows[-1]
        pairs = zip(phrase[1:], lows[1:], strict=True)
        if any(t[0].isupper() and lw in lex["not_names"] for t, lw in pairs):
            return "system", last  # "our Kubernetes operator" is software
        owner = self._person_owner(phrase, lows)
        if owner is not None:
            return "person", owner  # "Raj's script", "the contractor's terraform apply"
        if last.endswith(("'s", "'")):
            return "system", last
        if _is_role(last, lex["roles"]) or " ".join(lows[-2:]) in self.comp.multiword_roles:
            return "person", last
        if len(phrase) <= 2 and all(_CAPITALISED.match(t) for t in phrase):
            head = lows[0]
            if head not in lex["not_names"] and not lows[-1].endswith(_NOT_NAME_SUFFIXES):
                return "name", lows[-1]
        return "system", last

    def _person_owner(self, phrase: list[str], lows: list[str]) -> str | None:
        """The person whose thing is the subject ("Raj's script", "the intern's cron job"):
        the owner is the one who acted. "Our" and "its" name no one in particular."""
        lex = self.comp.lexicon
        for token, low in zip(phrase, lows, strict=True):
            if not low.endswith(("'s", "s'")) or len(low) < 4:
                continue
            owner = low[:-2] if low.endswith("'s") else low[:-1]
            bare = token[: len(owner)]
            if (
                _PLACEHOLDER.match(bare)
                or owner in lex["first_names"]
                or owner in ("someone", "somebody", "whoever", "everyone")
                or _is_role(owner, lex["roles"])
                or (_CAPITALISED.match(bare) and owner not in lex["not_names"])
            ):
                return owner
        return None

    def negated(self, pos: int, end: int) -> bool:
        """A negation just before ("nobody is to blame") or a denial after ("blame is not")."""
        if _DENIED_AFTER.match(self.local, end):
            return True
        lex = self.comp.lexicon
        tokens = self.tokens_before(pos, 60)
        window: list[str] = []
        for token in reversed(tokens):
            low = _norm(token)
            if not token[0].isalnum() and token not in ("'", "’"):
                break
            if low in lex["clause_words"] and low not in ("that", "who"):
                if low in ("if", "whether"):  # "asked if anyone was to blame"
                    return True
                break
            window.append(low)
            if len(window) >= _NEGATION_WINDOW:
                break
        negators = lex["negators"]
        return any(w in negators or w.endswith("n't") for w in window)

    def cause_clause(self, pos: int) -> bool:
        """The act at pos is told as the reason for something: "because Tom ran ...",
        "until ops flipped ...", "which is why Raj's script ...". The words just before the
        acting person (up to a few) must end with a cause lead."""
        lead = self.cue("CAUSE_LEAD")
        if self.comp.cause_lead_ends_in_word and (
            pos == 0 or not _WORD_CHAR.match(self.local, pos - 1)
        ):
            # A lead found in the window also matches in the whole sentence: it ends in a word
            # character, so before the non-word character at pos - 1, where the window's end
            # changes nothing. So the first lead in the sentence must start before pos.
            first = self.cause_lead()
            if first < 0 or first >= pos:
                return False
        low = max(0, pos - 90)
        for match in lead.finditer(self.local, low, pos):
            between = self.local[match.end() : pos]
            if len(between.split()) <= 5 and not any(ch in between for ch in ".;:!?"):
                return True
        return False

    def cause_lead(self) -> int:
        """Where the sentence's first cause lead starts, or -1 if it has none."""
        if self._cause_lead == -2:
            found = self._cue_search("CAUSE_LEAD")
            self._cause_lead = found.start() if found else -1
        return self._cause_lead

    def _cue_search(self, name: str) -> Match[str] | None:
        """The first match of a cue in the whole sentence."""
        if self.words is not None and not self._cue_admitted(name, self.words):
            return None
        return self.cue(name).search(self.local)

    def _cue_admitted(self, name: str, words: set[str]) -> bool:
        """Whether the cue's gate admits the sentence's words (worked out once a sentence)."""
        found = self._admitted.get(name)
        if found is None:
            found = self._admitted[name] = self.comp.cue_gate(name).admits(words)
        return found

    def cue_may_match(self, name: str, endpos: int | None = None) -> bool:
        """Whether one of the engine's cues may match in the sentence up to endpos: False only
        where its gate (see _compiled.cue_gate) rules it out, in a plain ASCII sentence. Up to
        endpos the sentence ends there, and a word endpos cuts in two is a shorter word."""
        words = self.words
        if words is None:
            return True
        # A gate that admits the sentence's words admits them with one more.
        if self._cue_admitted(name, words):
            return True
        local = self.local
        if (
            endpos is not None
            and 0 < endpos < len(local)
            and _WORD_CHAR.match(local, endpos)
            and _WORD_CHAR.match(local, endpos - 1)
        ):
            start = endpos - 1
            while start > 0 and _WORD_CHAR.match(local, start - 1):
                start -= 1
            return self.comp.cue_gate(name).admits_with(words, local[start:endpos].lower())
        return False

    def mention(self) -> bool:
        """The sentence talks about wording rather than using it: a glossary entry, or a note
        that a phrase was reworded."""
        if self._mention is None:
            self._mention = self._cue_search("MENTION") is not None
        return self._mention

    def purpose_after(self, end: int) -> bool:
        """The act was a deliberate step: "deleted the pods to stop the bleeding", "as planned"."""
        return self.cue("PURPOSE").search(self.local, end) is not None

    def meta_before(self, pos: int) -> bool:
        """A rule statement or mention cue ("not to say", "the phrase", "called") just before,
        or the match is the quoted name of a thing ("the "careless" keyword", "the 'blame'
        step of the pipeline")."""
        cue = self.cue("META_CUE")
        low = max(0, pos - 2 * _META_WINDOW)
        if self.cue_may_match("META_CUE", pos + 1) and any(
            m.end() >= pos - _META_WINDOW for m in cue.finditer(self.local, low, pos + 1)
        ):
            return True
        quote = max(0, pos - 1)
        return (
            quote < len(self.local)
            and self.local[quote] in _QUOTES
            and _QUOTED_NAME.match(self.local, quote) is not None
        )

    def system_conditional(self) -> bool:
        if self._conditional is None:
            self._conditional = self._cue_search("SYSTEM_CONDITIONAL") is not None
        return self._conditional

    def person_nearby(self) -> bool:
        if self._nearby is None:
            self._nearby = self.cue("NEARBY_PERSON").search(self.local) is not None
        return self._nearby

    def perfect_before(self, pos: int) -> bool:
        """'had just finished' tells time; 'could have just waited' does not."""
        tokens = [_norm(t) for t in self.tokens_before(pos, 40)]
        if not tokens:
            return False
        last = tokens[-1]
        if last in ("had", "has", "'d") or last.endswith(("'d",)):
            return True
        if last in ("have", "'ve") or (last.endswith("'ve") and len(last) > 3):
            if last.endswith("'ve") and last[:-3] in ("could", "should", "would", "must", "might"):
                return False
            previous = tokens[-2] if len(tokens) > 1 else ""
            return previous not in ("could", "should", "would", "must", "might", "not")
        return False


# A quoted word or two that names a thing: a keyword, a flag, a step, a metric, a field.
_QUOTES: Final = "\"“'‘"
_QUOTED_NAME: Final = re.compile(
    r"[\"“'‘][\w -]{1,40}[\"”'’]\s+(?:keywords?|flags?|steps?|metrics?|labels?|fields?|rules?"
    r"|tags?|columns?|options?|settings?|loading|mode|templates?|filters?|checks?|lints?|values?"
    r"|keys?|variables?|functions?|methods?|tables?|branch|commands?|alias|buckets?|channels?"
    r"|panels?|status|states?|categor(?:y|ies)|dropdowns?|buttons?|toggles?|queues?|jobs?"
    r"|annotations?|views?|features?)\b",
    re.IGNORECASE,
)


def _is_adverb(token: str) -> bool:
    return len(token) > 4 and token.islower() and token.endswith("ly") and token not in ("only",)


def _is_role(word: str, roles: frozenset[str]) -> bool:
    if word in roles:
        return True
    if word.endswith("es") and word[:-2] in roles:
        return True
    return word.endswith("s") and word[:-1] in roles
