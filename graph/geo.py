"""Where events and places are on the globe, and which lie near a point or inside a box.

An event is where its most specific place is: among its places with coordinates, the
finest by kind (a site is a ``point``; a city a ``city``; a state, region or body of water a
``region``; a country, historical state or continent a ``country``), the first listed on a
tie. A place's own precision comes from its kind the same way.

Queries read city-or-finer coordinates only unless ``include_regions``: a country's
coordinates are its capital's, and "events within 50 km of Moscow" must not hold every event
that names Russia.

``near`` reads a latitude-sorted index: every point within ``d`` km lies in the band of
latitudes ``d / R`` radians either side of the centre, found by two binary searches, and the
exact haversine distance is computed, vectorised, over that band only. (A k-d tree on unit
vectors would prune longitudes too, but scipy is a development dependency only, and a serving
install stays without its 140 MB: `bench/geo.py` measures the band.) A ``within`` box is a
vectorised test over the same arrays; a box whose west edge is east of its east edge crosses
the antimeridian (170° to -170° is 20° wide).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from graph.errors import ArgumentError
from graph.models import Coordinates, Event, Kind, Location

if TYPE_CHECKING:
    from graph.store import KnowledgeGraph

#: The mean Earth radius (IUGG), as haversine distances are usually quoted.
EARTH_RADIUS_KM = 6371.0088
#: Half the Earth's circumference is about 20,015 km: a radius beyond it adds nothing.
MAX_RADIUS_KM = 20_000.0


class GeoPrecision(str, Enum):
    """How exactly coordinates place a thing, finest first."""

    POINT = "point"
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"


_BY_KIND = {
    "site": GeoPrecision.POINT,
    "city": GeoPrecision.CITY,
    "state": GeoPrecision.REGION,
    "region": GeoPrecision.REGION,
    "body-of-water": GeoPrecision.REGION,
    "country": GeoPrecision.COUNTRY,
    "historical-state": GeoPrecision.COUNTRY,
    "continent": GeoPrecision.COUNTRY,
}
_RANK = {p: i for i, p in enumerate(GeoPrecision)}
_FINE = (GeoPrecision.POINT, GeoPrecision.CITY)


@dataclass(frozen=True, slots=True)
class GeoPoint:
    lat: float
    lon: float
    precision: GeoPrecision


@dataclass(frozen=True, slots=True)
class Near:
    """Within ``radius_km`` of a point."""

    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True, slots=True)
class Box:
    """A box of latitudes and longitudes; ``west > east`` crosses the antimeridian."""

    south: float
    west: float
    north: float
    east: float


def place_precision(place: Location) -> GeoPrecision:
    """The precision a place's coordinates have, by its kind (unknown kinds count as regions)."""
    return _BY_KIND.get(place.kind, GeoPrecision.REGION)


def place_point(place: Location) -> GeoPoint | None:
    if place.coordinates is None:
        return None
    return GeoPoint(place.coordinates.lat, place.coordinates.lon, place_precision(place))


def event_point(kg: KnowledgeGraph, event: Event) -> GeoPoint | None:
    """The coordinates of an event's most specific place with coordinates, with their precision."""
    best: GeoPoint | None = None
    for place_id in event.locations:
        place = kg.get(place_id)
        point = place_point(place) if isinstance(place, Location) else None
        if point is not None and (best is None or _RANK[point.precision] < _RANK[best.precision]):
            best = point
    return best


