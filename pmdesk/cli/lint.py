"""`pmdesk lint [FILE ...]`: the blame-language check on the command line, for people and CI.

The main `pmdesk` command hands everything after `lint` to `run`, with the streams to use; nothing
here touches sys.* directly, so tests drive it with StringIO and the exit code comes back as an int.
Exit codes: 0 no blame finding ("listen for" cues do not count), 1 some blame, 2 bad usage or input
that cannot be read (binary, not UTF-8, missing) - always with a message, never a traceback.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import json
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii as _json_string
from pathlib import Path
from typing import Any, NoReturn, TextIO

from pmdesk.cli.common import at_least_one
from pmdesk.language import (
    Finding,
    LintContext,
    is_blame,
    reframe,
    shared_sentences,
    suggested_words,
)
from pmdesk.language._lint_input import (
    Segment,
    Unreadable,
    decoded_blocks,
    segments,
    text_blocks,
)
from pmdesk.language._parallel import LintJob, checked, cpu_sample
from pmdesk.language.rules import RulesError, RuleSet, default_rules, load_rules

STDIN_NAME = "<stdin>"
TEXT_SUFFIXES = (".md", ".markdown", ".mdown", ".txt", ".text")
EXIT_CLEAN, EXIT_BLAME, EXIT_ERROR = 0, 1, 2
# The parts of a postmortem --field names (the engine's field names).
FIELDS = ("notes", "summary", "lessons", "timeline", "factor", "action")

DESCRIPTION = (
    "Check postmortem text (plain text or Markdown) for blame language: people named as the "
    "cause, hindsight, judgement words, 'human error', single-root-cause framing, 'who' "
    "questions, minimising words and vague action items. Also marks 'listen for' cues worth "
    "capturing as findings (these never fail the check)."
)
EPILOG = (
    "Files: give any number of files; a directory means every .md, .markdown and .txt file "
    "under it; '-' or no file reads standard input. Exit status: 0 no blame language, "
    "1 blame language found, 2 bad usage or a file that cannot be read."
)


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that writes to the streams it was given and returns instead of exiting."""

    def __init__(self, out: TextIO, err: TextIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._out = out
        self._err = err

    def print_help(self, file: Any = None) -> None:
        _write(file or self._out, self.format_help())

    def print_usage(self, file: Any = None) -> None:
        _write(file or self._err, self.format_usage())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            _write(self._err, message)
        raise _Exit(status)

    def error(self, message: str) -> NoReturn:
        self.print_usage(self._err)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _build_parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(
        out,
        err,
        prog="pmdesk lint",
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="files or folders ('-': stdin)")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: path:line:col: category: message [try instead: …] [suggestion: …] (default); "
        "json: one list",
    )
    parser.add_argument(
        "--names",
        default="",
        metavar='"Ana,Raj"',
        help="comma-separated attendee names, so they are recognised as people",
    )
    parser.add_argument(
        "--rules",
        metavar="FILE",
        help="a team rules file (same format as the built-in rules) to add to the built-in rules",
    )
    parser.add_argument(
        "--field",
        default="notes",
        metavar="FIELD",
        help="what the text is: notes (default), summary, lessons, timeline, factor or action "
        "(action also flags vague verbs such as 'improve monitoring')",
    )
    parser.add_argument(
        "--jobs",
        type=_processes,
        default=None,
        metavar="N",
        help="processes that check a long input side by side (default: one, plus one per "
        "processor core left idle while the start of the input is checked, up to 4; inputs "
        "under about 64 KB always use one)",
    )
    return parser


_processes = at_least_one("--jobs needs a whole number of 1 or more, not {value!r}")


@dataclass
class _Source:
    """One input: its name and how to read its text, a block at a time."""

    path: str
    blocks: Callable[[], Iterator[str]]


