"""One entry to every timeline file format: detect what a file is and import it whole.

The CLI and the GUI both come through `load_timeline_file`; each format lives in its own module.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from pmdesk.model import TimelineEvent
from pmdesk.timeline import (
    alertmanager,
    contributions,
    json_list,
    opsgenie,
    pagerduty,
    slack,
    spreadsheet,
    statuspage,
    transcript,
)
from pmdesk.timeline.reading import ImportFailed, csv_rows, finish, json_load, read_text

FORMATS: tuple[str, ...] = (
    "csv", "json", "slack", "pagerduty", "opsgenie", "alertmanager", "statuspage", "vtt",
    "zoom-chat", "sheet",
)  # fmt: skip


def _detect_json(data: Any) -> str | None:
    if alertmanager.looks_like(data):
        return "alertmanager"
    if statuspage.looks_like(data):
        return "statuspage"
    if isinstance(data, dict):
        if "log_entries" in data:
            return "pagerduty"
        if "messages" in data:
            return "slack"
        for key in ("data", "logs"):
            value = data.get(key)
            if (
                isinstance(value, list)
                and value
                and isinstance(value[0], dict)
                and {"time", "log"} <= set(opsgenie.key_roles(value[0]))
            ):
                return "opsgenie"
        if "events" in data or "timeline" in data:
            return "json"
        return None
    if isinstance(data, list):
        first = next((x for x in data if isinstance(x, dict)), None)
        if first is None:
            return "json"
        if "ts" in first or "real_name" in first:
            return "slack"
        if "created_at" in first and ("summary" in first or "type" in first):
            return "pagerduty"
        if "createdAt" in first and "log" in first:
            return "opsgenie"
        return "json"
    return None


def detect_format(path: Path | str) -> str:
    """Which of FORMATS a file looks like; raises ImportFailed when it is none of them."""
    path = Path(path)
    if slack.is_slack_export(path):
        return "slack"
    return _detect(path, read_text(path))[0]


def _detect(path: Path, text: str) -> tuple[str, Any]:
    if text.lstrip("\ufeff \t\r\n").startswith(("[", "{")):
        data = json_load(path, text)
        kind = _detect_json(data)
        if kind is None:
            raise ImportFailed(
                path,
                "is JSON, but not a timeline pmdesk knows: expected a list of "
                '{"time", "text"} items, a Slack channel export, PagerDuty log entries, an '
                "Opsgenie alert log, Alertmanager or Grafana alerts, or a Statuspage incident",
            )
        return kind, data
    if contributions.is_sheet(text):
        return "sheet", None
    if transcript.is_vtt(text):
        return "vtt", None
    if transcript.is_zoom_chat(text):
        return "zoom-chat", None
    header, _ = csv_rows(path, text)
    keys = {spreadsheet.column_key(name) for name in header}
    if "log" in keys and keys & {"createdat", "date"}:
        return "opsgenie", None
    return "csv", None


def load_timeline_file(
    path: Path | str,
    *,
    fmt: str | None = None,
    mapping: spreadsheet.CsvMapping | None = None,
    tz: tzinfo | None = None,
    day: date | None = None,
    channels: Sequence[str] | None = None,
    window: tuple[datetime | None, datetime | None] = (None, None),
    starts_at: datetime | None = None,
    skipped: dict[str, int] | None = None,
) -> list[TimelineEvent]:
    """Import a whole file as events in time order, or raise ImportFailed and import nothing.

    `fmt` is one of FORMATS (None: detect it). `tz` is the zone for times written without one
    (default: local) and, when given, the zone every imported time is shown in. `day` is the date
    for times written without one (default: today). A whole Slack export (a zip or a folder)
    imports the messages of `channels` (all when None) inside `window`. A WebVTT transcript's
    cues count from `starts_at`, when the recording started. What a format skips on purpose is
    counted into `skipped` (reason -> count) when it is given.
    """
    path = Path(path)
    if fmt is not None and fmt not in FORMATS:
        raise ImportFailed(path, f"cannot be read as {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in (None, "slack") and slack.is_slack_export(path):
        export = slack.load_slack_export(path, channels=channels, window=window)
        if skipped is not None:
            skipped.update(export.skipped)
        if not export.events:
            raise ImportFailed(
                path, "has no messages from people in the chosen channels and time window"
            )
        return finish(path, export.events, tz)
    text = read_text(path)
    data: Any = None
    if fmt is None:
        fmt, data = _detect(path, text)
    if fmt in _TEXT_FORMATS:
        events = _load_text(fmt, path, text, mapping, day, tz, starts_at)
    else:
        if data is None:
            data = json_load(path, text)
        events = _load_json(fmt, path, text, data, day, tz)
    return finish(path, events, tz)


_TEXT_FORMATS = ("sheet", "vtt", "zoom-chat", "csv", "opsgenie")


def _load_text(
    fmt: str,
    path: Path,
    text: str,
    mapping: spreadsheet.CsvMapping | None,
    day: date | None,
    tz: tzinfo | None,
    starts_at: datetime | None,
) -> list[TimelineEvent]:
    if fmt == "sheet":
        if not contributions.is_sheet(text):
            raise ImportFailed(path, "is not a pmdesk contribution sheet", line=1)
        return contributions.load_sheet(path, text, day, tz)
    if fmt == "vtt":
        return transcript.load_vtt(path, text, starts_at)
    if fmt == "zoom-chat":
        return transcript.load_zoom_chat(path, text, day, tz)
    if fmt == "csv":
        return spreadsheet.load_csv(path, text, mapping, day, tz)
    return opsgenie.load(path, text, tz)


def _load_json(
    fmt: str, path: Path, text: str, data: Any, day: date | None, tz: tzinfo | None
) -> list[TimelineEvent]:
    if fmt == "slack":
        return slack.load_channel_file(path, text, data, tz)
    if fmt == "pagerduty":
        return pagerduty.load(path, text, data, tz)
    if fmt == "alertmanager":
        return alertmanager.load(path, text, data, tz)
    if fmt == "statuspage":
        if not statuspage.looks_like(data):
            raise ImportFailed(path, 'is not a Statuspage incident: it needs "incident_updates"')
        return statuspage.load(path, data, tz)
    return json_list.load(path, text, data, day, tz)
