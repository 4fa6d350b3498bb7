"""Postcodes of the demo region (Regio Amersfoort and its neighbours) to coordinates, with no
network: the approximate centre of each place, per range of four-digit postcodes.

Within one place every postcode gets the same point, so a distance inside a town counts as
zero; between towns it is the distance between their centres. That is enough to tell "around
the corner" from "a bus ride away" in the region; a real deployment loads the CBS PC4 centroids
into the same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sklearn.metrics.pairwise import haversine_distances

EARTH_KM = 6371.0


@dataclass(frozen=True)
class Place:
    name: str
    first: int  # first four-digit postcode of the range
    last: int
    lat: float
    lon: float


PLACES = (
    Place("Amersfoort", 3811, 3829, 52.1561, 5.3878),
    Place("Leusden", 3830, 3833, 52.1325, 5.4299),
    Place("Soest", 3760, 3769, 52.1733, 5.2912),
    Place("Baarn", 3740, 3744, 52.2117, 5.2878),
    Place("Bunschoten-Spakenburg", 3750, 3752, 52.2432, 5.3747),
    Place("Eemnes", 3755, 3755, 52.2541, 5.2575),
    Place("Woudenberg", 3930, 3931, 52.0807, 5.4167),
    Place("Scherpenzeel", 3925, 3925, 52.0800, 5.4880),
    Place("Nijkerk", 3860, 3864, 52.2200, 5.4861),
    Place("Hoevelaken", 3871, 3871, 52.1759, 5.4573),
    Place("Barneveld", 3770, 3774, 52.1400, 5.5850),
    Place("Zeist", 3700, 3709, 52.0894, 5.2319),
    Place("Veenendaal", 3900, 3906, 52.0270, 5.5560),
    Place("Utrecht", 3500, 3585, 52.0907, 5.1214),
)
_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})?\s*$")


def pc4(postcode: str | None) -> int | None:
    match = _POSTCODE.match(postcode or "")
    return int(match.group(1)) if match else None


def place_of(postcode: str | None) -> Place | None:
    number = pc4(postcode)
    if number is None:
        return None
    return next((p for p in PLACES if p.first <= number <= p.last), None)


def in_region(postcode: str | None) -> bool:
    return place_of(postcode) is not None


def coordinates(postcodes: list[str | None]) -> np.ndarray:
    """(n, 2) latitude/longitude in radians; NaN for a postcode outside the table."""
    out = np.full((len(postcodes), 2), np.nan)
    for index, postcode in enumerate(postcodes):
        place = place_of(postcode)
        if place is not None:
            out[index] = np.radians([place.lat, place.lon])
    return out


def distances_km(a: list[str | None], b: list[str | None]) -> np.ndarray:
    """Great-circle distances between every postcode of ``a`` and of ``b``; NaN where unknown."""
    ca, cb = coordinates(a), coordinates(b)
    result = np.full((len(a), len(b)), np.nan)
    known_a, known_b = ~np.isnan(ca[:, 0]), ~np.isnan(cb[:, 0])
    if known_a.any() and known_b.any():
        block = haversine_distances(ca[known_a], cb[known_b]) * EARTH_KM
        result[np.ix_(known_a, known_b)] = block
    return result
