"""pmdesk as people install it: the wheel `pip install .` builds, and the PyInstaller bundle.

Each check works on a copy or a build outside the checkout and runs pmdesk from another folder,
so a resource that only the source tree has makes it fail.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from pmdesk import __version__

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "org.pmdesk.pmdesk"
SAMPLE_TITLE = "Payment service outage"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PIP = (sys.executable, "-m", "pip")
PYINSTALLER = (sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN")


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.relative_to(folder).parts
    )


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of someone running the installed app: no checkout on the import path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PMDESK_DB")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def _run(
    args: list[str], cwd: Path, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=_clean_env(**env)
    )


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the files a clean checkout has (no caches, no egg-info)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("pmdesk", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    built = subprocess.run(
        [
            *PIP,
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            str(source),
            "-w",
            str(base / "dist"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (found,) = (base / "dist").glob("pmdesk-*.whl")
    return found


def test_the_wheel_carries_every_package_and_resource(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [
        f"pmdesk/resources/{p.relative_to(ROOT / 'resources').as_posix()}"
        for p in _files(ROOT / "resources")
    ]
    missing += [
        p.relative_to(ROOT).as_posix() for p in (ROOT / "pmdesk").rglob("__init__.py")
    ]  # a package left out of pyproject's list would be an ImportError after installing
    missing += [
        "pmdesk/schemas/postmortem-v1.schema.json",
        "pmdesk/schemas/postmortem-v2.schema.json",
        "pmdesk/language/rules.json",
        "pmdesk/storage/migrations/env.py",
        "pmdesk/storage/migrations/script.py.mako",
        *(
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / "pmdesk" / "storage" / "migrations" / "versions").glob("*.py")
        ),
    ]
    assert sorted(set(missing) - names) == []
    assert any(n.endswith("licenses/resources/fonts/LICENSE-DejaVu.txt") for n in names)
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    scripts = configparser.ConfigParser()
    scripts.read_string(zipfile.ZipFile(wheel).read(entry_points).decode())
    assert scripts["console_scripts"]["pmdesk"] == "pmdesk.cli:main"
    assert scripts["gui_scripts"]["pmdesk-gui"] == "pmdesk.cli:gui_main"


def test_the_installed_wheel_imports_and_exports_the_sample_from_its_own_files(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(site)}
    where = _run(
        [
            sys.executable,
            "-c",
            "import pmdesk, pmdesk.paths as p; print(pmdesk.__file__); print(p.resources_root())",
        ],
        elsewhere,
        **env,
    )
    assert where.returncode == 0, where.stderr
    module, resources = where.stdout.split()
    assert Path(module).is_relative_to(site)
    assert Path(resources) == site / "pmdesk" / "resources"

    db = tmp_path / "x.sqlite3"
    sample = site / "pmdesk" / "resources" / "samples" / "payment-service-outage.json"
    pmdesk = [sys.executable, "-m", "pmdesk", "--db", str(db)]
    imported = _run([*pmdesk, "import", str(sample)], elsewhere, **env)
    assert (imported.returncode, imported.stdout.strip()) == (0, "1"), imported.stderr
    exported = _run([*pmdesk, "export", "1", "--format", "pdf", "-o", "x.pdf"], elsewhere, **env)
    assert exported.returncode == 0, exported.stderr
    assert SAMPLE_TITLE in _pdf_text(elsewhere / "x.pdf")
    published = _run([*pmdesk, "publish", "site"], elsewhere, **env)
    assert published.returncode == 0, published.stderr
    assert "svg.chart" in (elsewhere / "site" / "assets" / "site.css").read_text(encoding="utf-8")
    smoke = _run([*pmdesk, "--smoke-test"], elsewhere, **env)
    assert smoke.returncode == 0, smoke.stderr
    assert "first paint" in smoke.stdout


def test_a_frozen_app_finds_its_resources_in_the_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk import paths

    bundled = tmp_path / "_internal" / "pmdesk" / "resources"
    (bundled / "styles").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    paths.resources_root.cache_clear()
    try:
        assert paths.resource_path("styles", "app.qss") == bundled / "styles" / "app.qss"
    finally:
        paths.resources_root.cache_clear()


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_desktop_entry_metainfo_and_icons_agree() -> None:
    desktop_file = PACKAGING / "linux" / f"{APP_ID}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(desktop_file, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert desktop["Exec"].split()[0] in pyproject["project"]["scripts"]
    assert desktop["Icon"] == APP_ID

    meta = ET.parse(PACKAGING / "linux" / f"{APP_ID}.metainfo.xml").getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == desktop_file.name
    assert meta.findtext("project_license") == pyproject["project"]["license"]
    latest = meta.find("releases/release")
    assert latest is not None and latest.get("version") == __version__  # shown by software centres

    icons = ROOT / "resources" / "icons"
    assert ET.parse(icons / "pmdesk.svg").getroot().get("viewBox") == "0 0 512 512"
    for size in ICON_SIZES:
        assert _png_size(icons / f"pmdesk-{size}.png") == (size, size)
    assert (PACKAGING / "pmdesk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (PACKAGING / "pmdesk.icns").read_bytes()[:4] == b"icns"


@pytest.mark.skipif(
    not (shutil.which("desktop-file-validate") and shutil.which("appstreamcli")),
    reason="needs desktop-file-utils and appstream (make package-check installs them)",
)
def test_the_desktop_entry_and_metainfo_pass_the_linux_validators() -> None:
    desktop = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "linux" / f"{APP_ID}.desktop")],
        capture_output=True,
        text=True,
    )
    assert (desktop.returncode, desktop.stdout + desktop.stderr) == (0, "")
    metainfo = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
    meta = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--pedantic", str(metainfo)],
        capture_output=True,
        text=True,
    )
    assert meta.returncode == 0, meta.stdout + meta.stderr
    assert "W:" not in meta.stdout and "E:" not in meta.stdout, meta.stdout


@pytest.mark.slow
def test_the_bundle_builds_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    """PyInstaller's one-folder bundle: the smoke test, then a PDF export of the bundled sample."""
    build = _run(
        [
            *PYINSTALLER,
            *("--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build")),
            str(PACKAGING / "pmdesk.spec"),
        ],
        ROOT,
        timeout=900,
        PYINSTALLER_CONFIG_DIR=str(tmp_path / "pyinstaller-cache"),
    )
    assert build.returncode == 0, build.stderr[-4000:]
    folder = tmp_path / "dist" / "pmdesk"
    executable = folder / ("pmdesk.exe" if sys.platform == "win32" else "pmdesk")
    assert executable.is_file()
    # Everything the app reads at run time travelled with it.
    internal = folder / "_internal" / "pmdesk"
    for needed in (
        "resources/fonts/DejaVuSans.ttf",
        "resources/fonts/LICENSE-DejaVu.txt",
        "resources/styles/app.qss",
        "resources/icons/pmdesk.svg",
        "storage/migrations/env.py",
        "storage/migrations/script.py.mako",
        "schemas/postmortem-v1.schema.json",
        "schemas/postmortem-v2.schema.json",
        "resources/interviews/questions.json",
        "language/rules.json",
        "publish/assets/site.css",
        "publish/assets/search.js",
    ):
        assert (internal / needed).is_file(), needed

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    db = str(tmp_path / "bundle.sqlite3")
    smoke = _run([str(executable), "--db", db, "--smoke-test"], elsewhere)
    assert smoke.returncode == 0, smoke.stderr
    assert "first paint" in smoke.stdout
    sample = internal / "resources" / "samples" / "payment-service-outage.json"
    imported = _run([str(executable), "--db", db, "import", str(sample)], elsewhere)
    assert (imported.returncode, imported.stdout.strip()) == (0, "1"), imported.stderr
    exported = _run(
        [str(executable), "--db", db, "export", "1", "--format", "pdf", "-o", "x.pdf"], elsewhere
    )
    assert exported.returncode == 0, exported.stderr
    text = _pdf_text(elsewhere / "x.pdf")
    assert SAMPLE_TITLE in text
    published = _run([str(executable), "--db", db, "publish", "site"], elsewhere)
    assert published.returncode == 0, published.stderr
    assert (elsewhere / "site" / "assets" / "search.js").is_file()
    # A database with a postmortem in it takes the other start-up path (the fast library read).
    again = _run([str(executable), "--db", db, "--smoke-test"], elsewhere)
    assert again.returncode == 0, again.stderr
    assert "first paint" in again.stdout
    _the_bundled_language_engine_runs(executable, elsewhere)


def _the_bundled_language_engine_runs(executable: Path, elsewhere: Path) -> None:
    """Compiled when `make native` built it for these sources (and PMDESK_PURE was not set
    while bundling), else pure Python: it flags blame either way."""
    from importlib.machinery import EXTENSION_SUFFIXES

    from pmdesk.language import _native

    compiled = not _native.forced_pure() and _native.fresh_build() is not None
    internal = executable.parent / "_internal"
    engine = internal / "pmdesk" / "language" / f"engine{EXTENSION_SUFFIXES[0]}"
    assert engine.is_file() == compiled
    version = _run([str(executable), "--version"], elsewhere)
    assert version.returncode == 0, version.stderr
    mode = "compiled" if compiled else "pure"
    assert version.stdout.strip() == f"pmdesk {__version__} (language engine: {mode})"
    checked = subprocess.run(
        [str(executable), "lint", "-"],
        input="Dave forgot to restart the service.\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=elsewhere,
        env=_clean_env(),
    )
    assert checked.returncode == 1, checked.stderr  # 1: blame language found
    assert checked.stdout.startswith("<stdin>:1:6: hindsight: "), checked.stdout
