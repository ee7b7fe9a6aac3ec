"""Compare an import with the gold judgement, row by row, and count each kind of error.

A gold row's records are found through their `sources`; each check says what it found in a
`Finding` so that every counted error can be read and disputed. Fields the judge marked
`unsure` are left out of their own checks (and so out of their rates).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.build import Build, fold
from audit.gold import Gold
from audit.rows import RowKey, provenance, read_row
from graph.calendar import julian_to_gregorian

#: The category of an event no rule placed: an honest "don't know", counted apart from wrong ones.
UNCATEGORISED = "category:uncategorised"
#: Kinds of error that count towards "any error" in a gold event.
EVENT_ERRORS = (
    "missing",
    "wrong year",
    "wrong day",
    "wrong category",
    "false person link",
    "mention as participant",
    "namesake place",
    "bad title",
    "unreadable headline",
    "false merge",
    "unmerged duplicate",
)
#: Bare names that resolved to namesake towns before (issue 9), with the country of the
#: place they mean, or None when they never name a place.
NAMESAKES: dict[str, str | None] = {
    "Republic": None,
    "Reconquista": None,
    "Ontario": "CA",
    "Jupiter": None,
    "Antioch": "TR",
    "Calcutta": "IN",
}
_EDTF = re.compile(r"^(-?)(\d{4}|\d{3}X|\d{2}XX)(?:-(\d\d)(?:-(\d\d))?)?")


@dataclass(frozen=True)
class When:
    """The start of a record's date, in historical years (-44 = 44 BC)."""

    first_year: int
    last_year: int
    month: int | None
    day: int | None


def read_date(value: object) -> When | None:
    if isinstance(value, dict):
        value = next(
            (value[k] for k in ("edtf", "value", "date", "text") if isinstance(value.get(k), str)), None
        )
    if not isinstance(value, str):
        return None
    match = _EDTF.match(value.strip().split("/", 1)[0])
    if match is None:
        return None
    sign = -1 if match[1] else 1
    digits = match[2]
    low, high = int(digits.replace("X", "0")), int(digits.replace("X", "9"))
    if sign < 0:
        low, high = -high, -low
    # EDTF counts a year 0 (1 BC); history does not.
    low, high = (y - 1 if y <= 0 else y for y in (low, high))
    month = int(match[3]) if match[3] else None
    day = int(match[4]) if match[4] else None
    return When(low, high, month, day)


def bad_title(title: str) -> bool:
    return len(title) > 90 or title.endswith(("…", "..."))


@dataclass
class Finding:
    key: str
    records: list[str]
    errors: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    judged: set[str] = field(default_factory=set)  # checks that applied to this row


@dataclass
class Report:
    events: list[Finding]
    people: list[Finding]
    days: list[dict[str, Any]]
    totals: dict[str, int]
    duplicate_pairs: tuple[int, int]  # (pairs judged the same event, of which merged)
    top_people: list[Finding]


def _prov(root: Path, key: str) -> tuple[str, str, str]:
    fmt, file, where = provenance(root, RowKey.parse(key))
    return fmt, "" if fmt == "wikidata" else file, where  # as `Build.by_source` keys them


def _check_date(gold: dict[str, Any], when: When | None, finding: Finding) -> None:
    date = gold["date"]
    finding.judged.add("date")
    if when is None:
        finding.errors["wrong year"] = "the record has no readable date"
        return
    if "year_between" in date:
        first, last = date["year_between"]
        if when.last_year < first or when.first_year > last:
            finding.errors["wrong year"] = f"{when.first_year} is outside {first}..{last}"
        return
    year = date["year"]
    if not when.first_year <= year <= when.last_year:
        finding.errors["wrong year"] = f"record {when.first_year}, judged {year}"
        return
    month, day = date.get("month"), date.get("day")
    if when.month is not None and month is None:
        finding.errors["wrong day"] = f"record {when.month}-{when.day}, but only the year is known"
    elif when.month is not None and when.month != month:
        finding.errors["wrong day"] = f"record month {when.month}, judged {month}"
    elif when.day is not None and day is not None and when.day != day:
        finding.errors["wrong day"] = f"record {when.month}-{when.day}, judged {month}-{day}"
    elif when.day is not None and day is None:
        finding.errors["wrong day"] = f"record day {when.day}, but only the month is known"
    elif when.month is None and month is not None:
        finding.notes["less precise"] = f"record gives the year, judged {year}-{month}-{day}"


