"""The blame-language matcher: rules from data, plus the context checks that keep it trustworthy.

Speed: the text is cut into sentences once; each rule names trigger words, so a sentence is tried
only against the few rules whose words it contains (one dictionary look-up per word). A clean
sentence costs one tokenising pass. Compiled rules are cached per rule set. Attendee names are
not compiled in: in a sentence being checked each name is swapped for a placeholder name of the
same length ("Qzzz"), which the rules treat as a known person, so offsets never shift.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from re import Match, Pattern

from pmdesk.language._text import mask_markdown, sentences
from pmdesk.language.rules import (
    BLAME_CATEGORIES,
    Rule,
    RuleSet,
    default_rules,
    expand_macros,
    lexicon_macros,
    word_pattern,
)

_WORD = re.compile(r"\w+")
_BACK_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_A-ZÀ-ÖØ-Þ]+(?:[-'’][A-ZÀ-ÖØ-Þ][^\W\d_A-ZÀ-ÖØ-Þ]+)?\Z")
_NUMBERISH = re.compile(r"\d")
_NOT_NAME_SUFFIXES = ("ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ics", "ies")
_CONTRACTION = re.compile(r"(.+?)['’](?:d|s|ll|re|ve|m)\Z", re.IGNORECASE)
_TITLE_WORD = re.compile(r"[A-Z][a-z]")
_LAST_WORD = re.compile(r"[\w'’-]+(?=[\s\"'“‘’”]*$)")
_SUGGESTION_GROUP = re.compile(r"\{(\w+)\}")
_DENIED_AFTER = re.compile(
    r"\s+(?:(?:is|was|are|were)(?:\s+not|\s+never|n['’]t|\s+off\s+the\s+table|\s+out\s+of\s+scope)"
    r"|isn['’]t|wasn['’]t|aren['’]t|weren['’]t)\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(
    r"\"([^\"\n]{1,300})\""
    r"|“([^”\n]{1,300})”"
    r"|‘([^\n]{1,300}?)’(?!\w)"
    r"|(?<!\w)'([^'\n]{1,300}?)'(?!\w)"
    r"|«([^»\n]{1,300})»"
)
# Engine-level cues live in the rules file as macros, so they are data like the rules.
_CUE_MACROS = (
    "META_CUE",
    "EXPLAINED_AFTER",
    "EXPLAINED_BEFORE",
    "SPECIFIC",
    "SYSTEM_CONDITIONAL",
    "NEARBY_PERSON",
    "SPEECH_BEFORE_QUOTE",
    "LIST_LEAD",
)
_META_WINDOW = 40
# How far around a match the context checks look (characters).
_WINDOW = 240
_NEGATION_WINDOW = 4


@dataclass(frozen=True, slots=True)
class Finding:
    """One flagged span. Offsets count code points in the checked text; end is exclusive."""

    start: int
    end: int
    rule: str
    category: str
    severity: str
    message: str
    suggestion: str | None
    text: str = ""

    @property
    def key(self) -> str:
        """Stable across edits elsewhere in the document: used to remember "Ignore here"."""
        return finding_key(self.rule, self.text)

    @property
    def is_blame(self) -> bool:
        return self.category in BLAME_CATEGORIES


def finding_key(rule: str, text: str) -> str:
    normalised = " ".join(text.replace("’", "'").casefold().split())
    return f"{rule}|{normalised}"


def is_blame(finding: Finding) -> bool:
    """Blame findings are everything but the positive "listen for" ones."""
    return finding.category in BLAME_CATEGORIES


@dataclass(frozen=True)
class LintContext:
    """What the engine knows about where the text comes from.

    names: attendee names (they count as people); field: which part of the postmortem
    ("notes", "summary", "lessons", "timeline", "factor", "action", ...; "action" also flags
    vague verbs such as "improve monitoring"); allowed_words: this document's words never to
    flag (product names); ignored: finding keys the facilitator chose to ignore; rules: the
    rule set (default: the built-in one).
    """

    names: tuple[str, ...] = ()
    field: str = "notes"
    allowed_words: tuple[str, ...] = ()
    ignored: frozenset[str] = frozenset()
    rules: RuleSet | None = None

    def __post_init__(self) -> None:
        # Accept any iterable from callers (lists from the model), keep hashable tuples inside.
        object.__setattr__(self, "names", _clean_names(self.names))
        object.__setattr__(self, "allowed_words", tuple(w for w in self.allowed_words if w.strip()))
        object.__setattr__(self, "ignored", frozenset(self.ignored))


def _clean_names(names: Iterable[str]) -> tuple[str, ...]:
    cleaned: dict[str, None] = {}
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        cleaned[name] = None
        parts = name.split(" ")
        if len(parts) > 1:
            for part in parts:
                if len(part) > 1 and part[0].isupper():
                    cleaned[part] = None
    return tuple(cleaned)


_DEFAULT_CONTEXT = LintContext()


# --- compiled rule sets -----------------------------------------------------------------------------


@dataclass
class _CompiledRule:
    rule: Rule
    regex: Pattern[str]
    blame: bool
    fields: frozenset[str]


@dataclass
class _Compiled:
    rules: list[_CompiledRule]
    by_trigger: dict[str, tuple[int, ...]]
    always: tuple[int, ...]
    lexicon: dict[str, frozenset[str]]
    cues: dict[str, Pattern[str]]
    allowed: _Allowed
    multiword_roles: frozenset[str] = field(default_factory=frozenset)

    def candidates(self, words: set[str]) -> list[int]:
        found: set[int] = set(self.always)
        by_trigger = self.by_trigger
        for word in words:
            hit = by_trigger.get(word)
            if hit:
                found.update(hit)
        return sorted(found)


def _words(sentence: str) -> set[str]:
    return set(_WORD.findall(sentence.lower()))


def _literal_words(pattern: str) -> frozenset[str]:
    """Letter runs that any text the pattern matches must contain: a cheap pre-test.

    Used only for the built-in patterns, in which every alternative has such a run; the caller
    tests them as substrings of the lower-cased sentence ("load" is in "loading").
    """
    plain = re.sub(
        r"\\.|\{[A-Z_]+\}|\(\?[a-zA-Z-]*[:)]|\[[^\]]*\]|[A-Za-z](?=[?*]|\{0)", " ", pattern
    )
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]{2,}", plain))


def _wrap(body: str) -> str:
    """Word boundaries where a hyphen counts as part of a word ("just-in-time" is not "just")."""
    return rf"(?:(?=\W)|(?<![\w-]))(?:{body})(?:(?<=\W)|(?![\w-]))"


# What an attendee's name becomes inside a sentence being checked (same length, never a real word).
_PLACEHOLDER = re.compile(r"Qz+\Z")
_NAMES_MACRO = "(?-i:Qz+)"


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> Pattern[str] | None:
    usable = [name for name in names if len(name) > 1]
    if not usable:
        return None
    parts = sorted((word_pattern(name) for name in usable), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def _swap_names(local: str, names: Pattern[str] | None) -> str:
    if names is None:
        return local
    return names.sub(lambda m: "Q" + "z" * (len(m.group()) - 1), local)


def _compile(rules: RuleSet) -> _Compiled:
    cache = rules._cache
    compiled: _Compiled | None = cache.get("compiled")
    if compiled is not None:
        return compiled
    base = default_rules()
    macros = base.macro_map() if rules is not base else {}
    macros.update(rules.macro_map())
    lexicon_lists: dict[str, list[str]] = {n: list(w) for n, w in base.lexicon}
    if rules is not base:
        for lex_name, words in rules.lexicon:
            target = lexicon_lists.setdefault(lex_name, [])
            target.extend(w for w in words if w not in target)
    macros.update(lexicon_macros(lexicon_lists))
    macros["NAMES"] = _NAMES_MACRO

    compiled_rules: list[_CompiledRule] = []
    by_trigger: dict[str, list[int]] = {}
    always: list[int] = []
    for rule in rules.active_rules:
        regex = re.compile(_wrap(expand_macros(rule.pattern, macros)), re.IGNORECASE)
        index = len(compiled_rules)
        compiled_rules.append(
            _CompiledRule(rule, regex, rule.category in BLAME_CATEGORIES, frozenset(rule.fields))
        )
        if rule.triggers:
            for trigger in rule.triggers:
                by_trigger.setdefault(trigger, []).append(index)
        else:
            always.append(index)
    cues = {
        name: re.compile(_wrap(expand_macros(macros[name], macros)), re.IGNORECASE)
        for name in _CUE_MACROS
    }
    allowed_parts = [word_pattern(w) for w in rules.allowed_words if w.strip()]
    allowed_parts += [expand_macros(p, macros) for p in rules.allowed_patterns]
    built_in = set(base.allowed_patterns)
    hints: frozenset[str] | None = _phrase_hints(rules.allowed_words) | frozenset(
        w for p in rules.allowed_patterns for w in _literal_words(p)
    )
    if any(p not in built_in for p in rules.allowed_patterns):
        hints = None  # a team's pattern may have no fixed letters at all
    allowed = _Allowed(
        re.compile(_wrap("|".join(allowed_parts)), re.IGNORECASE) if allowed_parts else None,
        hints,
    )
    lexicon = {
        lex_name: frozenset(" ".join(w.lower().replace("’", "'").split()) for w in words)
        for lex_name, words in lexicon_lists.items()
    }
    compiled = _Compiled(
        rules=compiled_rules,
        by_trigger={k: tuple(v) for k, v in by_trigger.items()},
        always=tuple(always),
        lexicon=lexicon,
        cues=cues,
        allowed=allowed,
        multiword_roles=frozenset(w for w in lexicon.get("roles", ()) if " " in w),
    )
    cache["compiled"] = compiled
    return compiled


@dataclass(frozen=True)
class _Allowed:
    """Words never to flag; `hints` are letter runs one of which any occurrence contains, so
    the regex is skipped on sentences without them (None: always run it)."""

    regex: Pattern[str] | None
    hints: frozenset[str] | None

    def spans(self, local: str, lowered: str) -> list[tuple[int, int]]:
        if self.regex is None:
            return []
        if self.hints is not None and not any(hint in lowered for hint in self.hints):
            return []
        return [m.span() for m in self.regex.finditer(local)]


@lru_cache(maxsize=64)
def _document_allowed(phrases: tuple[str, ...]) -> _Allowed:
    if not phrases:
        return _Allowed(None, frozenset())
    parts = sorted((word_pattern(w) for w in phrases), key=len, reverse=True)
    regex = re.compile(_wrap("|".join(parts)), re.IGNORECASE)
    return _Allowed(regex, _phrase_hints(phrases))


def _phrase_hints(phrases: Iterable[str]) -> frozenset[str]:
    """The longest word of each phrase: every occurrence of the phrase contains it."""
    return frozenset(max(_words(p), key=len) for p in phrases if _words(p))


# --- per-sentence context -----------------------------------------------------------------------


def _norm(token: str) -> str:
    return token.lower().replace("’", "'")


class _Sentence:
    """One sentence being checked, with the context facts computed only when a rule asks."""

    def __init__(
        self, text: str, local: str, offset: int, comp: _Compiled, words: set[str]
    ) -> None:
        self.text = text
        self.words = words
        self.local = local
        self.offset = offset
        self.comp = comp
        self._content_start: int | None = None
        self._meta_ends: list[int] | None = None
        self._nearby: bool | None = None
        self._conditional: bool | None = None
        self.last_question = local.rfind("?")

    @property
    def content_start(self) -> int:
        """Where the sentence's words begin, after list markers and labels such as "TODO:"."""
        if self._content_start is None:
            match = self.comp.cues["LIST_LEAD"].match(self.local)
            self._content_start = match.end() if match else 0
        return self._content_start

    def first_match(self, compiled: _CompiledRule) -> Match[str] | None:
        if compiled.rule.at_start:
            return compiled.regex.match(self.local, self.content_start)
        return compiled.regex.search(self.local)

    def tokens_before(self, pos: int, limit: int = 160) -> list[str]:
        return _BACK_TOKEN.findall(self.local[max(0, pos - limit) : pos])

    def subject(self, pos: int) -> tuple[str, str]:
        """Who or what does the action starting at pos: ("person"|"name"|"system"|"none", head)."""
        lex = self.comp.lexicon
        skip = lex["adverbs"] | lex["auxiliaries"]
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
            cursor = self.local.index(token, cursor) + len(token)
        return cursor - len(tokens[index])

    def _classify(self, phrase: list[str]) -> tuple[str, str]:
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
        if last.endswith(("'s", "'")):
            return "system", last
        if _is_role(last, lex["roles"]) or " ".join(lows[-2:]) in self.comp.multiword_roles:
            return "person", last
        if len(phrase) <= 2 and all(_CAPITALISED.match(t) for t in phrase):
            head = lows[0]
            if head not in lex["not_names"] and not lows[-1].endswith(_NOT_NAME_SUFFIXES):
                return "name", lows[-1]
        return "system", last

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

    def meta_before(self, pos: int) -> bool:
        if self._meta_ends is None:
            cue = self.comp.cues["META_CUE"]
            self._meta_ends = [m.end() for m in cue.finditer(self.local)]
        return any(pos - _META_WINDOW <= end <= pos for end in self._meta_ends)

    def system_conditional(self) -> bool:
        if self._conditional is None:
            found = self.comp.cues["SYSTEM_CONDITIONAL"].search(self.local)
            self._conditional = found is not None
        return self._conditional

    def person_nearby(self) -> bool:
        if self._nearby is None:
            self._nearby = self.comp.cues["NEARBY_PERSON"].search(self.local) is not None
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


