"""`pmdesk lint` as a user and a CI job see it: output, exit codes, and unreadable input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pmdesk.cli.lint import run
from pmdesk.language import reframe

BLAME = "Intro line.\nThat was a careless mistake.\n"
CLEAN = "The alert failed to fire because the threshold was 50%.\n"


class _Stdin(io.StringIO):
    """Standard input with a byte buffer, like sys.stdin."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.buffer = io.BytesIO(data)


def _run(args: list[str], stdin: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(args, stdin or io.StringIO(""), out, err)
    return code, out.getvalue(), err.getvalue()


def _file(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_text_format_lists_path_line_column_category_and_message(tmp_path: Path) -> None:
    path = _file(tmp_path, "notes.md", BLAME + "The root cause was DNS.\n")
    code, out, err = _run([str(path)])
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}:2:12: judgement: ")
    assert lines[1].startswith(f"{path}:3:5: single_root_cause: ")
    # Every blame finding: its kind's system-focused reframe; a rule's own words after it.
    root = f"[try instead: {reframe('single_root_cause')}] [suggestion: contributing factor]"
    assert lines[1].endswith(root)
    assert lines[0].endswith(f"[try instead: {reframe('judgement')}]")


def test_json_format_has_exactly_the_documented_shape(tmp_path: Path) -> None:
    path = _file(tmp_path, "notes.md", "🚨 数据 " + BLAME)
    code, out, _ = _run(["--format", "json", str(path)])
    assert code == 1
    data = json.loads(out)
    assert list(data[0]) == ["path", "findings"] and data[0]["path"] == str(path)
    (finding,) = data[0]["findings"]
    assert list(finding) == [
        "start",
        "end",
        "line",
        "column",
        "rule",
        "category",
        "severity",
        "message",
        "suggestion",
        "reframe",
    ]
    text = path.read_text(encoding="utf-8")
    assert text[finding["start"] : finding["end"]] == "careless"  # code points, emoji included
    assert (finding["line"], finding["column"]) == (2, 12)
    assert finding["category"] == "judgement" and finding["severity"] == "error"
    assert finding["suggestion"] is None
    assert finding["reframe"] == reframe("judgement")  # the kind's, as the hover shows


def test_json_output_is_byte_for_byte_what_json_dumps_writes(tmp_path: Path) -> None:
    """The findings are written by a template, a file at a time; the bytes must still be those of
    json.dumps(whole list, indent=2), whatever a team's message or suggestion holds."""
    odd = 'Say "what" \\ not who\t— café 数据 🚨\u0001 </script>'
    rules = _file(
        tmp_path,
        "team.json",
        json.dumps(
            {
                "words": [
                    {"word": "hero", "message": odd, "suggestion": odd + "!"},
                    {"word": "ninja", "message": "Plain.", "suggestion": None},
                ]
            }
        ),
    )
    first = _file(tmp_path, "a “quoted” ☃.md", "🚨 A hero.\r\nWe needed a ninja and a hero.\n")
    second = _file(tmp_path, "clean.md", CLEAN)
    code, out, _ = _run(["--format", "json", "--rules", str(rules), str(first), str(second)])
    data = json.loads(out)
    assert code == 1 and [len(entry["findings"]) for entry in data] == [3, 0]
    assert data[0]["findings"][0]["message"] == odd
    assert data[0]["findings"][1]["suggestion"] is None
    assert out == json.dumps(data, indent=2) + "\n"


def test_exit_zero_when_clean_and_for_listen_for_cues_only(tmp_path: Path) -> None:
    clean = _file(tmp_path, "clean.md", CLEAN)
    cue = _file(tmp_path, "cue.md", "I assumed the flag was off because staging showed it off.\n")
    code, out, _ = _run(["--format", "json", str(clean), str(cue)])
    assert code == 0
    data = json.loads(out)
    assert data[0]["findings"] == []
    assert [f["category"] for f in data[1]["findings"]] == ["listen_for"]


def test_many_files_and_folders_in_one_call(tmp_path: Path) -> None:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    _file(folder, "a.md", CLEAN)
    _file(folder, "b.txt", BLAME)
    _file(folder, "image.png", b"\x89PNG\x00\x00")  # not a text file: not picked up
    code, out, err = _run(["--format", "json", str(folder)])
    assert code == 1 and err == ""
    assert [Path(entry["path"]).name for entry in json.loads(out)] == ["a.md", "b.txt"]


def test_stdin_when_no_file_or_dash() -> None:
    code, out, _ = _run(["--format", "json"], io.StringIO("Who approved this?"))
    assert code == 1
    assert json.loads(out)[0]["path"] == "<stdin>"
    code, _, _ = _run(["-"], _Stdin(CLEAN.encode()))
    assert code == 0


def test_names_make_attendees_count_as_people(tmp_path: Path) -> None:
    # The learned layer reads "failed to notice" as hindsight whoever is meant; off here, so
    # what is measured is the rule that needs "Will" to be a person.
    rules = str(_file(tmp_path, "team.json", json.dumps({"disable": ["learned"]})))
    text = "Will failed to notice the disk alert."
    assert _run(["--rules", rules], io.StringIO(text))[0] == 0
    assert _run(["--rules", rules, "--names", "Ana, Will"], io.StringIO(text))[0] == 1


def test_action_field_flags_vague_verbs(tmp_path: Path) -> None:
    # The vague-verb rule speaks only in the action field (the learned layer, which reads any
    # field, is switched off here so the rule is what is measured).
    rules = str(_file(tmp_path, "team.json", json.dumps({"disable": ["learned"]})))
    text = "In the retro we agreed to improve monitoring."
    assert _run(["--rules", rules], io.StringIO(text))[0] == 0
    code, out, _ = _run(["--rules", rules, "--field", "action"], io.StringIO(text))
    assert code == 1 and ":1:27: vague_action" in out


def test_team_rules_file(tmp_path: Path) -> None:
    rules = _file(tmp_path, "team.json", json.dumps({"words": ["hero"]}))
    code, out, _ = _run(["--rules", str(rules)], io.StringIO("We needed a hero."))
    assert code == 1 and "judgement" in out
    broken = _file(tmp_path, "broken.json", '{\n  "words": [1]\n}')
    code, out, err = _run(["--rules", str(broken)], io.StringIO("fine"))
    assert code == 2 and out == ""
    assert f"{broken}:2:" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"first line\ncaf\xe9 au lait\n", "not UTF-8 text (byte 0xE9 at line 2, column 4)"),
    ],
)
def test_unreadable_input_exits_2_with_a_clear_message(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = _file(tmp_path, "bad.md", content)
    good = _file(tmp_path, "good.md", BLAME)
    code, out, err = _run([str(bad), str(good)])
    assert code == 2
    assert expected in err and str(bad) in err and "Traceback" not in err
    assert str(good) in out  # the readable file is still checked


def test_binary_on_stdin_and_missing_files() -> None:
    code, _, err = _run([], _Stdin(b"\x00\x01\x02"))
    assert code == 2 and "<stdin>" in err and "binary" in err
    code, _, err = _run(["/no/such/file.md"])
    assert code == 2 and "no such file" in err


def test_utf16_and_bom_files_are_read(tmp_path: Path) -> None:
    path = _file(tmp_path, "utf16.txt", "That was sloppy.".encode("utf-16"))
    assert _run([str(path)])[0] == 1


def test_help_and_bad_usage() -> None:
    code, out, err = _run(["--help"])
    assert code == 0 and out.startswith("usage: pmdesk lint") and "--names" in out
    code, out, err = _run(["--format", "xml"])
    assert code == 2 and out == "" and "invalid choice" in err


def test_output_survives_a_terminal_that_cannot_show_the_path(tmp_path: Path) -> None:
    path = _file(tmp_path, "naïve-😀.md", BLAME)
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    code = run([str(path)], io.StringIO(""), out, io.StringIO())
    out.flush()
    assert code == 1
    assert b"\\xef" in raw.getvalue() or b"\\U0001f600" in raw.getvalue()


def test_the_garbage_collector_rests_during_a_check_and_is_back_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from pmdesk.cli import lint as lint_command

    during: list[bool] = []
    real = lint_command.checked

    def watched(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        during.append(gc.isenabled())
        yield from real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lint_command, "checked", watched)
    path = _file(tmp_path, "notes.md", BLAME)
    assert gc.isenabled()
    code, out, _err = _run([str(path)])
    assert code == 1 and "careless" not in out and "judgement" in out
    assert during == [False]
    assert gc.isenabled()
    # One that has the collector off already leaves it off.
    gc.disable()
    try:
        _run([str(path)])
        assert not gc.isenabled()
    finally:
        gc.enable()
