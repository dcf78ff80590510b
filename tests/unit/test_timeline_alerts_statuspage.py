"""Alertmanager/Grafana alert notifications and Statuspage incident updates as timeline facts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pmdesk.model import Marker
from pmdesk.timeline.load import detect_format, load_timeline_file
from pmdesk.timeline.reading import ImportFailed

SAMPLES = Path(__file__).parents[2] / "resources" / "samples" / "timeline"


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def test_alertmanager_webhook_fires_and_resolves() -> None:
    path = SAMPLES / "alertmanager-webhook.json"
    assert detect_format(path) == "alertmanager"
    events = load_timeline_file(path, tz=UTC)
    assert [(e.at.strftime("%H:%M:%S"), e.text) for e in events] == [
        ("14:34:52", "Alert firing: PaymentErrorRateHigh on payment-service: Checkout error rate "
         "above 5% for 2 minutes"),
        ("14:36:07", "Alert firing: PaymentLatencyP99High on payment-service: P99 latency of "
         "checkout above 2 s"),
        ("14:45:22", "Alert resolved: PaymentErrorRateHigh on payment-service: Checkout error "
         "rate above 5% for 2 minutes"),
        ("14:46:37", "Alert resolved: PaymentLatencyP99High on payment-service: P99 latency of "
         "checkout above 2 s"),
    ]  # fmt: skip
    assert [e.marker for e in events] == [Marker.DETECTION, None, None, None]
    assert {e.source for e in events} == {"alert"}


def test_alertmanager_api_list_of_active_alerts_has_no_guessed_end(tmp_path: Path) -> None:
    active = {
        "labels": {"alertname": "DiskFull", "instance": "db-1"},
        "annotations": {},
        "startsAt": "2026-04-15T14:30:00Z",
        "endsAt": "2026-04-15T14:40:00Z",  # Alertmanager's guess while it still fires
        "status": {"state": "active", "silencedBy": [], "inhibitedBy": []},
    }
    events = load_timeline_file(write(tmp_path, "alerts.json", [active]))
    assert [e.text for e in events] == ["Alert firing: DiskFull on db-1"]


@pytest.mark.parametrize(
    ("alert", "says"),
    [
        (
            {"labels": {"alertname": "X"}, "startsAt": ""},
            "alert 2 of 'alerts': has no \"startsAt\"",
        ),
        ({"labels": {"alertname": "X"}, "startsAt": "soon"}, "'soon' is not a time"),
        ("firing", 'is "firing", not an object'),
    ],
)
def test_broken_alerts_name_the_alert(tmp_path: Path, alert: object, says: str) -> None:
    good = {"labels": {"alertname": "A"}, "startsAt": "2026-04-15T14:30:00Z"}
    path = write(tmp_path, "hook.json", {"status": "firing", "alerts": [good, alert]})
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(path, fmt="alertmanager")
    assert says in str(caught.value) and "hook.json" in str(caught.value)


def test_statuspage_updates_in_the_order_they_were_posted() -> None:
    path = SAMPLES / "statuspage-incident.json"
    assert detect_format(path) == "statuspage"
    events = load_timeline_file(path)
    assert [e.text.split(" - ")[0] for e in events] == [
        "Status page: Investigating",
        "Status page: Identified",
        "Status page: Monitoring",
        "Status page: Resolved",
    ]
    assert events[0].at == datetime(2026, 4, 15, 14, 39, 40, tzinfo=UTC)
    assert events[0].text.endswith("Some customers cannot complete checkout. We are investigating.")
    assert all(e.marker is None for e in events)


def test_a_broken_statuspage_update_names_it(tmp_path: Path) -> None:
    data = json.loads((SAMPLES / "statuspage-incident.json").read_text(encoding="utf-8"))
    del data["incident"]["incident_updates"][1]["created_at"]
    del data["incident"]["incident_updates"][1]["display_at"]
    with pytest.raises(
        ImportFailed, match=r"page\.json, incident 1, update 2: has no \"created_at\""
    ):
        load_timeline_file(write(tmp_path, "page.json", data))


def test_a_truncated_alert_file_and_another_format_are_refused(tmp_path: Path) -> None:
    text = (SAMPLES / "alertmanager-webhook.json").read_text(encoding="utf-8")
    cut = tmp_path / "hook.json"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"hook\.json, line \d+: is not valid JSON here"):
        load_timeline_file(cut)
    slack = SAMPLES / "slack-export.json"
    with pytest.raises(
        ImportFailed, match='is not a Statuspage incident: it needs "incident_updates"'
    ):
        load_timeline_file(slack, fmt="statuspage")
    with pytest.raises(
        ImportFailed, match=r'slack-export\.json, line 2 \(alert 1\): has no "startsAt"'
    ):
        load_timeline_file(slack, fmt="alertmanager")
