"""`pmdesk lint [FILE ...]`: the blame-language check on the command line, for people and CI.

The main `pmdesk` command hands everything after `lint` to `run`, with the streams to use; nothing
here touches sys.* directly, so tests drive it with StringIO and the exit code comes back as an int.
Exit codes: 0 no blame finding ("listen for" cues do not count), 1 some blame, 2 bad usage or input
that cannot be read (binary, not UTF-8, missing) - always with a message, never a traceback.
"""

from __future__ import annotations

import argparse
import bisect
import codecs
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TextIO

from pmdesk.language.engine import Finding, LintContext, is_blame, lint
from pmdesk.language.rules import RulesError, default_rules, load_rules

STDIN_NAME = "<stdin>"
TEXT_SUFFIXES = (".md", ".markdown", ".mdown", ".txt", ".text")
EXIT_CLEAN, EXIT_BLAME, EXIT_ERROR = 0, 1, 2

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
        help="text: path:line:col: category: message [suggestion] (default); json: one list",
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
    return parser


@dataclass
class _Source:
    path: str
    text: str


class _Unreadable(Exception):
    """A file that cannot be checked; the message says which and why."""


def run(argv: Sequence[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run `pmdesk lint` with the arguments after `lint`; returns the exit status."""
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
    names = tuple(n.strip() for n in args.names.split(",") if n.strip())
    context = LintContext(names=names, field=args.field, rules=rules)

    status = EXIT_CLEAN
    results: list[dict[str, Any]] = []
    paths = args.files or ["-"]
    # A reader that leaves early (`| head`) is handled once for every command, in pmdesk.cli.
    for source in _sources(paths, stdin, stderr):
        if source is None:
            status = EXIT_ERROR
            continue
        findings = lint(source.text, context)
        if any(is_blame(f) for f in findings) and status == EXIT_CLEAN:
            status = EXIT_BLAME
        if args.format == "json":
            results.append({"path": source.path, "findings": _json(source.text, findings)})
        else:
            _write(stdout, _text(source, findings))
    if args.format == "json":
        _write(stdout, json.dumps(results, indent=2) + "\n")
    return status


def _sources(paths: Sequence[str], stdin: TextIO, stderr: TextIO) -> Any:
    """Yield a _Source per readable input, or None (after a message) for each unreadable one."""
    for raw in paths:
        if raw == "-":
            try:
                yield _Source(STDIN_NAME, _read_stdin(stdin))
            except _Unreadable as exc:
                _write(stderr, f"pmdesk lint: {STDIN_NAME}: {exc}\n")
                yield None
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
            )
            if not files:
                _write(stderr, f"pmdesk lint: {raw}: no .md or .txt files in this folder\n")
            for file in files:
                yield _read_file(file, stderr)
            continue
        yield _read_file(path, stderr)


def _read_file(path: Path, stderr: TextIO) -> _Source | None:
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        _write(stderr, f"pmdesk lint: {name}: no such file\n")
        return None
    except PermissionError:
        _write(stderr, f"pmdesk lint: {name}: permission denied\n")
        return None
    except OSError as exc:
        _write(stderr, f"pmdesk lint: {name}: cannot read ({exc.strerror or exc})\n")
        return None
    try:
        return _Source(name, decode(data))
    except _Unreadable as exc:
        _write(stderr, f"pmdesk lint: {name}: {exc}\n")
        return None


def _read_stdin(stdin: TextIO) -> str:
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return decode(buffer.read())
    try:
        return stdin.read()
    except UnicodeDecodeError as exc:
        raise _Unreadable(
            f"not UTF-8 text ({exc.reason}); save it as UTF-8 and try again"
        ) from None


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16 text; anything else is refused clearly."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Unreadable("damaged UTF-16 text; save it as UTF-8 and try again") from None
    if b"\x00" in data:
        raise _Unreadable(
            "looks like a binary file (it contains NUL bytes); pmdesk lint checks plain text "
            "and Markdown"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise _Unreadable(
            f"not UTF-8 text (byte 0x{data[exc.start]:02X} at line {line}, column {column}); "
            "save it as UTF-8 and try again"
        ) from None


class _Lines:
    """1-based line and column (in code points) for an offset."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        found = text.find("\n")
        while found >= 0:
            self.starts.append(found + 1)
            found = text.find("\n", found + 1)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def _json(text: str, findings: list[Finding]) -> list[dict[str, Any]]:
    lines = _Lines(text)
    result = []
    for f in findings:
        line, column = lines.position(f.start)
        result.append(
            {
                "start": f.start,
                "end": f.end,
                "line": line,
                "column": column,
                "rule": f.rule,
                "category": f.category,
                "severity": f.severity,
                "message": f.message,
                "suggestion": f.suggestion,
            }
        )
    return result


def _text(source: _Source, findings: list[Finding]) -> str:
    lines = _Lines(source.text)
    out = []
    for f in findings:
        line, column = lines.position(f.start)
        suggestion = f" [suggestion: {f.suggestion}]" if f.suggestion else ""
        out.append(f"{source.path}:{line}:{column}: {f.category}: {f.message}{suggestion}\n")
    return "".join(out)


def _write(stream: TextIO, text: str) -> None:
    """Write, escaping what the terminal's encoding cannot show rather than crashing."""
    if not text:
        return
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def main() -> int:
    return run(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
