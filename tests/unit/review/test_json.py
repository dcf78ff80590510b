"""The review's JSON: the documented schema holds for every review, and the keys carry the figures."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pmdesk.review import build_review, quarter_period
from pmdesk.review.export import dumps, to_json
from tests.unit.review.library import TODAY, known_library

SCHEMA = resources.files("pmdesk.schemas") / "review-v1.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(validator: Draft202012Validator, data: dict[str, Any]) -> list[str]:
    return [e.message for e in validator.iter_errors(data)]


@pytest.mark.parametrize("quarter", [1, 3])  # an empty quarter and the known one
def test_the_json_matches_its_schema(validator: Draft202012Validator, quarter: int) -> None:
    data = json.loads(dumps(build_review(known_library(), quarter_period(2026, quarter), TODAY)))
    assert _errors(validator, data) == []


def test_the_required_keys_hold_the_figures() -> None:
    data = to_json(build_review(known_library(), quarter_period(2026, 3), TODAY))
    assert (data["from"], data["to"], data["quarter"]) == ("2026-07-01", "2026-09-30", "2026Q3")
    pms = data["postmortems"]
    assert {k: pms[k] for k in ("total", "incidents", "near_misses", "security", "reviewed")} == {
        "total": 5,
        "incidents": 3,
        "near_misses": 1,
        "security": 1,
        "reviewed": 4,
    }
    assert (pms["reviewed_within_48h"], pms["median_hours_to_review"]) == (2, 24.0)
    assert pms["ids"]["reviewed_within_48h"] == [1, 4]
    actions = data["actions"]
    assert (actions["total"], actions["done"], actions["overdue"]) == (8, 3, 2)
    assert actions["completion_rate"] == 0.4286
    assert actions["by_type"]["prevent"] | {} == {
        "total": 4,
        "done": 1,
        "done_late": 0,
        "open": 1,
        "overdue": 1,
        "dropped": 1,
        "completion_rate": 0.3333,
        "postmortems": [1, 2, 4],
    }
    assert data["repeats"][-1] | {"examples": []} == {
        "kind": "theme",
        "name": "canary stage config deploys",
        "postmortems": [1, 2],
        "examples": [],
    }
    assert data["warning"].startswith("Only 3 of the 7 action items (43%) from our postmortems")


def test_the_schema_refuses_what_a_reader_could_not_trust(validator: Draft202012Validator) -> None:
    good = to_json(build_review(known_library(), quarter_period(2026, 3), TODAY))
    for path, value in [
        (("actions", "completion_rate"), 1.5),
        (("postmortems", "reviewed"), -1),
        (("from",), "1 Jul 2026"),
        (("repeats",), [{"kind": "owner", "name": "x", "postmortems": [1, 2]}]),
        (("actions", "surprise"), 1),
    ]:
        bad = copy.deepcopy(good)
        target = bad
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert _errors(validator, bad), path
    missing = copy.deepcopy(good)
    del missing["postmortems"]["near_misses"]
    assert _errors(validator, missing)


def test_the_text_is_indented_with_each_list_of_ids_on_one_line() -> None:
    """A person can read it, and a year's review is not one id a line."""
    review = build_review(known_library(), quarter_period(2026, 3), TODAY)
    text = dumps(review)
    assert json.loads(text) == json.loads(json.dumps(to_json(review)))
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1] == '  "format": "pmdesk.review",' and lines[-1] == "}"
    assert '      "reviewed": [1, 2, 4, 5],' in lines  # the ids of the reviewed ones
    assert not [line for line in lines if line.strip().rstrip(",").isdigit()]
