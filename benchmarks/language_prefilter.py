"""How much a one-pass multi-pattern prefilter could spare the engine on the 1 MB notes.

Usage: python benchmarks/language_prefilter.py [--repeat N] [--re2 DIR]

Three runs of the same check, back to back, best CPU of N each:
- the engine as it is;
- the ceiling ("oracle"): every sentence is given the exact set of rules that find something in
  it (worked out beforehand, outside the timing), every other candidate rule and every ending
  search is skipped. That is what a perfect prefilter would leave, at no cost of its own;
- if google-re2 can be imported (installed with `pip install --target DIR google-re2` and given
  as --re2 DIR: it is not a dependency of pmdesk), a real one: an RE2 set of every rule's
  pattern made a superset RE2 can run (look-arounds dropped, atomic groups and possessive
  repeats made plain, back-references as any text, \\s spelled out with \\v), matched once on
  each plain ASCII sentence; only the rules it names are searched. Other sentences are left as
  they are. The set is run on the sentence as the rules see it, which the engine makes again
  inside; that double work is timed alone and shown too.
Each run's findings must equal the engine's. The engine runs as pure Python here (PMDESK_PURE is
set): the oracle and the RE2 set work by replacing engine functions, which a compiled engine
(make native) calls directly.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from re import Match, Pattern
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ["PMDESK_PURE"] = "1"  # before pmdesk.language is imported: see the docstring

from pmdesk.language import LintContext, engine, lint  # noqa: E402
from pmdesk.language._compiled import _compile  # noqa: E402
from pmdesk.language._sentence_words import _lower_not_names, _swap_names  # noqa: E402
from pmdesk.language.rules import default_rules  # noqa: E402


def _bench(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(ROOT, "benchmarks", f"{name}.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@contextmanager
def patched(**replacements: object) -> Iterator[None]:
    """engine's functions replaced for the duration."""
    old = {name: getattr(engine, name) for name in replacements}
    for name, value in replacements.items():
        setattr(engine, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(engine, name, value)


# --- the oracle -------------------------------------------------------------------------------


class _Recorder:
    """A rule's regex that notes each sentence (by start) where it finds something."""

    def __init__(self, regex: Pattern[str], index: int, found: dict[int, set[int]], at: list[int]):
        self.regex, self.index, self.found, self.at = regex, index, found, at

    def _note(self, hit: object) -> None:
        if hit:
            self.found.setdefault(self.at[0], set()).add(self.index)

    def search(self, *args: Any) -> Match[str] | None:
        hit = self.regex.search(*args)
        self._note(hit)
        return hit

    def match(self, *args: Any) -> Match[str] | None:
        hit = self.regex.match(*args)
        self._note(hit)
        return hit

    def finditer(self, *args: Any) -> Iterator[Match[str]]:
        hits = list(self.regex.finditer(*args))
        self._note(hits)
        return iter(hits)


def rules_found(text: str, context: LintContext) -> dict[int, set[int]]:
    """For each sentence (by start), the rules whose regex found something there."""
    comp = _compile(context.rules or default_rules())
    index_of = {id(compiled): n for n, compiled in enumerate(comp.rules)}
    found: dict[int, set[int]] = {}
    at = [-1]
    original_regex, original_rules = engine._regex, engine._rule_findings

    def regex(compiled: Any, plain: bool) -> Any:
        return _Recorder(original_regex(compiled, plain), index_of[id(compiled)], found, at)

    def rule_findings(text: str, raw: str, start: int, *rest: Any, **named: Any) -> Any:
        at[0] = start
        return original_rules(text, raw, start, *rest, **named)

    with patched(_regex=regex, _rule_findings=rule_findings):
        lint(text, context)
    return found


def oracle_patches(found: dict[int, set[int]]) -> dict[str, object]:
    """The engine given, per sentence, the rules that match: nothing else is searched."""
    original = engine._rule_findings
    nothing: set[int] = set()

    def rule_findings(text: str, raw: str, start: int, candidates: list[int], *rest: Any) -> Any:
        here = found.get(start, nothing)
        kept = [index for index in candidates if index in here]
        if not kept:
            return None, False, None  # as a sentence no rule is a candidate for
        return original(text, raw, start, kept, *rest)

    return {"_rule_findings": rule_findings, "_ending_here": lambda *args: True}


# --- RE2 supersets ----------------------------------------------------------------------------

_SPACE = r"\t\n\x0b\f\r "
_CATEGORY = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: _SPACE,
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}
_AT = {
    C.AT_BOUNDARY: r"\b",
    C.AT_NON_BOUNDARY: r"\B",
    C.AT_BEGINNING_STRING: r"\A",
    C.AT_END_STRING: r"\z",
    C.AT_BEGINNING: "(?m:^)",  # a superset of ^ without MULTILINE
    C.AT_END: "(?m:$)",  # Python's $ also stands before a last newline
}
_FLAGS = ((C.SRE_FLAG_IGNORECASE, "i"), (C.SRE_FLAG_MULTILINE, "m"), (C.SRE_FLAG_DOTALL, "s"))


def _char(code: int) -> str:
    char = chr(code)
    return char if char.isalnum() and char.isascii() else f"\\x{{{code:x}}}"


def _class(items: list[tuple[Any, Any]]) -> str:
    parts = []
    negate = ""
    for op, av in items:
        if op is C.NEGATE:
            negate = "^"
        elif op is C.LITERAL:
            parts.append(_char(av))
        elif op is C.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is C.CATEGORY:
            parts.append(_CATEGORY[av])
        else:
            raise ValueError(f"class item {op}")
    return f"[{negate}{''.join(parts)}]"


def _flags(flags: int) -> str:
    return "".join(letter for flag, letter in _FLAGS if flags & flag)


