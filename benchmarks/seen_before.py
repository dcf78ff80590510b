"""Print what Seen before costs at 1,000 and 10,000 postmortems (issue 18).

While the team types contributing factors the window does two things: on every pause in typing
(after the debounce) it reads the open postmortem's words (`profile_of`, on the window's
thread), and it asks the library for the postmortems like it (`SeenBefore.matches`, on a worker
thread, so a keystroke never waits for it). Figures printed:

- profile: reading the open postmortem's words, the only work on the window's thread;
- cold: the first list for a postmortem just opened (every word asked of the search index);
- one new word: the list again after a factor gained a word (what typing costs, each pause);
- nothing new: the list again with every word's hits remembered.

The databases are those of benchmarks/search.py (tests/support/library/search.py: written once,
then reused from its cache).
Run: .venv/bin/python benchmarks/seen_before.py [--sizes 1000 10000] [--runs 9]
(figures are printed, never asserted)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.model import Factor, Question
from pmdesk.seen_before import SeenBefore, profile_of
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from tests.support.library.search import VOCABULARY, database


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.1f} ms median, {max(samples) * 1000:8.1f} max"


def figures(path: Path, runs: int) -> None:
    repo = Repository(open_engine(resolve(str(path))))
    ids = [entry.id for entry in repo.library()[:runs]]
    profile_times, cold, new_word, cached, searches, found = [], [], [], [], [], []
    fresh_words = iter(w for w in reversed(VOCABULARY) if len(w) > 3)
    for pm_id in ids:
        pm = repo.load(pm_id)
        started = time.perf_counter()
        profile = profile_of(pm)
        profile_times.append(time.perf_counter() - started)

        seen = SeenBefore(repo)
        started = time.perf_counter()
        matches = seen.matches(profile)
        cold.append(time.perf_counter() - started)
        searches.append(seen.asked)
        found.append(len(matches))

        pm.factors.append(Factor(Question.OTHER, next(fresh_words)))
        profile = profile_of(pm)
        started = time.perf_counter()
        seen.matches(profile)
        new_word.append(time.perf_counter() - started)

        started = time.perf_counter()
        seen.matches(profile)
        cached.append(time.perf_counter() - started)
    repo.close()
    print(f"  profile (window thread)  {_ms(profile_times)}")
    print(
        f"  cold list                {_ms(cold)}  "
        f"({statistics.median(searches):.0f} words asked, {statistics.median(found):.0f} shown)"
    )
    print(f"  one new word             {_ms(new_word)}")
    print(f"  nothing new              {_ms(cached)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    for size in args.sizes:
        path = database(size)
        print(f"{size:,} postmortems ({args.runs} open postmortems each):")
        figures(path, args.runs)


if __name__ == "__main__":
    main()
