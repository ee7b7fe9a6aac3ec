"""Pickle a `KnowledgeGraph` fast, and unpickle only what a graph is made of.

Two halves of one format, used by `graph.snapshot`, which adds the header and the key:

- `dumps` pickles frozen records by their field values (`_record_reducers`), which loads
  several times faster than dataclasses' own reduction;
- `loads` resolves only an allow-list of globals: classes from Clio's graph modules and
  NetworkX's graph classes, containers, locks. A pickle that names anything else (a shell
  call, ``eval``, one of our own functions that writes files) is refused by name before a
  single object of it is built.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import pickle
import threading
from typing import Any

from graph import dates, models
from graph.errors import ClioError
from graph.store import KnowledgeGraph


class ForbiddenGlobal(ClioError):
    """A pickle that names something a graph is not made of."""

    def __init__(self, module: str, name: str) -> None:
        super().__init__(f"names {module}.{name}")
        self.module = module
        self.name = name


def _restore(cls: type, values: tuple[Any, ...]) -> Any:
    """A frozen record from its field values, without running its checks again."""
    record: Any = object.__new__(cls)
    for setter, value in zip(_SETTERS[cls], values, strict=True):
        setter(record, value)
    return record


def _record_reducers() -> dict[type, Any]:
    """Faster pickling of the frozen, slotted records than dataclasses' own.

    Dataclasses restore a frozen slotted object field by field through `dataclasses.fields`,
    most of a snapshot's load time. Records without ``__post_init__`` are rebuilt by their
    generated ``__init__`` in one call; the others (`HistoricalDate`, whose checks and enum
    conversion would run again for nothing) by setting their slots directly.
    """
    reducers: dict[type, Any] = {}
    for module in (models, dates):
        for cls in vars(module).values():
            if not (
                isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
            ):
                continue
            names = tuple(f.name for f in dataclasses.fields(cls))
            if hasattr(cls, "__post_init__") or not all(f.init for f in dataclasses.fields(cls)):
                _SETTERS[cls] = tuple(cls.__dict__[name].__set__ for name in names)
                reducers[cls] = lambda obj, cls=cls, names=names: (
                    _restore,
                    (cls, tuple(getattr(obj, n) for n in names)),
                )
            else:
                reducers[cls] = lambda obj, cls=cls, names=names: (cls, tuple(getattr(obj, n) for n in names))
    return reducers


_SETTERS: dict[type, tuple[Any, ...]] = {}
_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH.update(_record_reducers())
# A lock guarding a lazily built cache cannot be pickled; a fresh, unlocked one is its
# faithful copy (nothing holds it while the graph is written).
_DISPATCH[type(threading.Lock())] = lambda lock: (threading.Lock, ())
_DISPATCH[type(threading.RLock())] = lambda lock: (threading.RLock, ())

# What a graph may name besides the classes below: containers, the lock factories above,
# and our record restorer. Nothing here can reach the file system, a shell or eval.
_ALLOWED_GLOBALS = frozenset(
    {
        ("builtins", name)
        for name in ("dict", "list", "tuple", "set", "frozenset", "object", "int", "float", "str", "bytes")
    }
    | {
        ("collections", "defaultdict"),
        ("collections", "OrderedDict"),
        ("collections", "Counter"),
        ("copyreg", "_reconstructor"),
        ("_thread", "allocate_lock"),
        ("_thread", "RLock"),
        ("threading", "RLock"),
        ("threading", "_CRLock"),
        (__name__, "_restore"),
        # `nx.freeze` puts this function in place of a frozen graph's mutators; it only raises.
        ("networkx.classes.function", "frozen"),
    }
)
# Classes only, from Clio's graph and NetworkX's graph classes: elsewhere in NetworkX, a
# class such as `utils.argmap` compiles code when called. The importers read and write
# files and are never part of a graph.
_ALLOWED_PACKAGES = ("graph.", "networkx.classes.")
_REFUSED_PACKAGES = ("graph.importers.",)


class _GraphUnpickler(pickle.Unpickler):
    """Resolves only the globals a graph is made of; anything else is refused by name."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        if module.startswith(_ALLOWED_PACKAGES) and not module.startswith(_REFUSED_PACKAGES):
            # Only classes: a function of ours may write files (exports, the notebook helpers).
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise ForbiddenGlobal(module, name)


def dumps(kg: KnowledgeGraph) -> memoryview:
    """The pickled graph (protocol 5), without a copy of its bytes."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(kg)
    return buffer.getbuffer()


def loads(content: bytes) -> Any:
    """Unpickle what `dumps` wrote; `ForbiddenGlobal` for a pickle that names anything else.

    >>> from graph.loader import load_graph
    >>> kg = load_graph("tests/data/tiny")
    >>> loads(bytes(dumps(kg))).counts() == kg.counts()
    True
    >>> import os
    >>> loads(pickle.dumps(os.system))
    Traceback (most recent call last):
    graph.pickling.ForbiddenGlobal: names posix.system
    """
    # BytesIO shares the bytes object until written to: no second copy of the content.
    return _GraphUnpickler(io.BytesIO(content)).load()


__all__ = ["ForbiddenGlobal", "dumps", "loads"]
