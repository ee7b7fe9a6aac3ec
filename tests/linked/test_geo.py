"""Geo queries: golden distances, the band index against brute force, and the filters over HTTP."""

from __future__ import annotations

import math

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from graph import geo
from graph.models import Coordinates
from graph.queries.events import EventQuery, filter_events
from graph.store import KnowledgeGraph
from tests.conftest import graphql


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        # Exact on a sphere of the IUGG mean radius R = 6371.0088 km: pi R and pi R / 180.
        ((0.0, 0.0), (0.0, 180.0), math.pi * geo.EARTH_RADIUS_KM),  # half the equator
        ((90.0, 0.0), (-90.0, 0.0), math.pi * geo.EARTH_RADIUS_KM),  # pole to pole
        ((0.0, 179.5), (0.0, -179.5), math.pi * geo.EARTH_RADIUS_KM / 180),  # across the antimeridian
        ((60.0, 10.0), (61.0, 10.0), math.pi * geo.EARTH_RADIUS_KM / 180),  # a degree of a meridian
        # City pairs: the spherical law of cosines, an independent formula, agrees (checked below).
        ((51.5074, -0.1278), (48.8566, 2.3522), 343.56),  # London - Paris
        ((55.7558, 37.6173), (59.9343, 30.3351), 633.02),  # Moscow - Saint Petersburg
        ((41.7151, 44.8271), (41.7151, 44.8271), 0.0),
    ],
)
def test_haversine_golden_cases(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    cosines = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    assert math.acos(max(-1.0, min(1.0, cosines))) * geo.EARTH_RADIUS_KM == pytest.approx(km, abs=0.01)
    assert geo.haversine_km(Coordinates(*a), Coordinates(*b)) == pytest.approx(km, abs=0.01)


lats = st.floats(-90, 90, allow_nan=False)
lons = st.floats(-180, 180, allow_nan=False)
precisions = st.sampled_from(list(geo.GeoPrecision))
points = st.lists(st.builds(geo.GeoPoint, lats, lons, precisions), max_size=60)


def index_of(found: list[geo.GeoPoint]) -> geo.PointIndex:
    return geo.PointIndex([f"event:p{i}" for i in range(len(found))], found)


@given(points, lats, lons, st.floats(0, geo.MAX_RADIUS_KM, allow_nan=False), st.booleans())
def test_near_finds_exactly_what_brute_force_finds(
    found: list[geo.GeoPoint], lat: float, lon: float, radius: float, regions: bool
) -> None:
    expected = {
        f"event:p{i}"
        for i, p in enumerate(found)
        if geo.haversine_km(Coordinates(lat, lon), p) <= radius
        and (regions or p.precision in (geo.GeoPrecision.POINT, geo.GeoPrecision.CITY))
    }
    assert set(index_of(found).near(geo.Near(lat, lon, radius), regions)) == expected


@given(points, lats, lons, st.floats(0, 5000), lats, lats, lons, lons)
def test_a_box_holds_every_radius_result_inside_it(
    found: list[geo.GeoPoint],
    lat: float,
    lon: float,
    radius: float,
    south: float,
    north: float,
    west: float,
    east: float,
) -> None:
    south, north = min(south, north), max(south, north)
    index = index_of(found)
    box = geo.Box(south, west, north, east)
    boxed = index.within(box, True)
    by_id = dict(zip(index.ids, index_of(found).ids, strict=True))
    points_of = {f"event:p{i}": p for i, p in enumerate(found)}
    for event_id in index.near(geo.Near(lat, lon, radius), True):
        p = points_of[by_id[event_id]]
        in_lon = west <= p.lon <= east if west <= east else (p.lon >= west or p.lon <= east)
        if south <= p.lat <= north and in_lon:
            assert event_id in boxed


def test_a_box_across_the_antimeridian_holds_both_sides() -> None:
    found = [
        geo.GeoPoint(-18.1, 178.4, geo.GeoPrecision.CITY),  # Suva
        geo.GeoPoint(-13.8, -171.8, geo.GeoPrecision.CITY),  # Apia
        geo.GeoPoint(-36.8, 174.8, geo.GeoPrecision.CITY),  # Auckland: south of the box
        geo.GeoPoint(21.3, -157.9, geo.GeoPrecision.CITY),  # Honolulu: east of it
    ]
    boxed = index_of(found).within(geo.Box(-25, 170, -10, -170), False)
    assert boxed == {"event:p0", "event:p1"}


@given(
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.floats(1, 3000),
    st.sampled_from(["1900", "19XX", "1924-08-04", "-0043"]),
)
def test_adding_a_date_filter_never_adds_results(
    kg: KnowledgeGraph, lat: float, lon: float, radius: float, start: str
) -> None:
    from graph.dates import HistoricalDate

    near = geo.Near(lat, lon, radius)
    without = set(filter_events(kg, EventQuery(near=near, include_regions=True)))
    dated = set(
        filter_events(kg, EventQuery(near=near, include_regions=True, start=HistoricalDate.parse(start)))
    )
    assert dated <= without


NEAR_MOSCOW = """
query ($radius: Float!, $regions: Boolean!) {
  events(filter: {near: {lat: 55.7558, lon: 37.6173, radiusKm: $radius}, includeRegions: $regions},
         orderBy: DISTANCE, limit: 100) {
    id distanceKm geo { lat lon precision }
  }
}
"""


def test_near_moscow_lists_moscow_events_nearest_first_with_distances(client: TestClient) -> None:
    body = graphql(client, NEAR_MOSCOW, {"radius": 50.0, "regions": False})
    events = body["data"]["events"]
    assert events, body
    assert all(e["distanceKm"] <= 50 for e in events)
    assert [e["distanceKm"] for e in events] == sorted(e["distanceKm"] for e in events)
    assert all(e["geo"]["precision"] in ("CITY", "POINT") for e in events)
    # The Soviet Union's coordinates are Moscow's, but a country's point counts only when asked.
    with_regions = graphql(client, NEAR_MOSCOW, {"radius": 50.0, "regions": True})["data"]["events"]
    assert {e["id"] for e in events} < {e["id"] for e in with_regions}


@pytest.mark.parametrize(
    ("near", "argument"),
    [
        ("{lat: 91, lon: 0, radiusKm: 10}", "filter.near.lat"),
        ("{lat: 0, lon: -180.5, radiusKm: 10}", "filter.near.lon"),
        ("{lat: 0, lon: 0, radiusKm: 20001}", "filter.near.radiusKm"),
        ("{lat: 0, lon: 0, radiusKm: -1}", "filter.near.radiusKm"),
        ("{lat: 1e308, lon: 0, radiusKm: 1}", "filter.near.lat"),
    ],
)
def test_out_of_range_coordinates_are_a_clear_error(client: TestClient, near: str, argument: str) -> None:
    body = graphql(client, f"{{ events(filter: {{near: {near}}}) {{ id }} }}")
    assert body["data"] is None or body["data"] == {"events": None}
    error = body["errors"][0]
    assert argument in error["message"], error
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_south_edge_north_of_the_north_edge_is_refused(client: TestClient) -> None:
    body = graphql(client, "{ events(filter: {within: {south: 50, west: 0, north: 40, east: 10}}) { id } }")
    assert "swap them" in body["errors"][0]["message"]


def test_places_near_and_in_a_box(client: TestClient) -> None:
    query = """{
      near: locations(filter: {near: {lat: 41.7151, lon: 44.8271, radiusKm: 100}}) { id geo { precision } }
      box: locations(filter: {withinBox: {south: 41, west: 43, north: 43, east: 46}, includeRegions: true}) {
        id
      }
    }"""
    body = graphql(client, query)
    assert {p["id"] for p in body["data"]["near"]} == {"location:tbilisi", "location:gori"}
    assert {"location:tbilisi", "location:gori", "location:georgia-country"} <= {
        p["id"] for p in body["data"]["box"]
    }


def test_distance_km_from_a_given_point_and_null_without_one(client: TestClient) -> None:
    query = """{
      event(id: "event:tiflis-bank-robbery") { a: distanceKm(lat: 41.9842, lon: 44.1158) b: distanceKm }
    }"""
    body = graphql(client, query)["data"]["event"]
    # Gori to Tbilisi, the robbery's most specific place (a city; the Russian Empire is a country).
    assert body["a"] == pytest.approx(
        geo.haversine_km(Coordinates(41.9842, 44.1158), Coordinates(41.7151, 44.8271)), abs=0.001
    )
    assert body["b"] is None
    assert math.isfinite(body["a"])
