"""Speed of the blame-language engine on about 1 MB of realistic postmortem notes.

Usage: python benchmarks/language_speed.py [--size BYTES] [--repeat N] [--no-editor] [--no-cli]

Prints: the first call (which also compiles the rules it needs), the time to check the whole
text in one call once warm (target < 0.5 s), the per-line time when every line is checked on its
own, as an editor's highlighter does, the import and first check of a 20-line note in a new
process (with the rules' compiled regexes from the user's cache, and without it), `pmdesk lint`
wall time on a short note and on the whole text (as by default, in one process, as JSON in one
process, and with a helper process per core), and the editor figures (first highlight, keystroke re-check: target median < 2 ms).
The notes come from a fixed seed, so runs compare, and are assembled from parts (who, what, which
service, why, numbers), so lines rarely repeat and no cache hides the cost: timeline entries,
system-focused discussion, action items, code spans, URLs, emoji, CJK, and about one blaming
sentence in four.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from re import Pattern

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pmdesk.language import LintContext, RuleSet, default_rules, lint  # noqa: E402
from pmdesk.language._learned import Model  # noqa: E402
from pmdesk.language._native import engine_mode  # noqa: E402
from pmdesk.language._structure import _Facts  # noqa: E402

NAMES = ("Ana", "Raj", "Lena", "Tom", "Wei", "Priya")
# Names that are not attendees: the engine has to guess them from capitals, as in real notes.
OTHER_NAMES = (
    "Dave",
    "Greg",
    "Nadia",
    "Sam",
    "Olu",
    "Marta",
    "Kenji",
    "Fatima",
    "Jonas",
    "Ines",
    "Bogdan",
    "Chloe",
    "Mateo",
    "Yusuf",
    "Hana",
    "Pavel",
    "Lucia",
    "Arjun",
    "Sofia",
    "Omar",
    "Mia",
    "Tariq",
    "Elena",
    "Noah",
    "Zara",
    "Felix",
    "Amara",
    "Luca",
    "Rosa",
    "Ivan",
)
ROLES = (
    "the on-call engineer",
    "the new hire",
    "the DBA",
    "our SRE",
    "the reviewer",
    "the intern",
    "the release manager",
    "the platform team",
    "the contractor",
    "someone on the data team",
    "the incident commander",
    "ops",
    "the payments team",
    "a junior dev",
)
SERVICES = (
    "payment-service",
    "checkout-api",
    "auth-gateway",
    "search-indexer",
    "billing-worker",
    "ledger-db",
    "session-cache",
    "notification-fanout",
    "inventory-sync",
    "edge-proxy",
    "feature-flag service",
    "the primary Postgres",
    "the Kafka cluster",
    "the CDN config",
    "the deploy pipeline",
    "the cron scheduler",
    "the load balancer",
    "the Redis replica",
)
THINGS = (
    "the migration",
    "the bulk delete",
    "the failover script",
    "the config change",
    "the hotfix",
    "the rollback",
    "the schema change",
    "the cache flush",
    "the certificate rotation",
    "the DNS update",
    "the feature flag",
    "the terraform apply",
    "the index rebuild",
)
HARM = (
    "dropped",
    "deleted",
    "wiped",
    "truncated",
    "misconfigured",
    "pushed",
    "ran",
    "disabled",
    "restarted",
    "overwrote",
    "flipped",
    "merged",
    "shipped",
    "killed",
    "rolled back",
)
SYSTEM_EVENTS = (
    "error rate rose to {p}%",
    "p99 latency climbed to {n}00 ms",
    "the queue backed up to {n}k",
    "replication lag reached {n} minutes",
    "{n} pods went into CrashLoopBackOff",
    "disk usage hit {p}% on db-{n}",
    "the health check started failing",
    "the canary passed",
    "traffic shifted to the secondary region",
    "the circuit breaker opened",
)
WHY = (
    "because the runbook still described the old topology",
    "because the dashboard averaged over {n} minutes and hid the spike",
    "since the alert threshold was set above what the outage reached",
    "because the staging data set had {n}x fewer rows than production",
    "as the retry policy had no jitter and every client retried at once",
    "because two SSH prompts looked identical",
    "because the deploy tool gave no warning about the table size",
    "since the feature flag defaulted to on in the new region",
)
BLAME_TEMPLATES = (
    "{who} {harm} {thing} on {service} without telling anyone.",
    "The outage happened because {who} {harm} {thing} at {t}.",
    "{who} should have known that {thing} would lock {service}.",
    "Honestly {who} was careless with {thing} and it cost us {n} minutes.",
    "{who_poss} typo in {thing} took down {service} for {n} minutes.",
    "This was human error: {who} {harm} the wrong cluster.",
    "The root cause was {who_poss} change to {service}.",
    "Who approved {thing} on {service}?",
    "{who} just had to run the check before {thing}, it was a one-liner.",
    "Be more careful with {thing} next time.",
    "Better communication and more training for {service} owners.",
    "It was obvious that {thing} would fail, {who} could have caught it.",
    "{who} failed to notice the alert for {service} for {n} minutes.",
    "Why did {who} skip the review on {thing}?",
    "Everything was fine until {who} {harm} {thing}.",
    "A sloppy {thing} by {who} broke {service}.",
    "{who} ignored the warning about {service} and went ahead anyway.",
    "The incident is on {who}, full stop.",
)
CLEAN_TEMPLATES = (
    "{t} {service}: {event}.",
    "{t} {event} on {service}.",
    "{t} {name} acknowledged the page for {service}.",
    "{t} {name} started {thing_plain} on {service}.",
    "{Thing} ran against {service} {why}.",
    "On {service}, {event} {why}.",
    "I assumed {thing} was safe because it had passed in staging {n} times.",
    "The dashboard for {service} looked normal while {event}.",
    "We did not know {service} depended on {service2}.",
    "Action: {name} adds a confirmation prompt to {thing}, due May {d}.",
    "Owner {name}: alert on {service} when {event}, by June {d}.",
    "The runbook for {service} said to restart the pods, which had worked {n} times before.",
    "{Thing} should have a dry-run mode that shows the rows it will touch.",
    "Detection took {n} minutes because {service} had no alert on saturation.",
    "Run `kubectl rollout undo deploy/{slug}` to roll back; see https://wiki.example.com/rb/{n}.",
    "数据库主节点在 {t} 切换，{service} 日志里没有报错。",
    "🚨 {service} paged at {t}; {event}.",
)


def _fill(template: str, rng: random.Random) -> str:
    who = rng.choice(NAMES + OTHER_NAMES + ROLES)
    who_poss = who + ("'" if who.endswith("s") else "'s")
    thing = rng.choice(THINGS)
    service = rng.choice(SERVICES)
    values = {
        "t": f"{rng.randrange(24):02d}:{rng.randrange(60):02d}",
        "n": rng.randrange(2, 90),
        "p": rng.randrange(2, 99),
        "d": rng.randrange(1, 29),
        "who": who[0].upper() + who[1:] if template.startswith("{who") else who,
        "who_poss": who_poss[0].upper() + who_poss[1:] if template.startswith("{who") else who_poss,
        "harm": rng.choice(HARM),
        "thing": thing,
        "Thing": thing[0].upper() + thing[1:],
        "thing_plain": thing,
        "service": service,
        "Service": service[0].upper() + service[1:],
        "service2": rng.choice(SERVICES),
        "slug": service.split()[-1].lower(),
        "name": rng.choice(NAMES + OTHER_NAMES),
    }
    values["event"] = rng.choice(SYSTEM_EVENTS).format(**values)
    values["why"] = rng.choice(WHY).format(**values)
    return template.format(**values)


def realistic_notes(size: int, seed: int = 7, blame_share: float = 0.25) -> str:
    """About `size` bytes of distinct notes, one sentence or timeline entry per line."""
    rng = random.Random(seed)
    lines: list[str] = []
    total = 0
    while total < size:
        if rng.random() < blame_share:
            line = _fill(rng.choice(BLAME_TEMPLATES), rng)
        else:
            line = _fill(rng.choice(CLEAN_TEMPLATES), rng)
        roll = rng.random()
        if roll < 0.15:
            line = "- " + line
        elif roll < 0.2:
            line = ""
        elif roll < 0.45:  # two sentences on one line, as in running notes
            line += " " + _fill(rng.choice(CLEAN_TEMPLATES[4:14]), rng)
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(lines)


def _load(when: str) -> str:
    """The machine's load average: timings compare only under similar load (2 shared cores)."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return f"load average {when}: unknown"
    return f"load average {when}: {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} cores)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of notes (UTF-8)")
    parser.add_argument("--repeat", type=int, default=3, help="whole-text runs (best is shown)")
    parser.add_argument(
        "--keystrokes", type=int, default=400, help="keystrokes timed in the editor section"
    )
    parser.add_argument("--no-editor", action="store_true", help="skip the Qt editor section")
    parser.add_argument("--no-cli", action="store_true", help="skip timing `pmdesk lint`")
    parser.add_argument("--write", metavar="PATH", help="also save the generated notes there")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="only print where the engine's time goes on the whole text (calls per sentence, "
        "the rules' regexes alone, cProfile by own time)",
    )
    args = parser.parse_args(argv)
    print(_load("at the start"))
    print(
        f"language engine: {engine_mode()} "
        "(make native compiles it; PMDESK_PURE=1 runs the sources as pure Python)"
    )
    text = realistic_notes(args.size)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
    context = LintContext(names=NAMES)
    if args.profile:
        profile_figures(text, context)
        print(_load("at the end"))
        return 0

    rules = default_rules()
    fresh = RuleSet(
        rules=rules.rules,
        macros=rules.macros,
        lexicon=rules.lexicon,
        allowed_words=rules.allowed_words,
        allowed_patterns=rules.allowed_patterns,
    )
    started = time.perf_counter()
    lint(text, LintContext(names=NAMES, rules=fresh))
    cold = time.perf_counter() - started  # includes compiling every rule it needs

    whole: list[float] = []
    whole_cpu: list[float] = []
    count = 0
    for _ in range(max(1, args.repeat)):
        started, cpu = time.perf_counter(), time.process_time()
        count = len(lint(text, context))
        whole.append(time.perf_counter() - started)
        whole_cpu.append(time.process_time() - cpu)

    per_line: list[float] = []
    per_line_cpu = time.process_time()
    for line in text.split("\n"):
        started = time.perf_counter()
        lint(line, context)
        per_line.append(time.perf_counter() - started)
    per_line_cpu = time.process_time() - per_line_cpu
    per_line.sort()
    p95 = per_line[int(len(per_line) * 0.95)]

    size_mb = len(text.encode("utf-8")) / 1_000_000
    lines = text.count("\n") + 1
    print(f"text: {size_mb:.2f} MB, {lines} lines, {count} findings")
    print(
        f"engine, first call on the whole text (rules compiled on first use, or read from the cache): {cold:.3f} s"
    )
    print(
        f"engine, whole text in one call: best {min(whole):.3f} s, worst {max(whole):.3f} s "
        f"(CPU best {min(whole_cpu):.3f} s) (target < 0.5 s)"
    )
    print(
        f"engine, one line at a time: median {statistics.median(per_line) * 1e6:.0f} µs, "
        f"p95 {p95 * 1e6:.0f} µs, worst {per_line[-1] * 1e3:.2f} ms, "
        f"total {sum(per_line):.3f} s (CPU {per_line_cpu:.3f} s)"
    )
    dense = realistic_notes(args.size, seed=11, blame_share=0.5)
    started = time.perf_counter()
    dense_count = len(lint(dense, context))
    dense_s = time.perf_counter() - started
    print(f"stress, half the sentences blaming: {dense_s:.3f} s ({dense_count} findings)")
    print()
    first_lint_figures(text)
    if not args.no_cli:
        print()
        cli_figures(text)
    if not args.no_editor:
        print()
        editor_figures(text, context, keystrokes=args.keystrokes)
    print(_load("at the end"))
    return 0


