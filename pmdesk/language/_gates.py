"""Words a rule's match must contain, worked out from its pattern: a rule whose words a sentence
lacks is never searched there.

A rule's declared triggers say which words start its matches ("so" for "so easy"); most
sentences with "so" are not minimising, and searching them cost as much as the rest of the check.
The pattern itself says more: "(?:super|so|really)\\s+(?:easy|simple|trivial)" matches only
where one of easy, simple or trivial is a whole word too. Each gate is a set of words of which
any match has at least one (a "clause"); a rule is searched only where every clause has a word
in the sentence.

A literal run of letters counts only where the pattern makes it a whole word: a non-word
character (a space, an apostrophe, a comma) or the rule's own word boundary must stand on each
side of it. Macros ({PERSON}) are opaque to the boundaries: they may be empty or end in any
character, so they never give one. A macro with a boundary on each side gives the words every
match of it begins with, where those can be spelled out (see _anchors.py): "because {PERSON}
\\s+{FAIL_VERB}" needs one of the words a failing act begins with. Anything the analysis
does not understand gives no clause, and a rule with no clause is searched as before. The
clauses hold for sentences in plain ASCII only: case-insensitive matching lets a few other
characters (the long s, the Kelvin sign) match ASCII letters, so the engine does not use gates
on other sentences.

Gates on pairs of adjacent words ("due to", "was down") were tried and dropped: on the 1 MB notes
they spared 1,317 of some 60,000 searches, the test of the pairs in each sentence cost about as
much (whole check 0.834 s before, 0.827-0.843 s after), and the costliest rules that never find
anything are not reached by pairs (some spelling of each keeps a single common word).

Also measured on the 1 MB notes' candidate sentences and dropped (CPU, load 2-4): searching rule by
rule over one buffer of all its candidate sentences joined (one finditer per rule, findings
mapped back by bisection): 0.218 s against 0.201 s sentence by sentence, since the regex engine's
cost is per position tried, not per call, and the joining adds to it; rule by rule with one search
a sentence: 0.176 s, too little to rebuild the sentence loop for. Endings for rules without
"needs", cut from the end of the pattern: searched alone, with no word boundary in front, they
cost 3 to 25 times the rule (person.because 88 ms against 6, person.act-then-harm 54 against 16.5).
Each alternative's first letter as a case-sensitive set, so the engine's quick test of a branch
applies: searches 12% faster; ASCII-mode regexes for plain sentences give as much without
rewriting patterns (kept: see _patterns.compile_plain).

Measured on the 1 MB notes (load 2-3) and dropped, in the round that kept each gate whole between
runs: gates of the rules' "needs" (endings): they spared none of the 10,789 ending searches (the
rules' own gates already hold their words; the two costliest endings end in a macro with no
boundary after it, so they give no clause); a test for the punctuation an ending must have
before its harm ("," ";" "-" ...): it spares 1,215 of 4,248 searches of person.act-then-harm-now,
about 6 ms; candidate rules from bitsets of clauses (one integer per word): 23 ms against 28 ms
replayed, less than planning per set of trigger words (kept, see _Compiled.candidates), and it
merges only a fifth of the word sets. Of the rules' regex time (about 0.17 s), searches that find
nothing after the gates let them through take some 70% (21,354 of 30,342 rule searches, 88 ms
replayed, and all but 359 of the ending searches, about 50 ms): only a multi-pattern prefilter
library could spare those (not added: a new dependency).

That prefilter measured (benchmarks/language_prefilter.py, CPU best of 7, load 1.5-2): given each
sentence's matching rules beforehand (an oracle: no other candidate and no ending searched), the
check takes 0.505 s against 0.757 s; an RE2 set (google-re2) of every rule's pattern made a
superset (look-arounds dropped, atomic and possessive made plain) keeps 10,867 of 39,493
candidates (the oracle 8,902) and takes 0.689 s, its Match 0.034 s on 9,281 sentences and 0.40 s
to build. Adding the endings' supersets to the set spared no candidate and made it dearer.
Also measured and dropped: a failing search of a pattern that begins with a look-behind tries
the whole pattern at every character (about 25 ns each); one that begins with a consuming,
case-sensitive set of its first characters lets the regex engine skip to them in C (three words
on a 100-character sentence: 2.56 -> 0.71 us). Of the 169 rules, 29 can begin with one letter
only, 60 with at most three, 14 with any. Rewritten so (the first character factored out of the
parse tree, look-arounds before it moved one character on, each branch guarded by a look-behind
for its own first character), 145 rules found the same matches and groups on every sentence of
the 1 MB notes, but their searches there took 3.80 s against 4.54 s and the whole check 0.708 s
against 0.717 s CPU (best of 7, load 1.3): too little for a regex rewriter. Working out once a
sentence which one word would complete a cue's gate (so meta_before need not look at the word
it cuts): there mostly is one (any of some 30 words completes META_CUE), the set cost 9 us a
sentence, and the check went 15-30 ms slower.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any, cast

# Stand in for macro references: one character no pattern uses per macro, the first of a
# block of private-use characters.
_STAND_IN = "\ue000"
_LAST_STAND_IN = "\ue0ff"
_STAND_INS = frozenset(chr(code) for code in range(ord(_STAND_IN), ord(_LAST_STAND_IN) + 1))
_APOSTROPHE_AFTER = re.compile("([\ue000-\ue0ff])\\['’\\]")
_APOSTROPHE_BEFORE = re.compile("\\['’\\]([\ue000-\ue0ff])")
_MACRO_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
# At most this many clauses per rule (and per branch): each costs a set test per sentence.
_MOST = 3

_Clauses = list[frozenset[str]]
# As kept between runs: the rule's clauses, then each top-level branch's own clauses.
_Stored = tuple[tuple[tuple[str, ...], ...], tuple[tuple[tuple[str, ...], ...], ...]]


@dataclass(frozen=True, slots=True)
class Gate:
    """clauses: every one must have a word in the sentence. branches: if given, the clauses of
    each top-level alternative of the pattern; the sentence must then pass one of them too (a
    rule with "revoke X's access" and "stop X from ..." needs "revoke" with "access", or "stop"
    with "from", not just any two of those words)."""

    clauses: tuple[frozenset[str], ...] = ()
    branches: tuple[tuple[frozenset[str], ...], ...] = ()

    def admits(self, words: set[str]) -> bool:
        for clause in self.clauses:
            if words.isdisjoint(clause):
                return False
        if not self.branches:
            return True
        for branch in self.branches:
            for clause in branch:
                if words.isdisjoint(clause):
                    break
            else:
                return True
        return False

    def admits_with(self, words: set[str], extra: str) -> bool:
        """admits(words | {extra}), without building that set."""
        for clause in self.clauses:
            if extra not in clause and words.isdisjoint(clause):
                return False
        if not self.branches:
            return True
        for branch in self.branches:
            for clause in branch:
                if extra not in clause and words.isdisjoint(clause):
                    break
            else:
                return True
        return False

    def __bool__(self) -> bool:
        return bool(self.clauses or self.branches)

    def stored(self) -> _Stored:
        """The gate as kept between runs (see from_stored): its clauses in their order."""
        return (
            tuple(tuple(sorted(clause)) for clause in self.clauses),
            tuple(tuple(tuple(sorted(clause)) for clause in branch) for branch in self.branches),
        )


def from_stored(found: object) -> Gate | None:
    """A gate kept by Gate.stored(); None if what was kept is not one (a damaged cache)."""
    if not _well_formed(found):
        return None
    clauses, branches = cast("_Stored", found)
    return Gate(
        tuple(frozenset(clause) for clause in clauses),
        tuple(tuple(frozenset(clause) for clause in branch) for branch in branches),
    )


_OPEN = Gate()


def rule_gates(
    pattern: str,
    macros: Mapping[str, str],
    tolerant: Callable[[str], str],
    remember: Callable[[str, Callable[[], Any]], Any] | None = None,
    macro_words: Callable[[str], frozenset[str] | None] | None = None,
) -> Gate:
    """The gate for one rule's pattern (unexpanded, as in the rules file); an open one (that
    admits every sentence) if nothing can be said.

    remember(key, work), if given, keeps the parsed answer between runs (the parse costs about
    a millisecond a rule). macro_words(name), if given: the words one of which begins every
    match of a macro that starts a word and is followed by no word character (None if none
    can be said); a macro standing so in the pattern then gives a clause of those words."""
    names = list(dict.fromkeys(_MACRO_REF.findall(pattern)))
    for name in names:
        if name not in macros or not _closed(macros[name]):
            return _OPEN  # "a|b" pasted into a pattern changes what the pattern means
    if len(names) > ord(_LAST_STAND_IN) - ord(_STAND_IN):
        return _OPEN
    stand_ins = {name: chr(ord(_STAND_IN) + n) for n, name in enumerate(names)}
    text = tolerant(_MACRO_REF.sub(lambda ref: stand_ins[ref.group(1)], pattern))
    # An apostrophe next to a macro may be one the real pattern makes optional (n't, 've).
    text = _APOSTROPHE_AFTER.sub("\\1['’]?", text)
    text = _APOSTROPHE_BEFORE.sub("['’]?\\1", text)
    found = (
        _parsed_gates(text)
        if remember is None
        else remember(_key(text), lambda: _parsed_gates(text))
    )
    if not _well_formed(found):  # a damaged cache entry: work it out again
        found = _parsed_gates(text)
    names_of = {char: name for name, char in stand_ins.items()}

    def words_of(char: str) -> frozenset[str] | None:
        return macro_words(names_of[char]) if macro_words and char in names_of else None

    clauses, branches = found
    kept = [_chosen(branch, words_of) for branch in branches]
    if any(not branch for branch in kept):
        kept = []  # a branch with no words of its own: it may match anywhere
    return Gate(tuple(_chosen(clauses, words_of)), tuple(tuple(branch) for branch in kept))


def _chosen(
    stored: tuple[tuple[str, ...], ...], words_of: Callable[[str], frozenset[str] | None]
) -> list[frozenset[str]]:
    """The cheapest few of a rule's clauses as stored (see _ranked), macros' words filled in."""
    plain = [frozenset(clause) for clause in stored if _STAND_INS.isdisjoint(clause)]
    marked = [
        found
        for clause in stored
        if not _STAND_INS.isdisjoint(clause)
        for found in [_resolved(clause, words_of)]
        if found is not None
    ]
    if not marked:
        return plain[:_MOST]  # stored cheapest first
    # Stable: equal ones keep their stored order.
    return sorted(plain + marked, key=lambda c: (_cost(c), len(c), min(c)))[:_MOST]


def _resolved(
    clause: tuple[str, ...], words_of: Callable[[str], frozenset[str] | None]
) -> frozenset[str] | None:
    """A clause with each macro's stand-in replaced by the macro's words; None if a macro's
    words are not known (the clause then says nothing)."""
    if _STAND_INS.isdisjoint(clause):
        return frozenset(clause)
    found: set[str] = set()
    for word in clause:
        if word in _STAND_INS:
            words = words_of(word)
            if words is None:
                return None
            found |= words
        else:
            found.add(word)
    return frozenset(found)


def _is_stand_in(text: str) -> bool:
    return len(text) == 1 and _STAND_IN <= text <= _LAST_STAND_IN


def _key(text: str) -> str:
    return f"gates {_VERSION} {text}"


def _well_formed(found: object) -> bool:
    def clause_list(value: object) -> bool:
        return isinstance(value, tuple) and all(
            isinstance(clause, tuple) and clause and all(isinstance(w, str) for w in clause)
            for clause in value
        )

    return (
        isinstance(found, tuple)
        and len(found) == 2
        and clause_list(found[0])
        and isinstance(found[1], tuple)
        and all(clause_list(branch) and branch for branch in found[1])
    )


# Part of the key of remembered answers: changes whenever the analysis does.
_VERSION = 5


def _parsed_gates(text: str) -> _Stored:
    try:
        parsed = list(_sre_parser.parse(text, re.IGNORECASE))
        clauses = _clauses(parsed, True, True)
        branches: list[_Clauses] = []
        if len(parsed) == 1 and str(parsed[0][0]) == "BRANCH":
            branches = [_clauses(list(branch), True, True) for branch in parsed[0][1][1]]
    except Exception:  # the parser's internals changed, or a pattern it rejects: no gate
        return (), ()
    if any(not branch for branch in branches):
        branches = []  # a branch with no words of its own: it may match anywhere
    return _ranked(clauses), tuple(_ranked(branch) for branch in branches)


def _ranked(clauses: _Clauses) -> tuple[tuple[str, ...], ...]:
    """The cheapest clauses, then every macro's clause: those are chosen among the others once
    the macros' words are known (see rule_gates), and no clause past the cheapest few can be."""
    unique = sorted(set(clauses), key=lambda c: (_cost(c), sorted(c)))
    plain = [clause for clause in unique if _STAND_INS.isdisjoint(clause)][:_MOST]
    macros = [clause for clause in unique if not _STAND_INS.isdisjoint(clause)]
    return tuple(tuple(sorted(clause)) for clause in plain + macros)


