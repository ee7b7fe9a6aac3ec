"""The errors Clio raises on purpose. Each carries the data a caller needs to act on it."""

from __future__ import annotations

from collections.abc import Sequence


class ClioError(Exception):
    """Base class: every error Clio means to raise."""


class DataError(ClioError):
    """A data file that cannot be loaded, with where and why.

    ``line`` is 1-based; ``field`` is a dotted path into the record (``people.2``).
    """

    def __init__(self, path: str, line: int | None, field: str | None, message: str) -> None:
        where = path
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.field = field
        self.reason = message


class DataErrors(ClioError):
    """Several data errors found in one pass, so a user can fix them all at once."""

    def __init__(self, errors: Sequence[DataError], shown: int = 20) -> None:
        self.errors = list(errors)
        lines = [str(error) for error in self.errors[:shown]]
        if len(self.errors) > shown:
            lines.append(f"… and {len(self.errors) - shown} more")
        super().__init__(f"{len(self.errors)} error(s) in the data, nothing was loaded:\n" + "\n".join(lines))


class DateError(ClioError, ValueError):
    """A date text that cannot be read."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"cannot read date {text!r}: {reason}")
        self.text = text
        self.reason = reason


class NotFound(ClioError, LookupError):
    """A node id that is not in the graph."""

    def __init__(self, node_id: str) -> None:
        super().__init__(f"{node_id!r} is not in the graph")
        self.node_id = node_id


class Ambiguous(ClioError, LookupError):
    """A name that fits several nodes; the caller should pick one by id."""

    def __init__(self, name: str, candidates: Sequence[tuple[str, str]]) -> None:
        listed = "; ".join(f"{label} ({node_id})" for node_id, label in candidates)
        super().__init__(f"{name!r} matches {len(candidates)} entries: {listed}. Ask by id instead.")
        self.name = name
        self.candidates = list(candidates)


class LimitExceeded(ClioError, ValueError):
    """A request argument above a cap (page size, hops…), with the cap and how to fix it."""

    def __init__(self, argument: str, value: int, maximum: int, minimum: int = 0) -> None:
        if value < minimum:
            text = f"{argument} must be at least {minimum}, got {value}"
        else:
            text = (
                f"{argument} may be at most {maximum}, got {value}; ask for fewer and page through the rest"
            )
        super().__init__(text)
        self.argument = argument
        self.value = value
        self.maximum = maximum


__all__ = ["Ambiguous", "ClioError", "DataError", "DataErrors", "DateError", "LimitExceeded", "NotFound"]
