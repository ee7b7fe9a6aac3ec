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

    def __init__(
        self, argument: str, value: int, maximum: int, minimum: int = 0, pageable: bool = False
    ) -> None:
        if value < minimum:
            text = f"{argument} must be at least {minimum}, got {value}"
        else:
            # Only a page size has a rest to page through (depth, hops and top-N lists do not).
            hint = "; ask for fewer and page through the rest" if pageable else "; ask for fewer"
            text = f"{argument} may be at most {maximum}, got {value}{hint}"
        super().__init__(text)
        self.argument = argument
        self.value = value
        self.maximum = maximum


class ArgumentError(ClioError, ValueError):
    """An argument that cannot be used: which one, the value given and what it may be.

    ``argument`` is the caller's name for it (``filter.people``), ``expected`` says in words
    what it takes. Subclasses say which mistake it was.
    """

    def __init__(
        self, argument: str, value: object, expected: str, message: str, whole: bool = False
    ) -> None:
        super().__init__(message if whole else f"{argument}: {message}")
        self.argument = argument
        self.value = value
        self.expected = expected


class WrongKind(ArgumentError):
    """An id of another kind than the argument takes: a person where an event is asked for."""

    def __init__(self, argument: str, value: str, expected: str) -> None:
        found = value.split(":", 1)[0] if ":" in value else None
        article = "an" if found and found[0] in "aeiou" else "a"
        what = f"{article} {found} id" if found else "not an id of the form kind:name"
        super().__init__(argument, value, expected, f"takes {expected} ids, {value!r} is {what}")


class UnknownId(ArgumentError):
    """An id of the right kind that names nothing in the graph."""

    def __init__(self, argument: str, value: str, expected: str) -> None:
        super().__init__(
            argument, value, expected, f"{value!r} is not in the graph; search for the {expected} first"
        )


class OutOfRange(ArgumentError):
    """A number outside the range an argument allows (a month of 13, the 30th of February)."""

    def __init__(self, argument: str, value: int, minimum: int, maximum: int, why: str = "") -> None:
        super().__init__(
            argument,
            value,
            f"{minimum} to {maximum}",
            f"must be from {minimum} to {maximum}{why}, got {value}",
        )
        self.minimum = minimum
        self.maximum = maximum


class StartAfterEnd(ArgumentError):
    """A range whose start comes after its end, which can hold nothing."""

    def __init__(self, argument: str, start: str, end_argument: str, end: str) -> None:
        super().__init__(
            argument,
            start,
            f"a date no later than {end_argument} ({end})",
            f"{start!r} comes after {end_argument} {end!r}, so nothing can match; swap them",
        )
        self.end_argument = end_argument
        self.end = end


class ConflictingArguments(ArgumentError):
    """Two arguments that say one thing twice (or neither, when one of them is needed)."""

    def __init__(self, argument: str, other: str, message: str) -> None:
        super().__init__(argument, None, f"{argument} or {other}, not both", message)
        self.other = other


class BadDate(ArgumentError):
    """A date argument that cannot be read, or a day its month does not have."""

    def __init__(self, argument: str, value: str, reason: str) -> None:
        # Worded as `DateError` words it, the argument before the reason: one shape for every date.
        message = f"cannot read date {value!r}: {argument}: {reason}"
        super().__init__(
            argument, value, "an EDTF date such as 1924-08-04, -0043 or 192X", message, whole=True
        )


class ArgumentErrors(ClioError, ValueError):
    """Every bad argument of one call, so a caller can fix them all at once.

    ``shown`` are the first ``SHOWN`` of them: a list of thousands of unknown ids would
    otherwise make an answer many times the size of its question.
    """

    SHOWN = 20

    def __init__(self, errors: Sequence[ArgumentError]) -> None:
        self.errors = list(errors)
        self.shown = self.errors[: self.SHOWN]
        more = len(self.errors) - len(self.shown)
        super().__init__(
            "; ".join(str(error) for error in self.shown) + (f"; … and {more} more" if more else "")
        )


def raise_all(errors: Sequence[ArgumentError]) -> None:
    """Raise the one bad argument, or all of them together; nothing when there is none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ArgumentErrors(errors)


__all__ = [
    "Ambiguous",
    "ArgumentError",
    "ArgumentErrors",
    "BadDate",
    "ClioError",
    "ConflictingArguments",
    "DataError",
    "DataErrors",
    "DateError",
    "LimitExceeded",
    "NotFound",
    "OutOfRange",
    "StartAfterEnd",
    "UnknownId",
    "WrongKind",
    "raise_all",
]
