"""Figures about the shape of pmdesk's code: the largest modules, the longest functions, import
cycles and imports of storage from outside it.

    .venv/bin/python scripts/house_figures.py [SOURCE_ROOT]

SOURCE_ROOT is the folder that holds the `pmdesk` package (default: this checkout), so the same
script measures an older checkout too (`git worktree add /tmp/old <commit>`). Cycles come from
grimp (installed with import-linter): every strongly connected set of modules, once counting all
imports and once without those made only for the type checker.
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

LARGEST_MODULES = 15
LONGEST_FUNCTIONS = 10
STORAGE = ("pmdesk.storage", "sqlalchemy", "alembic", "sqlite3")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(root: Path) -> list[Path]:
    return sorted(
        path for path in (root / "pmdesk").rglob("*.py") if "migrations" not in path.parts
    )


def largest_modules(root: Path, files: Iterable[Path]) -> list[tuple[int, str]]:
    sizes = [
        (len(path.read_text(encoding="utf-8").splitlines()), str(path.relative_to(root)))
        for path in files
    ]
    return sorted(sizes, reverse=True)[:LARGEST_MODULES]


def longest_functions(
    root: Path, files: Iterable[Path], count: int | None = LONGEST_FUNCTIONS
) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                assert child.end_lineno is not None
                found.append((child.end_lineno - child.lineno + 1, name))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    for path in files:
        visit(ast.parse(path.read_text(encoding="utf-8")), f"{module_name(root, path)}:")
    return sorted(found, reverse=True)[:count]


def strongly_connected(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the sets of two or more modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
    return sorted(found)


def import_cycles(exclude_type_checking: bool) -> list[list[str]]:
    import grimp

    graph = grimp.build_graph("pmdesk", exclude_type_checking_imports=exclude_type_checking)
    edges = {
        module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules
    }
    return strongly_connected(edges)


def storage_imports() -> dict[str, int]:
    """Import statements of storage (or its database libraries) outside pmdesk.storage."""
    import grimp

    graph = grimp.build_graph("pmdesk", include_external_packages=True)
    counts: dict[str, int] = {}
    for importer in sorted(graph.modules):
        if not importer.startswith("pmdesk") or importer.startswith("pmdesk.storage"):
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported.split(".")[0] in STORAGE or imported.startswith("pmdesk.storage"):
                details = graph.get_import_details(importer=importer, imported=imported)
                counts[importer] = counts.get(importer, 0) + max(1, len(details))
    return counts


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    if not (root / "pmdesk" / "__init__.py").is_file():
        sys.exit(f"house_figures: {root} holds no pmdesk package (give the checkout's folder)")
    sys.path.insert(0, str(root))
    import pmdesk

    if Path(pmdesk.__file__).resolve().parent != (root / "pmdesk").resolve():
        sys.exit(f"house_figures: pmdesk is imported from {pmdesk.__file__}, not from {root}")
    files = source_files(root)
    total = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in files)
    print(f"{len(files)} modules, {total} lines in pmdesk/ (migrations left out)")
    sizes = [len(path.read_text(encoding="utf-8").splitlines()) for path in files]
    lengths = [lines for lines, _name in longest_functions(root, files, count=None)]
    print(
        f"Modules over 500 lines: {sum(n > 500 for n in sizes)}; over 400: "
        f"{sum(n > 400 for n in sizes)}. Functions over 100 lines: "
        f"{sum(n > 100 for n in lengths)}; over 60: {sum(n > 60 for n in lengths)}"
    )
    print(f"\nThe {LARGEST_MODULES} largest modules (lines):")
    for lines, name in largest_modules(root, files):
        print(f"  {lines:5}  {name}")
    print(f"\nThe {LONGEST_FUNCTIONS} longest functions (lines, decorators left out):")
    for lines, name in longest_functions(root, files):
        print(f"  {lines:5}  {name}")
    for exclude, label in ((False, "all imports"), (True, "without type-checking-only imports")):
        cycles = import_cycles(exclude)
        print(f"\nImport cycles, {label}: {len(cycles)}")
        for group in cycles:
            print("  " + " <-> ".join(group))
    counts = storage_imports()
    print(
        f"\nStorage imports outside pmdesk.storage: {sum(counts.values())} in {len(counts)} modules"
    )
    for importer, count in sorted(counts.items()):
        print(f"  {count:3}  {importer}")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # piped into `head`: the rest is not wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
