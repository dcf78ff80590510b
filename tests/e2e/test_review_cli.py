"""`pmdesk review` as a facilitator runs it each quarter: from the database to a file to send."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from pmdesk.review import build_review, quarter_period
from pmdesk.review.export import to_json
from pmdesk.storage.repository import Repository
from tests.unit.review.library import TODAY, known_library


@pytest.fixture
def db(repo: Repository, db_path: Path) -> str:
    for pm in sorted(known_library(), key=lambda p: p.id or 0):
        expected = pm.id
        assert repo.create(pm) == expected  # a fresh database numbers them 1, 2, 3 ...
    return str(db_path)


def test_the_json_read_from_the_database_matches_the_library(run_pmdesk, db: str) -> None:  # type: ignore[no-untyped-def]
    done = run_pmdesk(
        "--db", db, "review", "--quarter", "2026Q3", "--as-of", "2026-10-05", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data == to_json(build_review(known_library(), quarter_period(2026, 3), TODAY))
    assert data["postmortems"]["total"] == 5  # 6 and 7 fall outside, 8 is in the trash


def test_markdown_by_default_with_the_warning_first(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from pmdesk.cli import main

    code = main(
        [
            "--db",
            db,
            "review",
            "--from",
            "2026-07-01",
            "--to",
            "2026-09-30",
            "--as-of",
            "2026-10-05",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# Postmortem review: 2026 Q3 (1 Jul 2026 – 30 Sep 2026)\n")
    assert out.index("> **For leadership:** Only 3 of the 7") < out.index("## Coverage")
    assert "| Reviewed within 48 hours of resolution" in out
    assert "| Jul 2026 | 11 min | 5 min | 9 min | 1 h 09 min | #1, #2 |" in out


def test_a_pdf_file_with_every_section(db: str, tmp_path: Path) -> None:
    from pmdesk.cli import main

    target = tmp_path / "q3.pdf"
    assert (
        main(["--db", db, "review", "-q", "2026Q3", "--as-of", "2026-10-05", "-o", str(target)])
        == 0
    )
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    for expected in ("For leadership.", "Coverage", "Depth", "Actions", "Repeats",
                     "Response times by month", "canary stage config deploys",
                     "Admin token exposed in logs"):  # fmt: skip
        assert expected in text, expected


def test_a_lower_threshold_drops_the_warning(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    from pmdesk.cli import main

    main(["--db", db, "review", "-q", "2026Q3", "--as-of", "2026-10-05", "--threshold", "40%"])
    assert "For leadership" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-02-30"], "--from '2026-02-30' is not a date on the calendar"),
        (["--to", "yesterday"], "--to 'yesterday' is not a date: write it as YYYY-MM-DD"),
        (["--quarter", "Q5"], "--quarter 'Q5' is not a quarter"),
        (["--threshold", "half"], "--threshold 'half' is not a percentage"),
        (["--format", "pdf"], "a PDF cannot be written to the terminal"),
    ],
)
def test_bad_input_is_one_line_naming_the_value(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    from pmdesk.cli import main

    assert main(["--db", db, "review", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and message in captured.err


def test_an_empty_database_gives_an_empty_review(tmp_path: Path) -> None:
    from pmdesk.cli.dispatch import main

    out = io.StringIO()
    db = str(tmp_path / "empty.sqlite3")
    import contextlib

    with contextlib.redirect_stdout(out):
        assert main(["--db", db, "review", "-q", "2026Q1", "-f", "json"]) == 0
    data = json.loads(out.getvalue())
    assert data["postmortems"]["total"] == 0 and data["actions"]["completion_rate"] is None
    assert data["warning"] is None and data["repeats"] == []


def test_without_threshold_the_window_preference_is_used(
    run_pmdesk, db: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from tests.e2e.conftest import pmdesk_env

    config = str(tmp_path / "config")
    review = ("--db", db, "review", "-q", "2026Q3", "--as-of", "2026-10-05")
    # 3 of 7 items done (43%): below the default 50%, the review warns.
    assert "For leadership" in run_pmdesk(*review, XDG_CONFIG_HOME=config).stdout
    prefer = (  # the review window's "Warn below" set to 40%, as the app keeps it
        "from PySide6.QtCore import QCoreApplication\n"
        "from pmdesk.ui import settings\n"
        "app = QCoreApplication([]); app.setOrganizationName('pmdesk')\n"
        "app.setApplicationName('pmdesk')\n"
        "settings.REVIEW_WARN_BELOW.set(40)\n"
    )
    subprocess.run(
        [sys.executable, "-c", prefer], check=True, env=pmdesk_env(XDG_CONFIG_HOME=config)
    )
    quiet = run_pmdesk(*review, XDG_CONFIG_HOME=config)
    assert quiet.returncode == 0, quiet.stderr
    assert "For leadership" not in quiet.stdout
    # A flag on the command line still wins over the preference.
    flagged = run_pmdesk(*review, "--threshold", "50", XDG_CONFIG_HOME=config)
    assert "For leadership" in flagged.stdout