_FIRST_LINT = """
import sys, time
started, cpu = time.perf_counter(), time.process_time()
from pmdesk.language import LintContext, lint
found = lint(sys.stdin.read(), LintContext(names=tuple(sys.argv[1:])))
print(time.perf_counter() - started, time.process_time() - cpu, len(found))
"""


def profile_figures(text: str, context: LintContext) -> None:
    """Where a whole-text check spends its time. The rules' regexes alone (each sentence searched
    with every rule its words trigger and its gates admit, nothing else) are the floor of the present design: the
    engine cannot be faster than that without fewer or cheaper regex searches."""
    import cProfile
    import pstats

    from pmdesk.language._compiled import _compile
    from pmdesk.language._patterns import ODD_SPACE
    from pmdesk.language._sentence_words import _words
    from pmdesk.language._text import mask_markdown, sentences

    lint(text, context)  # warm: rules compiled, learned layer loaded
    best = min(_cpu(lambda: lint(text, context)) for _ in range(3))
    comp = _compile(default_rules())
    masked = mask_markdown(text)
    spans = sentences(masked)
    raws = [masked[start:end] for start, end in spans]
    candidates = [comp.candidates(_words(raw), raw.isascii()) for raw in raws]
    searches = sum(map(len, candidates))

    # Plain sentences are searched with the regexes compiled for them, as the check does.
    plain = [raw.isascii() and not ODD_SPACE.search(raw) for raw in raws]

    def regexes_alone() -> None:
        rules = comp.rules
        for raw, found, is_plain in zip(raws, candidates, plain, strict=True):
            for index in found:
                regex = rules[index].plain_regex if is_plain else rules[index].regex
                for _ in regex.finditer(raw):
                    pass

    floor = min(_cpu(regexes_alone) for _ in range(3))
    prep = min(
        _cpu(lambda: [comp.candidates(_words(r), r.isascii()) for r in raws]) for _ in range(3)
    )
    print(f"engine, whole text in one call: CPU best {best:.3f} s")
    print(
        f"{len(raws)} sentences, {searches} rule searches ({searches / len(raws):.1f} a sentence, "
        f"of {len(comp.rules)} rules)"
    )
    print(f"the rules' regexes alone on the sentences their words trigger: CPU {floor:.3f} s")
    print(f"words and candidate rules of every sentence: CPU {prep:.3f} s")
    spared_figures(text, context)
    phase_figures(text, context, raws, candidates)
    profiler = cProfile.Profile()
    profiler.runcall(lint, text, context)
    stats = pstats.Stats(profiler)
    share_figures(stats, best)
    stats.sort_stats("tottime").print_stats(12)


