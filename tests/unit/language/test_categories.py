"""Each category catches its own kind of blame, and leaves the look-alikes alone.

The sentences are written for these tests (not taken from the development corpus): the positives
are phrasings a facilitator wants flagged; the hard negatives share words or grammar with them but
describe systems, plans, owners, quotes or technical terms.
"""

from __future__ import annotations

import pytest

from pmdesk.language import LintContext, is_blame, lint

POSITIVES: dict[str, list[str]] = {
    "person_as_cause": [
        "The outage happened because Priya pushed to main without a review.",
        "Carlos broke production when he ran the migration by hand.",
        "It was the intern who dropped the users table.",
        "The data loss was caused by Marta running the cleanup script against prod.",
        "Search went down because the DBA dropped the wrong index.",
        "Honestly it was Pedro's fault for not checking the region.",
        "The developer's commit caused the memory leak.",
        "Somebody has to be held accountable for this.",
        "Everything was fine until Kim touched the load balancer config.",
        "Jonas is responsible for this outage.",
        "Ivan messed up the DNS records.",
        "Our monitoring was fine; the engineers were the problem.",
    ],
    "hindsight": [
        "Tina should've double-checked the target region.",
        "They shouldn't have deployed on a Friday afternoon.",
        "If Priya had read the runbook, this wouldn't have happened.",
        "She ignored the warning in the deploy output.",
        "It was obvious that the disk was filling up.",
        "Had he checked the logs, we'd have caught it an hour earlier.",
        "Nobody bothered to check whether the backups were restorable.",
        "Jin knew the migration was risky and ran it anyway.",
        "Raj failed to communicate the change to the other teams.",
        "The SRE neglected to update the runbook after the last incident.",
        "Any competent engineer would have checked the host first.",
        "That PR should never have been approved.",
        "The reviewers let a broken migration through.",
    ],
    "judgement": [
        "That deploy was reckless.",
        "Sloppy work on the migration script.",
        "It was an unprofessional way to handle a SEV1.",
        "Leaving the debug flag on in production was irresponsible.",
        "The on-call handled the escalation poorly.",
        "That was poor judgment on his part.",
        "He dropped the ball on the handover.",
        "Her handling of the customer comms was inadequate.",
    ],
    "human_error": [
        "Root cause: human error.",
        "Operator error during failover.",
        "Classic layer 8 problem.",
        "The engineer fat-fingered the replica count.",
        "It was a human mistake, plain and simple.",
        "Cause: human.",
    ],
    "single_root_cause": [
        "The root cause was an expired TLS certificate.",
        "The real cause was the missing index; everything else is noise.",
        "There was exactly one reason this happened: the stale DNS record.",
        "It boils down to the retry storm.",
        "The outage was solely due to the expired token.",
        "Fixing the timeout fixes everything.",
    ],
    "who_question": [
        "Who pushed this to prod on a Friday?",
        "Who's responsible for this mess?",
        "Which engineer merged this without review?",
        "Whose fault is this?",
        "Who do we blame for this?",
        "Why didn't the on-call escalate sooner?",
        "I want to know who signed off on this.",
    ],
    "minimizing": [
        "She only needed to run one command.",
        "All he needed to do was look at the dashboard.",
        "Why couldn't they just restart the pod?",
        "It's literally one line.",
        "Even a junior would have caught this.",
        "He could have just asked in the channel.",
        "It's not that hard to read a graph.",
    ],
    "vague_action": [
        "Improve monitoring.",
        "Better communication between teams.",
        "More training on the deploy tool.",
        "Everyone should be more careful with prod.",
        "Ensure this doesn't happen again.",
        "Engineers must double-check their work.",
        "Look into the alerting gaps.",
        "Remind the team to follow the runbook.",
        "We need better monitoring.",
        "Action item: engineers should pay closer attention to warnings.",
    ],
}

LISTEN_FOR = [
    "I assumed the flag was off because staging showed it off.",
    "I didn't know the cache and the session store shared a cluster.",
    "The dashboard looked normal the whole time.",
    "It seemed safer to wait than to fail over blind.",
    "I was juggling the customer call and the bridge.",
    "The runbook said to restart the pods first.",
]