# Words in nearly every sentence: a clause of them rules out little.
_COMMON_WORDS = (
    "a an and are as at be by do for from had has have he i if in is it its no not of on or "
    "our she so that the their them there they this to was we were what when which who will "
    "with you"
)
_COMMON = frozenset(_COMMON_WORDS.split())


def _cost(clause: frozenset[str]) -> int:
    """How often a clause is likely to let a sentence through (lower is better). A macro's
    clause comes after every other: its words are known only later, if at all."""
    if not _STAND_INS.isdisjoint(clause):
        return 10_000
    return sum(50 if word in _COMMON or len(word) < 3 else 1 for word in clause)


def _closed(body: str) -> bool:
    """Whether a macro's text is one unit: no alternation outside its groups (the parser cannot
    tell "(?:a|b)" from "a|b", so the text is read here)."""
    depth = 0
    in_set = False
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
            if body[i + 1 : i + 2] == "^":
                i += 1
            if body[i + 1 : i + 2] == "]":  # a "]" first in a set is one of its characters
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
        elif char == "|" and depth == 0:
            return False
        i += 1
    return depth == 0 and not in_set


def _clauses(items: list[Any], left: bool, right: bool) -> _Clauses:
    """Clauses for a sequence; left/right: whether a word boundary surely stands before its
    first and after its last character."""
    result: _Clauses = []
    i = 0
    while i < len(items):
        # A stretch of items that can match only a few strings ("permissions?",
        # "no-?brainer", "(?:paus|scal)(?:e|ed|ing)?"): its words are known exactly.
        j, texts = i, [""]
        while j < len(items):
            longer = _extend(texts, _finite(items[j]))
            if longer is None:
                break
            texts, j = longer, j + 1
        if j > i:
            if j - i > 1 or str(items[i][0]) == "LITERAL":
                before = _bounded(items, i, left, before=True)
                after = _bounded(items, j - 1, right, before=False)
                result.extend(_text_clauses(texts, before, after))
                i = j
                continue
            j = i  # a lone group: looked into below, where its branches count one by one
        op, arg = items[i]
        name = str(op)
        if name == "LITERAL" and _is_stand_in(chr(arg)):
            # A macro that starts a word and is followed by no word character: its first
            # word is a whole word of the sentence (see rule_gates, macro_words).
            if _bounded(items, i, left, before=True) and _bounded(items, i, right, before=False):
                result.append(frozenset({chr(arg)}))
        elif name in ("SUBPATTERN", "ATOMIC_GROUP", "BRANCH") or (
            name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1
        ):
            before = _bounded(items, i, left, before=True)
            after = _bounded(items, i, right, before=False)
            result.extend(_group_clauses(name, arg, before, after))
        i += 1
    return result


