"""What a window loaded, so a save can tell whether someone else wrote in between.

Every stored top-level field and every stored item carries a version number that each write
raises. A window keeps the numbers it loaded (`Versions`); a save that finds a number moved
writes nothing and raises `StaleSave`, and the window merges (pmdesk.collab.merge) before trying
again. Plain data: no Qt, no storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pmdesk.fieldwise import Fieldwise


@dataclass(repr=False, eq=False)
class Versions(Fieldwise):
    """The version numbers of one postmortem as a window loaded (or last saved) it.

    revision: raised by every write to the postmortem, whatever it touched.
    fields: per top-level field name; items: per collection, per item id.
    """

    revision: int = 0
    fields: dict[str, int] = field(default_factory=dict)
    items: dict[str, dict[str, int]] = field(default_factory=dict)

    def item(self, collection: str, item_id: str) -> int | None:
        return self.items.get(collection, {}).get(item_id)


class StaleSave(Exception):
    """Someone else saved this postmortem since it was loaded; nothing was written."""

    def __init__(self, postmortem_id: int, moved: list[str]) -> None:
        shown = ", ".join(moved[:5]) + (" ..." if len(moved) > 5 else "")
        super().__init__(f"postmortem {postmortem_id} was changed elsewhere ({shown})")
        self.postmortem_id = postmortem_id
        self.moved = moved
