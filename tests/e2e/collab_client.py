"""One pmdesk session in its own process, driven a step at a time (JSON lines on stdin).

The two-session tests start two of these on one database and interleave their steps exactly;
each step answers with one JSON line. It edits and saves through the same document and
operations as the app's window.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from typing import Any

from pmdesk.document import Document
from pmdesk.model import TimelineEvent
from pmdesk.operations import together
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository


def main() -> None:
    repo: Repository | None = None
    doc: Document | None = None
    shared: together.Shared | None = None
    for line in sys.stdin:
        step: dict[str, Any] = json.loads(line)
        op = step["op"]
        reply: dict[str, Any] = {"ok": True}
        if op == "open":
            repo = Repository(open_engine(resolve(step["db"])))
            pm, versions = repo.load_versioned(step["id"])
            doc, shared = Document(pm), together.Shared(pm, versions)
        else:
            assert repo is not None and doc is not None and shared is not None
            if op == "field":
                doc.set_fields(**{step["name"]: step["value"]})
            elif op == "event":
                doc.update_item("timeline", step["id"], **{step["name"]: step["value"]})
            elif op == "add_event":
                at = datetime.fromisoformat(step["at"])
                seq = max((e.seq for e in doc.pm.timeline), default=-1) + 1
                doc.insert_items("timeline", [TimelineEvent(at, step["text"], seq=seq)])
            elif op == "remove_event":
                doc.remove_items("timeline", [step["id"]])
            elif op == "save_and_hang":
                # Stop inside the save's transaction, after its rows are written, and say so:
                # the test kills this process there.
                def hang(*_args: Any) -> None:
                    print(json.dumps({"ok": True, "in_transaction": True}), flush=True)
                    time.sleep(600)

                repo._index = hang  # type: ignore[method-assign]
                together.save(repo, doc, shared)
            elif op == "save":
                reply["saved"] = together.save(repo, doc, shared)
            elif op == "take_in":
                together.take_in(repo, doc, shared)
            elif op == "choose":
                conflict = next(c for c in shared.conflicts.values() if c.field == step["field"])
                together.choose(doc, shared, conflict, step["value"])
            reply["conflicts"] = sorted(
                [c.collection or "", c.item_id or "", c.field] for c in shared.conflicts.values()
            )
            reply["summary"] = doc.pm.summary
            reply["timeline"] = [[e.id, e.seq, e.text] for e in doc.pm.timeline]
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
