"""Rules as data: the built-in rules file, a team's own file, and how the two combine.

A rules file is JSON. The built-in one ships inside the package (found through importlib.resources,
so it works when installed); a team file uses the same keys and is merged on top of it. Anything a
user can get wrong in their file is reported as a RulesError naming the file and the line.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pmdesk.language._jsonlines import Located, parse_located, without_lines

CATEGORIES: tuple[str, ...] = (
    "person_as_cause",
    "hindsight",
    "judgement",
    "human_error",
    "single_root_cause",
    "who_question",
    "minimizing",
    "vague_action",
    "listen_for",
)
# Everything except the positive "listen for" findings counts as blame.
BLAME_CATEGORIES: frozenset[str] = frozenset(CATEGORIES) - {"listen_for"}
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
DEFAULT_SEVERITY: Mapping[str, str] = {
    "person_as_cause": "error",
    "human_error": "error",
    "judgement": "error",
    "hindsight": "warning",
    "single_root_cause": "warning",
    "who_question": "warning",
    "minimizing": "warning",
    "vague_action": "warning",
    "listen_for": "info",
}
# Context checks a rule can ask the engine for (see engine.py for what each one means).
SUBJECTS: tuple[str, ...] = ("person", "person_strict")
WHEN: tuple[str, ...] = ("question", "person_nearby", "cause_clause", "answer_to_why")
UNLESS: tuple[str, ...] = (
    "negated",
    "explained",
    "specific",
    "proper_noun",
    "perfect",
    "system_conditional",
    "purpose",
)
LEXICONS: tuple[str, ...] = (
    "pronouns",
    "object_pronouns",
    "roles",
    "not_names",
    "negators",
    "adverbs",
    "auxiliaries",
    "clause_words",
    "prepositions",
    "human_actions",
    "determiners",
    "first_names",
)
RULE_KEYS = frozenset(
    {
        "id",
        "category",
        "pattern",
        "message",
        "suggestion",
        "severity",
        "triggers",
        "requires",
        "subject",
        "exclude_subjects",
        "fields",
        "at_start",
        "when",
        "unless",
        "examples",
        "note",
    }
)
WORD_KEYS = frozenset({"word", "category", "message", "suggestion", "severity"})
TOP_KEYS = frozenset(
    {
        "pmdesk_rules",
        "description",
        "macros",
        "lexicon",
        "rules",
        "words",
        "allowed_words",
        "allowed_patterns",
        "disable",
    }
)
_ID = re.compile(r"[a-z0-9][a-z0-9_.:-]*\Z")
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_TRIGGER = re.compile(r"\w+\Z")
# The learned layer (see _learned.py) is switched off by this id, like any rule.
LEARNED_ID = "learned"
# Filled in by the engine for each document: the attendee names.
RUNTIME_MACROS = frozenset({"NAMES"})
_WORD_MESSAGE = "Your team asked to flag this wording in postmortems."


class RulesError(ValueError):
    """A rules file that cannot be used; the message says which file, which line and why."""


@dataclass(frozen=True)
class Rule:
    """One pattern with its explanation and the context checks that keep it honest."""

    id: str
    category: str
    pattern: str
    message: str
    suggestion: str | None = None
    severity: str = "warning"
    triggers: tuple[str, ...] = ()
    # Words of which at least one must also be in the sentence (a second, cheap gate).
    requires: tuple[str, ...] = ()
    subject: str | None = None
    exclude_subjects: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    at_start: bool = False
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    origin: str = ""


@dataclass(frozen=True, eq=False)
class RuleSet:
    """An immutable set of rules; compiled forms are cached on the instance by the engine."""

    rules: tuple[Rule, ...] = ()
    macros: tuple[tuple[str, str], ...] = ()
    lexicon: tuple[tuple[str, tuple[str, ...]], ...] = ()
    allowed_words: tuple[str, ...] = ()
    allowed_patterns: tuple[str, ...] = ()
    disabled: frozenset[str] = frozenset()
    origin: str = ""
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def active_rules(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.id not in self.disabled)

    def macro_map(self) -> dict[str, str]:
        return dict(self.macros)

    def words(self, lexicon: str) -> tuple[str, ...]:
        for name, words in self.lexicon:
            if name == lexicon:
                return words
        return ()

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def merged(self, team: RuleSet) -> RuleSet:
        """This set with a team's file on top: its rules replace same-id rules or are added."""
        by_id = {rule.id: rule for rule in team.rules}
        rules = [by_id.pop(rule.id, rule) for rule in self.rules]
        rules.extend(rule for rule in team.rules if rule.id in by_id)
        macros = dict(self.macros)
        macros.update(team.macros)
        lexicon = {name: list(words) for name, words in self.lexicon}
        for name, words in team.lexicon:
            lexicon.setdefault(name, []).extend(w for w in words if w not in lexicon[name])
        return RuleSet(
            rules=tuple(rules),
            macros=tuple(macros.items()),
            lexicon=tuple((name, tuple(words)) for name, words in lexicon.items()),
            allowed_words=_unique(self.allowed_words + team.allowed_words),
            allowed_patterns=_unique(self.allowed_patterns + team.allowed_patterns),
            disabled=self.disabled | team.disabled,
            origin=f"{self.origin} + {team.origin}" if self.origin else team.origin,
        )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


