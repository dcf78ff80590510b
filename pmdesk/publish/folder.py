"""The folder a publish writes into: only changed files rewritten, stale pages removed.

A small manifest (MANIFEST, beside the pages) records every file pmdesk wrote there with the
hash of its content. Publishing again compares each new file's hash with it: a file that did
not change is left alone (its modification time too, so a web server or a sync tool sees
nothing new), and a file of an earlier publish that is not written this time (a postmortem
trashed, unpublished or retitled) is removed. Files pmdesk did not write are never touched, and
a folder that holds other files but no manifest is refused rather than mixed into.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".pmdesk-publish.json"
_WHAT = {"html": "a web site", "md": "a Markdown folder"}
# Reads a file before it is written; raises to refuse it.
Check = Callable[[str, bytes], None]


class PublishProblem(Exception):
    """The folder cannot take the publish: one line saying which folder and what to do."""


@dataclass(frozen=True)
class Outcome:
    written: int
    unchanged: int
    removed: int
    folder: Path
    start: Path  # the page to open first (index.html or index.md)

    def describe(self) -> str:
        return f"{self.written} written, {self.unchanged} unchanged, {self.removed} removed"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _problem(folder: Path, exc: OSError) -> PublishProblem:
    reason = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(folder) else ""
    return PublishProblem(f"Cannot publish into {folder}: {reason.lower()}{where}.")


class PublishFolder:
    """Writes a publish's files; `finish` removes what the last publish wrote and this one did
    not, and records the new set."""

    def __init__(
        self, folder: Path, fmt: str, *, protect: tuple[Path, ...] = (), check: Check | None = None
    ) -> None:
        self.folder = folder
        self._check = check
        self.fmt = fmt
        self._protect = {p.resolve() for p in protect}
        self._before: dict[str, list[object]] = {}
        self._now: dict[str, list[object]] = {}
        self.written = self.unchanged = 0
        self._open()

    def _open(self) -> None:
        folder = self.folder
        if folder.exists() and not folder.is_dir():
            raise PublishProblem(
                f"{folder} is a file, not a folder: give a folder to publish into."
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _problem(folder, exc) from exc
        manifest = folder / MANIFEST
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                before = data["files"]
                fmt = data["format"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise PublishProblem(
                    f"{manifest} is damaged ({type(exc).__name__}); delete it and publish into "
                    "an empty folder."
                ) from exc
            if fmt != self.fmt:
                raise PublishProblem(
                    f"{folder} holds {_WHAT.get(str(fmt), fmt)} published by pmdesk; publish "
                    f"{_WHAT[self.fmt]} into another folder."
                )
            self._before = {str(k): list(v) for k, v in before.items()}
        else:
            try:
                others = next(iter(folder.iterdir()), None)
            except OSError as exc:
                raise _problem(folder, exc) from exc
            if others is not None:
                raise PublishProblem(
                    f"{folder} already holds other files ({others.name}); publish into an empty "
                    "or new folder."
                )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PublishProblem(f"Cannot publish into {folder}: it is not writable.")

    def write(self, name: str, data: bytes) -> None:
        """Write `name` (a relative path with '/') unless the same content is there already."""
        if self._check is not None:
            self._check(name, data)
        digest = _digest(data)
        self._now[name] = [digest, len(data)]
        target = self.folder / name
        known = self._before.get(name)
        if known == [digest, len(data)] and self._same_size(target, len(data)):
            self.unchanged += 1
            return
        if target.resolve() in self._protect:
            raise PublishProblem(
                f"Publishing would overwrite {target}, the database; choose another folder."
            )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".publish-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise _problem(self.folder, exc) from exc
        self.written += 1

    @staticmethod
    def _same_size(target: Path, size: int) -> bool:
        try:
            return target.stat().st_size == size
        except OSError:
            return False

    def finish(self, start: str) -> Outcome:
        """Remove the last publish's files that this one did not write; record this one."""
        removed = 0
        for name in sorted(set(self._before) - set(self._now)):
            target = self.folder / name
            try:
                target.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise _problem(self.folder, exc) from exc
        self._save_manifest(self._now)
        return Outcome(self.written, self.unchanged, removed, self.folder, self.folder / start)

    def abandon(self) -> None:
        """A publish stopped part-way: remember every file of either publish, so the next one
        still knows which to remove."""
        self._save_manifest({**self._before, **self._now})

    def _save_manifest(self, files: dict[str, list[object]]) -> None:
        text = json.dumps(
            {"format": self.fmt, "files": dict(sorted(files.items()))}, ensure_ascii=False
        )
        data = (text + "\n").encode("utf-8")
        try:
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".publish-", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, self.folder / MANIFEST)
        except OSError as exc:
            raise _problem(self.folder, exc) from exc
