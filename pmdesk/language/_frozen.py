"""Pickling for the engine's frozen dataclasses, the same whether mypyc compiled them or not.

The parsed rules and learned weights are kept between runs (_prepared.py), and a context is a
value callers may pickle too. Compiled, a frozen dataclass is restored by setting each
field through its frozen __setattr__, which refuses; these restore it field by field around it.
A class uses them as its __getstate__ and __setstate__. (A Finding, which comes back from the
`pmdesk lint` helper processes, is made again by its __init__ instead: see Finding.__reduce__.)"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def frozen_state(instance: DataclassInstance, without: str = "") -> dict[str, object]:
    """Every field of a dataclass instance by name (those set outside __init__ too), but the
    one named `without` (a cache, made again after restoring)."""
    return {
        item.name: getattr(instance, item.name) for item in fields(instance) if item.name != without
    }


def restore_frozen(instance: object, state: dict[str, object]) -> None:
    """Set the fields of a frozen instance from frozen_state's answer."""
    for name, value in state.items():
        object.__setattr__(instance, name, value)
