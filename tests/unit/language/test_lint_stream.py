"""`pmdesk lint` on big inputs: read and reported a piece at a time, positions still exact."""

from __future__ import annotations

import importlib.util
import io
import json
import os
from pathlib import Path

import pytest

from pmdesk.cli.lint import run
from pmdesk.language import LintContext, _lint_input, lint
from pmdesk.language._lint_input import decoded_blocks, segments

# Small segments and blocks, so a few pages of text cross many of their boundaries.
SEGMENT = 4096


@pytest.fixture(autouse=True)
def small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_lint_input, "SEGMENT", SEGMENT)
    monkeypatch.setattr(_lint_input, "_LIMIT", 4 * SEGMENT)
    monkeypatch.setattr(_lint_input, "BLOCK", 1000)


PARAGRAPHS = (
    "Dave ran the wrong migration against the ledger.",
    "The dashboard looked normal until 14:40, and the alert was routed to the secondary.",
    "Who approved this change on a Friday afternoon?",
    "It was obvious that the cache could not take the load.",
    "The runbook was last updated two years ago; nobody owns it.",
    "Zoë’s café dashboard — 数据 looked normal — until the pager fired.",
)


def notes(size: int) -> str:
    """Paragraphs, a code block and a list, repeated to about `size` characters."""
    block = (
        "\n\n".join(PARAGRAPHS)
        + "\n\n```\nThe root cause was human error, says the log line.\n\n"
        + "still in the code block\n```\n\n- Be more careful.\n- Improve monitoring.\n\n"
    )
    return block * (size // len(block) + 1)


def _run(args: list[str], stdin: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(args, stdin or io.StringIO(""), out, err)
    return code, out.getvalue(), err.getvalue()


def whole_text_findings(text: str, field: str = "notes") -> list[dict[str, object]]:
    """What the engine finds checking the text in one piece, as the JSON output states it."""
    found = []
    for f in lint(text, LintContext(field=field)):
        line = text.count("\n", 0, f.start) + 1
        column = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        found.append({"start": f.start, "end": f.end, "line": line, "column": column})
    return found


def test_a_big_file_is_checked_in_segments_with_the_same_findings_and_positions(
    tmp_path: Path,
) -> None:
    text = notes(12 * SEGMENT)
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    with path.open("rb") as stream:
        assert len(list(segments(decoded_blocks(stream)))) >= 10
    code, out, err = _run(["--format", "json", str(path)])
    assert code == 1 and err == ""
    reported = [
        {k: f[k] for k in ("start", "end", "line", "column")}
        for f in json.loads(out)[0]["findings"]
    ]
    assert reported == whole_text_findings(text)
    # Nothing inside the code blocks is flagged, even where a segment could have cut one.
    code_lines = {i + 1 for i, line in enumerate(text.split("\n")) if "says the log" in line}
    assert not code_lines & {f["line"] for f in reported}


def test_text_output_matches_the_json_positions(tmp_path: Path) -> None:
    text = notes(2 * SEGMENT)
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    _, out, _ = _run([str(path)])
    positions = [tuple(line.split(":")[1:3]) for line in out.splitlines()]
    expected = [(str(f["line"]), str(f["column"])) for f in whole_text_findings(text)]
    assert positions == expected


def test_a_line_longer_than_a_segment_keeps_its_columns(tmp_path: Path) -> None:
    sentence = "The alert — routed to Zoë’s phone — fired. "
    text = sentence * (6 * SEGMENT // len(sentence)) + PARAGRAPHS[0]
    path = tmp_path / "one-line.txt"
    path.write_text(text + "\n" + PARAGRAPHS[2], encoding="utf-8")
    code, out, _ = _run(["--format", "json", str(path)])
    findings = json.loads(out)[0]["findings"]
    assert code == 1
    expected = whole_text_findings(text + "\n" + PARAGRAPHS[2])
    assert [f["line"] for f in expected] == [1, 2]  # the last sentence of line 1, and line 2
    assert [(f["line"], f["column"]) for f in findings] == [
        (f["line"], f["column"]) for f in expected
    ]


@pytest.mark.parametrize(("jobs", "share"), [(1, 0.5), (2, 0.75)])
def test_json_is_written_while_the_input_is_still_being_read(jobs: int, share: float) -> None:
    # With helper processes a few segments are read ahead, three for each process.
    data = notes(16 * SEGMENT).encode()

    class Input(io.StringIO):
        def __init__(self) -> None:
            super().__init__()
            self.buffer = io.BytesIO(data)

    stdin = Input()
    read_when_written: list[int] = []

    class Output(io.StringIO):
        def write(self, text: str) -> int:
            if '"rule"' in text:
                read_when_written.append(stdin.buffer.tell())
            return super().write(text)

    out = Output()
    code = run(["--format", "json", "--jobs", str(jobs)], stdin, out, io.StringIO())
    assert code == 1
    assert read_when_written and read_when_written[0] < len(data) * share
    assert len(json.loads(out.getvalue())[0]["findings"]) > 100


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b""])
def test_a_byte_order_mark_does_not_move_line_one_columns(tmp_path: Path, bom: bytes) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(bom + b"That was a careless mistake.\n")
    code, out, _ = _run([str(path)])
    assert code == 1 and out.startswith(f"{path}:1:12: judgement: ")
    code, out, _ = _run(["--format", "json", str(path)])
    assert json.loads(out)[0]["findings"][0]["start"] == 11


def test_a_utf16_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("That was a careless mistake.\n".encode("utf-16"))
    code, out, _ = _run([str(path)])
    assert code == 1 and out.startswith(f"{path}:1:12: judgement: ")


def test_a_bad_byte_far_into_a_file_is_placed_exactly(tmp_path: Path) -> None:
    good = notes(SEGMENT)
    path = tmp_path / "notes.md"
    path.write_bytes(good.encode() + b"caf\xe9\n" + b"more text\n")
    code, out, err = _run([str(path)])
    line = good.count("\n") + 1
    assert code == 2 and out == ""  # refused before anything of it is reported
    assert f"not UTF-8 text (byte 0xE9 at line {line}, column 4)" in err


def test_a_folder_without_text_files_exits_2_with_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "image.png").write_bytes(b"\x89PNG")
    code, out, err = _run([str(folder)])
    assert code == 2 and out == ""
    assert f"pmdesk lint: {folder}: no .md or .txt files in this folder" in err


