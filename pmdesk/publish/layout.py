"""The frame every page of the published site shares: head, header with the indexes and the
search box, and the small helpers that write people's text into HTML.

Every value people wrote goes through `text` (or `esc` for an attribute): HTML-escaped, so a
title "<script>" is shown as typed, and marked dir="auto", so a Hebrew or Arabic paragraph runs
right to left beside English ones.
"""

from __future__ import annotations

from html import escape

from pmdesk.report import content

SITE_NAME = "Postmortems"
STYLESHEET = "assets/site.css"

# (file, label) of the index pages, in the order the header lists them.
INDEXES: tuple[tuple[str, str], ...] = (
    ("index.html", "By date"),
    ("severity.html", "By severity"),
    ("services.html", "By service"),
    ("tags.html", "By tag"),
)


def esc(value: str) -> str:
    return escape(value, quote=True)


def text(value: str, tag: str = "span", cls: str = "") -> str:
    """People's text as an element of its own, escaped, its direction found from its letters."""
    attr = f' class="{cls}"' if cls else ""
    return f'<{tag}{attr} dir="auto">{esc(value)}</{tag}>'


def lines(value: str) -> str:
    """Escaped text whose line breaks stay line breaks."""
    return "<br>".join(esc(line) for line in value.strip().split("\n"))


def free_text(value: str) -> str:
    """Summary or lessons: paragraphs, bulleted and numbered lists, code blocks, as typed."""
    out: list[str] = []
    open_list = ""
    for block in content.blocks(value):
        kind = "ul" if block.bullet else "ol" if block.numbered else ""
        if open_list and kind != open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        if block.code:
            out.append(f'<pre dir="ltr"><code>{esc(block.text)}</code></pre>')
        elif kind:
            if not open_list:
                start = ""
                if kind == "ol":
                    start = f' start="{int(block.marker[:-1])}"'
                out.append(f'<{kind}{start} dir="auto">')
                open_list = kind
            out.append(f'<li dir="auto">{lines(block.text)}</li>')
        else:
            out.append(f'<p dir="auto">{lines(block.text)}</p>')
    if open_list:
        out.append(f"</{open_list}>")
    return "\n".join(out)


def severity_badge(level: str) -> str:
    return f'<span class="sev sev-{esc(level.lower())}">{esc(level)}</span>'


def header(prefix: str, current: str, query: str = "") -> str:
    here = ' aria-current="page"'
    links = "".join(
        f'<a href="{prefix}{name}"{here if name == current else ""}>{label}</a>'
        for name, label in INDEXES
    )
    # The search page has its own, larger box: one box on a page, never two.
    form = (
        ""
        if current == "search.html"
        else f'<form class="search" action="{prefix}search.html" role="search">'
        f'<input type="search" name="q" value="{esc(query)}" placeholder="Search postmortems"'
        ' aria-label="Search postmortems" autocomplete="off">'
        "<button>Search</button></form>"
    )
    return (
        '<header class="site">'
        f'<a class="brand" href="{prefix}index.html">{SITE_NAME}</a>'
        f'<nav aria-label="Indexes">{links}</nav>'
        f"{form}"
        "</header>"
    )


def page(
    title: str,
    body: str,
    *,
    depth: int = 0,
    current: str = "",
    scripts: tuple[str, ...] = (),
) -> bytes:
    """A whole HTML page; `depth` is how many folders below the site's root it lives."""
    prefix = "../" * depth
    tags = "".join(f'<script src="{prefix}{s}"></script>' for s in scripts)
    html = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="pmdesk">\n'
        f"<title>{esc(title)}</title>\n"
        f'<link rel="stylesheet" href="{prefix}{STYLESHEET}">\n'
        "</head>\n<body>\n"
        f"{header(prefix, current)}\n"
        f'<main id="main">\n{body}\n</main>\n'
        f"{tags}\n</body>\n</html>\n"
    )
    return html.encode("utf-8")
