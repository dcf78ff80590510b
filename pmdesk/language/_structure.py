"""Who does what in a sentence, as features for the learned layer.

Word n-grams see "Dave wiped" but not "Ravi's cron job wiped", "the table was dropped by the new
hire", "14:05 Tom runs the migration; orders fail" or "shouldve looked first": the person is
further from the act, or behind it, or not named at all. These features name the shape instead
of the words: an agent (a name, a pronoun, a role, a team, someone's thing) a few words before a
harmful or ordinary act, an act followed by "by" and an agent, a timeline line that opens with a
person acting, a should-have with no one before it, "nobody" acting. The model learns how much
each shape weighs, so a new writer's names and verbs count as the old ones did.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from operator import itemgetter
from typing import Final

_TOKEN: Final = re.compile(r"\d{1,2}[:.h]\d\d\b|[^\W\d_]+(?:['’][^\W\d_]+)?|\d+|[^\w\s]")
_HANDLE: Final = re.compile(r"@[^\W\d_][\w.-]*\w|@[^\W\d_]")
_TIME: Final = re.compile(r"\d{1,2}[:.h]\d\d\Z")
_PLACEHOLDER: Final = re.compile(r"Qz+\Z")
_TITLE: Final = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,}\Z")
# Endings of words that are not names ("Testing", "Deployment"), also read by _context.py and
# _learned_words.py.
_NOT_NAME_SUFFIXES: Final[tuple[str, ...]] = (
    "ing",
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ance",
    "ence",
    "ics",
    "ies",
)
# Whoever is meant by these acts as a person; "we" and "I" mostly tell the team's own story.
_SUBJECT_PRONOUNS: Final = frozenset(
    {"he", "she", "they", "you", "u", "someone", "somebody", "whoever"}
)
# Departments that act as one ("marketing launched", "QA flipped the switch").
_TEAMS: Final = frozenset(
    {
        *("marketing", "finance", "support", "security", "product", "management", "qa", "legal"),
        *("sales", "soc", "helpdesk", "devops", "secops", "netops", "infra", "it", "hr"),
        *("department", "departments", "dept", "squad", "crew", "owners", "vendor"),
    }
)
_NOBODY: Final = frozenset({"nobody", "noone", "none"})
_MODALS: Final = frozenset({"should", "could", "would", "must", "might"})
_MODAL_PERFECT: Final = frozenset(
    {
        *(f"{m}ve" for m in _MODALS),
        *(f"{m}'ve" for m in _MODALS),
        *(f"{m}a" for m in ("should", "could", "would")),
    }
)
_PERFECT_AFTER_MODAL: Final = frozenset({"have", "of", "a", "'ve"})
_RELATIVE: Final = frozenset({"which", "that", "who"})
_BREAKS: Final = frozenset(";:,.!?()—–-→/")
_QUOTES: Final = frozenset("\"“”'‘’«»")
_AGENT_REACH: Final = 3
_OWNER_REACH: Final = 4

Kind = Callable[[str], "str | None"]


def structure(text: str, kind: Kind) -> list[str]:
    """The shape features of one prepared sentence (names already placeholders). kind gives
    "<harm>" or "<act>" for a lowercase verb the rules know, else something else or None; it is
    the same function on every call (the learned layer's), so each word's facts are kept."""
    return shapes(*token_facts(text, kind))


def token_facts(text: str, kind: Kind) -> tuple[list[str], list[_Facts]]:
    """The words and marks of a sentence, each with its facts (see _Facts).

    No token spans white space, so the text is cut at white space first (str.split and the
    regex agree on what white space is) and each piece's tokens and facts are remembered: notes
    reuse the same pieces ("the", "deploy,", "14:32") far more often than the same sentence."""
    if "@" in text:
        # A chat handle ("@lena.k", "@ana_p") is a person, whatever its words.
        text = _HANDLE.sub("Qzzz", text)
    pieces = _PIECES
    if len(pieces) > 100_000:
        pieces.clear()
        _FACTS.clear()
    tokens: list[str] = []
    facts: list[_Facts] = []
    for word in text.split():
        piece = pieces.get(word)
        if piece is None:
            piece = pieces[word] = piece_facts(word, kind)
        tokens.extend(piece[0])
        facts.extend(piece[1])
    return tokens, facts


def piece_facts(piece: str, kind: Kind) -> _Piece:
    """The tokens of a piece of text between white space, and their facts."""
    tokens = tuple(_TOKEN.findall(piece))
    known = _FACTS
    facts = []
    for token in tokens:
        fact = known.get(token)
        if fact is None:
            fact = known[token] = _token_facts(token, kind)
        facts.append(fact)
    return tokens, tuple(facts)


def shapes(tokens: list[str], facts: list[_Facts]) -> list[str]:
    """The shape features of a sentence from its tokens and their facts (see token_facts).

    Every feature added here needs its most in _shape_bound.py, which tells how much the
    shapes can add to a sentence's score without looking for them."""
    if len(tokens) < 3:
        return []
    lows = list(map(_LOW, facts))
    planned = ["x:planned"] if not _PLAN_CUES.isdisjoint(lows) and _planned(lows) else []
    shaped = not _SHAPE_CUES.isdisjoint(lows)
    # Most sentences have no act, should-have, nobody, owner, "on", praise or quote: nothing
    # more to look at.
    if not shaped and not any(map(_STARTS, facts)):
        return planned
    verbs = list(map(_VERB, facts))
    agents = list(map(_AGENT, facts))
    # Each part below looks only for words of its own: a sentence with none of them skips it.
    if any(map(_GUESS, facts)):
        _guess_acts(facts, lows, agents, verbs)
    if ":" in tokens:
        for i, who in enumerate(agents):
            # A speaker's label ("Beatriz: ...") names who talks, not who acted.
            if who == "N" and i + 1 < len(tokens) and tokens[i + 1] == ":":
                agents[i] = None
    found: list[str] = []
    if shaped:
        found += _agent_shapes(tokens, lows, agents, verbs)
    if not any(agents) and any(verbs):
        found.append("x:act with no agent")  # "The terraform apply destroyed the gateway."
    first_content = 1 if _TIME.match(tokens[0]) else 0
    for i, verb in enumerate(verbs):
        if verb is None:
            continue
        agent_at = _agent_before(i, tokens, agents, verbs)
        if agent_at < 0 and _thing_before(i, lows, agents, verbs):
            # "The terraform apply destroyed ...", "our cron job truncated ...": a thing acted.
            found.append(f"x:thing>{verb}")
            if _reason_after(i, lows, agents):
                found.append("x:thing act because")
        if agent_at >= 0:
            who = agents[agent_at]
            found.append(f"x:{who}>{verb}")
            found.append(f"x:agent>{verb}")
            if _outcome_after(i, lows):
                found.append("x:agent act then outcome")
            if first_content and agent_at <= first_content + 2:
                found.append("x:time agent act")
                if any(t in _BREAKS or t == "and" for t in tokens[i + 1 :]):
                    found.append("x:time agent act then")
        by = _by_agent(i, lows, agents)
        if by is not None:
            found.append(f"x:{verb} by {by}")
            found.append("x:by agent")
    if "O" in agents:
        found.append("x:owner")
    if not _QUOTES.isdisjoint(tokens) or any(map(_PRAISE, facts)):
        found += _sarcasm(tokens, lows, facts, agents, verbs)
    found += planned
    if not _HINDSIGHT_CUES.isdisjoint(lows):
        found += _hindsight(tokens, lows, agents)
    if not _OMISSION_EASE_WISH_CUES.isdisjoint(lows):
        found += _omission_ease_wish(tokens, lows, verbs)
    if "on" not in lows:
        return found
    for i, low in enumerate(lows[:-1]):
        if (
            low == "on"
            and agents[i + 1] in ("P", "N")
            and (i + 2 == len(lows) or tokens[i + 2] in _BREAKS)
        ):
            found.append("x:on agent")
    return found


# Words that start a shape even with no act after them.
# A signal left alone ("sits unread", "rollback available but not used"), a step called easy
# with the time it took after it ("1-line fix, 2h to ship"), and a wish for more of something
# ("product and engineering need to talk more").
_UNDONE: Final = frozenset(
    {
        *("unread", "unanswered", "unacknowledged", "unacked", "unactioned", "unnoticed"),
        *("unaddressed", "unheeded", "untouched", "unchecked", "unreviewed", "unopened"),
    }
)
_EASE: Final = frozenset(
    {
        *("easy", "simple", "trivial", "basic", "quick", "standard", "routine", "line"),
        *("straightforward", "liner", "step", "min", "minute"),
    }
)
_DURATION_UNITS: Final = frozenset(
    {"h", "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks"}
)
_WISH_VERBS: Final = frozenset({"need", "needs", "should", "must", "gotta"})
_MORE: Final = frozenset({"more", "better", "properly", "harder", "carefully", "closer"})
_BEFORE_NOT_DONE: Final = frozenset(
    {"but", "and", "was", "were", "went", "remained", "stayed", "got"}
)
_CUES: Final = (
    _NOBODY | _MODALS | _MODAL_PERFECT | _UNDONE | _EASE | _WISH_VERBS | {"no", "on", "never"}
)
# The words _hindsight and _omission_ease_wish look for: a sentence with none skips them.
_HINDSIGHT_CUES: Final = _MODAL_PERFECT | _MODALS | _NOBODY | {"no"}
_OMISSION_EASE_WISH_CUES: Final = _UNDONE | _EASE | _WISH_VERBS | {"not", "never"}
# "because of Henrik", "thanks to marco", "due to the intern", "courtesy of Kev's script".
_CAUSE_PREPOSITIONS: Final = {"because": "of", "thanks": "to", "due": "to", "courtesy": "of"}
# Words without which no shape of _agent_shapes can be there.
_SHAPE_CUES: Final = frozenset({*_CAUSE_PREPOSITIONS, "not", "until", "till"})
# Titles skipped on the way to the name they stand before ("because of Mr. Haddad").
_TITLES: Final = frozenset({"mr", "mrs", "ms", "dr", "sir", "madam", "."})
# What goes wrong after an act, in the second half of a timeline pair or a clause after it
# ("Leila rotates the cert / half the clients start failing"): words that say harm was done, not
# the acts that did it.
OUTCOMES: Final = frozenset(
    {
        *("fail", "fails", "failed", "failing", "failures", "crash", "crashes", "crashed"),
        *("crashing", "down", "outage", "broke", "broken", "breaks", "stall", "stalls"),
        *("stalled", "rejected", "lost", "gone", "bouncing", "bounce", "timeouts", "unreachable"),
        *("duplicated", "corrupted", "offline", "500s", "5xx", "errored", "dies", "died"),
        *("wrong", "twice", "duplicate", "duplicates", "skipped", "missing", "exposed", "leaked"),
        *("abused", "stuck", "locked", "errors", "chaos", "costing", "compromised", "starved"),
        *("bricked", "halts", "halted", "blocked", "frozen", "stale", "zero", "cant", "can't"),
    }
)


# A word's lower-case form, the act it names, the agent it is, whether it can start a shape on
# its own (an owner, a should-have, nobody, "on", praise, a quotation mark), whether it may be an
# act the rules do not list (see _guess_acts), whether it is praise, and whether it may start any
# shape at all.
_Facts = tuple[str, str | None, str | None, bool, bool, bool, bool]
_FACTS: dict[str, _Facts] = {}
_LOW, _VERB, _AGENT, _GUESS, _PRAISE, _STARTS = (itemgetter(n) for n in (0, 1, 2, 4, 5, 6))
# A piece of text between white space: its tokens and their facts.
_Piece = tuple[tuple[str, ...], tuple[_Facts, ...]]
_PIECES: dict[str, _Piece] = {}


def _token_facts(token: str, kind: Kind) -> _Facts:
    low = token.lower().replace("’", "'")
    agent = _token_agent(token)
    verb = _verb(low, kind)
    praise = kind(low) == "<praise>"
    guess = verb is None and agent is None and _past_tense(low)
    cue = agent == "O" or low in _CUES or praise or token in _QUOTES
    # Whether the word alone sends the sentence past structure's first look.
    starts = verb is not None or cue or guess
    return low, verb, agent, cue, guess, praise, starts


# Past tenses the rules' verb lists do not hold, and words ending in -ed that are seldom acts.
_IRREGULAR_PAST: Final = frozenset(
    {
        *("sent", "made", "took", "let", "shut", "cut", "threw", "forgot", "chose", "built"),
        *("began", "brought", "spun", "sold", "tore", "wrote", "bent", "lent", "kept", "told"),
    }
)
_NOT_ACTS: Final = frozenset(
    {
        *("supposed", "used", "tired", "based", "related", "involved", "concerned", "interested"),
        *("bored", "worried", "scared", "needed", "wanted", "seemed", "looked", "sounded"),
    }
)


def _past_tense(low: str) -> bool:
    if low in _IRREGULAR_PAST:
        return True
    return (
        len(low) >= 5
        and low.endswith("ed")
        and not low.endswith("eed")
        and low.isalpha()
        and low not in _NOT_ACTS
    )


# Words between an agent and its act that leave the act the agent's ("Mei has revoked", "ops
# then blasted", "Ana accidentally reverted").
_BEFORE_ACT: Final = frozenset({"has", "had", "have", "just", "also", "then", "already", "again"})


def _guess_acts(
    facts: list[_Facts], lows: list[str], agents: list[str | None], verbs: list[str | None]
) -> None:
    """A past tense the rules do not list, right after an agent, is that agent's act: "the
    security team revoked the keys", "Mei blasted the campaign", "the admin confused the two
    consoles". Elsewhere such a word is left alone (a "shared" pool, a "stale" cache)."""
    for i, fact in enumerate(facts):
        if not fact[4] or i == 0:
            continue
        j = i - 1
        if j > 0 and (lows[j] in _BEFORE_ACT or (lows[j].endswith("ly") and len(lows[j]) > 3)):
            j -= 1
        if agents[j] in ("P", "N", "R", "T"):
            verbs[i] = "act"


# A quotation mark, then an agent: scare quotes on a person ("our 'senior' DBA", "the "genius"
# architect"). Praise said of a failure or of someone: sarcasm ("great job, team - we paged
# ourselves 400 times", "nice one, "expert"").
_ADDRESSED: Final = frozenset(
    {"team", "everyone", "whoever", "guys", "folks", "all", "y'all", "people"}
)


def _sarcasm(
    tokens: list[str],
    lows: list[str],
    facts: list[_Facts],
    agents: list[str | None],
    verbs: list[str | None],
) -> list[str]:
    found: list[str] = []
    quotes = [i for i, t in enumerate(tokens) if t in _QUOTES]
    for i in quotes:
        if (
            i + 1 < len(tokens)
            and agents[i + 1] in ("P", "N", "R", "T")
            and any(q < i and i - q <= 3 for q in quotes)
        ):
            found.append("x:quoted agent")
            break
    for i in quotes:
        # 'the platform team "fixed" the TLS config': an agent's act in scare quotes.
        if (
            i
            and agents[i - 1] in ("P", "N", "R", "T")
            and _QUOTES.intersection(tokens[i + 1 : i + 3])
        ):
            found.append("x:agent quoted act")
            break
    for i, fact in enumerate(facts):
        if not fact[5]:
            continue
        after = lows[i + 1 : i + 5]
        if any(agents[i + 1 + k] for k in range(len(after))) or not _ADDRESSED.isdisjoint(after):
            found.append("x:praise address")
        if any(abs(q - i) <= 3 for q in quotes):
            found.append("x:praise quote")
        if not OUTCOMES.isdisjoint(lows[i + 1 :]) or "harm" in verbs[i + 1 :]:
            found.append("x:praise then harm")
        break
    return found


@lru_cache(maxsize=65536)
def _token_agent(token: str) -> str | None:
    low = token.lower().replace("’", "'")
    if _PLACEHOLDER.match(token) or low in _SUBJECT_PRONOUNS:
        return "P"
    possessive = low.endswith(("'s", "s'")) and len(low) > 3
    base = low[:-2] if low.endswith("'s") else low[:-1] if possessive else low
    roles, names, not_names = _lexicon()
    if possessive:
        bare = token[: len(base)]
        if (
            _PLACEHOLDER.match(bare)
            or base in roles
            or base in _TEAMS
            or base in names
            or base in ("someone", "somebody", "whoever")
            or _name_guess(bare, base, not_names)
        ):
            return "O"
        return None
    if low in roles or (low.endswith("s") and low[:-1] in roles):
        return "R"
    if low in _TEAMS and (low != "it" or token == "IT"):  # the department, not the pronoun
        return "T"
    if low in names or _name_guess(token, low, not_names):
        return "N"
    return None


def _name_guess(token: str, low: str, not_names: frozenset[str]) -> bool:
    return (
        bool(_TITLE.match(token)) and low not in not_names and not low.endswith(_NOT_NAME_SUFFIXES)
    )


def _verb(low: str, kind: Kind) -> str | None:
    found = kind(low)
    if found == "<harm>":
        return "harm"
    if found == "<act>":
        return "act"
    return None


def _agent_before(
    i: int, tokens: list[str], agents: list[str | None], verbs: list[str | None]
) -> int:
    """Where the agent of the act at i stands, a few words before it, or -1."""
    for back in range(1, _OWNER_REACH + 1):
        j = i - back
        if j < 0:
            break
        token = tokens[j]
        if token == "," and j > 0 and tokens[j + 1].lower() in _RELATIVE:
            # "Ravi's script, which wiped ...": the thing before the relative clause acted.
            for k in range(j - 1, max(-1, j - 1 - _OWNER_REACH), -1):
                if tokens[k] in _BREAKS:
                    break
                if agents[k] is not None:
                    return k
            break
        if token in _BREAKS or verbs[j] is not None:
            break
        who = agents[j]
        if who is not None and (back <= _AGENT_REACH or who == "O"):
            return j
    return -1


# A noun phrase opened by these is a thing, unless a person stands in it ("the new hire").
_DETERMINERS: Final = frozenset(
    {"the", "a", "an", "our", "its", "this", "that", "their", "every", "each"}
)
_REASONS: Final = frozenset({"because", "since", "as", "bc", "cuz", "when", "after"})


def _thing_before(
    i: int, lows: list[str], agents: list[str | None], verbs: list[str | None]
) -> bool:
    """A determiner opens the words just before the act at i, with no agent among them."""
    for j in range(i - 1, max(-1, i - 1 - _OWNER_REACH), -1):
        low = lows[j]
        if agents[j] is not None or verbs[j] is not None or low in _BREAKS:
            return False
        if low in _DETERMINERS:
            return j < i - 1
    return False


def _reason_after(i: int, lows: list[str], agents: list[str | None]) -> bool:
    """A reason about a thing follows the act: "because the plan was stale", "as it does"."""
    for j in range(i + 1, len(lows) - 1):
        if lows[j] in _REASONS:
            return agents[j + 1] is None
    return False


# Words that say an act was a planned step or a decision: "per runbook step 3", "(ticket
# KAF-77)", "as planned", "we agreed to".
_PLAN_NOUNS: Final = frozenset(
    {"runbook", "playbook", "plan", "checklist", "procedure", "ticket", "step"}
)
_DECIDED: Final = frozenset({"agreed", "decided", "planned", "chose", "scheduled"})
_PLAN_CUES: Final = frozenset({"per", "ticket", "chg", "change", "as", *_DECIDED})
_PLAN_AFTER_AS: Final = frozenset(
    {"planned", "scheduled", "agreed", "intended", "approved", "documented"}
)


def _planned(lows: list[str]) -> bool:
    for i, low in enumerate(lows[:-1]):
        after = lows[i + 1]
        if low == "per" and (
            after in _PLAN_NOUNS
            or (after == "the" and lows[i + 2 : i + 3] and lows[i + 2] in _PLAN_NOUNS)
        ):
            return True
        if (
            low in ("ticket", "chg", "change")
            and after[:1].isalpha()
            and any(ch.isdigit() for ch in "".join(lows[i + 1 : i + 4]))
        ):
            return True
        if low == "as" and after in _PLAN_AFTER_AS:
            return True
        if low in _DECIDED and after == "to":  # "we agreed to ...": a decision reported
            return True
    return False


def _outcome_after(i: int, lows: list[str]) -> bool:
    """Harm told after a break that follows the act at i ("...; writes rejected for 8 min")."""
    for j in range(i + 1, len(lows)):
        if lows[j] in _BREAKS or lows[j] in ("and", "so"):
            return not OUTCOMES.isdisjoint(lows[j + 1 :])
    return False


def _agent_shapes(
    tokens: list[str], lows: list[str], agents: list[str | None], verbs: list[str | None]
) -> list[str]:
    """Shapes that put a person before harm without a known act: "because of Henrik" or
    "thanks to marco" (the person as the reason), "he not checked" (an act told without its
    auxiliary, as non-native writers do), and "nobody noticed ... until" (a signal missed)."""
    found: list[str] = []
    last = len(lows) - 1
    for i, low in enumerate(lows):
        second = _CAUSE_PREPOSITIONS.get(low)
        if second is not None and i < last and lows[i + 1] == second:
            for k in range(i + 2, min(len(lows), i + 6)):
                if agents[k] is not None:
                    found.append("x:because of agent")
                    break
                if lows[k] not in _TITLES and lows[k] not in _DETERMINERS:
                    break
        elif (
            low == "not"
            and 0 < i < last
            and agents[i - 1] in ("P", "N")
            and (verbs[i + 1] is not None or lows[i + 1].endswith("ed"))
        ):
            found.append("x:agent not act")
        elif low in ("until", "till") and any(
            w in _NOBODY or (w == "no" and lows[j + 1 : j + 2] == ["one"])
            for j, w in enumerate(lows[:i])
        ):
            found.append("x:nobody until")
    return found


def _omission_ease_wish(tokens: list[str], lows: list[str], verbs: list[str | None]) -> list[str]:
    found: list[str] = []
    last = len(lows) - 1
    for i, low in enumerate(lows):
        if low in _UNDONE:
            found.append("x:omission")
        elif low in ("not", "never") and i < last:
            after = lows[i + 1]
            before = lows[i - 1] if i else "."
            if (verbs[i + 1] is not None or (after.endswith("ed") and len(after) >= 4)) and (
                before in _BREAKS or before in _BEFORE_NOT_DONE
            ):
                found.append("x:omission")
        elif low in _EASE:
            for j in range(i + 1, len(lows)):
                later = lows[j]
                if later in ("took", "taking", "waited") or (
                    later in _DURATION_UNITS and lows[j - 1].isdigit()
                ):
                    found.append("x:ease then duration")
                    break
        elif low in _WISH_VERBS:
            for j in range(i + 1, min(len(lows), i + 7)):
                if lows[j] in _MORE:
                    found.append("x:wish more")
                    if j == last or tokens[j + 1] in _BREAKS:
                        found.append("x:wish more end")
                    break
                if tokens[j] in _BREAKS:
                    break
    return sorted(set(found))


def _by_agent(i: int, lows: list[str], agents: list[str | None]) -> str | None:
    """The agent of a passive: "dropped by the new hire", "flushed by Yerlan"."""
    j = i + 1
    if j < len(lows) and lows[j].endswith("ly"):
        j += 1
    if j >= len(lows) or lows[j] != "by":
        return None
    for k in range(j + 1, min(len(lows), j + 5)):
        if agents[k] is not None:
            return agents[k]
        if not lows[k][0].isalpha():
            return None
    return None


def _hindsight(tokens: list[str], lows: list[str], agents: list[str | None]) -> list[str]:
    """Should-have with its subject or none ("shouldve looked first"), and nobody acting."""
    found: list[str] = []
    for i, low in enumerate(lows):
        perfect = low in _MODAL_PERFECT or (
            low in _MODALS and i + 1 < len(lows) and lows[i + 1] in _PERFECT_AFTER_MODAL
        )
        if perfect:
            before = tokens[i - 1] if i else "."
            if i == 0 or before in _BREAKS or _TIME.match(before):
                found.append("x:modal-have bare")
            elif agents[i - 1] is not None:
                found.append("x:agent modal-have")
            elif lows[i - 1] in _NOBODY or lows[i - 1] in ("anyone", "anybody", "everyone"):
                found.append("x:nobody modal-have")
            found.append("x:modal-have")
        if (low in _NOBODY or (low == "no" and i + 1 < len(lows) and lows[i + 1] == "one")) and any(
            w.endswith("ed") or w in ("saw", "caught", "did", "read", "knew", "see")
            for w in lows[i + 1 : i + 4]
        ):
            found.append("x:nobody acted")
    return found


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    from pmdesk.language.rules import default_rules

    lexicon = dict(default_rules().lexicon)
    roles = frozenset(w.lower() for w in lexicon.get("roles", ()) if " " not in w)
    names = frozenset(w.lower() for w in lexicon.get("first_names", ()))
    not_names = frozenset(w.lower() for w in lexicon.get("not_names", ()))
    return roles, names, not_names