def _finer_day_from_a_twin(
    gold: dict[str, Any], record: dict[str, Any], root: Path, finding: Finding
) -> None:
    """A row that gives only the year (or month), merged with a day entry judged the same
    event, rightly shows that entry's day: issue 9 keeps the most specific date a source
    states for the event. Not an error, but noted."""
    error = finding.errors.get("wrong day", "")
    if not error.endswith(("only the year is known", "only the month is known")):
        return
    when = read_date(record.get("date"))
    twins = {_prov(root, k) for k in gold.get("same_event", [])}
    for name, file, where in twins:
        if name == "wikipedia" and file.startswith("events/") and when is not None:
            listed = any(
                (s.get("name"), s.get("file"), s.get("record")) == (name, file, where)
                for s in record.get("sources") or ()
            )
            if listed and _page_day(file) in _own_days(record, when):
                finding.notes["day from a same-event entry"] = finding.errors.pop("wrong day")
                return


def _ids(value: object) -> set[str]:
    """Person ids from a list of ids, or of objects naming one (``{"id": …, "role": …}``)."""
    ids = set()
    for item in value if isinstance(value, list) else ():
        if isinstance(item, str):
            ids.add(item)
        elif isinstance(item, dict):
            ids.update(str(item[k]) for k in ("id", "person") if isinstance(item.get(k), str))
    return ids


def _check_people(gold: dict[str, Any], record: dict[str, Any], build: Build, finding: Finding) -> None:
    if gold.get("participants") is None:
        return
    finding.judged.add("people")
    participants = {pid for t in gold["participants"] for pid in build.persons_named(t)}
    mentions = {pid for t in gold.get("mentions") or [] for pid in build.persons_named(t)}
    linked = _ids(record.get("people")) | _ids(record.get("participants"))
    mentioned = _ids(record.get("mentions"))
    false = sorted(p for p in linked if p not in participants and p not in mentions)
    if false:
        finding.errors["false person link"] = ", ".join(false)
    typed = sorted(p for p in linked & mentions if p not in participants)
    if typed:
        finding.errors["mention as participant"] = ", ".join(typed)
    missed = [t for t in gold["participants"] if not build.persons_named(t) & (linked | mentioned)]
    if missed:
        finding.notes["missed participant"] = ", ".join(missed)
    # The other way round from a mention typed as a participant: counted beside the errors, so
    # that demoting people to mentions cannot buy a lower error rate unseen.
    demoted = [t for t in gold["participants"] if build.persons_named(t) & mentioned - linked]
    if demoted:
        finding.notes["participant linked as mention"] = ", ".join(demoted)


def _place_names(name: str) -> set[str]:
    base = re.sub(r"\s*\(.*\)$", "", name)
    return {fold(name), fold(base), fold(base.split(",")[0])}


def _check_places(
    gold: dict[str, Any], record: dict[str, Any], build: Build, finding: Finding, titles: set[str]
) -> None:
    """A linked place is wrong when it bears the name of one the judge put elsewhere (a
    namesake), or the name of a link the judge did not count as a place (a topic such as
    "Republic"). Other places, added by a merged source, are listed for review."""
    places = gold.get("places")
    if places is None:
        return
    finding.judged.add("places")
    countries = {p["country"] for p in places if p.get("country")}
    wrong, unjudged, matched = [], [], set()
    for lid in record.get("locations") or ():
        place = build.locations.get(lid, {})
        names = {fold(place.get("name", "")), *(fold(a) for a in place.get("aliases") or ())}
        country = build.country(lid)
        judged = next((p for p in places if _place_names(p["name"]) & names), None)
        if judged is not None:
            matched.add(judged["name"])
            if judged.get("country") and country and country != judged["country"]:
                wrong.append(f"{lid} ({country}, judged {judged['country']})")
        elif names & titles and country is not None and place.get("kind") != "country":
            # Towns and regions only: a country named for a nationality ("Israeli") is loose, not a namesake.
            wrong.append(f"{lid} (a link judged not to be a place)")
        elif country is not None and country in countries:
            matched.update(p["name"] for p in places if p.get("country") == country)
        elif country is not None:
            unjudged.append(f"{lid} ({country})")
    if wrong:
        finding.errors["namesake place"] = ", ".join(wrong)
    if unjudged:
        finding.notes["place not judged"] = ", ".join(unjudged)
    missed = [p["name"] for p in places if p["name"] not in matched]
    if missed:
        finding.notes["missed place"] = ", ".join(missed)


def _link_titles(root: Path, key: str) -> set[str]:
    row_key = RowKey.parse(key)
    if row_key.dataset != "wikipedia-onthisday":
        return set()
    links = read_row(root, row_key).get("wikipedia") or []
    return {fold(str(link.get("title", ""))) for link in links if isinstance(link, dict)}


