"""Each detector: what it replaces, and the look-alikes a reader needs that it leaves alone."""

from __future__ import annotations

import pytest

from pmdesk.redaction.detectors import addresses, emails, entropy, hosts, secrets, things, urls


def found(detector, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [text[h.start : h.end] for h in detector(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail from payroll@acme-payroll.com.", ["payroll@acme-payroll.com"]),
        ("Dana.Kim+alerts@corp.example wrote", ["Dana.Kim+alerts@corp.example"]),
        ("no address @ here, nor user@localhost", []),
    ],
)
def test_emails(text: str, expected: list[str]) -> None:
    assert found(emails, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("login from 203.0.113.45, then 198.51.100.7:443", ["203.0.113.45", "198.51.100.7"]),
        ("ranges 10.20.0.0/16 and 2001:db8::/32 blocked", ["10.20.0.0/16", "2001:db8::/32"]),
        ("v6 peer 2001:db8:0:0:8:800:200c:417a answered", ["2001:db8:0:0:8:800:200c:417a"]),
        ("shortened fe80::1ff:fe23:4567:890a too", ["fe80::1ff:fe23:4567:890a"]),
        # Look-alikes: a version after 'v' or 'version', times, dotted releases, no real address.
        ("upgraded to v1.2.3.4 and version 10.2.0.1", []),
        ("at 14:32:05 and 09:15, release 2.4.1, build 1.22.3", []),
        ("999.1.1.1 is no address; neither is 1.2.3", []),
        ("MAC aa:bb:cc:dd:ee:ff is not IPv6", []),
    ],
)
def test_addresses_are_confirmed_by_the_standard_library(text: str, expected: list[str]) -> None:
    assert found(addresses, text) == expected


def test_the_same_address_written_two_ways_is_one_address() -> None:
    keys = {h.key for h in addresses("2001:DB8::1 then 2001:db8:0:0:0:0:0:1")}
    assert keys == {"2001:db8::1"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reset on db-7.payments.internal now", ["db-7.payments.internal"]),
        ("phish came from acme-payroll.com.", ["acme-payroll.com"]),
        ("VAULT.CORP.EXAMPLE.COM answered", ["VAULT.CORP.EXAMPLE.COM"]),
        # File names, dotted product names, versions: not hosts.
        ("edited config.yaml, app.py and README.md", []),
        ("Node.JS and ASP.NET services", []),
        ("e.g. the v2.4.1 deploy", []),
    ],
)
def test_hosts(text: str, expected: list[str]) -> None:
    assert found(hosts, text) == expected


def test_links_end_before_the_sentence_does() -> None:
    text = "See https://grafana.corp.example/d/abc?from=now-1h). And (ssh://bastion.corp:22)."
    assert found(urls, text) == [
        "https://grafana.corp.example/d/abc?from=now-1h",
        "ssh://bastion.corp:22",
    ]


@pytest.mark.parametrize(
    "key",
    [
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
        "xoxb-2222222222-3333333333-AbCdEfGhIjKlMnOp",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkYW5hIn0.c2lnbmF0dXJlLXZhbHVl",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "Zx8Qp2Lm9Vt4Rk7Ws1Ny6Bh3",  # random, by its entropy
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",  # long hex
    ],
)
def test_keys_and_tokens_by_their_shape(key: str) -> None:
    assert found(secrets, f"the value {key} was exposed") == [key]


def test_the_value_after_bearer_or_password_whatever_its_shape() -> None:
    text = "curl -H 'Authorization: Bearer opensesame-123.' and password: hunter2hunter2"
    assert found(secrets, text) == ["opensesame-123", "hunter2hunter2"]


def test_a_pem_block_goes_whole() -> None:
    block = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nAAAA\n-----END OPENSSH PRIVATE KEY-----"
    assert found(secrets, f"pasted:\n{block}\nthen") == [block]


@pytest.mark.parametrize(
    "text",
    [
        "deployed a1b2c3d then 4f9e2a1",  # short commit ids
        "payment-service-canary-rollout-finished",  # long words, no digits
        "request 123e4567-e89b-12d3-a456-426614174000 failed",  # a trace id
        "took 1h30m, p99 450ms, 2026-04-15T14:32:00Z",
        "phishing-resistant-mfa-for-all-staff-2026",
    ],
)
def test_ordinary_tokens_stay(text: str) -> None:
    assert found(secrets, text) == []


def test_random_strings_have_higher_entropy_than_words() -> None:
    assert entropy("Zx8Qp2Lm9Vt4Rk7Ws1Ny6Bh3") > 4 > entropy("payment-service-canary-1")


def test_a_listed_term_is_found_in_any_case_as_a_whole_word() -> None:
    text = "Project Falcon, falcon-2 and falconry"
    hits = [h for h in things(text, ["Project Falcon", "falcon"]) if h.kind == "term"]
    assert [text[h.start : h.end] for h in hits] == ["Project Falcon", "Falcon", "falcon"]
