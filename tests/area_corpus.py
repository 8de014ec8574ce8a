"""Real cities and a valid fixed-line number in their area code, for the same-area check.

Area codes from the national numbering plans (Germany's Ortsnetzkennzahlen, France's five zones,
the Dutch, Belgian, Irish and Spanish geographic codes); the subscriber digits are made up and
only need to be valid for phonenumbers. Used by tests/test_area.py and benchmarks/policy.py.
"""

from __future__ import annotations

# country -> (city, area code, a valid number in that area code)
CORPUS: dict[str, list[tuple[str, str, str]]] = {
    "DE": [
        ("Berlin", "30", "+493023456"),
        ("Hamburg", "40", "+494023456"),
        ("München", "89", "+498923456"),
        ("Köln", "221", "+4922123456"),
        ("Frankfurt am Main", "69", "+496923456"),
        ("Stuttgart", "711", "+4971123456"),
        ("Düsseldorf", "211", "+4921123456"),
        ("Leipzig", "341", "+4934123456"),
        ("Dresden", "351", "+4935123456"),
        ("Hannover", "511", "+4951123456"),
    ],
    "FR": [
        ("Paris", "1", "+33123456782"),
        ("Versailles", "1", "+33123456782"),
        ("Marseille", "4", "+33423456782"),
        ("Lyon", "4", "+33423456782"),
        ("Toulouse", "5", "+33523456782"),
        ("Nice", "4", "+33423456782"),
        ("Nantes", "2", "+33223456782"),
        ("Strasbourg", "3", "+33323456782"),
        ("Bordeaux", "5", "+33523456782"),
        ("Lille", "3", "+33323456782"),
    ],
    "NL": [
        ("Amsterdam", "20", "+31202345678"),
        ("Rotterdam", "10", "+31102345678"),
        ("Den Haag", "70", "+31702345678"),
        ("Utrecht", "30", "+31302345678"),
        ("Eindhoven", "40", "+31402345678"),
        ("Groningen", "50", "+31502345678"),
        ("Tilburg", "13", "+31132345678"),
        ("Almere", "36", "+31362345678"),
        ("Breda", "76", "+31762345678"),
        ("Nijmegen", "24", "+31242345678"),
    ],
    "BE": [
        ("Brussel", "2", "+3222345678"),
        ("Antwerpen", "3", "+3232345678"),
        ("Gent", "9", "+3292345678"),
        ("Liège", "4", "+3242345678"),
        ("Brugge", "50", "+3250234567"),
        ("Namur", "81", "+3281234567"),
        ("Leuven", "16", "+3216234567"),
        ("Charleroi", "71", "+3271234567"),
        ("Mons", "65", "+3265234567"),
        ("Hasselt", "11", "+3211234567"),
    ],
    "IE": [
        ("Dublin", "1", "+35312345678"),
        ("Cork", "21", "+35321234567"),
        ("Galway", "91", "+35391234567"),
        ("Limerick", "61", "+35361234567"),
        ("Waterford", "51", "+35351234567"),
        ("Sligo", "71", "+353712345678"),
        ("Kilkenny", "56", "+353562345678"),
        ("Athlone", "90", "+353902345678"),
        ("Drogheda", "41", "+353412345678"),
        ("Dundalk", "42", "+353422345678"),
    ],
    "ES": [
        ("Madrid", "91", "+34912345678"),
        ("Barcelona", "93", "+34932345678"),
        ("Valencia", "96", "+34962345678"),
        ("Sevilla", "954", "+34954234567"),
        ("Zaragoza", "976", "+34976234567"),
        ("Málaga", "952", "+34952234567"),
        ("Bilbao", "94", "+34942345678"),
        ("Alicante", "965", "+34965234567"),
        ("Córdoba", "957", "+34957234567"),
        ("Valladolid", "983", "+34983234567"),
    ],
}


def pairs() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(matching, mismatching) lists of (country, city, number).

    Mismatching pairs put a city with a number of another area code, where neither code is a
    prefix of the other (Valencia's 96 and Alicante's 965 are not compared).
    """
    matching, mismatching = [], []
    for country, rows in CORPUS.items():
        for city, area, number in rows:
            matching.append((country, city, number))
            for _, other_area, other_number in rows:
                if not (other_area.startswith(area) or area.startswith(other_area)):
                    mismatching.append((country, city, other_number))
    return matching, mismatching