def run(argv: Sequence[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run `pmdesk lint` with the arguments after `lint`; returns the exit status.

    The cyclic garbage collector is off while it runs (as it is while the app starts): a
    check makes no reference cycles to collect, and a megabyte of notes fills the engine's
    word and rule caches with tens of thousands of objects that each collection would go
    through again (5 % of the processor time of a megabyte's check)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(argv, stdin, stdout, stderr)
    finally:
        if collecting:
            gc.enable()


def _run(argv: Sequence[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    parser = _build_parser(stdout, stderr)
    try:
        args = parser.parse_args(list(argv))
    except _Exit as done:
        return done.status

    rules = default_rules()
    if args.rules:
        try:
            rules = rules.merged(load_rules(args.rules))
        except RulesError as exc:
            _write(stderr, f"pmdesk lint: {exc}\n")
            return EXIT_ERROR
    known = _fields(rules)
    if args.field not in known:
        _write(
            stderr,
            f"pmdesk lint: unknown --field {args.field!r}: choose one of {', '.join(known)}\n",
        )
        return EXIT_ERROR
    names = tuple(n.strip() for n in args.names.split(",") if n.strip())
    context = LintContext(names=names, field=args.field, rules=rules)
    job = LintJob(names=names, field=args.field, rules_file=args.rules)
    # None: helpers for the cores that stay idle while this process reads and checks the start
    # of the input (measured from here, see _parallel.idle_cores).
    processes = args.jobs
    since = cpu_sample()

    status = EXIT_CLEAN
    out = _JsonOut(stdout) if args.format == "json" else _TextOut(stdout)
    # A reader that leaves early (`| head`) is handled once for every command, in pmdesk.cli.dispatch.
    # A sentence repeated anywhere in the input (a stock bullet, a header) is checked once.
    with shared_sentences():
        for source in _sources(args.files or ["-"], stdin, stderr):
            if source is None:
                status = EXIT_ERROR
                continue
            out.begin(source.path)
            try:
                for segment, findings in checked(
                    segments(source.blocks()), context, job, processes, since
                ):
                    if status == EXIT_CLEAN and any(is_blame(f) for f in findings):
                        status = EXIT_BLAME
                    out.findings(segment, findings)
            except Unreadable as exc:
                _write(stderr, f"pmdesk lint: {source.path}: {exc}\n")
                status = EXIT_ERROR
            out.end()
            since = cpu_sample()  # the next file's helpers: the cores idle from now on
    out.close()
    return status


def _fields(rules: RuleSet) -> tuple[str, ...]:
    """The --field values: the parts of a postmortem, and any field a team rule names."""
    named = (field for rule in rules.rules for field in rule.fields)
    return tuple(dict.fromkeys((*FIELDS, *named)))


def _sources(paths: Sequence[str], stdin: TextIO, stderr: TextIO) -> Iterator[_Source | None]:
    """A _Source per readable input, or None (after a message) for each unreadable one.

    A file is read through once before it is checked, so a binary or wrongly encoded file is
    refused before any of its findings are printed; standard input can only be read once.
    """
    for raw in paths:
        if raw == "-":
            yield _Source(STDIN_NAME, lambda: _stdin_blocks(stdin))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
            )
            if not files:
                _write(stderr, f"pmdesk lint: {raw}: no .md or .txt files in this folder\n")
                yield None
            for file in files:
                yield _checked_file(file, stderr)
            continue
        yield _checked_file(path, stderr)


def _checked_file(path: Path, stderr: TextIO) -> _Source | None:
    source = _Source(str(path), lambda: _file_blocks(path))
    try:
        for _ in source.blocks():
            pass
    except Unreadable as exc:
        _write(stderr, f"pmdesk lint: {path}: {exc}\n")
        return None
    return source


def _file_blocks(path: Path) -> Iterator[str]:
    # Opened without blocking and checked before reading: a named pipe must not hang lint.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except PermissionError:
        raise Unreadable("permission denied") from None
    except OSError as exc:
        raise Unreadable(f"cannot read ({exc.strerror or exc})") from None
    stream = os.fdopen(fd, "rb")
    with stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Unreadable(
                "is not a regular file (a pipe, a device or a socket); give a file, or '-' "
                "and the text on standard input"
            )
        try:
            yield from decoded_blocks(stream)
        except OSError as exc:
            raise Unreadable(f"cannot read ({exc.strerror or exc})") from None


def _stdin_blocks(stdin: TextIO) -> Iterator[str]:
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return decoded_blocks(buffer)
    return text_blocks(stdin)


class _Lines:
    """1-based line and column (in code points) for an offset in a segment of the input."""

    def __init__(self, segment: Segment) -> None:
        self.segment = segment
        self.starts = [0]
        text = segment.text
        at = text.find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        column = offset - self.starts[index] + 1
        if index == 0:
            column += self.segment.column
        return self.segment.line + index, column


def _advice(finding: Finding) -> str:
    """The kind's reframe as [try instead: …], then the rule's own words as [suggestion: …]."""
    shown, words = reframe(finding.category), suggested_words(finding.suggestion)
    return (f" [try instead: {shown}]" if shown else "") + (
        f" [suggestion: {words}]" if words else ""
    )


class _TextOut:
    """path:line:column: category: message [try instead] [suggestion], a line per finding."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.path = ""

    def begin(self, path: str) -> None:
        self.path = path

    def findings(self, segment: Segment, findings: list[Finding]) -> None:
        if not findings:
            return
        lines = _Lines(segment)
        out = []
        for f in findings:
            line, column = lines.position(f.start)
            out.append(f"{self.path}:{line}:{column}: {f.category}: {f.message}{_advice(f)}\n")
        _write(self.stream, "".join(out))

    def end(self) -> None:
        pass

    def close(self) -> None:
        pass


class _JsonOut:
    """One JSON list of {"path", "findings"}, written as the findings come (the same text
    json.dumps(..., indent=2) gives for the whole list)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.files = 0
        self.count = 0

    def begin(self, path: str) -> None:
        opening = "[\n" if not self.files else ",\n"
        _write(self.stream, f'{opening}  {{\n    "path": {json.dumps(path)},\n    "findings": [')
        self.files += 1
        self.count = 0

    def findings(self, segment: Segment, findings: list[Finding]) -> None:
        if not findings:
            return
        lines = _Lines(segment)
        out = []
        for f in findings:
            line, column = lines.position(f.start)
            out.append(",\n" if self.count else "\n")
            out.append(_json_entry(f, segment.offset, line, column))
            self.count += 1
        _write(self.stream, "".join(out))

    def end(self) -> None:
        _write(self.stream, "\n    ]\n  }" if self.count else "]\n  }")

    def close(self) -> None:
        _write(self.stream, "\n]\n" if self.files else "[]\n")


# A finding as json.dumps(entry, indent=2) writes it, indented to its place in the list. With an
# indent, json.dumps takes its pure-Python path, 0.1 s of processor time for the findings of a
# megabyte of notes; the template below writes the same bytes in a sixth of that, its strings
# escaped by the json module's own C function.
_ENTRY = (
    "      {{\n"
    '        "start": {},\n'
    '        "end": {},\n'
    '        "line": {},\n'
    '        "column": {},\n'
    '        "rule": {},\n'
    '        "category": {},\n'
    '        "severity": {},\n'
    '        "message": {},\n'
    '        "suggestion": {},\n'
    '        "reframe": {}\n'
    "      }}"
)


def _json_entry(finding: Finding, offset: int, line: int, column: int) -> str:
    # Every text field is a str (the rules' parser refuses anything else) and suggestion may be
    # None; json's encode_basestring_ascii is exactly what json.dumps uses for a str.
    shown = reframe(finding.category)
    return _ENTRY.format(
        offset + finding.start,
        offset + finding.end,
        line,
        column,
        _json_string(finding.rule),
        _json_string(finding.category),
        _json_string(finding.severity),
        _json_string(finding.message),
        "null" if finding.suggestion is None else _json_string(finding.suggestion),
        "null" if shown is None else _json_string(shown),
    )


def _write(stream: TextIO, text: str) -> None:
    """Write, escaping what the terminal's encoding cannot show rather than crashing."""
    if not text:
        return
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
