"""Equality, repr and hash over a dataclass's fields, written once for every class.

`@dataclass` writes `__repr__`, `__eq__` (and for a frozen class `__hash__`) as source text for
each class and compiles it when the module is imported: about a third of a millisecond a class,
and pmdesk defines dozens on the way to its first window. A class declared
`@dataclass(repr=False, eq=False)` on one of these bases gets the same methods, with the same
results, from here instead:

- `__eq__`: another instance of exactly the same class with equal field values (the fields with
  `compare=True`, compared as a tuple, as `@dataclass` does), else NotImplemented;
- `__repr__`: `ClassName(field=value, ...)` over the fields with `repr=True`, `...` for an object
  met again while it is being shown;
- `__hash__` (`FrozenFieldwise` only): the hash of the tuple of the fields `@dataclass` hashes.
  `Fieldwise` objects are unhashable, as mutable dataclasses with equality are.

`Fieldwise` objects also copy themselves for `copy.deepcopy`, with the same result as its general
path (a new object whose field values are deep copies) in a tenth of the time: values that cannot
change (text, numbers, times, enum members) are shared rather than rebuilt. Undo snapshots and
the saver's copy of what is stored copy every event of a 10,000-event timeline.
"""

from __future__ import annotations

import copy
import dataclasses
import reprlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from enum import Enum
from operator import attrgetter
from typing import Any, cast

_Getter = Callable[[Any], tuple[Any, ...]]
_COMPARED: dict[type, _Getter] = {}  # by class: its compared fields' values, as a tuple
_HASHED: dict[type, _Getter] = {}  # by class: its hashed fields' values, as a tuple
# Values no one changes in place: a deep copy may share them (as copy.deepcopy does with most).
UNCHANGING = (str, int, float, bytes, type(None), datetime, date, time, timedelta, Enum)


def copied(value: Any) -> Any:
    """A deep copy of `value`, the value itself when it cannot change."""
    return value if isinstance(value, UNCHANGING) else copy.deepcopy(value)


def _getter(cls: type, purpose: str) -> _Getter:
    """The tuple of a `cls` object's field values that take part in `purpose`, made once."""
    fields = dataclasses.fields(cls)
    if purpose == "hash":
        names = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    else:
        names = tuple(f.name for f in fields if f.compare)
    if not names:
        getter: _Getter = lambda _obj: ()  # noqa: E731
    elif len(names) == 1:
        (name,) = names
        getter = lambda obj: (getattr(obj, name),)  # noqa: E731
    else:
        getter = attrgetter(*names)
    (_HASHED if purpose == "hash" else _COMPARED)[cls] = getter
    return getter


class _ByFields:
    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        cls = self.__class__
        if other.__class__ is cls:
            values = _COMPARED.get(cls) or _getter(cls, "compare")
            return values(self) == values(other)
        return NotImplemented

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        fields = dataclasses.fields(cast(Any, self))
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields if f.repr)
        return f"{self.__class__.__qualname__}({shown})"


class Fieldwise(_ByFields):
    """A mutable dataclass's `__eq__` and `__repr__` (declare it with repr=False, eq=False)."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value: unhashable

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        cls = self.__class__
        new = cls.__new__(cls)
        memo[id(self)] = new
        state = getattr(self, "__dict__", None)
        if state is not None:
            copied_state = new.__dict__
            for name, value in state.items():
                unchanging = isinstance(value, UNCHANGING)
                copied_state[name] = value if unchanging else copy.deepcopy(value, memo)
            return new
        for f in dataclasses.fields(cast(Any, self)):  # a class with __slots__: its fields
            value = getattr(self, f.name)
            unchanging = isinstance(value, UNCHANGING)
            setattr(new, f.name, value if unchanging else copy.deepcopy(value, memo))
        return new


class FrozenFieldwise(_ByFields):
    """A frozen dataclass's `__eq__`, `__repr__` and `__hash__` (frozen=True, repr=False,
    eq=False)."""

    __slots__ = ()

    def __hash__(self) -> int:
        cls = self.__class__
        return hash((_HASHED.get(cls) or _getter(cls, "hash"))(self))
