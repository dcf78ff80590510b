"""Finding the project's resource files (styles, fonts, samples, icons).

The same files sit in three places depending on how pmdesk runs: inside a PyInstaller bundle
(under `sys._MEIPASS`), inside an installed wheel (the `pmdesk.resources` package, which
pyproject maps to the top-level `resources/` folder), or in a source checkout (`resources/`
itself). All three are plain folders, so the code that reads them needs no compile step.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import NamedTuple

_PACKAGE = Path(__file__).resolve().parent


class ResourcesMissing(RuntimeError):
    """No resources folder anywhere: a broken install, told to the user rather than guessed."""


def _candidates() -> list[Path]:
    """Where the resources folder may be, most specific first."""
    found: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False):
        # A PyInstaller bundle: data files sit beside the frozen modules, in _internal/ next to
        # the executable (inside pmdesk.app/Contents on macOS); _MEIPASS names that folder.
        if bundle:
            found.append(Path(bundle) / "pmdesk" / "resources")
        found.append(Path(sys.executable).resolve().parent / "_internal" / "pmdesk" / "resources")
    found.append(_PACKAGE / "resources")  # an installed wheel
    found.append(_PACKAGE.parent / "resources")  # a source checkout
    return found


@cache
def resources_root() -> Path:
    for candidate in _candidates():
        if (candidate / "styles").is_dir():
            return candidate
    from importlib.util import find_spec

    # An editable install maps the package without a folder at _PACKAGE / "resources".
    spec = find_spec("pmdesk.resources")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    tried = ", ".join(str(c) for c in _candidates())
    raise ResourcesMissing(
        f"pmdesk's resource files are missing (looked in {tried}); reinstall it."
    )


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


class FontLicence(NamedTuple):
    """A font that ships with pmdesk, as Help > About lists it."""

    font: str
    licence: str
    path: Path

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


# Recognisable phrases of licences that fonts commonly carry, and the names people know them by.
_KNOWN_LICENCES = (
    ("Bitstream Vera Fonts Copyright", "Bitstream Vera Fonts licence"),
    ("SIL OPEN FONT LICENSE", "SIL Open Font License 1.1"),
    ("Apache License", "Apache License 2.0"),
    ("UBUNTU FONT LICENCE", "Ubuntu Font Licence 1.0"),
)


def _describe(path: Path) -> FontLicence:
    text = path.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    first = next((line for line in lines if line), "")
    # "DejaVu Sans (DejaVuSans.ttf, ...), version 2.37" -> "DejaVu Sans"; else the file's name.
    font = first.split(" (")[0].strip() if " (" in first else path.stem.removeprefix("LICENSE-")
    upper = text.upper()
    licence = next((name for phrase, name in _KNOWN_LICENCES if phrase.upper() in upper), "")
    if not licence:
        # Otherwise the first heading underlined with dashes or equals signs, as most files have.
        headings = [
            lines[i]
            for i in range(len(lines) - 1)
            if lines[i] and lines[i + 1] and set(lines[i + 1]) <= set("-=")
        ]
        licence = headings[0] if headings else f"see {path.name}"
    return FontLicence(font=font, licence=licence, path=path)


def font_licences() -> list[FontLicence]:
    """The bundled fonts and their licences, from resources/fonts/LICENSE-*.txt, by font name."""
    folder = resource_path("fonts")
    return sorted(
        (_describe(path) for path in folder.glob("LICENSE-*.txt")), key=lambda f: f.font.lower()
    )
