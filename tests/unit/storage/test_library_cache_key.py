"""The cached benchmark and test libraries are named by the schema they were written with."""

from __future__ import annotations

import shutil
from pathlib import Path

from pmdesk.storage import migrations
from pmdesk.storage.location import SCHEMA_HEAD
from tests.support.library import schema_key


def test_a_revision_number_used_again_for_another_schema_names_another_library(
    tmp_path: Path,
) -> None:
    versions = tmp_path / "versions"
    shutil.copytree(Path(migrations.__file__).parent / "versions", versions)
    first = schema_key(versions)
    assert first.startswith(f"{SCHEMA_HEAD}-")
    assert schema_key(versions) == first
    # The head's migration rewritten under the same revision id: the same head, another schema.
    head = next(versions.glob(f"{SCHEMA_HEAD}_*.py"))
    head.write_text(head.read_text(encoding="utf-8") + "\n# another change\n", encoding="utf-8")
    second = schema_key(versions)
    assert second.startswith(f"{SCHEMA_HEAD}-")
    assert second != first
    assert schema_key() == first  # the package's own migrations are untouched
