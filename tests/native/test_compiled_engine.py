"""The compiled language engine (`make native`): loaded from its build, and finding exactly what
the pure Python engine finds. `make test` runs these after building it (its second run); without
a build of the current sources there is nothing to check, and with PMDESK_PURE=1 (the first run)
they are left to the second run.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmdesk.language import _native

HERE = Path(__file__).resolve().parent
BUILD = _native.fresh_build()

pytestmark = [
    pytest.mark.skipif(
        _native.forced_pure(), reason="PMDESK_PURE is set: make test checks the build afterwards"
    ),
    pytest.mark.skipif(
        BUILD is None, reason="no compiled engine for these sources (make native builds one)"
    ),
]


def test_every_compiled_module_comes_from_the_build() -> None:
    assert BUILD is not None
    package = Path(_native.package_in_build(BUILD))
    for name in _native.COMPILED:
        module = importlib.import_module(f"pmdesk.language.{name}")
        assert _native.is_compiled(module), name
        assert Path(module.__file__ or "").parent == package, name
    library = sys.modules[_native.GROUP_LIBRARY]
    assert Path(library.__file__ or "").parent == Path(BUILD)
    assert _native.engine_mode() == "compiled"


def _findings(cache: Path, pure: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "PMDESK_PURE"}
    env.update(PMDESK_REGEX_CACHE=str(cache / "regex-cache.bin"))
    env.update(PMDESK_FINDINGS_MEMO=str(cache / "findings-memo.bin"))
    if pure:
        env["PMDESK_PURE"] = "1"
    run = subprocess.run(
        [sys.executable, str(HERE / "_findings.py"), "1000000"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    found: dict[str, object] = json.loads(run.stdout)
    return found


def test_the_compiled_engine_finds_exactly_what_pure_python_finds(tmp_path: Path) -> None:
    """On the benchmark's 1 MB of realistic notes, each side in a process of its own. They share
    the caches kept on disk, as a checkout's runs do, and each reads what the other wrote."""
    assert BUILD is not None
    pure = _findings(tmp_path, pure=True)
    compiled = _findings(tmp_path, pure=False)
    pure_again = _findings(tmp_path, pure=True)
    assert (pure["compiled"], compiled["compiled"], pure_again["compiled"]) == (False, True, False)
    assert Path(str(compiled["engine"])).parent == Path(_native.package_in_build(BUILD))
    findings = pure["findings"]
    assert isinstance(findings, dict)
    assert all(len(found) > 100 for found in findings.values())  # realistic: many to compare
    assert compiled["findings"] == findings
    assert pure_again["findings"] == findings