def test_an_unknown_field_is_refused_with_the_choices() -> None:
    code, out, err = _run(["--field", "actions"], io.StringIO("Improve monitoring."))
    assert code == 2 and out == ""
    assert err.strip() == (
        "pmdesk lint: unknown --field 'actions': choose one of "
        "notes, summary, lessons, timeline, factor, action"
    )


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "notes.md"
    os.mkfifo(pipe)
    code, out, err = _run([str(pipe), "-"], io.StringIO("That was a careless mistake."))
    assert code == 2
    assert f"pmdesk lint: {pipe}: is not a regular file" in err
    assert out.startswith("<stdin>:1:12: judgement: ")  # the rest is still checked


def test_the_phases_benchmark_checks_what_lint_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # benchmarks/lint_stream.py --phases times lint's parts one by one: it must find what the
    # command finds, or it times other work.
    path = Path(__file__).resolve().parents[3] / "benchmarks" / "lint_stream.py"
    spec = importlib.util.spec_from_file_location("benchmark_lint_stream", path)
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    notes = tmp_path / "notes.md"
    notes.write_text(benchmark.notes(20_000), encoding="utf-8")
    out = io.StringIO()
    run([str(notes), "--format", "json"], io.StringIO(""), out, io.StringIO())
    expected = len(json.loads(out.getvalue())[0]["findings"])
    benchmark.phases(notes, 0, runs=1)
    printed = capsys.readouterr().out
    assert f"{expected:,} findings" in printed and expected > 50
    for part in ("start-up", "reading, segments", "the check", "text out", "JSON out"):
        assert part in printed