def _check_title(gold: dict[str, Any], title: str, finding: Finding) -> None:
    """Over 90 characters or cut with "…" is bad by rule; otherwise the title must be the judged
    headline or one of the titles judged by hand (`titles_judged`); a new one is reported as such."""
    finding.judged.add("title")
    if bad_title(title):
        finding.errors["bad title"] = repr(title)
    elif title.rstrip(".") != gold["headline"]:
        verdict = gold.get("titles_judged", {}).get(title)
        if verdict is None:
            finding.judged.discard("title")
            finding.notes["title not judged"] = repr(title)
        elif not verdict:
            finding.errors["unreadable headline"] = repr(title)


def _check_merges(gold: dict[str, Any], record: dict[str, Any], root: Path, finding: Finding) -> None:
    """A merge is false when it joins rows judged different, or two entries of the day
    pages (each entry is its own fact on its own day) that the judge did not call one."""
    finding.judged.add("merges")
    sources = {
        (s.get("name"), "" if s.get("name") == "wikidata" else s.get("file") or "", s.get("record") or "")
        for s in record.get("sources") or ()
    }
    same = {_prov(root, k) for k in gold.get("same_event", [])} | {_prov(root, gold["key"])}
    different = {_prov(root, k) for k in gold.get("not_same", [])}
    entries = [s for s in sources if s[0] == "wikipedia" and s[1].startswith("events/")]
    wrong = sorted(different & sources)
    if len(entries) > 1 and any(s not in same for s in entries):
        wrong = sorted(set(wrong) | {s for s in entries if s not in same})
    if wrong:
        finding.errors["false merge"] = ", ".join(f"{n} {f} {r}" for n, f, r in wrong)
    rows = [
        s for s in sources - same - different if s[0] in ("wikipedia", "wikidata", "historicaldate", "acw")
    ]
    if rows:
        finding.notes["merged, not judged"] = ", ".join(f"{n} {f} {r}" for n, f, r in sorted(rows))


def check_events(gold: Gold, build: Build, root: Path) -> list[Finding]:
    findings = []
    for row in gold.events:
        records = build.records(_prov(root, row["key"]), build.events)
        finding = Finding(row["key"], records)
        findings.append(finding)
        unsure = set(row.get("unsure", []))
        if not records:
            finding.errors["missing"] = "no event lists this row in its sources"
            continue
        if len(records) > 1:
            finding.errors["unmerged duplicate"] = "one row became several events: " + ", ".join(records)
        record = build.events[records[0]]
        if "date" not in unsure:
            _check_date(row, read_date(record.get("date")), finding)
            _finer_day_from_a_twin(row, record, root, finding)
            stated = record.get("calendar") or "gregorian"  # EDTF names none: Gregorian unless said
            judged = row["date"].get("calendar")
            if judged and stated != judged:
                finding.notes["calendar"] = f"record {stated}, judged {judged}"
        if "category" not in unsure:
            finding.judged.add("category")
            if record.get("category") == UNCATEGORISED:
                # Said plainly, not wrong: counted on its own, as a missed place or participant is.
                finding.notes["uncategorised"] = f"judged {row['category']}"
            elif record.get("category") != row["category"]:
                finding.errors["wrong category"] = f"{record.get('category')}, judged {row['category']}"
        if "people" not in unsure:
            _check_people(row, record, build, finding)
        if "places" not in unsure:
            _check_places(row, record, build, finding, _link_titles(root, row["key"]))
        _check_title(row, str(record.get("title", "")), finding)
        if "same_event" not in unsure:
            _check_merges(row, record, root, finding)
            for other in row.get("same_event", []):
                theirs = build.records(_prov(root, other), build.events)
                if theirs and not set(theirs) & set(records):
                    finding.errors["unmerged duplicate"] = f"{other} is {', '.join(theirs)}"
    return findings