# The most strings a stretch of a pattern is spelled out into.
_MOST_TEXTS = 64
_TOKEN = re.compile(r"\w+")


def _extend(texts: list[str], more: list[str] | None) -> list[str] | None:
    if more is None or len(texts) * len(more) > _MOST_TEXTS:
        return None
    return [text + tail for text in texts for tail in more]


def _finite(item: tuple[Any, Any]) -> list[str] | None:
    """Every string one item can match (lower-cased), if they are few; None otherwise."""
    op, arg = item
    name = str(op)
    if name == "LITERAL":
        return None if _is_stand_in(chr(arg)) else [chr(arg).lower()]
    if name == "IN":
        chars = []
        for kind, value in arg:
            if str(kind) != "LITERAL":
                return None
            chars.append(chr(value).lower())
        return chars or None
    if name in ("ASSERT", "ASSERT_NOT", "AT"):
        return [""]  # zero width: the strings without it are a superset
    if name == "SUBPATTERN":
        return _finite_sequence(list(arg[-1]))
    if name == "BRANCH":
        found: list[str] = []
        for branch in arg[1]:
            texts = _finite_sequence(list(branch))
            if texts is None or len(found) + len(texts) > _MOST_TEXTS:
                return None
            found += texts
        return found
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = arg
        once = _finite_sequence(list(body))
        if once is None or high > 2:
            return None
        found, texts = ([""] if low == 0 else []), [""]
        for count in range(1, high + 1):
            longer = _extend(texts, once)
            if longer is None:
                return None
            texts = longer
            if count >= low:
                found += texts
        return found
    return None


