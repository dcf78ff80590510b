"""A year of postmortems whose texts read as if people wrote each one, for the quarterly review.

The review library (review.py) repeats a few stock texts, and the language check meets each
repeated sentence once, so a review of it costs less than one of a real library. Here every text
is composed from the repository's own labelled sentences (benchmarks/language_sets, never the
frozen holdout) and the shipped samples (resources/samples), each sentence fitted to its
postmortem: the people named are its attendees, the numbers and clock times are drawn afresh, and
the systems named carry the postmortem's services ("the database" becomes "the ledger-api
database"). About 15% of the sentences are blaming ones (their label says so), the rest are
clean, each drawn from the kinds of sentence that field holds (event texts for the timeline,
specific or vague actions for action items, "I assumed ..." findings ...).

The figures other than language (dates, statuses, milestones, action states) come from the review
library's own generator, so the two libraries differ only in their words.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

from pmdesk.model import Attendee, CapturedFinding, Involvement, Postmortem
from tests.support.library import ROOT, cached_library
from tests.support.library import review as generated

GENERATOR = "3"  # change when the generated data changes: the cached database is written again
SETS_DIR = ROOT / "benchmarks" / "language_sets"
# The labelled sets the texts are made of, named one by one: the holdout set is never read.
SETS = ("dev", "extra", "tune", "wideA", "wideB", "wideC", "wideD", "wideE", "wideF", "wideG")
SAMPLES = ROOT / "resources" / "samples"
SAMPLE_FILES = ("payment-service-outage.json", "payroll-phishing-compromise.json")
TIMELINE_DAY = date(2026, 4, 15)  # the day the sample timeline files describe
# The people the sample timeline exports name (the sample postmortems' are their attendees).
EXPORT_PEOPLE = ("Ana Souza", "Bruno Lima", "Mei Chen", "Chloé Martin")
BLAME_SHARE = 0.15
ROSTER = 240  # people in the organisation
SEED = 1919

# Which labelled categories each field's clean and blaming sentences come from.
CLEAN = {
    "event": ("neutral_timeline", "technical_term", "system_subject"),
    "summary": ("technical_term", "system_subject", "neutral_timeline"),
    "seen": ("listen_for", "neutral_timeline"),
    "finding": ("listen_for", "look_alike"),
    "factor": ("system_subject", "technical_term", "look_alike"),
    "why": ("system_subject", "technical_term", "future_recommendation"),
    "action": ("specific_action", "owner_assignment"),
    "lesson": ("listen_for", "future_recommendation", "meta_quote", "look_alike"),
}
BLAME = {
    "event": ("person_as_cause", "minimizing", "judgmental_adjective", "mixed"),
    "summary": ("person_as_cause", "single_root_cause", "human_error_framing"),
    "seen": ("hindsight_counterfactual", "minimizing"),
    "finding": ("who_question", "hindsight_counterfactual", "judgmental_adjective"),
    "factor": ("person_as_cause", "human_error_framing", "single_root_cause"),
    "why": ("person_as_cause", "hindsight_counterfactual", "human_error_framing"),
    "action": ("vague_action",),
    "lesson": ("hindsight_counterfactual", "judgmental_adjective", "minimizing"),
}

# Capitalised words of the labelled sets that are not people's names.
NOT_NAMES = frozenset(
    """Mr Mrs Ms Dr Remind Rec Wild Congratulations Hey Novel Java Groundbreaking Banned Radical
    Revolutionary Crazy English Prometheus Eliminate Concretely Lessons Kubernetes Seventeen
    Crashlytics Classification Tip Cat Color Kudos Nowhere Riveting Bingo Unaware Christmas Eve
    Brief Behold Dockerfiles Brace History Herculean Delightful Dream Japanese Fantastic Twitter
    Welcome Jenkins Genuine Shockingly Improvement Efficient Ruthless Asia Humbling Thrilling
    Incredible London Candidly Smoking Forbid Singapore Wrap Feedback Fencing Emit Bravo Flipping
    Exclude Parquet Google Spark Cloudflare Subscribe Samsung Apple Phish Pixel Quarantine
    Thousands Preliminary Devops Privileges Lackadaisical Sub Switching Farsi Typical Encourage
    Tune Confluence Sun Mon Tue Tues Wed Thu Fri Sat Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct
    Nov Dec January February March April June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Fridays Android Black Jira Kafka
    Postgres Slack Stripe Prevent Detect Mitigate Ah Amazing Bottom Configure Director Discuss
    Ensure Facilitator Glossary Leadership Love Nice Oh Okay Please Replace Responsibility
    Restoring Reverting Scribe Truly Ultimately Um Why Wow""".split()  # noqa: SIM905 (a word list)
)
# Systems a sentence names in general words; "the <noun>" becomes "the <service> <noun>".
SYSTEM_NOUN = re.compile(
    r"\b(the|a|an|our|that|this) (database|cache|queue|cluster|dashboard|pipeline|runbook|"
    r"alerts?|config|replicas?|workers?|endpoints?|deploy|load balancer|migration|release|"
    r"rollout|service|jobs?|cron job|scheduler|proxy|certificate|nodes?|pods?|hosts?|brokers?|"
    r"consumers?|tables?|index|bucket|feature flag|flag|script|tool|console|backups?|restore|"
    r"logs|metrics|graphs?|build|tests?|canary|health checks?|retry loop|connection pool|disk|"
    r"firewall|DNS record|partitions?|topic|schema|query|export|failover|batch|cron|queue)\b"
)
SAMPLE_SERVICES = re.compile(r"\b(payment-service|checkout-api|billing-service|deploy-pipeline)\b")
# A clock time, a year, or any other run of digits.
NUMBER = re.compile(
    r"\b(?P<day>20\d\d-[01]\d-[0-3]\d)\b|\b(?P<clock>(?:[01]?\d|2[0-3]):[0-5]\d)\b"
    r"|\b(?P<year>20\d\d)\b|\d+"
)
# How people anchor a sentence that names nothing of its own to their incident, by field.
ANCHORS = {
    "event": ("{svc}: {s}", "{s} ({svc})", "[{svc}] {s}", "{s}, ticket {ticket}"),
    "summary": ("{s}", "On {svc}, {s0}", "{s} ({svc})"),
    "seen": ("{s}", "On the {svc} side: {s0}", "Around {clock}: {s0}", "{first}: {s}"),
    "finding": ("{first}: {s}", "{s} ({svc})", "From the {svc} walk-through: {s0}"),
    "factor": ("{s} ({svc})", "{svc}: {s}", "For {svc}, {s0}"),
    "why": ("{s}", "{s} ({svc})", "On {svc}: {s}"),
    "action": ("{s} ({svc})", "{svc}: {s}", "{s}, ticket {ticket}"),
    "lesson": ("{s}", "From {svc}: {s}", "{s} ({svc})"),
}
TICKET_PREFIXES = ("INC", "OPS", "SRE", "PLAT", "SEC", "DATA", "REL")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")

SERVICE_WORDS = (
    "payments", "checkout", "ledger", "auth", "search", "inventory", "notifications", "billing",
    "orders", "catalog", "pricing", "shipping", "accounts", "profile", "media", "reporting",
    "fraud", "loyalty", "ads", "recommendations", "sessions", "gateway", "invoices", "tax",
    "refunds", "returns", "warehouse", "routing", "maps", "chat", "mail", "sms", "exports",
)  # fmt: skip
SERVICE_ENDINGS = ("", "-api", "-service", "-worker", "-db", "-web")
TITLE_WORDS = (
    "outage", "elevated error rate", "slow responses", "partial outage", "delayed jobs",
    "failed deploys", "stale data", "login failures", "data delay", "degraded search",
)  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    text: str
    blame: bool


@dataclass(frozen=True)
class Pools:
    """The sentences each field's texts are made of, and the people's names they hold."""

    clean: dict[str, tuple[str, ...]]
    blame: dict[str, tuple[str, ...]]
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]


def _labelled() -> list[dict[str, object]]:
    rows = []
    for name in SETS:
        path = SETS_DIR / f"{name}.jsonl"
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows


def _names(rows: list[dict[str, object]]) -> set[str]:
    """People's first names and surnames in the labelled sentences: capitalised words written
    capitalised more often than not (or capitalised inside a sentence more often than not), less
    a list of the other words that are."""
    lower: dict[str, int] = {}
    capitalised: dict[str, int] = {}
    inside: dict[str, int] = {}
    for row in rows:
        text = str(row["text"])
        for match in re.finditer(r"\b[^\W\d_]+\b", text):
            word = match.group()
            if word.islower():
                lower[word] = lower.get(word, 0) + 1
            elif re.fullmatch(r"[A-Z][^\W\d_A-Z]+", word):
                capitalised[word] = capitalised.get(word, 0) + 1
                before = text[: match.start()].rstrip()
                if before and before[-1] not in ".!?:\"'(—-":
                    inside[word] = inside.get(word, 0) + 1
    return {
        word
        for word, count in capitalised.items()
        if word not in NOT_NAMES
        and (count > lower.get(word.lower(), 0) or inside.get(word, 0) > lower.get(word.lower(), 0))
    }


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def _sample_texts() -> tuple[dict[str, list[str]], list[str]]:
    """The shipped samples' texts by field (two postmortems and every timeline export), and the
    people they name."""
    from pmdesk.interchange import load_file
    from pmdesk.timeline.load import load_timeline_file

    out: dict[str, list[str]] = {field: [] for field in CLEAN}
    people = list(EXPORT_PEOPLE)
    for name in SAMPLE_FILES:
        pm = load_file(SAMPLES / name)
        people += [a.name for a in pm.attendees]
        out["summary"] += _sentences(pm.summary)
        out["lesson"] += [line.lstrip("- ").strip() for line in pm.lessons.splitlines() if line]
        out["event"] += [e.text for e in pm.timeline]
        out["seen"] += [t for e in pm.timeline for t in (e.seen, e.believed, e.done_next) if t]
        out["finding"] += [f.text for f in pm.findings]
        out["factor"] += [f.text for f in pm.factors]
        out["why"] += [w for f in pm.factors for w in f.whys]
        out["action"] += [a.description for a in pm.actions]
    for path in sorted((SAMPLES / "timeline").iterdir()):
        if path.suffix in (".md", ".vtt"):
            continue  # the transcript's cues need the recording's start; its lines are in others
        events = load_timeline_file(path, tz=UTC, day=TIMELINE_DAY)
        out["event"] += [e.text for e in events]
    return {field: [t for t in texts if t.strip()] for field, texts in out.items()}, people


@cache
def pools() -> Pools:
    rows = _labelled()
    clean: dict[str, list[str]] = {field: [] for field in CLEAN}
    blame: dict[str, list[str]] = {field: [] for field in BLAME}
    for row in rows:
        text, category = str(row["text"]), str(row["category"])
        for field, categories in (BLAME if row["label"] == "blame" else CLEAN).items():
            if category in categories:
                (blame if row["label"] == "blame" else clean)[field].append(text)
    samples, people = _sample_texts()
    for field, texts in samples.items():
        clean[field] += texts
    names = sorted(_names(rows) | {w for person in people for w in person.split()})
    return Pools(
        {k: tuple(v) for k, v in clean.items()},
        {k: tuple(v) for k, v in blame.items()},
        tuple(names),
        tuple(n for n in names if len(n) > 3),
    )


def source_digest() -> str:
    """A digest of every file the texts come from, so a changed set writes a new library."""
    digest = hashlib.sha256(GENERATOR.encode())
    files = [SETS_DIR / f"{name}.jsonl" for name in SETS]
    files += [SAMPLES / name for name in SAMPLE_FILES]
    files += sorted(p for p in (SAMPLES / "timeline").rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class Decks:
    """Each field's sentences dealt in a shuffled order, shuffled again once all are dealt, so
    over a library each source sentence is used about as often as any other (as people rarely
    write the same sentence twice) rather than some many times by chance."""

    def __init__(self) -> None:
        self.dealt: dict[tuple[str, bool], list[str]] = {}

    def deal(self, rng: random.Random, field: str, blame: bool) -> str:
        deck = self.dealt.get((field, blame))
        if not deck:
            source = (pools().blame if blame else pools().clean)[field]
            deck = self.dealt[(field, blame)] = rng.sample(source, len(source))
        return deck.pop()


class Writer:
    """Fits sentences to one postmortem: its people, its services, fresh numbers."""

    def __init__(
        self, rng: random.Random, people: Sequence[str], services: Sequence[str], decks: Decks
    ):
        self.rng, self.people, self.services = rng, list(people), list(services)
        self.pools, self.decks = pools(), decks
        self.cast: dict[str, str] = {}  # a name in a source sentence -> one of the people

    def sentence(self, field: str) -> Sentence:
        blame = self.rng.random() < BLAME_SHARE and bool(self.pools.blame[field])
        text = self.decks.deal(self.rng, field, blame)
        return Sentence(self.fit(text, field), blame)

    def text(self, field: str, sentences: int = 1) -> str:
        return " ".join(self.sentence(field).text for _ in range(sentences))

    def fit(self, text: str, field: str) -> str:
        source = text
        text = SAMPLE_SERVICES.sub(lambda _m: self.rng.choice(self.services), text)
        text = SYSTEM_NOUN.sub(self._system, text)
        text = _name_pattern().sub(self._person, text)
        text = NUMBER.sub(self._number, text)
        return self._anchored(text, field) if text == source else text

    def _anchored(self, text: str, field: str) -> str:
        """The sentence tied to this incident the way people write it (a service, a ticket, a
        time, who said it), when nothing in it was this incident's already."""
        template = self.rng.choice(ANCHORS[field])
        lowered = text[:1].lower() + text[1:] if text[1:2].islower() else text
        return template.format(
            s=text,
            s0=lowered,
            svc=self.rng.choice(self.services),
            ticket=f"{self.rng.choice(TICKET_PREFIXES)}-{self.rng.randrange(100, 10000)}",
            clock=f"{self.rng.randrange(24):02d}:{self.rng.randrange(60):02d}",
            first=self.rng.choice(self.people).split()[0],
        )

    def _system(self, match: re.Match[str]) -> str:
        if self.rng.random() < 0.3:
            return match.group(0)
        article, service = match.group(1), self.rng.choice(self.services)
        if article in ("a", "an"):
            article = "an" if service[0] in "aeiou" else "a"
        return f"{article} {service} {match.group(2)}"

    def _person(self, match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        person = self.cast.setdefault(first.capitalize(), self.rng.choice(self.people))
        if first.islower():  # "kwame deleted the stale record": written as it was
            return person.split()[0].lower() + (f" {second}" if second else "")
        if second is None:
            return person.split()[0]
        if second in _name_set():
            return person
        return f"{person.split()[0]} {second}"

    def _number(self, match: re.Match[str]) -> str:
        """Another clock time; the same year; another number of about the same size."""
        if match.group("day"):
            return (date(2026, 1, 1) + timedelta(days=self.rng.randrange(365))).isoformat()
        if match.group("clock"):
            return f"{self.rng.randrange(24):02d}:{self.rng.randrange(60):02d}"
        if match.group("year"):
            return match.group(0)
        value = int(match.group(0))
        if value < 100:
            return str(self.rng.randint(max(1, value // 2), max(2, value * 3 // 2)))
        digits = len(match.group(0))
        return str(self.rng.randrange(10 ** (digits - 1), 10**digits))


@cache
def _name_set() -> frozenset[str]:
    return frozenset(pools().first_names)


@cache
def _name_pattern() -> re.Pattern[str]:
    """A name of the sources (or one written in small letters), and the capitalised word after
    it (a surname, or not)."""
    known = _name_set() | {n.lower() for n in _name_set() if len(n) > 2}
    names = "|".join(sorted(known, key=len, reverse=True))
    return re.compile(rf"\b({names})\b(?: ([A-Z][^\W\d_A-Z]+)\b)?")


@cache
def roster() -> tuple[str, ...]:
    """The organisation's people: everyone who attends a review or owns an action."""
    p = pools()
    rng = random.Random(SEED)
    chosen: dict[str, str] = {}
    while len(chosen) < ROSTER:
        first = rng.choice(p.first_names)
        chosen.setdefault(first, f"{first} {rng.choice(p.surnames)}")
    return tuple(chosen.values())


def _people(rng: random.Random, count: int) -> list[str]:
    return rng.sample(roster(), count)


def _services(rng: random.Random) -> list[str]:
    count = rng.choice((1, 1, 2, 2, 3))
    return [rng.choice(SERVICE_WORDS) + rng.choice(SERVICE_ENDINGS) for _ in range(count)]


def postmortem(rng: random.Random, n: int, start: datetime, decks: Decks) -> Postmortem:
    """The review library's postmortem `n`, with every text written afresh from `decks`."""
    pm = generated.postmortem(rng, n, start)
    services = _services(rng)
    people = _people(rng, rng.randrange(4, 9))
    write = Writer(rng, people, services, decks)
    pm.services = services
    pm.attendees = [
        Attendee(name, involvement=rng.choice(list(Involvement)), facilitator=i == 0)
        for i, name in enumerate(people)
    ]
    when = pm.started_at.strftime("%B %-d, %Y") if pm.started_at else ""
    pm.title = f"{services[0]} {rng.choice(TITLE_WORDS)} - {when}"
    pm.summary = write.text("summary", rng.randrange(2, 4))
    for event in pm.timeline:
        event.text = write.text("event")
        if rng.random() < 0.3:
            event.seen, event.believed = write.text("seen"), write.text("seen")
            event.done_next = write.text("seen")
    reviewed = pm.meeting_at is not None
    if reviewed:
        pm.lessons = "\n".join(
            f"- {write.text('lesson', rng.randrange(1, 3))}" for _ in range(rng.randrange(2, 4))
        )
        pm.findings = [
            CapturedFinding(write.text("finding"), origin=rng.choice(("timeline", "notes")))
            for _ in range(rng.randrange(0, 5))
        ]
    for factor in pm.factors:
        factor.text = write.text("factor")
        factor.whys = [write.text("why") for _ in factor.whys]
    for action in pm.actions:
        action.description = write.text("action")
        if action.owner in generated.PEOPLE:
            action.owner = rng.choice(people)
    return pm


def library(count: int, seed: int = SEED) -> list[Postmortem]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    decks = Decks()
    return [postmortem(rng, n, start, decks) for n in range(1, count + 1)]


def database(count: int = 1000) -> Path:
    """The library of `count` postmortems in the benchmark cache, written once per source digest."""
    start, decks = datetime(2026, 1, 1, tzinfo=UTC), Decks()
    return cached_library(
        "written",
        count,
        lambda rng, n: postmortem(rng, n + 1, start, decks),
        seed=SEED,
        version=source_digest(),
    )


def texts_of(pms: Iterable[Postmortem]) -> list[str]:
    """Every text the review's language check reads, as the report prints them."""
    from pmdesk.report.language_check import checked_texts

    return [text for pm in pms for _field, text in checked_texts(pm) if text.strip()]


def spread(pms: Iterable[Postmortem]) -> str:
    """How many texts, distinct texts, sentences and characters the postmortems hold."""
    texts = texts_of(pms)
    sentences = [s for t in texts for line in t.splitlines() for s in _sentences(line)]
    distinct = set(texts)
    return (
        f"{len(texts):,} texts, {len(distinct):,} distinct ({len(distinct) / max(1, len(texts)):.0%}); "
        f"{len(sentences):,} sentences, {len(set(sentences)):,} distinct; "
        f"{sum(map(len, texts)):,} characters, {sum(map(len, distinct)):,} in distinct texts"
    )


__all__ = ["GENERATOR", "SETS", "database", "library", "pools", "source_digest", "spread"]
