"""What was said on the bridge: WebVTT transcripts and saved Zoom chats as timeline facts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pmdesk.timeline.load import detect_format, load_timeline_file
from pmdesk.timeline.reading import ImportFailed

SAMPLES = Path(__file__).parents[2] / "resources" / "samples" / "timeline"
START = datetime(2026, 4, 15, 14, 38, tzinfo=UTC)
DAY = date(2026, 4, 15)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_transcript_counts_from_the_recording_start_and_joins_a_speakers_run() -> None:
    path = SAMPLES / "bridge-call-transcript.vtt"
    assert detect_format(path) == "vtt"
    events = load_timeline_file(path, starts_at=START)
    assert [(e.at.strftime("%H:%M:%S"), e.text) for e in events] == [
        ("14:38:04", "Ana Souza: Errors started right after the v2.4.1 deploy. I'm going to roll "
         "back unless anyone objects."),
        ("14:38:14", "Bruno Lima: No objection. I didn't know the pool size was part of that "
         "config."),
        ("14:40:55", "Mei Chen: The dashboard looked normal for the pool & the database."),
        ("14:44:10", "Ana Souza: Rollback finished, errors back to baseline."),
    ]  # fmt: skip
    assert {e.source for e in events} == {"chat"}


def test_zoom_style_speaker_prefixes_and_hourless_cues(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "zoom.vtt",
        "WEBVTT\n\n1\n01:02.000 --> 01:04.000\nAna Souza: rolling back\n\n"
        "2\n01:00:00.000 --> 01:00:02.000\nBruno Lima: <b>done</b>\n",
    )
    events = load_timeline_file(path, starts_at=START)
    assert [(e.at.strftime("%H:%M:%S"), e.text) for e in events] == [
        ("14:39:02", "Ana Souza: rolling back"),
        ("15:38:00", "Bruno Lima: done"),
    ]


def test_a_transcript_without_a_start_asks_for_it() -> None:
    with pytest.raises(ImportFailed, match="say when the recording started"):
        load_timeline_file(SAMPLES / "bridge-call-transcript.vtt")


def test_broken_transcripts_say_where(tmp_path: Path) -> None:
    cut = write(tmp_path, "cut.vtt", "WEBVTT\n\n1\n00:00:04.120 --> 00:00:0")
    with pytest.raises(ImportFailed, match=r"cut\.vtt, line 4: has a broken cue timing"):
        load_timeline_file(cut, starts_at=START)
    empty = write(tmp_path, "empty.vtt", "WEBVTT\n\nNOTE nothing was said\n")
    with pytest.raises(ImportFailed, match=r"empty\.vtt: holds no cues"):
        load_timeline_file(empty, starts_at=START)
    srt = write(tmp_path, "call.srt", "1\n00:00:04,120 --> 00:00:08,900\nhello\n")
    with pytest.raises(ImportFailed, match=r"call\.srt, line 1: is not a WebVTT transcript"):
        load_timeline_file(srt, fmt="vtt", starts_at=START)


def test_a_saved_zoom_chat_lands_on_the_incident_day() -> None:
    path = SAMPLES / "zoom-meeting-chat.txt"
    assert detect_format(path) == "zoom-chat"
    events = load_timeline_file(path, day=DAY, tz=UTC)
    assert [(e.at.strftime("%Y-%m-%d %H:%M:%S"), e.text) for e in events] == [
        ("2026-04-15 14:38:20", "Ana Souza: Bridge is open, please join if you are on payments"),
        ("2026-04-15 14:39:02", "Bruno Lima: Deploy log: v2.4.1 finished 14:32:48"),
        ("2026-04-15 14:40:15", "Mei Chen (direct message to Ana Souza): pool size in the new "
         "config is 5, was 50"),
        ("2026-04-15 14:41:05", "Ana Souza: Rolling back to v2.4.0 now ETA about 3 minutes"),
    ]  # fmt: skip


def test_older_zoom_chat_lines_and_midnight(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "chat.txt",
        "23:59:40 From Ana Souza : still rolling back\n00:00:10 From Ana Souza : done\n",
    )
    events = load_timeline_file(path, day=DAY, tz=UTC)
    assert events[1].at == datetime(2026, 4, 16, 0, 0, 10, tzinfo=UTC)
    assert events[1].text == "Ana Souza: done"


def test_a_file_of_another_format_given_as_zoom_chat_is_refused() -> None:
    with pytest.raises(ImportFailed, match=r"deploy-log\.csv, line 1: is not a saved Zoom chat"):
        load_timeline_file(SAMPLES / "deploy-log.csv", fmt="zoom-chat", day=DAY)