def _is_adverb(token: str) -> bool:
    return len(token) > 4 and token.islower() and token.endswith("ly") and token not in ("only",)


def _is_role(word: str, roles: frozenset[str]) -> bool:
    if word in roles:
        return True
    if word.endswith("es") and word[:-2] in roles:
        return True
    return word.endswith("s") and word[:-1] in roles


# --- matching ---------------------------------------------------------------------------------------


def lint(text: str, context: LintContext | None = None) -> list[Finding]:
    """Every blame-language finding (and "listen for" cue) in text, in order of position."""
    ctx = context or _DEFAULT_CONTEXT
    if not text or text.isspace():
        return []
    comp = _compile(ctx.rules or default_rules())
    names = _names_pattern(ctx.names)
    masked = mask_markdown(text)
    document_allowed = _document_allowed(ctx.allowed_words)
    findings: list[Finding] = []
    for start, end in sentences(masked):
        local = masked[start:end]
        words = _words(local)
        candidates = [
            index
            for index in comp.candidates(words)
            if not comp.rules[index].fields or ctx.field in comp.rules[index].fields
        ]
        if not candidates:
            continue
        local = _swap_names(local, names)
        sentence = _Sentence(text, local, start, comp, words)
        # Most sentences match nothing: only those that do pay for quote and allowed-word masking.
        if not any(sentence.first_match(comp.rules[index]) for index in candidates):
            continue
        local = _mask_sentence(local, words, comp, document_allowed)
        sentence = _Sentence(text, local, start, comp, words)
        for index in candidates:
            compiled = comp.rules[index]
            if compiled.rule.at_start:
                found = compiled.regex.match(sentence.local, sentence.content_start)
                matches: Iterable[Match[str]] = (found,) if found else ()
            else:
                matches = compiled.regex.finditer(sentence.local)
            for match in matches:
                finding = _check(compiled, match, sentence)
                if finding is not None:
                    findings.append(finding)
    return _finalise(findings, ctx.ignored)


