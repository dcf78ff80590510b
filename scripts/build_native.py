"""Compile the language engine's hot modules with mypyc (`make native`).

    python scripts/build_native.py           build into build/native/<stamp>/, unless that
                                             build is already there (same sources, same mypyc)
    python scripts/build_native.py --check   only say whether this machine can build it

The modules and the stamp come from pmdesk/language/_native.py; the package loads the build only
while its stamp matches the sources (see there). A new build removes the builds of older stamps.
Exit status: 0 built or up to date, 1 the build failed (its log is build/native/build.log),
3 this machine cannot build it (the one-line reason says what to install).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pmdesk.language import _native  # noqa: E402

SOURCES = ROOT / "pmdesk" / "language"
BUILDS = Path(_native.builds_dir(str(SOURCES)))
LOG = BUILDS / "build.log"
MANIFEST = "BUILT.json"
CANNOT = 3


def missing() -> str | None:
    """Why this machine cannot build the compiled engine, in one line; None when it can."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if importlib.util.find_spec("mypyc") is None:
        return (
            f"mypyc is not installed for {sys.executable} "
            "(it comes with mypy: pip install -r requirements/test.txt, or run make test once)"
        )
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return (
            f"no C compiler ({compiler} not found); "
            f"Debian/Ubuntu: sudo apt-get install gcc python{version}-dev"
        )
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not headers.is_file():
        return (
            f"no Python.h for Python {version} (looked in {headers.parent}); "
            f"Debian/Ubuntu: sudo apt-get install python{version}-dev"
        )
    return None


def mypyc_version() -> str:
    return importlib.metadata.version("mypy")


def up_to_date(build: Path) -> bool:
    """Whether `build` is a complete build of these sources by the installed mypyc."""
    if _native.fresh_build(str(SOURCES)) != str(build):
        return False
    try:
        built = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(built, dict) and built.get("mypyc") == mypyc_version()


def compile_into(work: Path) -> None:
    """mypyc, then setuptools' build_ext: the extension modules land in work/lib/."""
    from mypyc.build import mypycify
    from setuptools import setup

    os.chdir(ROOT)  # mypy names the modules from their paths and reads pyproject's settings
    sources = [f"pmdesk/language/{name}.py" for name in _native.COMPILED]
    extensions = mypycify(
        ["--cache-dir", str(BUILDS / "mypy-cache"), *sources],
        opt_level="3",
        debug_level="1",
        group_name=_native.GROUP,
        target_dir=str(work / "c"),
    )
    build_ext = ["build_ext", "--build-lib", str(work / "lib"), "--build-temp", str(work / "tmp")]
    setup(
        name="pmdesk-native-engine",
        ext_modules=extensions,
        script_args=[*build_ext, "--parallel", str(os.cpu_count() or 1)],
    )


def build(stamp: str) -> int:
    """Compile in a work folder (output to the log), then move the result into place."""
    BUILDS.mkdir(parents=True, exist_ok=True)
    work = BUILDS / f".work-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    started = time.perf_counter()
    print(
        f"Compiling {len(_native.COMPILED)} modules of pmdesk/language with mypyc (a minute or two)"
    )
    with LOG.open("w", encoding="utf-8") as log:
        done = subprocess.run(
            [sys.executable, __file__, "--compile-into", str(work)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    if done.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        tail = LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        print("\n".join(tail), file=sys.stderr)
        print(f"The compiled engine did not build: the whole log is {LOG}", file=sys.stderr)
        return 1
    built = work / "lib" / "pmdesk" / "language"
    for name in _native.COPIED:
        shutil.copy2(SOURCES / f"{name}.py", built / f"{name}.py")
    if _native.stamp(str(built)) != stamp:
        shutil.rmtree(work, ignore_errors=True)
        print("The sources changed during the build: run it again.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    manifest = {"mypyc": mypyc_version(), "python": sys.version, "seconds": round(seconds, 1)}
    (work / "lib" / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    target = BUILDS / stamp
    shutil.rmtree(target, ignore_errors=True)
    os.replace(work / "lib", target)
    shutil.rmtree(work, ignore_errors=True)
    print(f"Built {target.relative_to(ROOT)} in {seconds:.0f} s")
    return 0


def remove_older(stamp: str) -> None:
    """The builds of other stamps, and work folders that a killed build left behind."""
    for entry in BUILDS.iterdir():
        if entry.is_dir() and entry.name not in (stamp, "mypy-cache"):
            shutil.rmtree(entry, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the prerequisites")
    parser.add_argument("--compile-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.compile_into is not None:
        compile_into(args.compile_into)
        return 0
    why = missing()
    if why is not None:
        print(why if args.check else f"Cannot build the compiled language engine: {why}")
        return CANNOT
    if args.check:
        print("This machine can build the compiled language engine.")
        return 0
    stamp = _native.stamp(str(SOURCES))
    if up_to_date(BUILDS / stamp):
        print(f"The compiled engine is up to date: {(BUILDS / stamp).relative_to(ROOT)}")
        status = 0
    else:
        status = build(stamp)
    if status == 0:
        remove_older(stamp)
    return status


if __name__ == "__main__":
    sys.exit(main())
