"""Finding the project's resource files (styles, fonts, samples, icons).

From a source checkout they are in the top-level `resources/` folder; an installed pmdesk carries
them as the `pmdesk.resources` package (pyproject maps that package to the same folder), so both
ways of running find the same files without a compile step.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if source_tree.is_dir():
        return source_tree
    from importlib import resources

    return Path(str(resources.files("pmdesk.resources")))


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
