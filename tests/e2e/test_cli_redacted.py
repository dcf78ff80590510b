"""`pmdesk export` of a security postmortem: redacted unless the full edition is asked for."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples"
SECURITY = SAMPLE / "payroll-phishing-compromise.json"
SECRETS = ["Grace Okoye", "AKIAIOSFODNN7EXAMPLE", "203.0.113.77", "acme-payroll-support.com"]


def test_a_security_postmortem_is_exported_redacted_by_default(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    assert run_pmdesk("--db", db, "import", str(SECURITY)).returncode == 0
    redacted = run_pmdesk("--db", db, "export", "1", "-f", "md", "-o", "-")
    assert redacted.returncode == 0, redacted.stderr
    for secret in [*SECRETS, "sso-legacy", "Project Heron"]:
        assert secret not in redacted.stdout
    assert "\\[finance analyst\\] opens the link" in redacted.stdout
    assert "Restricted: this event is left out of this edition." in redacted.stdout

    full = run_pmdesk("--db", db, "export", "1", "-f", "md", "-o", "-", "--full")
    assert full.returncode == 0
    assert all(secret in full.stdout for secret in SECRETS)
    assert "full edition of a security postmortem" in full.stderr

    # The redacted JSON carries none of the choices (they name what was hidden).
    data = json.loads(run_pmdesk("--db", db, "export", "1", "-o", "-").stdout)
    assert "redaction" not in data and "Grace Okoye" not in json.dumps(data)
    # The full JSON keeps them, so they survive a round trip.
    kept = json.loads(run_pmdesk("--db", db, "export", "1", "-o", "-", "--full").stdout)
    assert kept["redaction"]["terms"] == ["Project Heron", "SEC-4821"]


def test_any_postmortem_can_be_exported_redacted(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE / "payment-service-outage.json"))
    plain = run_pmdesk("--db", db, "export", "1", "-f", "md", "-o", "-")
    redacted = run_pmdesk("--db", db, "export", "1", "-f", "md", "-o", "-", "--redacted")
    assert "Marcus Chen" in plain.stdout and "Marcus Chen" not in redacted.stdout
    both = run_pmdesk("--db", db, "export", "1", "-o", "-", "--redacted", "--full")
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


def test_the_team_terms_file_hides_ticket_numbers_and_names_a_bad_line(  # type: ignore[no-untyped-def]
    run_pmdesk, tmp_path: Path
) -> None:
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE / "payment-service-outage.json"))
    terms = tmp_path / "team-terms.txt"
    terms.write_text("# our ticket numbers\n/INC-\\d+/\npayment-service\n", encoding="utf-8")
    plain = run_pmdesk("--db", db, "export", "1", "-f", "md", "-o", "-", "--redacted")
    listed = run_pmdesk(
        "--db", db, "export", "1", "-f", "md", "-o", "-", "--redacted", "--terms", str(terms)
    )
    assert listed.returncode == 0, listed.stderr
    assert "payment-service" in plain.stdout and "payment-service" not in listed.stdout
    assert "\\[term-1\\]" in listed.stdout
    terms.write_text("ok\n/INC-(/\n", encoding="utf-8")
    bad = run_pmdesk("--db", db, "export", "1", "-o", "-", "--redacted", "--terms", str(terms))
    assert bad.returncode == 2
    assert f"{terms}, line 2: '/INC-(/' is not a pattern" in bad.stderr


def test_publish_redacts_security_postmortems_unless_full(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SECURITY), str(SAMPLE / "payment-service-outage.json"))

    def published(*options: str) -> str:
        folder = tmp_path / "site"
        result = run_pmdesk("--db", db, "publish", str(folder), "-f", "md", *options)
        assert result.returncode == 0, result.stderr
        return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md")))

    default = published()
    assert not any(secret in default for secret in SECRETS)
    assert "Marcus Chen" in default  # the outage is no security postmortem: published as written
    everything_redacted = published("--redacted")
    assert "Marcus Chen" not in everything_redacted
    full = published("--full")
    assert all(secret in full for secret in SECRETS)


def test_the_team_list_in_the_data_folder_is_used_by_export_and_publish(  # type: ignore[no-untyped-def]
    run_pmdesk, tmp_path: Path
) -> None:
    from pmdesk.redaction.team import team_terms_path

    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE / "payment-service-outage.json"))
    team_terms_path().parent.mkdir(parents=True, exist_ok=True)
    team_terms_path().write_text("checkout-api\n", encoding="utf-8")
    exported = run_pmdesk("--db", db, "export", "1", "-f", "md", "-o", "-", "--redacted")
    assert exported.returncode == 0, exported.stderr
    assert "checkout-api" not in exported.stdout and "\\[term-1\\]" in exported.stdout
    folder = tmp_path / "site"
    result = run_pmdesk("--db", db, "publish", str(folder), "--redacted")
    assert result.returncode == 0, result.stderr
    site = "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.*") if p.is_file())
    assert "checkout-api" not in site and "[term-1]" in site
    # The full edition ignores the list, even a broken one.
    team_terms_path().write_text("/(/\n", encoding="utf-8")
    assert "checkout-api" in run_pmdesk("--db", db, "export", "1", "-f", "md", "-o", "-").stdout
    broken = run_pmdesk("--db", db, "publish", str(folder), "--redacted")
    assert broken.returncode == 2
    assert f"{team_terms_path()}, line 1: '/(/' is not a pattern" in broken.stderr