def check_people(gold: Gold, build: Build, root: Path) -> list[Finding]:
    findings = []
    for row in gold.people:
        own = build.records(_prov(root, row["key"]), build.people)
        finding = Finding(row["key"], own)
        findings.append(finding)
        if not row["person"]:
            finding.judged.add("person")
            if own:
                finding.errors["not a person"] = ", ".join(own)
            continue
        if not own:
            finding.errors["missing"] = "no person lists this row in its sources"
            continue
        finding.judged.add("split")
        ids = set(own)
        for other in row.get("same_as", []):
            ids.update(build.records(_prov(root, other), build.people))
        if len(ids) > 1:
            finding.errors["split person"] = ", ".join(sorted(ids))
        person = build.people[own[0]]
        judged_rows = {_prov(root, k) for k in [row["key"], *row.get("same_as", [])]}
        extra = [
            s
            for s in person.get("sources") or ()
            if s.get("name") in ("wikipedia", "historicaldate", "acw")
            and (s["name"], s.get("file") or "", s.get("record") or "") not in judged_rows
        ]
        finding.judged.add("merge")
        wrong = {_prov(root, k) for k in row.get("not_same", [])}
        if any((s["name"], s.get("file") or "", s.get("record") or "") in wrong for s in extra):
            finding.errors["false person merge"] = ", ".join(
                f"{s.get('file')} {s.get('record')}" for s in extra
            )
        elif extra:
            finding.notes["merged, not judged"] = ", ".join(
                f"{s.get('file')} {s.get('record')}" for s in extra
            )
        for part in ("born", "died"):
            when = read_date(person.get(part))
            if row.get(part) is not None and part not in row.get("unsure", []):
                finding.judged.add("life dates")
                if when is None:
                    finding.notes[f"no {part}"] = f"judged {row[part]}"
                elif not when.first_year <= row[part] <= when.last_year:
                    finding.errors["wrong life dates"] = f"{part} {when.first_year}, judged {row[part]}"
    return findings


def check_days(gold: Gold, build: Build, root: Path) -> list[dict[str, Any]]:
    by_day: dict[str, list[str]] = defaultdict(list)
    for eid, event in build.events.items():
        when = read_date(event.get("date"))
        if when is not None and when.month and when.day:
            by_day[f"{when.month:02d}-{when.day:02d}"].append(eid)
    results = []
    for day in gold.days:
        listed = by_day.get(day["day"], [])
        split = []
        for group in day["same_event"]:
            ids = {tuple(build.records(_prov(root, k), build.events)) for k in group}
            if len({i for t in ids for i in t}) > 1:
                split.append(group)
        wrong, judged, unplaced = [], 0, 0
        for key, allowed in day.get("categories", {}).items():
            for eid in build.records(_prov(root, key), build.events):
                judged += 1
                if build.events[eid].get("category") == UNCATEGORISED:
                    unplaced += 1
                elif build.events[eid].get("category") not in allowed:
                    wrong.append(f"{eid} ({build.events[eid].get('category')})")
        results.append(
            {
                "day": day["day"],
                "categories judged": judged,
                "wrong categories": wrong,
                "judged uncategorised": unplaced,
                "events": len(listed),
                "groups": len(day["same_event"]),
                "unmerged groups": split,
                "bad titles": sum(bad_title(str(build.events[e].get("title", ""))) for e in listed),
                "uncategorised": sum(build.events[e].get("category") == UNCATEGORISED for e in listed),
            }
        )
    return results


#: Years a participant may be linked after their death (a funeral, a posthumous verdict).
LIFE_SLACK = 1


def _count_life_links(build: Build, event: dict[str, Any], counts: Counter[str]) -> None:
    """Participants linked to an event more than a year after their death, or before their birth."""
    when = read_date(event.get("date"))
    if when is None:
        return
    for pid in _ids(event.get("people")):
        person = build.people.get(pid) or {}
        born, died = read_date(person.get("born")), read_date(person.get("died"))
        if died is not None and when.first_year > died.last_year + LIFE_SLACK:
            counts["participant links after death"] += 1
        if born is not None and when.last_year < born.first_year:
            counts["participant links before birth"] += 1


def totals(build: Build) -> dict[str, int]:
    """Figures over the whole import that need no judgement."""
    counts: Counter[str] = Counter(events=len(build.events))
    for event in build.events.values():
        counts["uncategorised"] += event.get("category") == UNCATEGORISED
        # The classifier's silent fallback, as the importer records it in `sources`.
        counts["default category"] += any(
            "default category" in str(s.get("record", "")) for s in event.get("sources") or ()
        )
        counts["bad titles"] += bad_title(str(event.get("title", "")))
        counts["place links"] += len(event.get("locations") or ())
        counts["events with a place"] += bool(event.get("locations"))
        counts["person links"] += len(event.get("people") or ())
        counts["mention links"] += len(event.get("mentions") or ())
        _count_life_links(build, event, counts)
        day_entries = [
            s
            for s in event.get("sources") or ()
            if s.get("name") == "wikipedia" and str(s.get("file", "")).startswith("events/")
        ]
        when = read_date(event.get("date"))
        own = _own_days(event, when)
        pages = {_page_day(str(source["file"])) for source in day_entries}
        # An Old Style entry and its New Style twin are one event (issue 9, item 2): the two
        # days of one Julian date, not two entries merged.
        twins = len(day_entries) == 2 and len(own) == 2 and pages == own
        counts["day entries merged into one"] += len(day_entries) > 1 and not twins
        counts["Old Style / New Style twins (one event)"] += twins
        for source in day_entries:
            if when is not None and _page_day(str(source["file"])) not in own:
                counts["day entries moved off their day"] += 1
    for lid, place in build.locations.items():
        expected = NAMESAKES.get(place.get("name", ""), "absent")
        if (
            expected != "absent"
            and build.country(lid) not in (expected,)
            and place.get("kind") != "historical-state"
        ):
            linked = sum(lid in (e.get("locations") or ()) for e in build.events.values())
            counts["namesake-town links (issue 9 names)"] += linked
    return dict(counts)