HARD_NEGATIVES: dict[str, list[str]] = {
    "system as subject": [
        "The load balancer failed to detect the unhealthy backend.",
        "Terraform failed to acquire the state lock.",
        "The health check didn't notice the degraded node.",
        "The queue consumer ignored the poison message and kept retrying.",
        "Our Kubernetes operator failed to reconcile the new replica count.",
        "The dashboard could have shown p99 latency, but it only showed the average.",
        "The retry loop amplified the load until the database fell over.",
    ],
    "retraining a model is not training people": [
        "The retraining job read features from the stale snapshot.",
        "Retrain the ranking model on the corrected labels by Friday.",
    ],
    "a person credited with the recovery": [
        "Thanks to Omar we were back up in ten minutes instead of an hour down.",
        "Because of Sam's alert we knew the region was down within a minute.",
    ],
    "words that only sound like blame": [
        "The backup job was supposed to run nightly but the scheduler skipped it.",
        "The request violated the API's rate limit, so the gateway returned 429s.",
        "The on-call engineer is responsible for acknowledging pages within five minutes.",
        "The script simply retries three times and then gives up.",
        "A fault in the network card caused packet loss on db-2.",
        "Careless Cat, our YAML linter, flagged the indentation but not the wrong key.",
        "The wrong certificate was served because two vhosts shared a name.",
        "Why didn't the retries help? Every retry hit the same overloaded shard.",
    ],
    "recommendation, not hindsight": [
        "The deploy tool should have a dry-run mode by default.",
        "We should have a runbook for regional failover.",
        "We should have automated tests for the failover path.",
        "The CLI could ask for the cluster name before deleting anything.",
        "The health check should return 503 when the database is unreachable.",
    ],
    "consequences and blameless counterfactuals": [
        "We would have lost the whole queue if the broker had restarted.",
        "Customers could have seen stale prices for up to ten minutes.",
        "Nobody could have known from the dashboards that the replica was stale.",
        "If the dashboard had shown p99, the on-call would have noticed the spike earlier.",
    ],
    "names as owners and in the timeline": [
        "Owner: Kenji. Deadline: end of sprint.",
        "Raj is responsible for the backup verification action item.",
        "Marta is accountable for delivering the new alert by Friday.",
        "14:02 Dave ran the migration against db1.",
        "At 02:10 Jun paged the storage team.",
        "Ravi took the old replica down for maintenance at 03:00.",
        "Thanks to Rachel's quick rollback, the impact stayed under ten minutes.",
        "Tariq deployed during the freeze window because the freeze calendar had the wrong dates.",
    ],
    "quotes and rule statements": [
        'We agreed not to use the phrase "root cause" in our reports.',
        "The template no longer has a field for human error.",
        'Avoid words like "careless" or "sloppy" when describing actions.',
        "Nobody is to blame for this incident.",
        "There's no single root cause here; four factors combined.",
        "It wasn't human error: the UI hid the confirmation step.",
    ],
    "technical terms": [
        "The error rate rose to 12% within two minutes.",
        "Lazy loading of the images delayed the first paint.",
        "The IDE's blame view showed the line was from 2019.",
        "The root-cause-id field in the ticket stays empty for now.",
        "The service returns human-readable error messages.",
        "We moved to just-in-time provisioning for build agents.",
        "The fat-finger protection in the CLI was disabled for admins.",
        "Sloppy quorum in the datastore accepted writes during the partition.",
        "Disk usage was just below the threshold, so no alert fired.",
        "We had just finished the deploy when the first alert fired.",
    ],
    "facilitator questions": [
        "What made rolling back feel risky at that point?",
        "Who owns the alerting config for this service?",
        "Who is on call this week?",
        "Why didn't the alert fire?",
        "How did the change get through review without a canary?",
    ],
    "specific actions": [
        "Add a p99 latency alert at 500 ms on payment-service, owner Sam, due Apr 25.",
        "Improve monitoring by adding a disk-usage alert at 80% on db hosts.",
        "Block deploys to production when the canary error rate exceeds 1%.",
        "We should consider making the canary hold for at least 60 minutes on weekends.",
    ],
}


def _blame(text: str, context: LintContext | None = None) -> list[str]:
    return [f.category for f in lint(text, context) if is_blame(f)]


@pytest.mark.parametrize(
    ("category", "sentence"),
    [(category, s) for category, sentences in POSITIVES.items() for s in sentences],
)
def test_blame_sentence_is_flagged_in_its_category(category: str, sentence: str) -> None:
    assert category in _blame(sentence), f"{category} not flagged in: {sentence}"


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [(kind, s) for kind, sentences in HARD_NEGATIVES.items() for s in sentences],
)
def test_look_alike_is_not_flagged(kind: str, sentence: str) -> None:
    assert _blame(sentence) == [], f"{kind}: wrongly flagged: {sentence}"


@pytest.mark.parametrize("sentence", LISTEN_FOR)
def test_listen_for_cue_is_a_positive_finding_and_not_blame(sentence: str) -> None:
    findings = lint(sentence)
    assert any(f.category == "listen_for" and f.severity == "info" for f in findings)
    assert not [f for f in findings if is_blame(f)]


def test_the_same_failure_verb_depends_on_who_does_it() -> None:
    assert _blame("Mike failed to notice the queue depth climbing.") == ["hindsight"]
    assert _blame("The alert failed to fire because the threshold was 50%.") == []


def test_hindsight_about_people_but_not_recommendations_about_systems() -> None:
    assert "hindsight" in _blame("We should have known the table was that big.")
    assert _blame("The script should have a confirmation step.") == []


def test_person_action_explained_by_the_system_is_not_blamed() -> None:
    assert "person_as_cause" in _blame("Felix restarted the wrong service.")
    assert _blame("Felix restarted the wrong service because both had the same name.") == []


def test_a_named_person_as_owner_is_fine_but_as_cause_is_not() -> None:
    context = LintContext(names=("Ana Lima",))
    assert _blame("Ana will add the alert by Friday.", context) == []
    assert "person_as_cause" in _blame("The outage was Ana's fault.", context)


def test_attendee_names_count_as_people_even_when_they_are_common_words() -> None:
    sentence = "Will failed to notice the disk alert."
    rules = [f.rule for f in lint(sentence) if is_blame(f)]
    assert not any(r.startswith("hindsight.") for r in rules)  # "Will" alone reads as the modal
    named = [f.rule for f in lint(sentence, LintContext(names=("Will",))) if is_blame(f)]
    assert named == ["hindsight.failed-to"]


def test_vague_verbs_are_flagged_anywhere_only_in_action_items() -> None:
    sentence = "In the retro we agreed to improve monitoring of the payment queue."
    assert _blame(sentence) == []
    assert _blame(sentence, LintContext(field="action")) == ["vague_action"]
    specific = "Improve monitoring of the payment queue by adding a lag alert at 30 s."
    assert _blame(specific, LintContext(field="action")) == []


def test_wishes_are_flagged_in_any_field() -> None:
    for field in ("notes", "lessons", "action"):
        assert "vague_action" in _blame("The team will be more vigilant.", LintContext(field=field))
