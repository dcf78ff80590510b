"""What in a piece of text must not travel: addresses, hosts, links, keys and other secrets.

Each detector returns `Hit`s: where the thing is in the text, what kind it is and the key under
which the same thing gets the same placeholder everywhere in the document (a host written in
capitals is still the same host; 10.0.0.1 and 10.000.0.1 are not both addresses, so the standard
library's `ipaddress` has the last word on every address). Names of people are found in
pmdesk.redaction.people; this module knows nothing about the postmortem.

Look-alikes that stay: times (14:32, 14:32:05), durations, version numbers ("v1.2.3.4", "version
10.2.0.1", "2.4.1"), file names (config.yaml, app.py), dotted product names in capitals (ASP.NET)
and short hexadecimal commit ids.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """One thing found: text[start:end] is the original; `key` makes placeholders consistent."""

    start: int
    end: int
    kind: str
    key: str


# Kinds, in the words of the review list and the placeholders ("[host-1]").
KIND_LABELS: dict[str, str] = {
    "person": "person",
    "email": "e-mail address",
    "ip": "IP address",
    "network": "IP range",
    "url": "link",
    "host": "host name",
    "secret": "key or token",
    "term": "listed term",
    "restricted": "restricted text",
}

# -- secrets by their shape ----------------------------------------------------------------------

_PEM = re.compile(r"-----BEGIN [A-Z0-9 ]{1,40}-----.*?(?:-----END [A-Z0-9 ]{1,40}-----|\Z)", re.S)
_KEY_SHAPES = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}"  # AWS access key ids
    r"|gh[pousr]_[A-Za-z0-9]{30,}"  # GitHub tokens
    r"|github_pat_[A-Za-z0-9_]{22,}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,}"  # Slack tokens
    r"|eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}"  # JSON web tokens
    r"|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}"  # payment-provider keys
    r"|AIza[A-Za-z0-9_-]{35}"  # Google API keys
    r"|glpat-[A-Za-z0-9_-]{20,}"  # GitLab tokens
    r")(?![A-Za-z0-9])"
)
# The value after "Bearer", "password:", "api_key=" ... whatever its shape.
_LABELLED_SECRET = re.compile(
    r"(?:\b[Bb]earer\s+"
    r"|\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret)"
    r"\s*[:=]\s*[\"']?)"
    r"(?P<value>[A-Za-z0-9._~+/=-]{8,})",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+/=-]{20,}(?![A-Za-z0-9_+/=-])")
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\Z")
_HEX = re.compile(r"[0-9a-fA-F]+\Z")
# Bits per character above which a long mixed token is taken for a random secret. English words
# joined with hyphens stay well under it; random base64 of 20 characters or more is above it.
ENTROPY_BITS = 3.5


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _random_looking(token: str) -> bool:
    if _UUID.match(token):
        return False  # request and trace ids: identifiers, not credentials
    if not (re.search(r"\d", token) and re.search(r"[A-Za-z]", token)):
        return False  # a long word or number, not a key
    if _HEX.match(token):
        return len(token) >= 32  # a short commit id stays; a 32-digit hex key does not
    if all(part.isalpha() or part.isdigit() for part in re.split(r"[-_+/=]", token) if part):
        return False  # words and numbers joined up: "canary-rollout-2026"
    return entropy(token) >= ENTROPY_BITS


def secrets(text: str) -> Iterator[Hit]:
    """PEM blocks, known key shapes, labelled values, then random-looking tokens; once each."""
    hits: list[Hit] = []

    def add(start: int, end: int) -> None:
        if not any(h.start < end and start < h.end for h in hits):
            hits.append(Hit(start, end, "secret", text[start:end].strip()))

    for match in _PEM.finditer(text):
        add(match.start(), match.end())
    for match in _KEY_SHAPES.finditer(text):
        add(match.start(), match.end())
    for match in _LABELLED_SECRET.finditer(text):
        value = match.group("value").rstrip(".")
        add(match.start("value"), match.start("value") + len(value))
    for match in _TOKEN.finditer(text):
        if _random_looking(match.group()):
            add(match.start(), match.end())
    yield from hits


# -- links, addresses and hosts ------------------------------------------------------------------

_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://[^\s<>\"'`]+")
_URL_TAIL = ".,;:!?)]}'\""
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
_IPV4 = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:/(\d{1,2}))?(?![\w]|\.\d)")
_IPV6 = re.compile(
    r"(?<![\w:.])((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3}))"
    r"(?:/(\d{1,3}))?(?![\w:])"
)
# A dotted version is written after one of these and is not an address.
_VERSION_BEFORE = re.compile(r"(?:\b[vV]|\b(?:version|release|build|firmware|ver)\s+)\Z", re.I)
_HOST = re.compile(
    r"(?<![\w.@/-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24}))"
    r"(?![\w-]|\.[A-Za-z0-9])"
)
# Endings of file names and code that look like top-level domains.
_NOT_DOMAINS = frozenset((
    "py", "md", "txt", "log", "yaml", "yml", "json", "toml", "ini", "cfg", "conf", "sh", "bash",
    "zsh", "ps1", "js", "ts", "jsx", "tsx", "mjs", "css", "scss", "html", "htm", "xml", "csv",
    "tsv", "sql", "db", "go", "rs", "java", "kt", "rb", "php", "pl", "c", "h", "cc", "cpp", "hpp",
    "cs", "swift", "lock", "tf", "tfvars", "hcl", "pem", "crt", "key", "cer", "der", "pfx", "p12",
    "pub", "gz", "tgz", "zip", "tar", "bz2", "xz", "rar", "jar", "war", "exe", "dll", "so",
    "dylib", "bin", "img", "iso", "dmg", "deb", "rpm", "apk", "msi", "pdf", "doc", "docx", "xls",
    "xlsx", "ppt", "pptx", "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "mp4", "mov", "wav",
    "mp3", "bak", "tmp", "old", "orig", "swp", "service", "timer", "socket", "mount", "target",
    "env", "sample", "spec", "min", "map", "lst", "out", "err", "pid", "sock", "yara", "rules",
    "cache",
))  # fmt: skip


def urls(text: str) -> Iterator[Hit]:
    for match in _URL.finditer(text):
        found = match.group().rstrip(_URL_TAIL)
        if found.count("(") > found.count(")"):  # a link in parentheses keeps its own ")" only
            found = match.group()[: len(found) + 1].rstrip(".,;:!?]}'\"")
        if "://" in found and len(found) > found.index("://") + 3:
            yield Hit(match.start(), match.start() + len(found), "url", found.lower())


def emails(text: str) -> Iterator[Hit]:
    for match in _EMAIL.finditer(text):
        found = match.group().rstrip(".-")
        yield Hit(match.start(), match.start() + len(found), "email", found.lower())


def _after_version_word(text: str, start: int) -> bool:
    return bool(_VERSION_BEFORE.search(text, max(0, start - 12), start))


def addresses(text: str) -> Iterator[Hit]:
    """IPv4 and IPv6 addresses and CIDR ranges the standard library accepts as such."""
    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(text):
            hit = _address(match, text)
            if hit is not None:
                yield hit


def _address(match: re.Match[str], text: str) -> Hit | None:
    address, prefix = match.group(1), match.group(2)
    if _after_version_word(text, match.start()):
        return None
    if ":" in address and not _plausible_ipv6(address):
        return None
    try:
        if prefix is not None:
            network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
            return Hit(match.start(), match.end(), "network", str(network))
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    return Hit(match.start(1), match.end(1), "ip", str(ip))


def _plausible_ipv6(address: str) -> bool:
    """Not a time (14:32:05) nor a bare '::': two groups at least, one with a letter or 3+ digits,
    or the '::' shorthand."""
    groups = [g for g in address.split(":") if g]
    if len(groups) < 2 and "::" not in address:
        return False
    return "::" in address or len(groups) >= 8 or "." in address


def hosts(text: str) -> Iterator[Hit]:
    """Dotted host names (db-7.payments.internal, acme-payroll.com), not file names."""
    for match in _HOST.finditer(text):
        name, ending = match.group(1), match.group(2)
        if ending.lower() in _NOT_DOMAINS:
            continue
        labels = name.split(".")
        if all(label.isdigit() for label in labels[:-1]) and len(labels) <= 2:
            continue
        if len(labels) == 2 and any(c.isupper() for c in name):
            continue  # Node.JS, ASP.NET: product names, not hosts
        if _after_version_word(text, match.start()):
            continue
        yield Hit(match.start(), match.end(1), "host", name.lower())


def listed(text: str, terms: list[str]) -> Iterator[Hit]:
    """The facilitator's own terms, in any case, as whole words where they start or end with one.

    A term written between slashes is a pattern for a whole family: /SEC-\\d{4}/ hides every
    ticket number of that shape, /ACCT-\\d+/ every account number; each one found gets its own
    placeholder.
    """
    for term in terms:
        shape = term_shape(term)
        pattern = shape if shape is not None else term_pattern(term)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            key = match.group() if shape is not None else term
            yield Hit(match.start(), match.end(), "term", " ".join(key.split()).casefold())


def term_shape(term: str) -> re.Pattern[str] | None:
    """The pattern of a /slashed/ term; None for a plain one. Raises re.error when it is broken."""
    if len(term) > 2 and term.startswith("/") and term.endswith("/"):
        return re.compile(rf"(?<!\w)(?:{term[1:-1]})(?!\w)", re.IGNORECASE)
    return None


def term_pattern(term: str, *, ignore_case: bool = True) -> re.Pattern[str] | None:
    """A term found as written, any run of spaces for a space, not inside a longer word."""
    words = term.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    lead = r"(?<!\w)" if words[0][0].isalnum() or words[0][0] == "_" else ""
    tail = r"(?!\w)" if words[-1][-1].isalnum() or words[-1][-1] == "_" else ""
    return re.compile(lead + body + tail, re.IGNORECASE if ignore_case else 0)


def things(text: str, terms: list[str]) -> Iterator[Hit]:
    """Every hit of every detector, in the order they win when two overlap."""
    yield from secrets(text)
    yield from urls(text)
    yield from emails(text)
    yield from listed(text, terms)
    yield from addresses(text)
    yield from hosts(text)