def spared_figures(text: str, context: LintContext) -> None:
    """How many candidate rules a whole-text check does not search: those whose endings
    ("needs") are not in the sentence, and those whose every match would be turned down there
    (no cause lead, no person nearby, a system conditional)."""
    from pmdesk.language import _context, engine

    counts = {"ending": 0, "hopeless": 0}
    ending_here, hopeless = engine._ending_here, _context._Sentence.hopeless

    def counted_ending(*args: object) -> bool:
        found = ending_here(*args)  # type: ignore[arg-type]
        counts["ending"] += not found
        return found

    def counted_hopeless(*args: object) -> bool:
        found = hopeless(*args)  # type: ignore[arg-type]
        counts["hopeless"] += found
        return found

    engine._ending_here = counted_ending  # type: ignore[assignment]
    _context._Sentence.hopeless = counted_hopeless  # type: ignore[method-assign]
    try:
        lint(text, context)
    finally:
        engine._ending_here = ending_here  # type: ignore[assignment]
        _context._Sentence.hopeless = hopeless  # type: ignore[method-assign]
    print(
        f"rule searches spared: {counts['ending']} for want of the rule's ending, "
        f"{counts['hopeless']} where every match would be turned down"
    )


# The parts of a whole-text check, each by the engine functions that do it (cumulative time,
# so a part includes what its functions call; the learned layer's share is inside its own).
_PHASES = (
    ("code and links masked, text cut into sentences", ("mask_markdown", "sentences")),
    ("words, attendee names, candidate rules", ("_words", "_names_here", "admitted")),
    ("rules: searches, context checks, findings", ("_rule_findings",)),
    ("  of which the context checks of matches", ("_check",)),
    ("sentences prepared for the learned layer alone", ("_prepare",)),
    ("learned layer", ("_learned_finding",)),
    ("  of which its words", ("_found", "_pieces_score", "_other_score")),
    ("  of which its who-does-what shapes", ("shapes", "token_facts")),
    ("findings ordered and nested ones dropped", ("_finalise",)),
)