def _mask_sentence(local: str, words: set[str], comp: _Compiled, document_allowed: _Allowed) -> str:
    lowered = local.lower()
    spans = comp.allowed.spans(local, lowered) + document_allowed.spans(local, lowered)
    if any(q in local for q in "\"“‘'«"):
        speech_before = comp.cues["SPEECH_BEFORE_QUOTE"]
        for match in _QUOTE.finditer(local):
            inner = next(g for g in match.groups() if g is not None)
            if _is_quoted_speech(inner, local[: match.start()], speech_before):
                continue
            spans.append((match.start() + 1, match.end() - 1))
    if not spans:
        return local
    chars = list(local)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _is_quoted_speech(inner: str, before: str, speech_before: Pattern[str]) -> bool:
    """Quoted speech is checked like any text; a quoted word or short phrase is only mentioned."""
    stripped = inner.strip()
    if stripped[-1:] in ".!?,;…" or len(stripped.split()) >= 5:
        return True
    tail = before[-40:]
    return any(m.end() >= len(tail.rstrip()) for m in speech_before.finditer(tail))


def _check(compiled: _CompiledRule, match: Match[str], sentence: _Sentence) -> Finding | None:
    rule = compiled.rule
    local = sentence.local
    start, end = match.span()
    while start < end and local[start].isspace():
        start += 1
    while end > start and local[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    if rule.at_start and start != sentence.content_start:
        return None
    if "question" in rule.when:
        is_question = sentence.last_question >= start or start == sentence.content_start
        if not is_question:
            return None
    if rule.subject is not None:
        kind, head = sentence.subject(start)
        allowed = ("person",) if rule.subject == "person_strict" else ("person", "name")
        if kind not in allowed or head in rule.exclude_subjects:
            return None
    if rule.unless and _excluded(rule.unless, sentence, start, end):
        return None
    if compiled.blame and sentence.meta_before(start):
        return None
    if "person_nearby" in rule.when and not sentence.person_nearby():
        return None
    offset = sentence.offset
    matched = sentence.text[offset + start : offset + end]
    return Finding(
        start=offset + start,
        end=offset + end,
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        message=rule.message,
        suggestion=_suggestion(rule.suggestion, match, matched, start == sentence.content_start),
        text=matched,
    )


def _excluded(unless: tuple[str, ...], sentence: _Sentence, start: int, end: int) -> bool:
    local = sentence.local
    cues = sentence.comp.cues
    for check in unless:
        if check == "negated" and sentence.negated(start, end):
            return True
        if check == "explained" and (
            cues["EXPLAINED_AFTER"].search(local, end, end + _WINDOW)
            or cues["EXPLAINED_BEFORE"].match(local, sentence.content_start)
        ):
            return True
        if check == "specific":
            low, high = max(0, start - _WINDOW), min(len(local), end + _WINDOW)
            around = local[low:start] + " " * (end - start) + local[end:high]
            original = sentence.text[sentence.offset + low : sentence.offset + high]
            if cues["SPECIFIC"].search(around) or "`" in original:
                return True
        if check == "system_conditional" and sentence.system_conditional():
            return True
        if check == "perfect" and sentence.perfect_before(start):
            return True
        if check == "proper_noun" and _proper_noun(local, start, end, sentence.content_start):
            return True
    return False


def _proper_noun(local: str, start: int, end: int, content_start: int) -> bool:
    """A capitalised "Careless Cat" mid-sentence is a product's name, not a judgement."""
    if start == content_start or not _TITLE_WORD.match(local, start):
        return False
    words = local[start:end].split()
    if len(words) > 1 and all(_TITLE_WORD.match(word) for word in words):
        return True  # "the Root Cause section", "Understanding Human Error"
    if _TITLE_WORD.match(local[end:].lstrip()):
        return True
    previous = _LAST_WORD.search(local, 0, start)
    return bool(
        previous and previous.start() > content_start and _TITLE_WORD.match(previous.group())
    )


def _suggestion(
    template: str | None, match: Match[str], matched: str, at_start: bool
) -> str | None:
    if template is None:
        return None
    groups = match.re.groupindex

    def fill(group: Match[str]) -> str:
        name = group.group(1)
        if name in groups:
            return match.group(name) or ""
        return group.group(0)

    text = " ".join(_SUGGESTION_GROUP.sub(fill, template).split())
    if at_start and matched[:1].isupper() and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def _finalise(findings: list[Finding], ignored: frozenset[str]) -> list[Finding]:
    """Order by position; drop a finding inside a longer one of the same category."""
    findings.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    last_end: dict[str, int] = {}
    for finding in findings:
        if last_end.get(finding.category, -1) >= finding.end:
            continue
        last_end[finding.category] = finding.end
        if ignored and finding.key in ignored:
            continue
        kept.append(finding)
    return kept
