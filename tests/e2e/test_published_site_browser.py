"""The published site in a real browser (headless Chromium), opened from its folder as a reader
would: the search runs from file://, finds and marks words, and people's markup stays text.

Skipped where Chromium is not installed (Debian: `apt-get install chromium`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from pmdesk.interchange import load_file
from pmdesk.publish import publish
from tests.conftest import SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def rendered(url: str, profile: Path) -> str:
    """The page's DOM after its scripts ran."""
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", url,
        ],
        capture_output=True, text=True, timeout=90, check=True,
    )  # fmt: skip
    return result.stdout


def test_search_works_from_the_folder_and_shows_markup_as_text(tmp_path: Path) -> None:
    sample = load_file(SAMPLES / "payment-service-outage.json")
    sample.id = 1
    other = load_file(SAMPLES / "payment-service-outage.json")
    other.id, other.title = 2, "<script>document.title='owned'</script> Cache stampede"
    other.summary = "The cache expired for every key at once; the database took the whole load."
    site = tmp_path / "site"
    publish([sample, other], site)
    search = (site / "search.html").as_uri()

    dom = rendered(f"{search}?q={quote('stampede')}", tmp_path / "p1")
    results = dom.split('id="results"', 1)[1].split("</ul>", 1)[0]
    assert "1 postmortem matches." in dom
    assert "&lt;script&gt;document.title='owned'&lt;/script&gt; Cache stampede" in results
    assert "<title>Search postmortems</title>" in dom  # the title's script never ran
    assert "2-script-document-title-owned-script-cache-stampede.html" in results

    dom = rendered(f"{search}?q={quote('rollback')}", tmp_path / "p2")
    assert "2 postmortems match." in dom
    assert "<mark>rollback</mark>" in dom

    dom = rendered(f"{search}?q={quote('no-such-word-anywhere')}", tmp_path / "p3")
    assert "No postmortem matches." in dom