def _finite_sequence(items: list[Any]) -> list[str] | None:
    texts: list[str] | None = [""]
    for item in items:
        texts = _extend(texts, _finite(item)) if texts is not None else None
    return texts


def _text_clauses(texts: list[str], before: bool, after: bool) -> _Clauses:
    """The clauses a stretch spelled out as texts gives: its first word, and its last, in each
    spelling (a word at the stretch's edge counts only where a boundary stands there)."""
    firsts: set[str] = set()
    lasts: set[str] = set()
    for text in set(texts):
        if not text.isascii():
            if any(_folds_to_ascii(char) for char in text if not char.isascii()):
                return []
            continue  # cannot match a plain ASCII sentence at all
        words = list(_TOKEN.finditer(text))
        if not words:
            return []  # a spelling with no word: nothing is required
        first, last = words[0], words[-1]
        if (first.start() == 0 and not before) or (first.end() == len(text) and not after):
            return []
        if (last.start() == 0 and not before) or (last.end() == len(text) and not after):
            return []
        firsts.add(first.group())
        lasts.add(last.group())
    if not firsts:
        return []
    return [frozenset(firsts)] if firsts == lasts else [frozenset(firsts), frozenset(lasts)]


def _folds_to_ascii(char: str) -> bool:
    """Whether case-insensitive matching may let this character stand for an ASCII one (the
    long s for "s", the Kelvin sign for "k")."""
    return char.isalnum() or char.lower().isascii() or char.upper().isascii()


