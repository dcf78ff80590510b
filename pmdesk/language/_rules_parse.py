"""Parsing a rules file: every value checked, every mistake reported with its file and line."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from pmdesk.language._jsonlines import Located, parse_located, without_lines
from pmdesk.language._macros import expand_macros, lexicon_macros, word_pattern
from pmdesk.language._ruleset import (
    _ID,
    _TRIGGER,
    _WORD_MESSAGE,
    CATEGORIES,
    DEFAULT_SEVERITY,
    LEARNED_ID,
    LEXICONS,
    RULE_KEYS,
    RUNTIME_MACROS,
    SEVERITIES,
    SUBJECTS,
    TOP_KEYS,
    UNLESS,
    WHEN,
    WORD_KEYS,
    Rule,
    RulesError,
    RuleSet,
)


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
    except re.error as error:  # not `exc`: compiled, one name holds one type (RulesError above)
        raise reader.fail(
            line, f"the pattern is not a valid regular expression ({error})."
        ) from None
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
    needs = reader.string_list(item, "needs", "pattern endings")
    problem = _needs_problem(pattern, needs)
    if problem:
        raise reader.fail(item.line_of("needs"), problem)
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
        needs=needs,
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


def _needs_problem(pattern: str, needs: tuple[str, ...]) -> str | None:
    """What is wrong with a rule's "needs" (None if nothing): every alternative of the pattern
    must end with one of them, cut where the pattern is one whole piece followed by another,
    so any match of the pattern ends with a match of one of them."""
    if not needs:
        return None
    for need in needs:
        if (
            not need
            or need[0] in "*+?)|"
            or (need[0] == "{" and not _MACRO_START.match(need))
            or need.startswith("['’]")
        ):
            return f'"needs" entry "{need}" must be a whole piece of the pattern.'
    for branch in _top_level(pattern):
        if not any(_ends_with_piece(branch, need) for need in needs):
            return (
                f'"needs": the alternative "{branch[:60]}" does not end with any of them '
                "(each alternative of the pattern must end with one, as written)."
            )
    return None


# A macro's name, not a repeat count ({2,5}).
_MACRO_START = re.compile(r"\{[A-Z]")


def _top_level(pattern: str) -> list[str]:
    """The pattern's alternatives: split at each "|" outside groups and sets."""
    cuts = [-1] + [i for i, depth in _pieces(pattern) if depth == 0 and pattern[i] == "|"]
    cuts.append(len(pattern))
    return [pattern[a + 1 : b] for a, b in pairwise(cuts)]


def _ends_with_piece(branch: str, need: str) -> bool:
    if not branch.endswith(need):
        return False
    cut = len(branch) - len(need)
    return cut == 0 or dict(_pieces(branch)).get(cut) == 0


def _pieces(pattern: str) -> list[tuple[int, int]]:
    """Where each piece of the pattern starts (an escape, a set, a {...}, a parenthesis or
    another character) with the group depth there (a parenthesis counts as outside)."""
    found: list[tuple[int, int]] = []
    depth = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == ")":
            depth -= 1
        found.append((i, depth))
        if char == "(":
            depth += 1
        if char == "\\":
            i += 2
        elif char == "[":
            i += 1
            if pattern[i : i + 1] == "^":
                i += 1
            if pattern[i : i + 1] == "]":
                i += 1
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
        elif char == "{" and (closing := pattern.find("}", i)) > 0:
            i = closing + 1
        else:
            i += 1
    return found


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
