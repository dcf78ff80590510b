"""A Slack workspace export read whole: the `.zip`, the unzipped folder, or one channel folder.

Slack delivers an export as a zip holding `users.json`, `channels.json` and one folder per channel
with one JSON file per day (`inc-payments/2026-04-15.json`). The facilitator picks the channels and
a time window; pmdesk keeps what people wrote and skips what Slack wrote itself (joins, leaves,
topic and purpose changes, pins ...), because those are not facts about the incident.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any

from pmdesk.model import TimelineEvent
from pmdesk.timeline.reading import ImportFailed, from_epoch, json_items, json_record

# Message subtypes that carry something a person (or a bot acting for a tool) said.
_KEPT_SUBTYPES = frozenset({"", "bot_message", "me_message", "thread_broadcast", "file_share"})
_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
_MENTION = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
# One hour either side of the incident, so the talk just before and after it is kept.
WINDOW_MARGIN = timedelta(hours=1)


@dataclass
class SlackChannel:
    """A channel folder in the export and how many messages it holds (system messages included)."""

    name: str
    messages: int


@dataclass
class SlackImport:
    """What a Slack export import produced: the events and what it skipped, with reasons."""

    events: list[TimelineEvent]
    skipped: dict[str, int] = field(default_factory=dict)


def is_slack_export(path: Path) -> bool:
    """True for a zip archive or a folder: the two shapes a whole export arrives in."""
    return path.is_dir() or (path.is_file() and zipfile.is_zipfile(path))


def incident_window(
    started: datetime | None, resolved: datetime | None
) -> tuple[datetime | None, datetime | None]:
    """The default time window: an hour before the incident started to an hour after it ended."""
    return (
        started - WINDOW_MARGIN if started is not None else None,
        resolved + WINDOW_MARGIN if resolved is not None else None,
    )


class _Export:
    """Read access to an export's files, the same for a zip and a folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        if path.is_dir():
            names = [p.relative_to(path).as_posix() for p in path.rglob("*.json") if p.is_file()]
        else:
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as error:
                raise ImportFailed(
                    path, f"is not a readable zip archive ({error}); download the export again"
                ) from None
            names = [n for n in self._zip.namelist() if n.endswith(".json")]
        self.names = names
        self.root = self._root(names)
        self.channels: dict[str, list[str]] = {}
        for name in sorted(names):
            rel = PurePosixPath(name).relative_to(self.root) if self.root else PurePosixPath(name)
            if _DAY_FILE.fullmatch(rel.name):
                channel = rel.parent.as_posix() if rel.parent.as_posix() != "." else path.name
                self.channels.setdefault(channel, []).append(name)
        if not self.channels:
            raise ImportFailed(
                path,
                "holds no Slack channel files (a Slack export has one folder per channel with "
                "one YYYY-MM-DD.json file per day)",
            )

    @staticmethod
    def _root(names: list[str]) -> str:
        """The folder holding users.json (exports zipped by hand often add one level)."""
        tops = [n for n in names if PurePosixPath(n).name == "users.json"]
        if not tops:
            return ""
        parent = PurePosixPath(min(tops, key=len)).parent.as_posix()
        return "" if parent == "." else parent

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def read(self, name: str) -> bytes:
        try:
            if self._zip is not None:
                return self._zip.read(name)
            return (self.path / name).read_bytes()
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise ImportFailed(
                self.path, f"cannot be read ({error}); the export may be damaged", where=name
            ) from None

    def json(self, name: str) -> Any:
        raw = self.read(name)
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ImportFailed(self.path, "is not UTF-8 text", where=name) from None
        except json.JSONDecodeError as error:
            raise ImportFailed(
                self.path,
                f"is not valid JSON here, at column {error.colno} ({error.msg})",
                where=f"{name}, line {error.lineno}",
            ) from None

    def optional(self, filename: str) -> Any:
        """users.json or channels.json if present (beside the channels or one folder up)."""
        joined = f"{self.root}/{filename}" if self.root else filename
        if joined in self.names:
            return self.json(joined)
        if self._zip is None:
            outside = self.path.parent / filename
            if outside.is_file():
                return _Export._outside_json(outside)
        return None

    @staticmethod
    def _outside_json(path: Path) -> Any:
        try:
            return json.loads(path.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ImportFailed(path, f"cannot be read as JSON ({error})") from None


def _people(export: _Export) -> dict[str, str]:
    users = export.optional("users.json")
    if users is None:
        return {}
    if not isinstance(users, list):
        raise ImportFailed(export.path, "should be a list of users", where="users.json")
    names: dict[str, str] = {}
    for user in users:
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            continue
        found = user.get("profile")
        profile: dict[str, Any] = found if isinstance(found, dict) else {}
        for value in (
            profile.get("real_name"),
            user.get("real_name"),
            profile.get("display_name"),
            user.get("name"),
        ):
            if isinstance(value, str) and value.strip():
                names[user["id"]] = value.strip()
                break
    return names


def _channel_names(export: _Export) -> dict[str, str]:
    channels = export.optional("channels.json")
    if not isinstance(channels, list):
        return {}
    return {
        c["id"]: c["name"]
        for c in channels
        if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("name"), str)
    }


