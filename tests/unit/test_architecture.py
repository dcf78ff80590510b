"""The import contract covers every core module: a new module cannot slip past it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# Not core: the Qt layers, and the command line (the composition root that may start the GUI).
NOT_CORE = {"ui", "views", "cli", "__main__", "__init__"}


def _contract(name: str) -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return next(c for c in config["tool"]["importlinter"]["contracts"] if c["name"] == name)


def _top_level() -> set[str]:
    return {
        path.stem if path.is_file() else path.name
        for path in (ROOT / "pmdesk").iterdir()
        if (path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists()))
    } - {"__main__", "__init__"}


def test_every_core_module_is_in_the_no_qt_contract() -> None:
    contract = _contract("The core never imports Qt")
    listed = {name.split(".")[1] for name in contract["source_modules"]}
    present = _top_level() - NOT_CORE
    assert present <= listed, f"add to the contract: {sorted(present - listed)}"
    assert "PySide6" in contract["forbidden_modules"]


def test_cli_imports_no_qt_at_module_level() -> None:
    """The commands work without a display: only `pmdesk` with no command loads the app."""
    files = sorted((ROOT / "pmdesk" / "cli").glob("*.py"))
    assert {f.stem for f in files} >= {"dispatch", "gui", "postmortems", "timeline", "actions"}
    top_level = [
        (f.name, line)
        for f in files
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.startswith(("import ", "from "))
    ]
    assert not [
        (name, line)
        for name, line in top_level
        if "PySide6" in line or "pmdesk.views" in line or "pmdesk.ui" in line
    ]


def test_the_language_engine_is_kept_from_every_other_module() -> None:
    contract = _contract("The language engine imports nothing else of pmdesk")
    forbidden = {name.split(".")[1] for name in contract["forbidden_modules"]}
    missing = _top_level() - {"language"} - forbidden
    assert not missing, f"add to the contract: {sorted(missing)}"


def test_no_contract_lets_indirect_imports_through() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert not [c["name"] for c in contracts if c.get("allow_indirect_imports")]


def test_storage_never_imports_the_language_engine_itself() -> None:
    """The review's language facts are worked out by the layer that saves and handed to storage
    as plain values (pmdesk.storage.review_facts); only pmdesk.actions, which the tracker reads,
    uses the engine on storage's behalf."""
    import grimp

    graph = grimp.build_graph("pmdesk")
    storage = [m for m in graph.modules if m.startswith("pmdesk.storage")]
    direct = sorted(
        f"{module} -> {imported}"
        for module in storage
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("pmdesk.language")
    )
    assert not direct, "\n".join(direct)


def test_no_module_imports_one_that_imports_it_back() -> None:
    """No import cycle anywhere in pmdesk, counting imports made only for the type checker."""
    import grimp

    graph = grimp.build_graph("pmdesk")
    cycles = sorted(
        f"{importer} -> {imported} -> ... -> {importer}"
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(importer=imported, imported=importer)
    )
    assert not cycles, "\n".join(cycles)


# Document's raw mutations, and the generic operations over them that take field and list names.
RAW_MUTATIONS = {
    "set_fields",
    "update_item",
    "update_items",
    "insert_items",
    "add_items",
    "remove_items",
    "move_item",
}
RAW_STEPS = {"SetFields", "UpdateItem", "InsertItems", "RemoveItems", "MoveItem"}


def _string_keyed_edits(path: Path) -> list[str]:
    """Where a module changes a document by field or list name instead of a named operation."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in RAW_MUTATIONS:
                found.append(f"{path.name}:{node.lineno} calls {node.func.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names = {alias.name for alias in node.names}
            if node.module == "pmdesk.operations.items" or (
                node.module == "pmdesk.operations" and "items" in names
            ):
                found.append(f"{path.name}:{node.lineno} imports pmdesk.operations.items")
            elif node.module == "pmdesk.operations.edit" and names & RAW_STEPS:
                found.append(f"{path.name}:{node.lineno} imports {sorted(names & RAW_STEPS)}")
    return found


def test_screens_change_documents_only_through_named_operations() -> None:
    """Views and the Qt glue call operations such as `add_action` or `remove_events`, which keep
    the domain's rules; none sets fields or list items by name."""
    files = sorted(
        [*(ROOT / "pmdesk" / "views").rglob("*.py"), *(ROOT / "pmdesk" / "ui").rglob("*.py")]
    )
    assert len(files) > 50
    found = [place for path in files for place in _string_keyed_edits(path)]
    assert not found, "use a named operation in pmdesk/operations: " + "; ".join(found)


def test_a_string_keyed_edit_is_spotted(tmp_path: Path) -> None:
    screen = tmp_path / "screen.py"
    screen.write_text(
        "from pmdesk.operations.edit import Edit, UpdateItem\n"
        "def rename(session, doc):\n"
        "    session.update_item('Rename', 'attendees', 'p1', name='Sam')\n",
        encoding="utf-8",
    )
    assert _string_keyed_edits(screen) == [
        "screen.py:1 imports ['UpdateItem']",
        "screen.py:3 calls update_item",
    ]
