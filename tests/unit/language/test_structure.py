"""Who does what: the shapes the learned layer reads besides the words."""

from __future__ import annotations

import math

import pytest

from pmdesk.language import lint
from pmdesk.language._learned import _kind, features, shipped_model
from pmdesk.language._structure import structure
from pmdesk.language.engine import prepared_sentences


def shapes(text: str) -> set[str]:
    return {f for sentence in prepared_sentences(text) for f in structure(sentence, _kind)}


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("Cert chain broken - ops swapped the intermediate on the LB.", "x:R>act"),
        ("so yeah thats on Imran, he rotated the key", "x:P>act"),
        ("so yeah thats on Imran, he rotated the key", "x:on agent"),
        ("root of it: Ravi's script, which wiped the staging secrets", "x:O>harm"),
        ("Login outage: someone's cron revoked all tokens at midnight.", "x:owner"),
        ("08:50 cache flushed by Yerlan on all regions", "x:by agent"),
        ("The flag was flipped by the new hire without review.", "x:act by R"),
        ("16:22 Leilani's PR removes the retry; delivery failures start 16:40", "x:time agent act"),
        ("14:05 Tom ran the migration; 14:06 orders fail", "x:time agent act then"),
        ("shouldve looked at the BGP summary before rebooting", "x:modal-have bare"),
        ("should of checked the replica before promoting", "x:modal-have bare"),
        ("Drift was visible on day one. Nobody looked.", "x:nobody acted"),
        ("Because of Mr. Haddad mistake the payments stopped.", "x:because of agent"),
        ("thanks to marco we spent saturday restoring the index", "x:because of agent"),
        ("He not checked the target cluster.", "x:agent not act"),
        ("Nobody saw the queue grow until it hit 2M.", "x:nobody until"),
        ("22:05 Leila rotates the cert / half the clients start failing", "x:time agent act then"),
        ("19:30 Chen restarts the primary; writes rejected", "x:agent act then outcome"),
        ("security team revoked the service keys and every batch job failed", "x:R>act"),
        ("The admin confused the two consoles.", "x:agent>act"),
        ("Ops sent the campaign with the wrong coupon, costing us 40k", "x:agent act then outcome"),
        ("Our 'senior' DBA dropped the index", "x:quoted agent"),
        ("great job, team - we paged ourselves 400 times", "x:praise address"),
        ('Nice one, "expert" - the backup script backs up nothing.', "x:praise quote"),
        ("stellar testing, the release crashed on every phone", "x:praise then harm"),
        ("08:40 vendor email about the deprecation sits unread", "x:omission"),
        ("15:20 rollback available since 14:30 but not used", "x:omission"),
        ("2-line fix, 3h to ship", "x:ease then duration"),
        ("product and engineering need to talk more", "x:wish more end"),
    ],
)
def test_the_agent_of_an_act_is_found_whatever_its_words(text: str, shape: str) -> None:
    assert shape in shapes(text)


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("The pipeline deployed the new image to every pod.", "x:agent>act"),
        ("Marguerite: the replica was promoted at 10:02.", "x:N>act"),
        ("14:02 The pipeline restarts the pods; errors stop", "x:time agent act"),
        ("The script should have a confirmation step.", "x:modal-have bare"),
        ("Thanks to the circuit breaker, only 3% of requests failed.", "x:because of agent"),
        ("10:20 Maria rolls back to v2.4; errors drop to baseline", "x:agent act then outcome"),
        ("The job did not finish; nobody was paged.", "x:nobody until"),
        ("The shared pool was exhausted by noon.", "x:agent>act"),
        ("Great job, team - service restored in ten minutes.", "x:praise then harm"),
        ('The word "senior" was dropped from the titles.', "x:quoted agent"),
        ("The alert fired and was acknowledged within a minute.", "x:omission"),
        ("Simple fix, shipped the same afternoon.", "x:ease then duration"),
        ("We need 40 more GB of disk on the replicas by Friday.", "x:wish more end"),
    ],
)
def test_systems_acting_and_speakers_are_not_agents(text: str, shape: str) -> None:
    assert shape not in shapes(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "16:22 Leilani’s PR removes the retry on the SMS vendor client; failures start 16:40",
        "shouldve looked at the BGP summary before rebooting the router imo",
        "The firmware update, applied by a datacentre technician to all racks, broke quorum.",
    ],
)
def test_the_engine_scores_a_sentence_as_its_features_say(sentence: str) -> None:
    model = shipped_model()
    assert model is not None
    (prepared,) = prepared_sentences(sentence)
    fast = model.sentence_probability(prepared)
    slow = model.probability(features(prepared, model))
    assert math.isclose(fast, slow, rel_tol=1e-9)


def test_an_agreed_wish_in_the_notes_is_not_flagged() -> None:
    assert lint("We agreed to improve monitoring.") == []


def test_a_name_the_rules_do_not_know_is_read_as_a_person_and_a_product_is_not() -> None:
    (named,) = prepared_sentences("payments down 18m; revert of Xiomara's PR fixed it")
    assert "w:<person>'s" in features(named)
    assert not any("xiomara" in f for f in features(named))
    (product,) = prepared_sentences("We moved the Kafka cluster and the Grafana boards.")
    assert {"w:kafka", "w:grafana"} <= set(features(product))
    (opening,) = prepared_sentences("Rollback complete; error rate back to normal.")
    assert "w:rollback" in features(opening)


def test_words_of_one_closed_class_share_what_the_model_learned() -> None:
    (merely,) = prepared_sentences("it was merely a restart")
    (just,) = prepared_sentences("it was just a restart")
    assert "g:was <mini>" in features(merely)
    assert "g:was <mini>" in features(just)


def test_praise_words_share_what_the_model_learned_of_sarcasm() -> None:
    (great,) = prepared_sentences("great job, team")
    (stellar,) = prepared_sentences("stellar job, team")
    assert "g:<praise> job" in features(great)
    assert "g:<praise> job" in features(stellar)


def test_service_coming_back_is_one_class_of_words() -> None:
    (works,) = prepared_sentences("14:05 login works again")
    (recovers,) = prepared_sentences("14:05 login recovers")
    assert "k:<recovered>" in features(works)
    assert "k:<recovered>" in features(recovers)