def slack_text(text: str, people: dict[str, str], channels: dict[str, str]) -> str:
    """Slack's markup as people read it: names for mentions, labels for links, entities decoded."""

    def replace(m: re.Match[str]) -> str:
        target, label = m.group(1), m.group(2)
        if target.startswith("@"):
            return "@" + (people.get(target[1:]) or label or target[1:])
        if target.startswith("#"):
            return "#" + (channels.get(target[1:]) or label or target[1:])
        if target.startswith("!"):
            if label:
                return label
            return "@" + target[1:].split("^", 1)[0]
        return label or target

    return html.unescape(_MENTION.sub(replace, text)).strip()


def slack_channels(path: Path) -> list[SlackChannel]:
    """The channels of an export with their message counts, for choosing what to import."""
    export = _Export(path)
    try:
        result = []
        for channel, files in export.channels.items():
            count = 0
            for name in files:
                data = export.json(name)
                count += len(data) if isinstance(data, list) else 0
            result.append(SlackChannel(channel, count))
        return result
    finally:
        export.close()


def _author(message: dict[str, Any], people: dict[str, str]) -> str:
    bot = message.get("bot_profile")
    if isinstance(bot, dict) and isinstance(bot.get("name"), str) and bot["name"].strip():
        return str(bot["name"]).strip()
    if message.get("subtype") == "bot_message":
        for value in (message.get("username"), message.get("bot_id")):
            if isinstance(value, str) and value.strip():
                return value.strip()
    user = message.get("user")
    if isinstance(user, str) and user in people:
        return people[user]
    profile = message.get("user_profile")
    if isinstance(profile, dict):
        for key in ("real_name", "display_name"):
            if isinstance(profile.get(key), str) and profile[key].strip():
                return str(profile[key]).strip()
    for value in (message.get("username"), user):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "Someone"


