"""The language engine compiled by mypyc: which modules, which build, and when to use it.

The same `.py` sources run as pure Python everywhere; where a C compiler is at hand,
`make native` (scripts/build_native.py) compiles the engine's hot modules, as black and mypy
ship themselves, and the check takes about a sixth less CPU with exactly the same findings.

A checkout never gets `.so` files beside its `.py` files (Python would prefer them, and an edited
source would go on running its old compiled self). The build goes to build/native/<stamp>/, the
stamp a hash of the bytes of the sources it holds (COPIED) and of this interpreter's extension
suffix, and the package's __init__ puts its package folder first on __path__ (and the build on
sys.path, for mypyc's group library) only when it is there for the sources as they are now:
edit one of them and the engine is pure Python again until the next build.
PMDESK_PURE=1 forces pure Python. In a wheel or a PyInstaller bundle the compiled modules sit in
the package itself, where nobody edits them.

This module is never compiled itself, imports nothing of pmdesk, and runs at every start: the
stamp reads about 250 kB and costs well under a millisecond (hashlib would cost more to import).
"""

from __future__ import annotations

import os
import sys
import zlib
from importlib.machinery import EXTENSION_SUFFIXES

PACKAGE = "pmdesk.language"
# The engine's hot modules, compiled together into one shared library.
COMPILED = (
    "_anchors",
    "_categories",
    "_compiled",
    "_context",
    "_frozen",
    "_gates",
    "_learned",
    "_learned_score",
    "_learned_step",
    "_learned_words",
    "_lines",
    "_macros",
    "_match_check",
    "_pattern_shape",
    "_patterns",
    "_prepared",
    "_rules_parse",
    "_ruleset",
    "_sentence_words",
    "_sentences_met",
    "_shape_bound",
    "_structure",
    "_text",
    "_types",
    "engine",
    "rules",
)
# The package's other modules, kept pure Python: each does little work per check, or relies on
# what mypyc does not compile (module __getattr__, pickling its own classes, processes, stamps
# of the source files).
PURE = (
    "__init__",
    "_native",
    "caches",
    "memo",
    "_jsonlines",
    "_parallel",
    "_lint_input",
    "_rules_file",
)
# The build keeps a copy of the compiled modules' sources, and of these pure ones, beside the
# compiled modules: the parsed-rules cache (_prepared) keys what it keeps with the bytes of the
# parsing code, which it reads from the folder it was loaded from. The stamp covers them all.
COPIED = (*COMPILED, "_jsonlines")
# mypyc's shared library for the whole group, a top-level module (_<suffix> added): mypyc gives
# the compiled modules a __file__ found from its place as if it sat above the package tree.
GROUP = "pmdesk_language_engine"
GROUP_LIBRARY = f"{GROUP}__mypyc"
# Raised when the build's options change, so that older builds are not taken for this one.
BUILD_FORMAT = 1
# The environment variable that forces pure Python (any value but "" and "0").
FORCE_PURE = "PMDESK_PURE"

_HERE = os.path.dirname(os.path.abspath(__file__))


def source_dir() -> str:
    """The folder of the package's sources."""
    return _HERE


def stamp(folder: str | None = None) -> str:
    """A stamp of the sources a build holds (COPIED) in `folder` (this package's by default) as
    they are now, for this interpreter: CRC-32, Adler-32 and length of their bytes."""
    folder = _HERE if folder is None else folder
    parts = [f"{BUILD_FORMAT} {EXTENSION_SUFFIXES[0]}".encode()]
    for name in COPIED:
        try:
            with open(os.path.join(folder, f"{name}.py"), "rb") as source:
                parts.append(f"\n{name}\n".encode() + source.read())
        except OSError:
            parts.append(f"\n{name} missing\n".encode())
    data = b"".join(parts)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):08x}"


def builds_dir(folder: str | None = None) -> str:
    """Where the builds of a checkout go: build/native/ in the folder that holds pmdesk/."""
    folder = _HERE if folder is None else folder
    return os.path.join(os.path.dirname(os.path.dirname(folder)), "build", "native")


def package_in_build(build: str) -> str:
    """The package folder inside one build (build/native/<stamp>/)."""
    return os.path.join(build, *PACKAGE.split("."))


def fresh_build(folder: str | None = None) -> str | None:
    """The build (build/native/<stamp>/) made from the sources in `folder` as they are now, or
    None when there is none (never built, built from other sources or for another Python)."""
    folder = _HERE if folder is None else folder
    builds = builds_dir(folder)
    if not os.path.isdir(builds):  # never built here: the sources need not be read at all
        return None
    build = os.path.join(builds, stamp(folder))
    library = os.path.join(build, GROUP_LIBRARY + EXTENSION_SUFFIXES[0])
    return build if os.path.isfile(library) else None


def forced_pure() -> bool:
    return os.environ.get(FORCE_PURE, "") not in ("", "0")


def use_build(path: list[str]) -> str | None:
    """Put the fresh build's package folder first on the package's `path` (its __path__) and
    the build itself first on sys.path (for the group library); the build, or None when the
    engine runs from the sources: PMDESK_PURE set, a frozen app, no fresh build. Called once by
    the package's __init__, before it imports any compiled module."""
    if forced_pure() or getattr(sys, "frozen", False):
        return None
    build = fresh_build()
    if build is None:
        return None
    if build not in sys.path:
        sys.path.insert(0, build)  # it holds the library and pmdesk/language/, nothing else
    package = package_in_build(build)
    if package not in path:
        path.insert(0, package)
    return build


def is_compiled(module: object) -> bool:
    """Whether an imported module is a compiled extension rather than Python source."""
    origin = getattr(module, "__file__", None) or ""
    return origin.endswith(tuple(EXTENSION_SUFFIXES))


def engine_mode() -> str:
    """'compiled' or 'pure', as the engine runs in this process (importing it)."""
    from pmdesk.language import engine

    return "compiled" if is_compiled(engine) else "pure"
