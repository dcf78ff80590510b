"""Importing PySide6 for the app, with its per-module source scan made cheap.

Once PySide6 is loaded, its `__feature__` support looks at every module imported after it to
decide whether that module uses PySide6 (only such modules may switch on `snake_case` and
`true_property`): it reads the module's whole source through `inspect.getsource` and searches it
for "PySide6". pmdesk imports about 150 modules after PySide6 on the way to a ready window, and
that scan costs 10-20 ms of start-up (measured), mostly in `inspect` and `linecache` rather than
in reading the files. `import_qt` gives the same answer from the file's bytes.

pmdesk never uses `__feature__`; the answer is kept exact all the same, so that a module that
does (a plug-in, a test) behaves as PySide6 intends.
"""

from __future__ import annotations

import sys
from types import ModuleType

_FEATURE_MODULE = "PySide6.support.feature"


def uses_pyside(module: ModuleType) -> bool:
    """Whether the module's source mentions PySide6: what PySide6 itself checks, read directly.

    A module without a Python source file (built in, compiled, bytecode only) does not count,
    as in PySide6's own check.
    """
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as handle:
            return b"PySide6" in handle.read()
    except OSError:
        return False


def import_qt() -> None:
    """Import PySide6's core and put the cheaper source check in place (once)."""
    import PySide6.QtCore  # noqa: F401 - loads the support package the check lives in

    feature = sys.modules.get(_FEATURE_MODULE)
    own = getattr(feature, "_mod_uses_pyside", None)
    # A PySide6 without this hook (another version, PyPy) keeps its own behaviour.
    if callable(own) and own is not uses_pyside:
        feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
