"""What was said on the incident bridge: WebVTT transcripts and saved Zoom meeting chats.

A WebVTT file (W3C WebVTT; Zoom and Teams both save transcripts in it) times each cue from the
start of the recording, so the facilitator says when the recording started. The speaker is the
cue's voice span (`<v Ana Souza>`, as Teams writes it) or a "Name:" prefix (as Zoom writes it).
A saved Zoom chat (`meeting_saved_chat.txt`) has a clock time on each message line; those times
are on the incident's day, in its zone.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from pmdesk.model import TimelineEvent
from pmdesk.timeline.reading import ImportFailed
from pmdesk.timeline.times import TimeParseError, parse_time

_CUE_TIME = r"(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"{_CUE_TIME}\s+-->\s+{_CUE_TIME}(?:\s.*)?")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-z][^>]*>|<\d[\d:.]*>", re.IGNORECASE)
_SPEAKER = re.compile(r"([^:]{1,60}):\s+(.+)", re.DOTALL)
_ZOOM_LINE = re.compile(
    r"(\d{1,2}:\d{2}:\d{2})\s+From\s+(.+?)(?:\s+to\s+(.+?))?\s*:\s*(.*)", re.IGNORECASE
)


def is_vtt(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("WEBVTT")


def is_zoom_chat(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return _ZOOM_LINE.fullmatch(first.strip()) is not None


def _offset(groups: tuple[str | None, ...]) -> timedelta:
    hours, minutes, seconds, millis = (int(g or 0) for g in groups)
    return timedelta(hours=hours, minutes=minutes, seconds=seconds, milliseconds=millis)


def _cue_text(lines: list[str]) -> str:
    joined = " ".join(line.strip() for line in lines if line.strip())
    voice = _VOICE.search(joined)
    text = " ".join(html.unescape(_TAG.sub("", joined)).split())
    if voice is not None:
        return f"{voice.group(1).strip()}: {text}"
    return text


def load_vtt(path: Path, text: str, starts_at: datetime | None) -> list[TimelineEvent]:
    """One event per cue, at the recording's start plus the cue's start."""
    if not is_vtt(text):
        raise ImportFailed(path, 'is not a WebVTT transcript: it must start with "WEBVTT"', line=1)
    if starts_at is None:
        raise ImportFailed(
            path,
            "times each line from the start of the recording; say when the recording started",
        )
    lines = text.lstrip("\ufeff").splitlines()
    events: list[TimelineEvent] = []
    i = 1
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in line:
            while i < len(lines) and lines[i].strip():
                i += 1
            continue
        timing = _TIMING.fullmatch(line)
        if timing is None and "-->" in line:
            raise ImportFailed(path, f"has a broken cue timing {line!r}", line=i + 1)
        if timing is None:
            i += 1
            continue
        payload: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip():
            payload.append(lines[i])
            i += 1
        said = _cue_text(payload)
        if said:
            at = (starts_at + _offset(timing.groups()[:4])).replace(microsecond=0)
            events.append(TimelineEvent(at=at, text=said, source="chat"))
    if not events:
        raise ImportFailed(
            path,
            "holds no cues (a cue is a timing line such as "
            "'00:01:02.500 --> 00:01:05.000' followed by what was said)",
        )
    return _merge_speaker_runs(events)


def _merge_speaker_runs(events: list[TimelineEvent]) -> list[TimelineEvent]:
    """Transcripts cut one sentence into several cues; a speaker's run within 10 s is one event."""
    merged: list[TimelineEvent] = []
    for event in events:
        speaker = _SPEAKER.fullmatch(event.text)
        last = merged[-1] if merged else None
        if (
            last is not None
            and speaker is not None
            and last.text.startswith(speaker.group(1) + ": ")
            and event.at - last.at <= timedelta(seconds=10)
        ):
            last.text = f"{last.text} {speaker.group(2)}"
            continue
        merged.append(event)
    return merged


def load_zoom_chat(
    path: Path, text: str, day: date | None, tz: tzinfo | None
) -> list[TimelineEvent]:
    """One event per chat message; continuation lines belong to the message above them."""
    events: list[TimelineEvent] = []
    previous: datetime | None = None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        m = _ZOOM_LINE.fullmatch(line)
        if m is None:
            if not events:
                raise ImportFailed(
                    path,
                    "is not a saved Zoom chat: it must start with 'HH:MM:SS From ...'",
                    line=number,
                )
            events[-1].text = f"{events[-1].text} {line}"
            continue
        clock, who, to, said = m.groups()
        try:
            at = parse_time(clock, previous=previous, day=day, tz=tz)
        except TimeParseError as error:
            raise ImportFailed(path, str(error), line=number) from None
        if previous is not None and at < previous - timedelta(hours=12):
            at += timedelta(days=1)  # the chat went past midnight
        to = re.sub(r"\s*\((?:direct message|privately)\)", "", to or "", flags=re.I).strip()
        private = f" (direct message to {to})" if to and to.casefold() != "everyone" else ""
        events.append(
            TimelineEvent(at=at, text=f"{who.strip()}{private}: {said}".rstrip(), source="chat")
        )
        previous = at
    if not events:
        raise ImportFailed(path, "holds no chat messages")
    for event in events:
        if event.text.endswith(":"):
            event.text += " (an empty message)"
    return events
