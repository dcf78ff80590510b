"""Whole Slack exports (zip, unzipped folder, one channel folder) as facilitators receive them."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pmdesk.timeline.load import detect_format, load_timeline_file
from pmdesk.timeline.reading import ImportFailed
from pmdesk.timeline.slack import (
    incident_window,
    load_slack_export,
    slack_channels,
    slack_text,
)

EXPORT = Path(__file__).parents[2] / "resources" / "samples" / "timeline" / "slack-export"
START = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
END = datetime(2026, 4, 15, 14, 50, tzinfo=UTC)


def zipped(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for file in sorted(folder.rglob("*.json")):
            archive.write(file, prefix + file.relative_to(folder).as_posix())
    return target


def texts(path: Path, **kwargs: object) -> list[str]:
    return [e.text for e in load_slack_export(path, **kwargs).events]  # type: ignore[arg-type]


def test_the_zip_the_folder_and_a_channel_folder_all_import(tmp_path: Path) -> None:
    archive = zipped(EXPORT, tmp_path / "export.zip")
    assert detect_format(archive) == "slack" and detect_format(EXPORT) == "slack"
    window = incident_window(START, END)
    from_zip = texts(archive, channels=["inc-payments"], window=window)
    from_folder = texts(EXPORT, channels=["#inc-payments"], window=window)
    from_channel = texts(EXPORT / "inc-payments", window=window)
    assert from_zip == from_folder == from_channel
    # Names come from users.json even when the message carries no profile.
    assert from_zip[1].startswith("Bruno Lima: @Ana Souza v2.4.1 went out")


def test_a_zip_with_an_extra_top_folder_is_read(tmp_path: Path) -> None:
    archive = zipped(EXPORT, tmp_path / "export.zip", prefix="Acme Slack export Apr 15/")
    assert len(load_slack_export(archive).events) == 11


def test_channels_are_listed_with_message_counts() -> None:
    counts = {c.name: c.messages for c in slack_channels(EXPORT)}
    assert counts == {"deploys": 4, "inc-payments": 11}


def test_system_messages_are_skipped_and_people_kept() -> None:
    result = load_slack_export(EXPORT, channels=["inc-payments"])
    joined = " ".join(e.text for e in result.events)
    assert "has joined the channel" not in joined and "set the channel topic" not in joined
    assert "has left the channel" not in joined
    assert sum(result.skipped.values()) == 4
    assert len(result.events) == 7


def test_thread_replies_are_their_own_events_in_time_order() -> None:
    events = load_slack_export(EXPORT, channels=["inc-payments"]).events
    assert [e.at for e in events] == sorted(e.at for e in events)
    replies = [e.text for e in events if "(thread reply)" in e.text]
    assert replies == [
        "Ana Souza (thread reply): Agreed & the pool metrics <look> off too",
        "Mei Chen (thread reply): Connection pool size went from 50 to 5 in the new config",
    ]


def test_bots_are_named_and_channels_shown_when_several_are_chosen() -> None:
    events = load_slack_export(EXPORT, window=incident_window(START, END)).events
    bot = [e.text for e in events if "deployed to production" in e.text]
    assert bot[0] == (
        "Deploy Bot in #deploys: payment-service v2.4.1 deployed to production (12/12 pods)"
    )
    assert all(" in #" in e.text for e in events)


def test_the_window_keeps_an_hour_either_side_of_the_incident() -> None:
    events = load_slack_export(EXPORT, window=incident_window(START, END)).events
    assert not any("billing-service" in e.text for e in events)
    everything = load_slack_export(EXPORT).events
    assert any("billing-service" in e.text for e in everything)
    assert everything[0].at == datetime(2026, 4, 15, 10, 5, tzinfo=UTC)


def test_mentions_links_and_entities_read_as_people_wrote_them() -> None:
    people = {"U1": "Ana Souza"}
    channels = {"C1": "inc-payments"}
    assert slack_text("<@U1> see <#C1>", people, channels) == "@Ana Souza see #inc-payments"
    assert slack_text("<@U9|bruno> ok", people, channels) == "@bruno ok"
    assert slack_text("<!here> and <!channel>", people, channels) == "@here and @channel"
    assert slack_text("<!subteam^S1|@oncall> ping", people, channels) == "@oncall ping"
    assert slack_text("<https://x.example/d|dash> &lt;p99&gt; &amp; more", {}, {}) == (
        "dash <p99> & more"
    )
    assert slack_text("<https://x.example/d>", {}, {}) == "https://x.example/d"


def test_the_shared_import_path_reads_an_export(tmp_path: Path) -> None:
    events = load_timeline_file(EXPORT, channels=["deploys"], window=incident_window(START, END))
    assert [e.source for e in events] == ["chat"] * 3


def test_an_unknown_channel_names_the_ones_there() -> None:
    with pytest.raises(ImportFailed, match=r"has no channel 'random' \(its channels: deploys"):
        load_slack_export(EXPORT, channels=["random"])


def test_an_empty_window_adds_nothing_and_says_why() -> None:
    late = datetime(2027, 1, 1, tzinfo=UTC)
    with pytest.raises(ImportFailed, match="no messages from people in the chosen channels"):
        load_timeline_file(EXPORT, window=(late, None))


def copy_export(tmp_path: Path) -> Path:
    target = tmp_path / "export"
    shutil.copytree(EXPORT, target)
    return target


def test_a_truncated_zip_is_refused(tmp_path: Path) -> None:
    archive = zipped(EXPORT, tmp_path / "export.zip")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(ImportFailed, match=r"cut\.zip: is a damaged or truncated zip archive"):
        load_timeline_file(cut)


def test_a_truncated_day_file_names_the_file_and_line(tmp_path: Path) -> None:
    folder = copy_export(tmp_path)
    day = folder / "deploys" / "2026-04-15.json"
    day.write_text(day.read_text()[:300])
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(folder)
    message = str(caught.value)
    assert message.startswith("export, deploys/2026-04-15.json, line ")
    assert "is not valid JSON here" in message


def test_a_day_file_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    folder = copy_export(tmp_path)
    (folder / "deploys" / "2026-04-15.json").write_text(json.dumps({"messages": "nope"}))
    with pytest.raises(ImportFailed, match=r"deploys/2026-04-15\.json: should be a list of messa"):
        load_timeline_file(folder)


def test_a_message_without_a_time_is_refused(tmp_path: Path) -> None:
    folder = copy_export(tmp_path)
    (folder / "deploys" / "2026-04-15.json").write_text(json.dumps([{"text": "hi"}]))
    with pytest.raises(ImportFailed, match=r"2026-04-15\.json, message 1: has no Slack timestamp"):
        load_timeline_file(folder)


def test_a_folder_of_something_else_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "events.json").write_text("[]")
    with pytest.raises(ImportFailed, match="holds no Slack channel files"):
        load_timeline_file(tmp_path / "notes")


def test_a_zip_of_something_else_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("holiday.jpg", b"\xff\xd8")
    with pytest.raises(ImportFailed, match=r"photos\.zip: holds no Slack channel files"):
        load_timeline_file(archive)
