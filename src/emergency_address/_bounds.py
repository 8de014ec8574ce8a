"""Rough country bounding boxes, for a warning when a point lies far from its address's country.

Source: dkoprowski/country-bounding-boxes (public domain), built from Natural Earth 110m admin-0
boundaries and OpenStreetMap. Those boxes cover each country's primary area only, so they are
padded here by ``PADDING`` degrees, and the countries whose populated remote parts the box
leaves out are not listed at all: the United States (Alaska, Hawaii), Spain (the Canary
Islands), Portugal (the Azores, Madeira) and Japan (Okinawa). Only countries with a built-in
policy are listed. (min longitude, min latitude, max longitude, max latitude), WGS 84 degrees.
"""

from __future__ import annotations

PADDING = 2.5

BOXES: dict[str, tuple[float, float, float, float]] = {
    "AS": (-177.69, -21.29, -163.69, -7.29),
    "AT": (9.48, 46.43, 16.98, 49.04),
    "AU": (113.34, -43.63, 153.57, -10.67),
    "BE": (2.51, 49.53, 6.16, 51.48),
    "CA": (-141.0, 41.68, -52.65, 73.23),
    "CH": (6.02, 45.78, 10.44, 47.83),
    "CZ": (12.24, 48.56, 18.85, 51.12),
    "DE": (5.99, 47.3, 15.02, 54.98),
    "DK": (8.09, 54.8, 12.69, 57.73),
    "EE": (23.34, 57.47, 28.13, 59.61),
    "FI": (20.65, 59.85, 31.52, 70.16),
    "FR": (-5.0, 42.5, 8.3, 51.15),
    "GB": (-7.57, 49.96, 1.68, 58.64),
    "GU": (144.62, 13.25, 144.96, 13.65),
    "HR": (13.66, 42.48, 19.39, 46.5),
    "HU": (16.2, 45.76, 22.71, 48.62),
    "IE": (-9.98, 51.67, -6.03, 55.13),
    "IT": (6.75, 36.62, 18.48, 47.12),
    "LT": (21.06, 53.91, 26.59, 56.37),
    "LU": (5.74, 49.44, 6.5, 50.2),
    "LV": (21.06, 55.62, 28.18, 57.97),
    "MP": (144.81, 14.04, 146.15, 20.62),
    "NL": (3.31, 50.8, 7.09, 53.51),
    "NO": (4.99, 58.08, 31.29, 70.92),
    "NZ": (166.51, -46.64, 178.52, -34.45),
    "PL": (14.07, 49.03, 24.03, 54.85),
    "PR": (-67.24, 17.95, -65.59, 18.52),
    "RO": (20.22, 43.69, 29.63, 48.22),
    "SE": (11.03, 55.36, 23.9, 69.11),
    "SG": (103.5, 1.16, 104.41, 1.5),
    "SI": (13.7, 45.45, 16.56, 46.85),
    "SK": (16.88, 47.76, 22.56, 49.57),
    "VI": (-65.16, 17.62, -64.51, 18.46),
    "ZA": (16.34, -34.82, 32.83, -22.09),
}


def outside(country: str, latitude: float, longitude: float) -> bool | None:
    """Whether the point lies outside the country's padded box; ``None`` where no box is known."""
    box = BOXES.get(country)
    if box is None:
        return None
    west, south, east, north = box
    return not (
        west - PADDING <= longitude <= east + PADDING
        and south - PADDING <= latitude <= north + PADDING
    )