def haversine_km(a: Coordinates | GeoPoint, b: Coordinates | GeoPoint) -> float:
    """The great-circle distance in km.

    >>> round(haversine_km(Coordinates(51.5074, -0.1278), Coordinates(48.8566, 2.3522)), 1)
    343.6
    """
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_array(
    lat: float, lon: float, lats: npt.NDArray[np.float64], lons: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """`haversine_km` from one point to many, vectorised."""
    lat1, lat2 = math.radians(lat), np.radians(lats)
    dlat, dlon = lat2 - lat1, np.radians(lons - lon)
    h = np.sin(dlat / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
    result: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return result


class PointIndex:
    """Ids with coordinates, as arrays sorted by latitude.

    A point within ``d`` km of a centre lies within ``d / R`` radians of latitude of it,
    whatever its longitude: two binary searches cut the band, and the exact haversine test
    runs over the band only.
    """

    def __init__(self, ids: list[str], points: list[GeoPoint]) -> None:
        order = sorted(range(len(ids)), key=lambda i: points[i].lat)
        self.ids = [ids[i] for i in order]
        self.lat = np.array([points[i].lat for i in order], dtype=np.float64)
        self.lon = np.array([points[i].lon for i in order], dtype=np.float64)
        self.fine = np.array([points[i].precision in _FINE for i in order], dtype=bool)

    def __len__(self) -> int:
        return len(self.ids)

    def near(self, near: Near, include_regions: bool) -> dict[str, float]:
        """Id -> distance in km of every point within the radius."""
        band = math.degrees(near.radius_km / EARTH_RADIUS_KM) + 1e-9
        low = int(np.searchsorted(self.lat, near.lat - band, side="left"))
        high = int(np.searchsorted(self.lat, near.lat + band, side="right"))
        distances = haversine_array(near.lat, near.lon, self.lat[low:high], self.lon[low:high])
        keep = distances <= near.radius_km
        if not include_regions:
            keep &= self.fine[low:high]
        return {self.ids[low + i]: float(distances[i]) for i in np.flatnonzero(keep)}

    def within(self, box: Box, include_regions: bool) -> set[str]:
        inside = (self.lat >= box.south) & (self.lat <= box.north)
        if box.west <= box.east:
            inside &= (self.lon >= box.west) & (self.lon <= box.east)
        else:
            inside &= (self.lon >= box.west) | (self.lon <= box.east)
        if not include_regions:
            inside &= self.fine
        return {self.ids[i] for i in np.flatnonzero(inside)}


def _event_index(kg: KnowledgeGraph) -> PointIndex:
    ids, points = [], []
    for event_id in kg.ids(Kind.EVENT):
        point = event_point(kg, kg.record(event_id))
        if point is not None:
            ids.append(event_id)
            points.append(point)
    return PointIndex(ids, points)


def _place_index(kg: KnowledgeGraph) -> PointIndex:
    ids, points = [], []
    for place in kg.records(Kind.LOCATION):
        point = place_point(place)
        if point is not None:
            ids.append(place.id)
            points.append(point)
    return PointIndex(ids, points)


def event_index(kg: KnowledgeGraph) -> PointIndex:
    return kg.memo("geo-events", _event_index)


def place_index(kg: KnowledgeGraph) -> PointIndex:
    return kg.memo("geo-places", _place_index)


def _finite(argument: str, value: float, low: float, high: float, problems: list[ArgumentError]) -> None:
    if not (math.isfinite(value) and low <= value <= high):
        problems.append(
            ArgumentError(
                argument, value, f"{low:g} to {high:g}", f"must be from {low:g} to {high:g}, got {value}"
            )
        )


def near_problems(where: str, near: Near) -> list[ArgumentError]:
    """What is wrong with a ``near`` filter: latitude, longitude or radius out of range."""
    problems: list[ArgumentError] = []
    _finite(f"{where}.lat", near.lat, -90, 90, problems)
    _finite(f"{where}.lon", near.lon, -180, 180, problems)
    _finite(f"{where}.radiusKm", near.radius_km, 0, MAX_RADIUS_KM, problems)
    return problems


def box_problems(where: str, box: Box) -> list[ArgumentError]:
    """What is wrong with a ``within`` box: out-of-range edges, or a south edge north of the north one."""
    problems: list[ArgumentError] = []
    for name, value, limit in (
        ("south", box.south, 90),
        ("north", box.north, 90),
        ("west", box.west, 180),
        ("east", box.east, 180),
    ):
        _finite(f"{where}.{name}", value, -limit, limit, problems)
    if not problems and box.south > box.north:
        problems.append(
            ArgumentError(
                f"{where}.south",
                box.south,
                f"at most north ({box.north})",
                f"the south edge {box.south} is north of the north edge {box.north}; swap them",
            )
        )
    return problems


__all__ = [
    "EARTH_RADIUS_KM",
    "MAX_RADIUS_KM",
    "Box",
    "GeoPoint",
    "GeoPrecision",
    "Near",
    "PointIndex",
    "box_problems",
    "event_index",
    "event_point",
    "haversine_km",
    "near_problems",
    "place_index",
    "place_point",
    "place_precision",
]