def share_figures(stats: object, cpu: float) -> None:
    """Where each 100 ms of the check goes, by part: the profiler's cumulative time of the
    functions that do each part, as a share of the profiled whole, applied to the unprofiled
    CPU time (the profiler slows Python code more than the regex engine, so shares are rough)."""
    table = getattr(stats, "stats", {})
    cumulative: dict[str, float] = {}
    total = 0.0
    for (filename, _line, function), (_cc, _nc, _tt, ct, callers) in table.items():
        if "pmdesk/language" not in filename.replace("\\", "/"):
            continue
        if function == "_lint":
            total = max(total, ct)
        # Time spent in a call from the same function (recursion) is counted once.
        own_callers = sum(v[3] for k, v in callers.items() if k[2] == function)
        cumulative[function] = cumulative.get(function, 0.0) + ct - own_callers
    if not total:
        return
    print(f"where the check's CPU time goes (of {cpu:.3f} s, shares from the profiler):")
    accounted = 0.0
    for label, functions in _PHASES:
        share = sum(cumulative.get(f, 0.0) for f in functions) / total
        if not label.startswith(" "):
            accounted += share
        print(f"  {label}: {share * cpu * 1000:.0f} ms ({share:.0%})")
    rest = max(0.0, 1 - accounted)
    print(f"  the sentence loop itself (keys, repeats, names patterns): {rest * cpu * 1000:.0f} ms")