def _group_clauses(name: str, arg: Any, before: bool, after: bool) -> _Clauses:
    if name == "SUBPATTERN":
        return _clauses(list(arg[-1]), before, after)
    if name == "ATOMIC_GROUP":
        return _clauses(list(arg), before, after)
    if name == "BRANCH":
        branches = [_clauses(list(branch), before, after) for branch in arg[1]]
        if not branches or any(not found for found in branches):
            return []
        # Every branch gives its best clause to one union and its next best to another.
        ranked = [sorted(found, key=_cost) for found in branches]
        best = frozenset().union(*(found[0] for found in ranked))
        second = frozenset().union(*(found[min(1, len(found) - 1)] for found in ranked))
        return [best] if best == second else [best, second]
    # A repeat at least once: its first time round starts here; what follows it is unknown
    # unless it happens only once.
    low, high, body = arg
    return _clauses(list(body), before, after if high == 1 and low == 1 else False)


def _bounded(items: list[Any], index: int, edge: bool, before: bool) -> bool:
    """Whether a non-word character (or the text's edge) surely stands next to items[index],
    on the side before it (or after it)."""
    side = items[:index] if before else items[index + 1 :]
    kinds = _edge_kinds(side, from_end=before)
    if "empty" in kinds:
        return edge and kinds <= {"sep", "empty"}
    return kinds == {"sep"}


