"""GraphQL faces of `graph.dates`: a date keeps its precision, its era and its doubts."""

from __future__ import annotations

import strawberry

from graph import dates
from graph.errors import DateError
from schema.direct import direct

# The GraphQL value of a date is the record's own `graph.dates.HistoricalDate`: the plain
# fields below are read off it; the two that compute are `direct` (see schema.direct).


@direct
def _edtf(root: strawberry.Parent[dates.HistoricalDate], info: strawberry.Info) -> str:
    return root.to_edtf()


@direct
def _is_bce(root: strawberry.Parent[dates.HistoricalDate], info: strawberry.Info) -> bool:
    return root.year < 0


Precision = strawberry.enum(dates.Precision, name="DatePrecision", description="How much of a date is known.")


@strawberry.type(
    name="HistoricalDate", description="A date as historians write it: possibly BC, coarse or approximate."
)
class HistoricalDateType:
    year: int = strawberry.field(description="Historical year: 1924, or -44 for 44 BC. There is no year 0.")
    month: int | None
    day: int | None
    precision: Precision  # type: ignore[valid-type]
    approximate: bool = strawberry.field(description="The source says 'circa'.")
    uncertain: bool = strawberry.field(description="The source doubts this date.")
    calendar: str = strawberry.field(
        description=(
            "'gregorian', or 'julian' when the source gives an Old Style date or a date "
            "before 15 October 1582, as historians quote them."
        )
    )
    gregorian: HistoricalDateType = strawberry.field(
        description=(
            "The same date in the Gregorian calendar (the date itself when it is Gregorian): "
            "the Battle of Hastings, 14 October 1066 (Julian), was 20 October. Lists sort by it."
        )
    )
    display: str = strawberry.field(
        description="For people: 'August 4th, 1924', '44 BC', 'c. 1900', '1920s'."
    )

    edtf: str = strawberry.field(
        resolver=_edtf,
        description="The date in EDTF, as the data files write it: '1924-08-04', '-0043-03-15'.",
    )
    is_bce: bool = strawberry.field(resolver=_is_bce, description="True for dates before Christ.")
    end: HistoricalDateType | None = strawberry.field(
        description="End of a span, when the date is one ('1914/1918')."
    )


@strawberry.type(
    name="Elapsed", description="Time since a date, as the 'How long ago?' line of a page gives it."
)
class ElapsedType:
    years: int
    months: int
    days: int
    display: str = strawberry.field(description="'100 years, 7 months, 11 days ago'.")


def parse_as_of(as_of: str | None) -> dates.HistoricalDate:
    """The reference day for 'how long ago': given as EDTF, or today."""
    if as_of is None:
        return dates.HistoricalDate.today()
    try:
        parsed = dates.HistoricalDate.parse(as_of)
    except DateError as error:
        raise DateError(as_of, f"asOf: {error.reason}") from None
    return parsed
