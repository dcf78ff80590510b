"""Related postmortems: an earlier one the team recognised ("we have seen this before"), linked
to the open one so the report and the published page point to it. Each link is undoable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmdesk.document import Dirty, Document
from pmdesk.model import Postmortem, RelatedLink
from pmdesk.operations.edit import Edit, Refused, SetFields

if TYPE_CHECKING:
    from pmdesk.database import LibraryEntry
    from pmdesk.operations.library import Store


def is_related(doc: Document, postmortem_id: int) -> bool:
    return any(link.postmortem_id == postmortem_id for link in doc.pm.related)


def link_related(doc: Document, entry: LibraryEntry) -> Edit:
    """Link another postmortem as related; nothing to do when it already is."""
    if entry.id == doc.pm.id:
        raise Refused("a postmortem cannot be related to itself")
    title = entry.title or "Untitled"
    label = f"Link “{title}” as related"
    if is_related(doc, entry.id):
        return Edit(label)
    day = entry.incident_date.date() if entry.incident_date else None
    linked = [*doc.pm.related, RelatedLink(entry.id, title, day)]
    return Edit(label, [SetFields({"related": linked})])


def unlink_related(doc: Document, link: RelatedLink) -> Edit:
    """Take a related postmortem off the list (the postmortem itself is untouched)."""
    label = f"Unlink “{link.title}”"
    if link not in doc.pm.related:
        return Edit(label)
    kept = list(doc.pm.related)
    kept.remove(link)
    return Edit(label, [SetFields({"related": kept})])


def refresh_titles(links: list[RelatedLink], entries: dict[int, LibraryEntry]) -> list[RelatedLink]:
    """The links with the titles the library has now (a linked postmortem renamed since)."""
    fresh = []
    for link in links:
        entry = entries.get(link.postmortem_id) if link.postmortem_id is not None else None
        if entry is not None and entry.title and entry.title != link.title:
            link = RelatedLink(link.postmortem_id, entry.title, link.incident_day)
        fresh.append(link)
    return fresh


def resolve_links(
    links: list[RelatedLink], entries: list[LibraryEntry], own_id: int | None
) -> list[RelatedLink]:
    """Links read from a file (by title and date) joined to the library's postmortems: each to
    the one postmortem with that title and incident date; a name alone when none or several."""
    resolved = []
    for link in links:
        if link.postmortem_id is None:
            same = [
                e
                for e in entries
                if e.id != own_id
                and e.title.casefold() == link.title.casefold()
                and (e.incident_date.date() if e.incident_date else None) == link.incident_day
            ]
            if len(same) == 1:
                link = RelatedLink(same[0].id, link.title, link.incident_day)
        resolved.append(link)
    return resolved


def link_imported(store: Store, imported: list[Postmortem]) -> None:
    """After an import: link what the files named as related to the library's postmortems
    (the files of one import can name each other)."""
    pending = [pm for pm in imported if any(link.postmortem_id is None for link in pm.related)]
    if not pending:
        return
    entries = store.library()
    for pm in pending:
        resolved = resolve_links(pm.related, entries, pm.id)
        if resolved != pm.related:
            pm.related = resolved
            store.save(pm, Dirty(fields={"related"}))