def _edge_kinds(items: list[Any], from_end: bool) -> set[str]:
    """What the character at one edge of a sequence may be: "word", "sep" (surely not a word
    character), "other" (unknown); "empty" if the sequence may match nothing there."""
    found: set[str] = set()
    for op, arg in reversed(items) if from_end else items:
        kinds = _item_kinds(str(op), arg, from_end)
        found |= kinds - {"empty"}
        if "empty" not in kinds:
            return found
    found.add("empty")
    return found


def _item_kinds(name: str, arg: Any, from_end: bool) -> set[str]:
    if name == "LITERAL":
        if _is_stand_in(chr(arg)):
            return {"other", "empty"}
        return {_char_kind(arg) or "other"}
    if name == "IN":
        return {_set_kind(arg) or "other"}
    if name in ("SUBPATTERN",):
        return _edge_kinds(list(arg[-1]), from_end)
    if name == "ATOMIC_GROUP":
        return _edge_kinds(list(arg), from_end)
    if name == "BRANCH":
        kinds: set[str] = set()
        for branch in arg[1]:
            kinds |= _edge_kinds(list(branch), from_end)
        return kinds
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        kinds = _edge_kinds(list(arg[2]), from_end)
        return kinds | {"empty"} if arg[0] == 0 else kinds
    if name == "AT":
        # \b next to a word character, or the text's edge: a boundary either way.
        return {"sep"} if str(arg) in _BOUNDARY_AT else {"empty"}
    if name == "ASSERT_NOT":
        direction, body = arg
        looks_back = direction < 0
        if looks_back == from_end and _excludes_word(list(body)):
            return {"sep"}  # (?![\w-]) after, (?<![\w-]) before: no word character there
        return {"empty"}
    if name == "ASSERT":
        return {"empty"}
    return {"other"}  # any character, a back-reference, a conditional


_BOUNDARY_AT = frozenset(
    {"AT_BOUNDARY", "AT_BEGINNING", "AT_BEGINNING_STRING", "AT_END", "AT_END_STRING"}
)


def _excludes_word(body: list[Any]) -> bool:
    """Whether a negative look-around body is one character set containing every word
    character (\\w, [\\w-])."""
    if len(body) != 1 or str(body[0][0]) != "IN":
        return False
    members = body[0][1]
    return any(
        str(kind) == "CATEGORY" and str(value) == "CATEGORY_WORD" for kind, value in members
    ) and not any(str(kind) == "NEGATE" for kind, _ in members)


def _char_kind(code: int) -> str | None:
    char = chr(code)
    if _is_stand_in(char):
        return None
    return "word" if char.isalnum() or char == "_" else "sep"


_SEP_CATEGORIES = frozenset({"CATEGORY_SPACE", "CATEGORY_NOT_WORD"})
_WORD_CATEGORIES = frozenset({"CATEGORY_WORD", "CATEGORY_DIGIT"})


def _set_kind(members: list[Any]) -> str | None:
    kinds: set[str | None] = set()
    for kind, value in members:
        name = str(kind)
        if name == "LITERAL":
            kinds.add(_char_kind(value))
        elif name == "RANGE":
            low, high = value
            kinds |= {_char_kind(code) for code in range(low, high + 1)}
        elif name == "CATEGORY":
            category = str(value)
            kinds.add(
                "sep"
                if category in _SEP_CATEGORIES
                else "word"
                if category in _WORD_CATEGORIES
                else None
            )
        else:
            return None  # a negated set and anything else: unknown
    return kinds.pop() if len(kinds) == 1 else None