def _messages(export: _Export, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    data = export.json(name)
    if not isinstance(data, list):
        raise ImportFailed(
            export.path, "should be a list of messages (a Slack channel-day file)", where=name
        )
    for i, message in enumerate(data):
        if not isinstance(message, dict):
            raise ImportFailed(
                export.path, "is not a message object", where=f"{name}, message {i + 1}"
            )
        yield i, message


def _pick(export: _Export, wanted: Sequence[str] | None) -> list[str]:
    available = list(export.channels)
    if not wanted:
        return available
    chosen = []
    for channel in wanted:
        key = channel.removeprefix("#")
        if key not in export.channels:
            raise ImportFailed(
                export.path, f"has no channel {channel!r} (its channels: {', '.join(available)})"
            )
        chosen.append(key)
    return chosen


def load_slack_export(
    path: Path,
    *,
    channels: Sequence[str] | None = None,
    window: tuple[datetime | None, datetime | None] = (None, None),
) -> SlackImport:
    """Messages of the chosen channels (all when None) inside the window, oldest first."""
    export = _Export(path)
    try:
        return _load(export, _pick(export, channels), window)
    finally:
        export.close()


def _load(
    export: _Export, chosen: list[str], window: tuple[datetime | None, datetime | None]
) -> SlackImport:
    people = _people(export)
    channel_names = _channel_names(export)
    start, end = window
    low = start.timestamp() if start is not None else float("-inf")
    high = end.timestamp() if end is not None else float("inf")
    result = SlackImport(events=[])
    skipped = result.skipped
    several = len(chosen) > 1
    for channel in chosen:
        for name in export.channels[channel]:
            for i, message in _messages(export, name):
                subtype = message.get("subtype") or ""
                if subtype not in _KEPT_SUBTYPES:
                    reason = "Slack's own notices (joins, leaves, topic changes ...)"
                    skipped[reason] = skipped.get(reason, 0) + 1
                    continue
                try:
                    seconds = float(message["ts"])
                except (KeyError, TypeError, ValueError):
                    raise ImportFailed(
                        export.path,
                        'has no Slack timestamp "ts"',
                        where=f"{name}, message {i + 1}",
                    ) from None
                if not low <= seconds <= high:
                    reason = "outside the time window"
                    skipped[reason] = skipped.get(reason, 0) + 1
                    continue
                result.events.append(
                    _event(message, seconds, channel, several, people, channel_names)
                )
    result.events.sort(key=lambda e: e.at)
    return result


def _event(
    message: dict[str, Any],
    seconds: float,
    channel: str,
    several: bool,
    people: dict[str, str],
    channel_names: dict[str, str],
) -> TimelineEvent:
    body = message.get("text")
    text = slack_text(body, people, channel_names) if isinstance(body, str) else ""
    if not text:
        files = message.get("files")
        text = "(shared a file)" if files else "(no text in the export)"
    who = _author(message, people)
    thread = message.get("thread_ts")
    where = f" in #{channel}" if several else ""
    if isinstance(thread, str) and thread != message.get("ts"):
        where += " (thread reply)"
    # The digits after the dot only keep messages apart; they are not a time.
    at = datetime.fromtimestamp(int(seconds), tz=UTC)
    return TimelineEvent(at=at, text=f"{who}{where}: {text}", source="chat")


# One channel-day file (`inc-payments/2026-04-15.json`) on its own, as people send it.

_SLACK_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def _slack_text(text: str, names: dict[str, str]) -> str:
    def replace(m: re.Match[str]) -> str:
        target, label = m.group(1), m.group(2)
        if target.startswith("@"):
            return "@" + (label or names.get(target[1:], target[1:]))
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return label or "@" + target[1:].split("^", 1)[0]
        return label or target

    return html.unescape(_SLACK_LINK.sub(replace, text)).strip()


def _slack_name(record: dict[str, Any]) -> str:
    profile = record.get("user_profile")
    if isinstance(profile, dict):
        for key in ("real_name", "display_name", "name"):
            if isinstance(profile.get(key), str) and profile[key].strip():
                return str(profile[key]).strip()
    for key in ("user_name", "username", "user"):
        if isinstance(record.get(key), str) and record[key].strip():
            return str(record[key]).strip()
    return "Someone"


def load_channel_file(path: Path, text: str, data: Any, tz: tzinfo | None) -> list[TimelineEvent]:
    items, locate = json_items(path, text, data, ("messages",), "message")
    records = [json_record(path, item, i, locate, "message") for i, item in enumerate(items)]
    names = {
        str(r["user"]): _slack_name(r)
        for r in records
        if isinstance(r.get("user"), str) and _slack_name(r) != r["user"]
    }
    events: list[TimelineEvent] = []
    for i, record in enumerate(records):
        ts = record.get("ts")
        if ts is None:
            line, where = locate(i)
            if "real_name" in record or "profile" in record:
                reason = "looks like Slack's users.json; import a file from a channel's folder"
            else:
                reason = 'has no "ts" (the time Slack gives every message)'
            raise ImportFailed(path, reason, line=line, where=where)
        try:
            # The digits after the dot only keep messages apart; they are not a time.
            at = from_epoch(float(int(float(ts))))
        except (TypeError, ValueError, OverflowError, OSError):
            line, where = locate(i)
            raise ImportFailed(
                path,
                f'has "ts" {json.dumps(ts)}, which is not a Slack timestamp',
                line=line,
                where=where,
            ) from None
        body = record.get("text")
        message = _slack_text(body, names) if isinstance(body, str) else ""
        if not message:
            message = "(shared a file)" if record.get("files") else "(no text in the export)"
        events.append(TimelineEvent(at=at, text=f"{_slack_name(record)}: {message}", source="chat"))
    return events