def phase_figures(
    text: str, context: LintContext, raws: list[str], candidates: list[list[int]]
) -> None:
    """CPU time of each part of the check taken alone (best of three): cutting into sentences,
    the learned layer on every sentence as the checks see it, and the five rules whose
    searches cost most."""
    from pmdesk.language._compiled import _compile
    from pmdesk.language._learned import shipped_model
    from pmdesk.language._text import mask_markdown, sentences
    from pmdesk.language.engine import prepared_sentences

    comp = _compile(default_rules())
    split = min(_cpu(lambda: sentences(mask_markdown(text))) for _ in range(3))
    print(f"code and links masked, text cut into sentences: CPU {split:.3f} s")
    prepared = prepared_sentences(text, context)
    prepare = min(_cpu(lambda: prepared_sentences(text, context)) for _ in range(3))
    print(f"every sentence prepared as the checks see it (quotes, names): CPU {prepare:.3f} s")
    model = shipped_model()
    if model is not None:
        learned = min(
            _cpu(lambda: [model.sentence_probability(p) for p in prepared]) for _ in range(3)
        )
        print(
            f"the learned layer on all {len(prepared)} sentences (the check skips those a rule "
            f"flagged): CPU {learned:.3f} s"
        )
        verdicts = min(
            _cpu(lambda: [model.reaches(p, model.threshold) for p in prepared]) for _ in range(3)
        )
        shaped = shape_counts(model, prepared)
        print(
            f"  its verdict at the threshold, as the check asks it: CPU {verdicts:.3f} s "
            f"({shaped} of {len(prepared)} sentences needed their who-does-what shapes)"
        )
    # Searched as the check does: a rule for the start of a sentence is tried there only, and
    # one for the answer to a why-question is left out (it is tried only after one).
    lead = comp.cues["LIST_LEAD"]
    by_rule: dict[int, list[tuple[str, int]]] = {}
    for raw, found in zip(raws, candidates, strict=True):
        opening = lead.match(raw)
        for index in found:
            if index not in comp.answers_to_why:
                by_rule.setdefault(index, []).append((raw, opening.end() if opening else 0))
    costs = []
    for index, texts in by_rule.items():
        regex = comp.rules[index].regex
        at_start = comp.rules[index].rule.at_start

        def search_all(
            regex: Pattern[str] = regex,
            texts: list[tuple[str, int]] = texts,
            at_start: bool = at_start,
        ) -> None:
            for t, content in texts:
                if at_start:
                    regex.match(t, content)
                else:
                    regex.search(t)

        costs.append((min(_cpu(search_all) for _ in range(3)), index))
    costs.sort(reverse=True)
    for cost, index in costs[:5]:
        print(
            f"  rule {comp.rules[index].rule.id}: {len(by_rule[index])} sentences searched, "
            f"CPU {cost:.3f} s"
        )


