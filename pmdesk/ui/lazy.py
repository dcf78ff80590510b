"""`Qt` for modules on the path to the first paint, initialised on first use.

`from PySide6.QtCore import Qt` builds Python enums for the whole Qt namespace (hundreds of keys,
languages, ...) at once: about 10 ms, a tenth of pmdesk's start-up. Modules loaded before the first
paint import this stand-in instead; it imports the real `Qt` the first time an attribute is read.
"""

from __future__ import annotations

from typing import Any


class _LazyQt:
    def __getattr__(self, name: str) -> Any:
        from PySide6.QtCore import Qt as real

        return getattr(real, name)


Qt: Any = _LazyQt()
