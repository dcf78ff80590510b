"""Generated postmortems with names, e-mails, addresses, hosts, keys and restricted text planted in
every field, published redacted as a site and as a Markdown folder: nothing planted is in any
published file (the search index script included), and a postmortem's page and its search entry
use the same placeholders."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given

from pmdesk.publish import publish
from pmdesk.redaction import redacted_edition
from pmdesk.redaction.published import PublishedEditions
from tests.unit.redaction.test_properties import (
    QUICK,
    Planted,
    contains,
    lone_names,
    planted_postmortems,
)

_PLACEHOLDER = re.compile(r"\[([a-z][a-z -]*?(?:-\d+| \d+)?)\]")


def _published(planted: Planted, fmt: str, folder: Path) -> dict[str, str]:
    planted.pm.id = 1
    editions = PublishedEditions(redacted=True)
    publish(editions.editions([planted.pm]), folder, fmt, check=editions.check)
    files: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            text = html.unescape(path.read_text(encoding="utf-8"))
            files[path.relative_to(folder).as_posix()] = re.sub(r"\\(.)", r"\1", text)
    return files


@QUICK
@given(planted_postmortems())
def test_nothing_planted_reaches_any_published_file(planted: Planted) -> None:
    for fmt in ("html", "md"):
        with TemporaryDirectory() as temp:
            files = _published(planted, fmt, Path(temp))
        assert any(name.endswith(("search-index.js", "index.md")) for name in files)
        for name, text in files.items():
            for term in [*planted.secrets, *planted.names, planted.restricted]:
                assert not contains(text, term), f"{term!r} in the published {fmt} {name}"
                # Names also in the file name, written as a slug.
                assert term.casefold().replace(" ", "-") not in name.casefold()
            for lone in lone_names(planted):
                assert not re.search(rf"(?<!\w){lone}(?!\w)", text), f"{lone!r} in {name}"


@QUICK
@given(planted_postmortems())
def test_the_page_and_its_search_entry_share_placeholders(planted: Planted) -> None:
    with TemporaryDirectory() as temp:
        files = _published(planted, "html", Path(temp))
    page = next(text for name, text in files.items() if name.startswith("pm/"))
    script = files["assets/search-index.js"]
    rows = json.loads(script.split("=", 1)[1].strip().rstrip(";"))
    entry = " ".join(
        s for field in rows[0] for s in (field if isinstance(field, list) else [field])
    )
    on_page = set(_PLACEHOLDER.findall(page))
    edition = redacted_edition(planted.pm)
    for redaction in edition.redactions:
        if redaction.kind in ("restricted", "person"):
            continue
        label = redaction.placeholder.strip("[]")
        assert label in on_page, redaction.placeholder
        # The search keeps words: "[host-1]" is found as host-1, the same label as on the page.
        assert re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", entry), label
    for label in re.findall(r"(?<![\w-])((?:host|ip|ip-range|email|secret|url|term)-\d+)", entry):
        assert label in on_page, f"{label} is in the search entry but not on the page"