def shape_counts(model: Model, prepared: list[str]) -> int:
    """How many of the sentences the learned layer had to find the shapes of to give its
    verdict at the threshold (the others were below it whatever their shapes)."""
    from pmdesk.language import _learned_score

    real = _learned_score.shapes
    counted = 0

    def counting(tokens: list[str], facts: list[_Facts]) -> list[str]:
        nonlocal counted
        counted += 1
        return real(tokens, facts)

    _learned_score.shapes = counting
    try:
        for sentence in prepared:
            model.reaches(sentence, model.threshold)
    finally:
        _learned_score.shapes = real
    return counted


def _cpu(work: object) -> float:
    assert callable(work)
    started = time.process_time()
    work()
    return time.process_time() - started


def first_lint_figures(text: str, runs: int = 3) -> None:
    """Import and first check of a 20-line note in a new process, as when the app opens a
    postmortem: with the compiled rules from the user's cache, and with no cache at all."""
    import os
    import subprocess

    note = "\n".join(text.split("\n")[:20]) + "\n"
    for label, cache in (("rules from the cache", None), ("no cache (compiles)", "")):
        env = dict(os.environ)
        if cache is not None:
            env["PMDESK_REGEX_CACHE"] = cache
        if cache is None:  # make sure the cache holds what the note needs
            subprocess.run(
                [sys.executable, "-c", _FIRST_LINT, *NAMES],
                input=note,
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=env,
                check=True,
            )
        walls, cpus = [], []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", _FIRST_LINT, *NAMES],
                input=note,
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=env,
                check=True,
            )
            wall, cpu, _count = done.stdout.split()
            walls.append(float(wall))
            cpus.append(float(cpu))
        print(
            f"new process, import + first lint of 20 lines, {label}: best {min(walls):.3f} s "
            f"wall, CPU best {min(cpus):.3f} s"
        )


