"""Which build of the language engine runs: the compiled one only when it was built from these
very sources, never with PMDESK_PURE set (pmdesk/language/_native.py).

Each case runs pmdesk from a copy of the package with a build made by hand: the copied sources
stand in for the compiled modules (a C compiler is not needed here; tests/native checks a real
build), so what is checked is which folder every engine module is imported from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from pmdesk.language import _native

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "pmdesk" / "language"
SHOW = (
    "import sys, pmdesk.language as l, pmdesk.language.engine as e, pmdesk.language._text as t\n"
    "print(e.__file__); print(t.__file__)\n"
    "print(len(l.lint('Dave forgot to restart the service.', l.LintContext(names=('Dave',)))))"
)


def _checkout(where: Path) -> Path:
    """A copy of pmdesk/__init__.py and pmdesk/language/: the language package's sources."""
    (where / "pmdesk").mkdir(parents=True)
    shutil.copy2(ROOT / "pmdesk" / "__init__.py", where / "pmdesk" / "__init__.py")
    shutil.copytree(
        SOURCES, where / "pmdesk" / "language", ignore=shutil.ignore_patterns("__pycache__")
    )
    return where / "pmdesk" / "language"


def _build(sources: Path) -> Path:
    """What scripts/build_native.py leaves for `sources`, with source copies for extensions."""
    build = Path(_native.builds_dir(str(sources))) / _native.stamp(str(sources))
    package = build / "pmdesk" / "language"
    package.mkdir(parents=True)
    for name in _native.COPIED:
        shutil.copy2(sources / f"{name}.py", package / f"{name}.py")
    (build / f"{_native.GROUP_LIBRARY}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    return package


def _imported_from(checkout: Path, **env: str) -> tuple[Path, Path]:
    """Where a new process takes the engine and the text module from, after checking a line."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PMDESK_PURE")}
    environment.update(PYTHONPATH=str(checkout), **env)
    shown = subprocess.run(
        [sys.executable, "-c", SHOW],
        capture_output=True,
        text=True,
        env=environment,
        cwd=checkout.parent,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    engine, text, found = shown.stdout.split("\n")[:3]
    assert int(found) == 1  # the engine works, wherever it came from
    return Path(engine).parent, Path(text).parent


def test_a_build_of_these_very_sources_is_used(tmp_path: Path) -> None:
    sources = _checkout(tmp_path / "checkout")
    package = _build(sources)
    assert _imported_from(tmp_path / "checkout") == (package, package)


def test_pmdesk_pure_keeps_the_sources(tmp_path: Path) -> None:
    sources = _checkout(tmp_path / "checkout")
    _build(sources)
    assert _imported_from(tmp_path / "checkout", PMDESK_PURE="1") == (sources, sources)
    package = sources.parents[1] / "build" / "native" / _native.stamp(str(sources))
    assert (
        _imported_from(tmp_path / "checkout", PMDESK_PURE="0")
        == (package / "pmdesk" / "language",) * 2
    )


def test_an_edited_source_makes_the_build_stale_until_it_is_built_again(tmp_path: Path) -> None:
    sources = _checkout(tmp_path / "checkout")
    _build(sources)
    with (sources / "_text.py").open("a", encoding="utf-8") as text:
        text.write("# a comment is an edit too\n")
    assert _native.fresh_build(str(sources)) is None
    assert _imported_from(tmp_path / "checkout") == (sources, sources)
    package = _build(sources)
    assert _imported_from(tmp_path / "checkout") == (package, package)


def test_without_a_build_the_sources_run(tmp_path: Path) -> None:
    sources = _checkout(tmp_path / "checkout")
    assert _native.fresh_build(str(sources)) is None
    assert _imported_from(tmp_path / "checkout") == (sources, sources)


def test_where_nothing_was_ever_built_the_sources_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout with no build/native/ (a fresh clone, an installed wheel) starts without
    reading the engine's sources for a stamp."""
    sources = _checkout(tmp_path / "checkout")

    def read(folder: str | None = None) -> str:
        raise AssertionError(f"the stamp was worked out for {folder}")

    monkeypatch.setattr(_native, "stamp", read)
    assert _native.fresh_build(str(sources)) is None


def test_a_build_without_its_library_is_not_used(tmp_path: Path) -> None:
    """A build folder is complete only once its shared library is there (the build script
    moves a finished build into place in one step; this is a half-copied one)."""
    sources = _checkout(tmp_path / "checkout")
    package = _build(sources)
    (package.parents[1] / f"{_native.GROUP_LIBRARY}{EXTENSION_SUFFIXES[0]}").unlink()
    assert _imported_from(tmp_path / "checkout") == (sources, sources)


@pytest.mark.parametrize("name", ["engine", "_prepared", "_jsonlines"])
def test_the_stamp_follows_every_source_the_build_holds(tmp_path: Path, name: str) -> None:
    sources = _checkout(tmp_path / "checkout")
    before = _native.stamp(str(sources))
    with (sources / f"{name}.py").open("ab") as source:
        source.write(b" ")
    assert _native.stamp(str(sources)) != before


def test_a_module_the_build_does_not_hold_leaves_the_stamp_alone(tmp_path: Path) -> None:
    sources = _checkout(tmp_path / "checkout")
    before = _native.stamp(str(sources))
    with (sources / "memo.py").open("a", encoding="utf-8") as source:
        source.write("# not compiled\n")
    assert _native.stamp(str(sources)) == before


def test_every_module_of_the_package_is_either_compiled_or_kept_pure() -> None:
    """A new module of the engine has to be put in one list or the other, on purpose."""
    modules = {path.stem for path in SOURCES.glob("*.py")}
    assert set(_native.COMPILED).isdisjoint(_native.PURE)
    assert modules == set(_native.COMPILED) | set(_native.PURE)
    assert set(_native.COPIED) - set(_native.COMPILED) <= set(_native.PURE)


def test_the_build_says_what_to_install_without_a_c_compiler(tmp_path: Path) -> None:
    """`make native` and `make test` show this one line instead of a compiler's error."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if os.path.isabs(compiler):
        pytest.skip(f"this Python names its compiler by path ({compiler})")
    env = {**os.environ, "PATH": str(tmp_path)}  # an empty folder: no compiler on the path
    for args in ([], ["--check"]):
        run = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "build_native.py"), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert run.returncode == 3
        assert f"no C compiler ({compiler} not found)" in run.stdout
        assert "apt-get install gcc python3." in run.stdout
