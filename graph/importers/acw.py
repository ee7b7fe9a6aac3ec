"""Read the American Civil War battle tables (NPS / CWSAC, via jrnold/acw_battle_data).

The reader is given the data set's folder and joins its tables on ``cwsac_id``:

* ``nps_battles.csv``: one event per battle: day-precise start and end, coordinates,
  state, result (the NPS's own list of 381 battles is the list imported);
* ``cwsac_battles.csv``: the narrative description and the counties (``locations``);
  its three battles missing from the NPS list are reported, not imported;
* ``wikipedia_battles.csv`` (titles looked up with their page ids) and, where it has
  none, ``nps_battles_to_wiki.csv`` (``=`` rows only: ``>`` means the battle is a part
  of the linked page): the battle's Wikipedia article, also used as its title because
  "Antietam" alone names a creek and a town as well;
* ``nps_commanders.csv`` + ``nps_people.csv``: commanders as people (with their NPS
  biography and the Wikipedia title behind their DBpedia URI) and as mentions on their
  battles with a role such as "commander, US, Maj. Gen.";
* each side that has a commander is an organization mention: "Union Army" or
  "Confederate States Army" ("… Navy" when a naval officer commands).

Places are named as Wikipedia names US counties, "Cullman County, Alabama", so that a
county never meets its namesake in another state; states are today's, as the NPS
classifies battles (Oklahoma was Indian Territory then).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote

from graph.errors import DataError, DateError
from graph.importers.csvrows import rows_with_lines
from graph.importers.datetext import parse_date_text
from graph.importers.draft import Draft, DraftEvent, DraftPerson, DraftPlace, Mention, Rejection
from graph.importers.people_join import name_parts
from graph.models import Link, Source
from graph.text import fold

FORMAT = "acw"

REQUIRED = {
    "nps_battles.csv": (
        "cwsac_id",
        "battle_name",
        "start_date",
        "end_date",
        "state",
        "lat",
        "long",
        "result",
    ),
    "cwsac_battles.csv": ("battle", "locations", "description"),
    "nps_commanders.csv": ("cwsac_id", "belligerent", "commander", "rank", "navy"),
    "nps_people.csv": (
        "person_id",
        "first_name",
        "middle_name",
        "middle_initial",
        "last_name",
        "suffix",
        "bio",
    ),
    "nps_battles_to_wiki.csv": ("cwsac_id", "wikipedia_title", "relation"),
    "wikipedia_battles.csv": ("battle_id", "cwsac_id"),
}
STATES = {
    "AL": "Alabama", "AR": "Arkansas", "CO": "Colorado", "DC": "Washington, D.C.", "FL": "Florida",
    "GA": "Georgia", "ID": "Idaho", "IN": "Indiana", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "MD": "Maryland", "MN": "Minnesota", "MO": "Missouri", "MS": "Mississippi", "NC": "North Carolina",
    "ND": "North Dakota", "NM": "New Mexico", "OH": "Ohio", "OK": "Oklahoma", "PA": "Pennsylvania",
    "SC": "South Carolina", "TN": "Tennessee", "TX": "Texas", "VA": "Virginia", "WV": "West Virginia",
}  # fmt: skip
#: States whose Wikipedia page is not their bare name.
_STATE_TITLES = {"Georgia": "Georgia (U.S. state)"}
_RANKS = {
    "General": "Gen.", "Lieutenant General": "Lt. Gen.", "Major General": "Maj. Gen.",
    "Brigadier General": "Brig. Gen.", "Colonel": "Col.", "Lieutenant Colonel": "Lt. Col.",
    "Major": "Maj.", "Captain": "Capt.", "Lieutenant": "Lt.", "Admiral": "Adm.",
    "Rear Admiral": "Rear Adm.", "Commander": "Cmdr.", "Lieutenant Commander": "Lt. Cmdr.",
}  # fmt: skip
_SIDES = {
    "US": ("Union Army", "Union Navy"),
    "Confederate": ("Confederate States Army", "Confederate States Navy"),
}
_WIKI = "https://en.wikipedia.org/wiki/"
_DBPEDIA = "http://dbpedia.org/resource/"
_PARTICLES = frozenset({"ap", "de", "del", "la", "van", "von", "der"})

_Table = list[tuple[int, dict[str, str]]]


def read(paths: Sequence[Path], progress: Callable[[int], None] | None = None) -> Iterator[Draft]:
    """Yield places, commanders and battles from each data set folder in ``paths``.

    Raises:
        DataError: a table that is missing, or lacks a required column (line 1).
    """
    for given in paths:
        # A table named on the command line stands for the folder it is in.
        folder = Path(given) if Path(given).is_dir() else Path(given).parent
        yield from _DataSet(folder, progress).drafts()


def _table(folder: Path, name: str) -> _Table:
    path = folder / name
    if not path.is_file():
        raise DataError(name, None, None, f"missing table {name} in {folder}")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for column in REQUIRED[name]:
            if column not in (reader.fieldnames or []):
                raise DataError(name, 1, column, f"missing required column {column!r}")
        return rows_with_lines(reader)


def _title(text: str) -> str:
    return unquote(text).replace("_", " ")


def person_name(row: dict[str, str]) -> str:
    """ "Robert E. Lee", "Francis P. Blair Jr.": first name, middle initial, last name.

    >>> person_name({"first_name": "George", "middle_name": "Brinton", "middle_initial": "B.",
    ...              "last_name": "McClellan", "suffix": ""})
    'George B. McClellan'
    """
    middle = row.get("middle_initial") or row.get("middle_name", "")
    parts = [row.get("first_name", ""), middle, row.get("last_name", ""), row.get("suffix", "")]
    return " ".join(p for p in parts if p)


def page_contradicts(row: dict[str, str], title: str) -> bool:
    """Whether a DBpedia page names another person: its middle name is not the row's.

    Two NPS rows of John Hunt Morgan link John Tyler Morgan's page.

    >>> row = {"first_name": "John", "middle_name": "Hunt", "middle_initial": "H.", "last_name": "Morgan"}
    >>> page_contradicts(row, "John Tyler Morgan"), page_contradicts(row, "John Hunt Morgan")
    (True, False)
    >>> page_contradicts(row, "Stonewall Morgan")
    False
    """
    page = name_parts(title)
    first = fold(row.get("first_name", "")).replace(".", "").split()
    middle = fold(row.get("middle_name") or row.get("middle_initial") or "")
    if page is None or not middle[:1].isalpha() or list(page[0][: len(first)]) != first:
        return False
    # "Catesby ap Roger Jones": a particle is not a middle name.
    rest = [word for word in page[0][len(first) :] if word not in _PARTICLES]
    return bool(rest) and rest[0][0] != middle[0]


class _DataSet:
    def __init__(self, folder: Path, progress: Callable[[int], None] | None) -> None:
        self.folder = folder
        self.progress = progress
        self.tables = {name: _table(folder, name) for name in REQUIRED}
        self.places: set[str] = set()

    def source(self, file: str, line: int, url: str | None = None) -> Source:
        return Source(name=FORMAT, file=file, record=f"line {line}", url=url or None)

    def articles(self) -> dict[str, str]:
        titles = {r["cwsac_id"]: r["wikipedia_title"] for _, r in self.tables["nps_battles_to_wiki.csv"]
                  if r["relation"] == "="}  # fmt: skip
        # Looked up with page ids, so these are the pages' own titles where the two differ.
        titles.update({r["cwsac_id"]: r["battle_id"] for _, r in self.tables["wikipedia_battles.csv"]})
        return {battle: _title(title) for battle, title in titles.items()}

    def drafts(self) -> Iterator[Draft]:
        people: dict[str, tuple[DraftPerson, str]] = {}
        for line, row in self.tables["nps_people.csv"]:
            person = self.person(line, row)
            people[row["person_id"]] = (person, person_name(row))
            yield person
            uri = row.get("dbpedia_uri", "")
            if person.title is None and uri.startswith(_DBPEDIA):
                reason = f"the DBpedia page names another person ({_title(uri[len(_DBPEDIA) :])}): not linked"
                yield self.reject("nps_people.csv", line, reason, "dbpedia_uri", uri)
        self.report(len(self.tables["nps_people.csv"]))
        battles = {row["cwsac_id"] for _, row in self.tables["nps_battles.csv"]}
        commanders: dict[str, list[tuple[dict[str, str], int]]] = {}
        for line, row in self.tables["nps_commanders.csv"]:
            if row["commander"] not in people:
                yield self.reject(
                    "nps_commanders.csv",
                    line,
                    "commander not in nps_people.csv",
                    "commander",
                    row["commander"],
                )
            elif row["cwsac_id"] not in battles:
                yield self.reject(
                    "nps_commanders.csv", line, "battle not in nps_battles.csv", "cwsac_id", row["cwsac_id"]
                )
            else:
                commanders.setdefault(row["cwsac_id"], []).append((row, line))
        self.report(len(self.tables["nps_commanders.csv"]))
        cwsac = {row["battle"]: row for _, row in self.tables["cwsac_battles.csv"]}
        for line, row in self.tables["cwsac_battles.csv"]:
            if row["battle"] not in battles:
                reason = "in the CWSAC list only: the NPS list of battles is the one imported"
                yield self.reject(
                    "cwsac_battles.csv",
                    line,
                    reason,
                    "battle",
                    f"{row['battle']} {row.get('battle_name', '')}",
                )
        articles = self.articles()
        for line, row in self.tables["nps_battles.csv"]:
            yield from self.battle(line, row, cwsac.get(row["cwsac_id"], {}), articles, commanders, people)
        self.report(len(self.tables["nps_battles.csv"]))

    def report(self, n: int) -> None:
        if self.progress is not None:
            self.progress(n)

    def reject(self, file: str, line: int, reason: str, field: str | None, text: str | None) -> Rejection:
        return Rejection(source=self.source(file, line), reason=reason, field=field, text=text)

    def person(self, line: int, row: dict[str, str]) -> DraftPerson:
        uri = row.get("dbpedia_uri", "")
        title = _title(uri[len(_DBPEDIA) :]) if uri.startswith(_DBPEDIA) else None
        if title is not None and page_contradicts(row, title):
            title = None
        full = " ".join(
            p for p in (row["first_name"], row["middle_name"], row["last_name"], row["suffix"]) if p
        )
        name = person_name(row)
        return DraftPerson(
            name=name,
            source=self.source("nps_people.csv", line, uri if title else None),
            description=row["bio"] or None,
            aliases=(full,) if row["middle_name"] and full != name else (),
            title=title,
            links=(Link(title, _WIKI + uri[len(_DBPEDIA) :]),) if title else (),
        )

    def place_drafts(self, state_code: str, locations: str, line: int) -> tuple[list[Draft], list[Mention]]:
        """The battle's counties (or towns) and states, as places and as mentions."""
        drafts: list[Draft] = []
        mentions: list[Mention] = []
        if state_code not in STATES:
            return [self.reject("nps_battles.csv", line, "unknown state code", "state", state_code)], []
        states = [STATES[state_code]]
        for part in (p.strip() for p in locations.split(";") if p.strip()):
            local, _, code = part.rpartition(", ")
            state = STATES.get(code)
            if state is None or not local or local == "District of Columbia":
                continue  # DC is its own state-level place, named below
            name = f"{local}, {state}"
            states.append(state)
            county = local.endswith((" County", " Parish"))
            if name not in self.places:
                self.places.add(name)
                drafts.append(DraftPlace(name=name, source=self.source("nps_battles.csv", line),
                                         kind="region" if county else None, part_of=state,
                                         title=name if county else None))  # fmt: skip
            mentions.append(Mention(name, kind_hint="location", title=name if county else None))
        # A battle fought across a state line lists a county of the neighbour too.
        for state in dict.fromkeys(states):
            if state not in self.places:
                self.places.add(state)
                kind = "city" if state == STATES["DC"] else "state"
                title = _STATE_TITLES.get(state, state)
                source = self.source("nps_battles.csv", line)
                drafts.append(DraftPlace(state, source, kind=kind, part_of="United States", title=title))
            mentions.append(Mention(state, kind_hint="location", title=_STATE_TITLES.get(state, state)))
        return drafts, mentions

    def battle(
        self,
        line: int,
        row: dict[str, str],
        narrative: dict[str, str],
        articles: dict[str, str],
        commanders: dict[str, list[tuple[dict[str, str], int]]],
        people: dict[str, tuple[DraftPerson, str]],
    ) -> Iterator[Draft]:
        battle = row["cwsac_id"]
        try:
            start = parse_date_text(row["start_date"])
            end = parse_date_text(row["end_date"]) if row["end_date"] else None
        except DateError as error:
            yield self.reject(
                "nps_battles.csv", line, f"unreadable date: {error.reason}", "start_date", error.text
            )
            return
        try:
            coordinates = (float(row["lat"]), float(row["long"]))
        except ValueError:
            coordinates = None
        places, mentions = self.place_drafts(row["state"], narrative.get("locations", ""), line)
        yield from places
        sides: dict[str, bool] = {}
        for commander, _ in commanders.get(battle, []):
            person, name = people[commander["commander"]]
            side = commander["belligerent"]
            rank = _RANKS.get(commander["rank"], commander["rank"])
            role = ", ".join(p for p in ("commander", side, rank) if p)
            mentions.append(Mention(name, kind_hint="person", title=person.title, role=role))
            if side in _SIDES:
                sides[side] = sides.get(side, False) or commander["navy"] == "1"
        for side, navy in sides.items():
            army, fleet = _SIDES[side]
            mentions.append(Mention(army, kind_hint="organization", role=f"belligerent, {side}"))
            if navy:
                mentions.append(Mention(fleet, kind_hint="organization", role=f"belligerent, {side}"))
        article = articles.get(battle)
        url = row.get("cwsac_url") or None
        yield DraftEvent(
            title=article or row["battle_name"],
            date=start,
            end_date=end if end is not None and end != start else None,
            source=self.source("nps_battles.csv", line, url),
            category_hint="category:military-warfare",
            # The NPS's result ("Union victory") is the battle's outcome, not an account of it:
            # it stays in the highlights when a merged source's sentence becomes the summary.
            summary=row.get("results_text") or None,
            highlights=(f"Result: {row['results_text']}",) if row.get("results_text") else (),
            what_happened=narrative.get("description") or None,
            mentions=tuple(mentions),
            tags=("American Civil War",),
            links=tuple([Link(article, _WIKI + article.replace(" ", "_"))] if article else [])
            + ((Link(f"NPS: {row['battle_name']}", url),) if url else ()),
            article=article,
            coordinates=coordinates,
        )


__all__ = ["FORMAT", "REQUIRED", "STATES", "person_name", "read"]