def cli_figures(text: str, runs: int = 3) -> None:
    """Wall time of `pmdesk lint FILE` as a new process: a short note, then the whole text, with
    its default helper processes (one per further core) and in one process."""
    import os
    import resource
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.md"
        small.write_text("\n".join(text.split("\n")[:20]) + "\n", encoding="utf-8")
        big = Path(folder) / "notes.md"
        big.write_text(text, encoding="utf-8")
        cores = str(max(2, min(4, len(os.sched_getaffinity(0)))))
        for label, path, target, jobs in (
            ("20 lines", small, "0.3 s", []),
            ("1 MB (default: helpers on idle cores)", big, "1 s", []),
            ("1 MB in one process (--jobs 1)", big, "1 s", ["--jobs", "1"]),
            ("1 MB as JSON in one process", big, "1 s", ["--jobs", "1", "--format", "json"]),
            (f"1 MB with helpers (--jobs {cores})", big, "1 s", ["--jobs", cores]),
        ):
            times, cpu = [], []
            for _ in range(runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "pmdesk", "lint", *jobs, str(path)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    cwd=ROOT,
                    check=False,
                )
                times.append(time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            print(
                f"`pmdesk lint` of {label}: best {min(times):.3f} s, worst {max(times):.3f} s "
                f"wall, CPU best {min(cpu):.3f} s (target < {target} wall; on a busy machine "
                f"the CPU time is the steadier figure; load {os.getloadavg()[0]:.2f})"
            )


# --- editor section: the highlighter in a QPlainTextEdit (pmdesk/ui/highlighter.py) -------------


def editor_figures(text: str, context: LintContext, keystrokes: int = 400) -> None:
    """First highlight of the whole text, then single keystrokes in random lines.

    Runs offscreen. The editor is a QPlainTextEdit, as the Notes panel uses; the bare
    QTextDocument line shows the highlighter alone (its layout made first, or Qt never runs the
    highlighter on edits).
    """
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QTextCursor, QTextDocument
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from pmdesk.ui.highlighter import BlameHighlighter

    app = QApplication.instance() or QApplication([])
    lint("warm up", context)  # rules compiled already above; keep it out of the figures

    plain = QPlainTextEdit()
    plain.resize(900, 700)
    started = time.perf_counter()
    plain.setPlainText(text)
    app.processEvents()
    baseline = time.perf_counter() - started

    editor = QPlainTextEdit()
    editor.resize(900, 700)
    highlighter = BlameHighlighter(editor.document(), "notes", lambda: context)
    started, cpu = time.perf_counter(), time.process_time()
    editor.setPlainText(text)
    app.processEvents()
    first = time.perf_counter() - started
    first_cpu = time.process_time() - cpu
    blocks = editor.document().blockCount()
    found = len(highlighter.findings())

    # Every line different, so the highlighter's per-line cache never helps.
    unique_text = "\n".join(
        f"{line} {n}" if line else "" for n, line in enumerate(text.split("\n"))
    )
    unique = QPlainTextEdit()
    unique.resize(900, 700)
    BlameHighlighter(unique.document(), "notes", lambda: context)
    started = time.perf_counter()
    unique.setPlainText(unique_text)
    app.processEvents()
    unique_s = time.perf_counter() - started

    bare = QTextDocument()
    bare.documentLayout()
    bare_highlighter = BlameHighlighter(bare, "notes", lambda: context)
    started = time.perf_counter()
    bare.setPlainText(text)
    bare_s = time.perf_counter() - started

    rng = random.Random(3)
    per_key: list[float] = []
    rechecked: list[int] = []
    document = editor.document()
    for _ in range(keystrokes):
        block = document.findBlockByNumber(rng.randrange(blocks))
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        editor.setTextCursor(cursor)
        before = highlighter.blocks_checked
        started = time.perf_counter()
        QTest.keyClick(editor, "x")  # one typed character, as a key event
        per_key.append(time.perf_counter() - started)
        rechecked.append(highlighter.blocks_checked - before)
    app.processEvents()
    per_key.sort()
    p95 = per_key[int(len(per_key) * 0.95)]

    print("editor (QPlainTextEdit + BlameHighlighter, offscreen):")
    print(
        f"  first highlight of {blocks} lines: {first:.3f} s, CPU {first_cpu:.3f} s ({found} findings; "
        f"the same text with no highlighter: {baseline:.3f} s) (target < 1.5 s)"
    )
    print(f"  the same with every line different (no cache hits): {unique_s:.3f} s")
    print(f"  bare QTextDocument with the highlighter: {bare_s:.3f} s")
    print(
        f"  keystroke, {len(per_key)} in random lines: median {statistics.median(per_key) * 1e3:.2f}"
        f" ms, p95 {p95 * 1e3:.2f} ms, worst {per_key[-1] * 1e3:.2f} ms (target median < 2 ms); "
        f"lines re-checked per keystroke: {min(rechecked)}-{max(rechecked)}"
    )
    del bare_highlighter


if __name__ == "__main__":
    raise SystemExit(main())