def _emit(items: Any) -> str:
    return "".join(_item(op, av) for op, av in items)


def _item(op: Any, av: Any) -> str:
    if op is C.LITERAL:
        return _char(av)
    if op is C.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op is C.ANY:
        return "."
    if op is C.IN:
        return _class(av)
    if op is C.AT:
        return _AT[av]
    if op is C.BRANCH:
        return "(?:" + "|".join(_emit(branch) for branch in av[1]) + ")"
    if op is C.SUBPATTERN:
        _group, add, remove, body = av
        on, off = _flags(add), _flags(remove)
        flags = f"{on}-{off}" if off else on
        return f"(?{flags}:{_emit(body)})"
    if op is C.ATOMIC_GROUP:
        return f"(?:{_emit(av)})"
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, body = av
        if high is C.MAXREPEAT or high > 1000:
            count = "*" if low == 0 else "+" if low == 1 else f"{{{min(low, 1000)},}}"
        elif low == high:
            count = f"{{{low}}}"
        else:
            count = f"{{{low},{high}}}"
        return f"(?:{_emit(body)}){count}"
    if op in (C.ASSERT, C.ASSERT_NOT):
        return ""  # dropped: the rest matches wherever the whole did
    if op is C.GROUPREF:
        return "(?s:.*)"
    if op is C.GROUPREF_EXISTS:
        _group, yes, no = av
        return f"(?:{_emit(yes)}|{_emit(no) if no else ''})"
    raise ValueError(f"opcode {op}")


def re2_superset(regex: Pattern[str]) -> str:
    """A pattern RE2 runs that matches wherever regex does (on plain ASCII text)."""
    parsed = sre.parse(regex.pattern, regex.flags)
    flags = _flags(parsed.state.flags)
    return (f"(?{flags})" if flags else "") + _emit(parsed)


def re2_patches(re2: Any, text: str, context: LintContext, filter_on: bool) -> dict[str, object]:
    """The engine with an RE2 set run on each plain sentence before its rules (filter_on), or
    only the sentence made as the rules see it, to time that double work alone."""
    comp = _compile(context.rules or default_rules())
    options = re2.Options()
    options.max_mem = 256 << 20
    options.word_boundary = True
    options.perl_classes = True
    rule_set = re2.Set.SearchSet(options)
    for compiled in comp.rules:
        rule_set.Add(re2_superset(compiled.plain_regex))
    rule_set.Compile()
    match = rule_set.Match
    original = engine._rule_findings
    counts = STATS.setdefault("re2" if filter_on else "twice", [0, 0, 0])
    counts[:] = [0, 0, 0]
    LOCALS.clear()

    def rule_findings(
        text: str, raw: str, start: int, candidates: list[int], comp: Any, names: Any, *rest: Any
    ) -> Any:
        if not raw.isascii():
            return original(text, raw, start, candidates, comp, names, *rest)
        local = _lower_not_names(_swap_names(_swap_names(raw, names[0]), names[1]), comp.not_names)
        if not filter_on:
            return original(text, raw, start, candidates, comp, names, *rest)
        here = set(match(local) or ())
        kept = [index for index in candidates if index in here]
        counts[0] += 1
        counts[1] += len(candidates)
        counts[2] += len(kept)
        LOCALS.append(local)
        if not kept:
            return None, False, None
        return original(text, raw, start, kept, comp, names, *rest)

    return {"_rule_findings": rule_findings, "_match": match}


# Candidates the set was asked about and kept (sentences, candidates, kept), and the sentences.
STATS: dict[str, list[int]] = {}
LOCALS: list[str] = []


# --- timing -----------------------------------------------------------------------------------


def _cpu(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--re2", metavar="DIR", help="where google-re2 is installed")
    args = parser.parse_args(argv)
    speed = _bench("language_speed")
    print(f"load at the start: {os.getloadavg()}")
    text = speed.realistic_notes(1_000_000)
    context = LintContext(names=speed.NAMES)
    expected = lint(text, context)
    found = rules_found(text, context)
    kept = sum(len(rules) for rules in found.values())
    print(f"{len(found)} sentences with a rule that finds something, {kept} such rules in all")
    runs: dict[str, dict[str, object]] = {"engine": {}, "oracle": oracle_patches(found)}
    if args.re2:
        sys.path.insert(0, args.re2)
        import re2  # type: ignore[import-not-found]

        started = time.process_time()
        runs["re2 set"] = re2_patches(re2, text, context, True)
        re2_match = runs["re2 set"].pop("_match")
        print(
            f"RE2 set of {len(_compile(default_rules()).rules)} rules built in "
            f"{time.process_time() - started:.3f} s CPU"
        )
        runs["sentence made twice"] = re2_patches(re2, text, context, False)
        runs["sentence made twice"].pop("_match")
    best: dict[str, float] = {name: float("inf") for name in runs}
    for name, replacements in runs.items():
        with patched(**replacements):
            if lint(text, context) != expected:
                print(f"{name}: findings DIFFER")
    if "re2" in STATS:
        sentences, candidates, kept_by_set = STATS["re2"]
        print(
            f"RE2 set on {sentences} plain sentences with candidates: {candidates} candidate "
            f"rules, {kept_by_set} kept"
        )
        asked = list(LOCALS)
        match = re2_match
        print(
            f"  the set's Match alone on them: {_cpu(lambda: [match(s) for s in asked]):.3f} s CPU"
        )
    for _ in range(args.repeat):
        for name, replacements in runs.items():
            with patched(**replacements):
                best[name] = min(best[name], _cpu(lambda: lint(text, context)))
    for name, seconds in best.items():
        print(f"{name}: CPU best of {args.repeat} {seconds:.3f} s")
    print(f"load at the end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
