"""Coordinates in GraphQL: an event's or place's point with its precision, and distances.

``Event.distanceKm`` measures from the point given, or else from the ``near`` filter the
request used: the events resolver records each distinct ``near`` point in the request's
context, and a request that used exactly one gets distances from it without repeating it.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from graph import geo
from graph.errors import raise_all
from graph.models import Coordinates, Event, Location
from schema.context import kg_of

_NEARS = "clio.geo.nears"


@strawberry.enum(name="GeoPrecision", description="How exactly coordinates place a thing.")
class GeoPrecisionEnum(Enum):
    POINT = "point"
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"


@strawberry.type(description="Where something is, and how exactly: a site is a point, a country its capital.")
class GeoPoint:
    lat: float
    lon: float
    precision: GeoPrecisionEnum


def _point(found: geo.GeoPoint | None) -> GeoPoint | None:
    if found is None:
        return None
    return GeoPoint(lat=found.lat, lon=found.lon, precision=GeoPrecisionEnum(found.precision.value))


def _nears(info: Info[Any, Any]) -> set[geo.Near]:
    context = info.context
    if isinstance(context, dict):
        found: set[geo.Near] = context.setdefault(_NEARS, set())
        return found
    if not hasattr(context, _NEARS.replace(".", "_")):
        setattr(context, _NEARS.replace(".", "_"), set())
    found = getattr(context, _NEARS.replace(".", "_"))
    return found


def remember_near(info: Info[Any, Any], near: geo.Near) -> None:
    """Note a ``near`` filter of this request, for ``distanceKm`` without arguments."""
    _nears(info).add(near)


def event_coordinates(root: strawberry.Parent[Event], info: Info) -> GeoPoint | None:
    return _point(geo.event_point(kg_of(info), root))


def place_coordinates(root: strawberry.Parent[Location]) -> GeoPoint | None:
    return _point(geo.place_point(root))


def distance_km(
    root: strawberry.Parent[Event], info: Info, lat: float | None = None, lon: float | None = None
) -> float | None:
    """Kilometres from (lat, lon), or from the request's one near point; None without coordinates."""
    if lat is not None and lon is not None:
        raise_all(geo.near_problems("distanceKm", geo.Near(lat, lon, 0)))
        centre = Coordinates(lat, lon)
    else:
        nears = _nears(info)
        if len(nears) != 1:
            return None
        only = next(iter(nears))
        centre = Coordinates(only.lat, only.lon)
    point = geo.event_point(kg_of(info), root)
    return round(geo.haversine_km(centre, point), 3) if point is not None else None


__all__ = [
    "GeoPoint",
    "GeoPrecisionEnum",
    "distance_km",
    "event_coordinates",
    "place_coordinates",
    "remember_near",
]
