"""The team's own list: terms and /patterns/ every redacted edition hides, in every postmortem.

Account numbers, ticket numbers, customer names and internal code names are the team's to know,
not any one postmortem's. The list is a plain text file in pmdesk's data folder, one term or
/pattern/ a line ('#' starts a comment), so it can be edited by hand and shared; exports,
publishing and the Review redactions window all read it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pmdesk.redaction import TeamTermsError, read_team_terms

FILE_NAME = "redaction-terms.txt"
_HEADER = (
    "# Terms and /patterns/ every redacted edition of a pmdesk postmortem hides, one a line.\n"
    "# A /pattern/ is a regular expression: /ACCT-\\d+/ hides every account number.\n"
)


def team_terms_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("pmdesk", appauthor=False) / FILE_NAME


def load_team_terms(path: Path | None = None) -> list[str]:
    """The list; empty when there is no file yet. Raises TeamTermsError naming the file."""
    path = path or team_terms_path()
    return read_team_terms(_read(path), str(path))


def add_team_term(term: str, path: Path | None = None) -> bool:
    """Add one term or /pattern/ (checked first); False when the list holds it already."""
    path = path or team_terms_path()
    term = term.strip()
    read_team_terms(term, "the new term")  # raises on a broken pattern or an empty match
    before = _read(path) or _HEADER
    if term.casefold() in {t.casefold() for t in read_team_terms(before, str(path))}:
        return False
    _replace(path, before + ("" if before.endswith("\n") else "\n") + term + "\n")
    return True


def remove_team_term(term: str, path: Path | None = None) -> bool:
    """Take a term off the list; comments and the other lines stay as written."""
    path = path or team_terms_path()
    lines = _read(path).splitlines()
    kept = [line for line in lines if line.strip().casefold() != term.strip().casefold()]
    if len(kept) == len(lines):
        return False
    _replace(path, "\n".join(kept) + "\n")
    return True


def _read(path: Path) -> str:
    """The file as written; empty when there is none yet."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise TeamTermsError(f"Cannot read the team's term list {path}: {reason}.") from exc


def _replace(path: Path, text: str) -> None:
    """Write the whole file at once, so a crash never leaves half a list."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".terms-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise TeamTermsError(
            f"Cannot save the team's term list {path}: {exc.strerror or exc}."
        ) from exc