@cache
def default_rules() -> RuleSet:
    """The rules shipped with pmdesk."""
    source = resources.files("pmdesk.language").joinpath("rules.json")
    text = source.read_text(encoding="utf-8")
    from pmdesk.language._prepared import prepared

    def parse() -> tuple[RuleSet, dict[frozenset[str], str]]:
        rules = _parse_shipped(text)
        return rules, dict(_TRIES)  # the word lists' regexes, built while parsing

    rules, tries = prepared("rules", text, parse, tuple, _RULES_CODE)
    if not (isinstance(rules, RuleSet) and isinstance(tries, dict)):
        rules, tries = parse()
    _TRIES.update(tries)
    return rules


# The modules whose code turns rules.json into a RuleSet (a change to them re-parses it).
_RULES_CODE = ("rules.py", "_jsonlines.py")


def _parse_shipped(text: str) -> RuleSet:
    name = "pmdesk/language/rules.json"
    try:
        return parse_rules(text, name, base=None, lines=False)
    except RulesError:
        return parse_rules(text, name, base=None)  # again, to say on which line


# A team rules file is a few kilobytes; this is far above any real one.
MAX_RULES_BYTES = 16 * 1024 * 1024
# Opening never blocks on a named pipe with no writer, nor takes over a terminal.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe, not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
)


def _read_rules_file(path: str | Path) -> bytes:
    """The file's bytes; a folder, a pipe, a device or a huge file is refused before reading.

    The language engine stands alone (no other pmdesk module), so it reads its one file itself,
    with the same care as pmdesk.files: opened without blocking, checked before a byte is read.
    """
    name = str(path)

    def refused(reason: str) -> RulesError:
        return RulesError(f"{name}: cannot read the rules file: {reason}")

    try:
        fd = os.open(path, _READ_FLAGS)
    except (FileNotFoundError, IsADirectoryError) as exc:
        found = isinstance(exc, IsADirectoryError)
        raise refused(
            "is a folder, not a file. Choose a file."
            if found
            else "no such file. Check the name and the folder."
        ) from None
    except OSError as exc:
        raise refused(f"cannot be read ({exc.strerror or exc}). Check the file.") from None
    try:
        info = os.fstat(fd)
        kind = next((words for test, words in _KINDS if test(info.st_mode)), None)
        if kind is None and not stat.S_ISREG(info.st_mode):
            kind = "is not a regular file"
        if kind is not None:
            raise refused(f"{kind}. pmdesk reads only regular files; choose a file.")
        if info.st_size > MAX_RULES_BYTES:
            raise refused("is larger than 16 MB, far more than a rules file needs.")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_RULES_BYTES + 1)
    except OSError as exc:
        raise refused(f"cannot be read ({exc.strerror or exc}). Check the file.") from None
    finally:
        os.close(fd)
    if len(data) > MAX_RULES_BYTES:
        raise refused("is larger than 16 MB, far more than a rules file needs.")
    return data