def _page_day(file: str) -> tuple[int, int]:
    month, day = (int(p) for p in file[len("events/") : -len(".json")].split("/"))
    return month, day


def _told_days(event: dict[str, Any], when: When) -> set[tuple[int | None, int | None]]:
    """Days of the event's day-page sources inside its own span (a battle of several days):
    `onThisDay` lists the event on them too. A page outside the span is not among them."""
    end = read_date(event.get("end_date"))
    if end is None or when.first_year != when.last_year:
        return set()
    if when.month is None or when.day is None or end.month is None or end.day is None:
        return set()
    first, last = (when.first_year, when.month, when.day), (end.first_year, end.month, end.day)
    days: set[tuple[int | None, int | None]] = set()
    for source in event.get("sources") or ():
        if source.get("name") == "wikipedia" and str(source.get("file", "")).startswith("events/"):
            month, day = _page_day(str(source["file"]))
            years = range(when.first_year, end.first_year + 1)
            if any(first <= (year, month, day) <= last for year in years):
                days.add((month, day))
    return days


def _own_days(event: dict[str, Any], when: When | None) -> set[tuple[int | None, int | None]]:
    """The days an event is listed on: its stated day, for a Julian day its Gregorian day, and
    for an event of several days the day pages that told it inside its span."""
    if when is None:
        return set()
    days = {(when.month, when.day)}
    for key in ("gregorian", "julian", "date_stated"):
        other = read_date(event.get(key))
        if other is not None:
            days.add((other.month, other.day))
    days |= _told_days(event, when)
    if event.get("calendar") == "julian" and when.month and when.day and when.first_year == when.last_year:
        year = when.first_year + 1 if when.first_year < 0 else when.first_year  # astronomical
        _, month, day = julian_to_gregorian(year, when.month, when.day)
        days.add((month, day))
    return days


def check_top_people(gold: Gold, build: Build, root: Path) -> list[Finding]:
    """The most-linked people of the baseline import: each one person, or none if not a person."""
    findings = []
    for row in gold.top_people:
        ids = sorted({pid for key in row["rows"] for pid in build.records(_prov(root, key), build.people)})
        finding = Finding(row["name"], ids, judged={"split"})
        if not row["person"]:
            # The header's row is also the source of each person listed under it (the crew of
            # Columbia): only a person named like the header is the header made a person.
            named = [pid for pid in ids if fold(str(build.people[pid].get("name", ""))) == fold(row["name"])]
            if named:
                finding.errors["not a person"] = ", ".join(named)
        elif len(ids) > 1:
            finding.errors["split person"] = ", ".join(ids)
        elif not ids:
            finding.errors["missing"] = "no person lists these rows in its sources"
        findings.append(finding)
    return findings


def duplicate_pairs(gold: Gold, build: Build, root: Path) -> tuple[int, int]:
    """Pairs of rows judged one event (both imported), and how many of them share a record."""
    pairs = merged = 0
    for row in gold.events:
        if "same_event" in row.get("unsure", []):
            continue
        mine = set(build.records(_prov(root, row["key"]), build.events))
        for other in row.get("same_event", []):
            theirs = set(build.records(_prov(root, other), build.events))
            if mine and theirs:
                pairs += 1
                merged += bool(mine & theirs)
    for day in gold.days:
        for group in day["same_event"]:
            records = [set(build.records(_prov(root, k), build.events)) for k in group]
            for other in records[1:]:
                if records[0] and other:
                    pairs += 1
                    merged += bool(records[0] & other)
    return pairs, merged


def compare(gold: Gold, build: Build, root: Path) -> Report:
    return Report(
        check_events(gold, build, root),
        check_people(gold, build, root),
        check_days(gold, build, root),
        totals(build),
        duplicate_pairs(gold, build, root),
        check_top_people(gold, build, root),
    )