def load_rules(path: str | Path) -> RuleSet:
    """Read a team rules file (same format as the built-in one) and check it against it."""
    name = str(path)
    raw = _read_rules_file(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise RulesError(f"{name}:{line}: the rules file is not UTF-8 text.") from None
    return parse_rules(text, name, base=default_rules())


def expand_macros(pattern: str, macros: Mapping[str, str], where: str = "") -> str:
    """Replace {MACRO} references (recursively) by their regex text."""

    def expand(text: str, seen: tuple[str, ...]) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in seen:
                raise RulesError(f"{where}macro {{{name}}} refers to itself.")
            if name not in macros:
                raise RulesError(f"{where}unknown macro {{{name}}}.")
            return expand(macros[name], (*seen, name))

        return _MACRO.sub(one, text)

    return expand(pattern, ())


def lexicon_macros(lexicon: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Each word list also becomes a macro, e.g. {LEX_ROLES}, so patterns and code share it."""
    result: dict[str, str] = {}
    for name, words in lexicon.items():
        phrases = frozenset(" ".join(w.replace("’", "'").split()) for w in words if w.strip())
        body = _trie_regex(phrases) if phrases else "(?!x)x"
        result[f"LEX_{name.upper()}"] = f"(?:{body})"
    return result


# The built-in lists are turned into macros by the rules, the engine and the model: each list's
# regex is built once (and kept with the parsed rules between runs, see default_rules).
_TRIES: dict[frozenset[str], str] = {}


def _trie_regex(phrases: frozenset[str]) -> str:
    """One alternation of literal phrases, sharing prefixes ("on-call|oncall|on call" becomes
    "on(?:-call|call|\\s+call)"): far shorter than the plain list, so the rules that use the long
    word lists compile several times faster. Longer phrases are still tried first."""
    known = _TRIES.get(phrases)
    if known is None:
        known = _TRIES[phrases] = _build_trie(phrases)
    return known


def _build_trie(phrases: frozenset[str]) -> str:
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, Any]) -> str:
    branches = [_char(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return (body if len(branches) > 1 else f"(?:{body})") + "?"
    return body


def _char(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['’]"
    return re.escape(char)


def _phrase_regex(phrase: str) -> str:
    """A literal phrase in which any run of spaces matches any run of whitespace."""
    parts = []
    for word in phrase.split():
        parts.append(re.escape(word.replace("’", "'")).replace("'", "['’]"))
    return r"\s+".join(parts)


def word_pattern(word: str) -> str:
    return _phrase_regex(word)


# --- parsing --------------------------------------------------------------------------------------


class _Reader:
    """Validates one parsed file, turning every problem into 'file:line: what is wrong'."""

    def __init__(self, name: str, base: RuleSet | None) -> None:
        self.name = name
        self.base = base

    def fail(self, line: int, message: str) -> RulesError:
        return RulesError(f"{self.name}:{line}: {message}")

    def string_list(self, obj: Located, key: str, what: str) -> tuple[str, ...]:
        value = obj.value.get(key)
        line = obj.line_of(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(line, f'"{key}" must be a list of {what}.')
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                item_line = obj.item_line(key, index)
                raise self.fail(item_line, f'"{key}" entry {index + 1} must be non-empty text.')
            items.append(item.strip())
        return tuple(items)

    def text(self, obj: Located, key: str, *, required: bool, allow_null: bool = False) -> Any:
        if key not in obj.value:
            if required:
                raise self.fail(obj.line, f'this rule has no "{key}".')
            return None
        value = obj.value[key]
        if value is None and allow_null:
            return None
        if not isinstance(value, str) or not value.strip():
            null = " or null" if allow_null else ""
            raise self.fail(obj.line_of(key), f'"{key}" must be non-empty text{null}.')
        return value


def parse_rules(text: str, name: str, base: RuleSet | None, *, lines: bool = True) -> RuleSet:
    """Parse rules-file text. With a base (the built-in set), macros and ids are checked against it.

    lines=False skips finding where each value starts (a mistake is then reported on line 0).
    """
    try:
        root = parse_located(text) if lines else without_lines(json.loads(text))
    except json.JSONDecodeError as exc:
        raise RulesError(
            f"{name}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})."
        ) from None
    reader = _Reader(name, base)
    if not isinstance(root.value, dict):
        raise reader.fail(1, 'a rules file must be a JSON object with a "rules" list.')
    for key in root.value:
        if key not in TOP_KEYS:
            known = ", ".join(sorted(TOP_KEYS))
            raise reader.fail(root.line_of(key), f'unknown key "{key}" (known keys: {known}).')
    version = root.value.get("pmdesk_rules", 1)
    if version != 1:
        raise reader.fail(
            root.line_of("pmdesk_rules"), 'unsupported "pmdesk_rules" version (expected 1).'
        )

    macros = _read_macros(reader, root)
    lexicon = _read_lexicon(reader, root)
    all_macros = dict(base.macro_map()) if base else {}
    all_macros.update(macros)
    base_lexicon = {n: list(w) for n, w in base.lexicon} if base else {}
    for lex_name, lex_words in lexicon.items():
        base_lexicon.setdefault(lex_name, []).extend(lex_words)
    all_macros.update(lexicon_macros(base_lexicon))
    all_macros.update({m: "(?!x)x" for m in RUNTIME_MACROS})

    allowed_words = reader.string_list(root, "allowed_words", "words or phrases")
    allowed_patterns = reader.string_list(root, "allowed_patterns", "regular expressions")
    for index, pattern in enumerate(allowed_patterns):
        _check_regex(reader, pattern, all_macros, root.item_line("allowed_patterns", index))

    rules: list[Rule] = []
    seen: dict[str, int] = {}
    rules_value = root.value.get("rules", [])
    if not isinstance(rules_value, list):
        raise reader.fail(root.line_of("rules"), '"rules" must be a list of rule objects.')
    for index in range(len(rules_value)):
        item = root.child("rules", index)
        rule = _read_rule(reader, item, all_macros)
        if rule.id in seen:
            raise reader.fail(
                item.line, f'rule id "{rule.id}" is used twice (first on line {seen[rule.id]}).'
            )
        seen[rule.id] = item.line
        rules.append(rule)

    words_value = root.value.get("words", [])
    if not isinstance(words_value, list):
        raise reader.fail(root.line_of("words"), '"words" must be a list.')
    for index in range(len(words_value)):
        rule = _read_word(reader, root, index)
        if rule.id in seen:
            line = root.item_line("words", index)
            raise reader.fail(line, f'the word "{rule.id[5:]}" is listed twice.')
        seen[rule.id] = root.item_line("words", index)
        rules.append(rule)

    disabled = reader.string_list(root, "disable", "rule ids")
    if base is not None:
        known_ids = {rule.id for rule in base.rules} | set(seen) | {LEARNED_ID}
        for index, rule_id in enumerate(disabled):
            if rule_id not in known_ids:
                raise reader.fail(
                    root.item_line("disable", index),
                    f'cannot switch off "{rule_id}": there is no rule with that id.',
                )
    return RuleSet(
        rules=tuple(rules),
        macros=tuple(macros.items()),
        lexicon=tuple((n, tuple(w)) for n, w in lexicon.items()),
        allowed_words=allowed_words,
        allowed_patterns=allowed_patterns,
        disabled=frozenset(disabled),
        origin=name,
    )


def _read_macros(reader: _Reader, root: Located) -> dict[str, str]:
    value = root.value.get("macros", {})
    if not isinstance(value, dict):
        raise reader.fail(root.line_of("macros"), '"macros" must be an object of NAME: regex.')
    macros: dict[str, str] = {}
    node = root.child("macros") if "macros" in root.value else None
    base_macros = reader.base.macro_map() if reader.base else {}
    for key, body in value.items():
        line = node.line_of(key) if node else root.line
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", key):
            raise reader.fail(line, f'macro name "{key}" must be UPPER_CASE letters, digits, _.')
        if key in base_macros or key in RUNTIME_MACROS or key.startswith("LEX_"):
            raise reader.fail(line, f'macro "{key}" is built in and cannot be redefined.')
        if not isinstance(body, str):
            raise reader.fail(line, f'macro "{key}" must be a regular expression (text).')
        macros[key] = body
    return macros


def _read_lexicon(reader: _Reader, root: Located) -> dict[str, list[str]]:
    value = root.value.get("lexicon", {})
    if not isinstance(value, dict):
        raise reader.fail(root.line_of("lexicon"), '"lexicon" must be an object of word lists.')
    if not value:
        return {}
    node = root.child("lexicon")
    lexicon: dict[str, list[str]] = {}
    for key in value:
        if key not in LEXICONS:
            known = ", ".join(LEXICONS)
            raise reader.fail(node.line_of(key), f'unknown word list "{key}" (known: {known}).')
        lexicon[key] = list(reader.string_list(node, key, "words"))
    return lexicon


def _check_regex(reader: _Reader, pattern: str, macros: Mapping[str, str], line: int) -> str:
    try:
        expanded = expand_macros(pattern, macros)
    except RulesError as exc:
        raise reader.fail(line, str(exc)) from None
    if reader.base is None:
        return expanded  # the built-in file: its patterns are compiled (and tested) on first use
    try:
        re.compile(expanded, re.IGNORECASE)
    except re.error as exc:
        raise reader.fail(line, f"the pattern is not a valid regular expression ({exc}).") from None
    return expanded


def _read_rule(reader: _Reader, item: Located, macros: Mapping[str, str]) -> Rule:
    if not isinstance(item.value, dict):
        raise reader.fail(item.line, 'each entry of "rules" must be an object.')
    for key in item.value:
        if key not in RULE_KEYS:
            known = ", ".join(sorted(RULE_KEYS))
            raise reader.fail(item.line_of(key), f'unknown rule key "{key}" (known: {known}).')
    rule_id = reader.text(item, "id", required=True)
    if not _ID.match(rule_id):
        raise reader.fail(
            item.line_of("id"),
            f'rule id "{rule_id}" must use lower-case letters, digits and . _ : - only.',
        )
    category = reader.text(item, "category", required=True)
    if category not in CATEGORIES:
        raise reader.fail(
            item.line_of("category"),
            f'unknown category "{category}" (use one of: {", ".join(CATEGORIES)}).',
        )
    pattern = reader.text(item, "pattern", required=True)
    _check_regex(reader, pattern, macros, item.line_of("pattern"))
    message = reader.text(item, "message", required=True)
    suggestion = reader.text(item, "suggestion", required=False, allow_null=True)
    severity = item.value.get("severity", DEFAULT_SEVERITY[category])
    if severity not in SEVERITIES:
        raise reader.fail(
            item.line_of("severity"), f"severity must be one of {', '.join(SEVERITIES)}."
        )
    triggers = reader.string_list(item, "triggers", "words")
    for index, trigger in enumerate(triggers):
        if not _TRIGGER.match(trigger) or trigger != trigger.lower():
            raise reader.fail(
                item.item_line("triggers", index),
                f'trigger "{trigger}" must be one lower-case word (letters and digits).',
            )
    requires = reader.string_list(item, "requires", "words")
    for index, word in enumerate(requires):
        if not _TRIGGER.match(word) or word != word.lower():
            raise reader.fail(
                item.item_line("requires", index),
                f'"requires" word "{word}" must be one lower-case word (letters and digits).',
            )
    subject = item.value.get("subject")
    if subject is not None and subject not in SUBJECTS:
        raise reader.fail(
            item.line_of("subject"), f'"subject" must be one of {", ".join(SUBJECTS)}.'
        )
    when = _choices(reader, item, "when", WHEN)
    unless = _choices(reader, item, "unless", UNLESS)
    at_start = item.value.get("at_start", False)
    if not isinstance(at_start, bool):
        raise reader.fail(item.line_of("at_start"), '"at_start" must be true or false.')
    return Rule(
        id=rule_id,
        category=category,
        pattern=pattern,
        message=message.strip(),
        suggestion=suggestion,
        severity=severity,
        triggers=triggers,
        requires=requires,
        subject=subject,
        exclude_subjects=tuple(
            w.lower() for w in reader.string_list(item, "exclude_subjects", "words")
        ),
        fields=reader.string_list(item, "fields", "field names"),
        at_start=at_start,
        when=when,
        unless=unless,
        examples=reader.string_list(item, "examples", "sentences"),
        origin=f"{reader.name}:{item.line}" if item.line else reader.name,
    )


def _choices(reader: _Reader, item: Located, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = reader.string_list(item, key, "names")
    for index, value in enumerate(values):
        if value not in allowed:
            raise reader.fail(
                item.item_line(key, index), f'"{key}" accepts only: {", ".join(allowed)}.'
            )
    return values


def _read_word(reader: _Reader, root: Located, index: int) -> Rule:
    line = root.item_line("words", index)
    value = root.value["words"][index]
    if isinstance(value, str):
        spec: dict[str, Any] = {"word": value}
    elif isinstance(value, dict):
        spec = value
        node = root.child("words", index)
        for key in spec:
            if key not in WORD_KEYS:
                known = ", ".join(sorted(WORD_KEYS))
                raise reader.fail(node.line_of(key), f'unknown key "{key}" (known: {known}).')
    else:
        raise reader.fail(line, 'each entry of "words" must be text or an object with "word".')
    word = spec.get("word")
    if not isinstance(word, str) or not word.strip():
        raise reader.fail(line, 'a "words" entry needs a non-empty "word".')
    category = spec.get("category", "judgement")
    if category not in CATEGORIES:
        raise reader.fail(
            line, f'unknown category "{category}" (use one of: {", ".join(CATEGORIES)}).'
        )
    severity = spec.get("severity", DEFAULT_SEVERITY[category])
    if severity not in SEVERITIES:
        raise reader.fail(line, f"severity must be one of {', '.join(SEVERITIES)}.")
    message = spec.get("message", _WORD_MESSAGE)
    suggestion = spec.get("suggestion")
    if not isinstance(message, str) or not message.strip():
        raise reader.fail(line, '"message" must be non-empty text.')
    if suggestion is not None and not isinstance(suggestion, str):
        raise reader.fail(line, '"suggestion" must be text or null.')
    normalised = " ".join(word.casefold().split())
    first = re.findall(r"\w+", normalised)
    rule = Rule(
        id=f"word:{normalised}",
        category=category,
        pattern=word_pattern(word.strip()),
        message=message,
        suggestion=suggestion,
        severity=severity,
        triggers=(first[0],) if first else (),
        unless=("negated",) if category != "listen_for" else (),
        origin=f"{reader.name}:{line}" if line else reader.name,
    )
    return rule
