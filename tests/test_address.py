"""Civic addresses, points, locations and emergency addresses: construction, normalisation, use."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest

from emergency_address import (
    CivicAddress,
    EmergencyAddress,
    GeoPoint,
    Location,
    PhoneNumber,
    ValidationRecord,
    ValidationState,
)
from emergency_address._civic import CIVIC_FIELDS
from emergency_address.exceptions import InvalidAddressError, NotFoundError
from emergency_address.formats.teams import TEAMS_LIMITS


def codes(error: InvalidAddressError) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in error.errors]


class TestCountry:
    @pytest.mark.parametrize(("given", "stored"), [("us", "US"), (" gb ", "GB"), ("De", "DE")])
    def test_is_upper_cased(self, given: str, stored: str) -> None:
        assert CivicAddress(country=given).country == stored

    def test_uk_is_refused_with_a_suggestion(self) -> None:
        with pytest.raises(InvalidAddressError, match="did you mean 'GB'") as info:
            CivicAddress(country="UK")
        assert codes(info.value) == [("country", "UNKNOWN")]

    def test_alpha3_is_refused_with_its_alpha2(self) -> None:
        with pytest.raises(InvalidAddressError, match="alpha-2 code 'DE'"):
            CivicAddress(country="DEU")

    @pytest.mark.parametrize("value", [None, "", "   "])
    def test_is_required(self, value: Any) -> None:
        with pytest.raises(InvalidAddressError) as info:
            CivicAddress(country=value)
        assert codes(info.value) == [("country", "REQUIRED")]

    def test_country_codes_are_shared_objects(self) -> None:
        a = CivicAddress(country="fr")
        b = CivicAddress(country="FR")
        assert a.country is b.country


# (field, value, expected code): one row for every code every field can produce.
BAD_FIELDS = (
    [(name, "x" * (limit + 1), "TOO_LONG") for name, _, limit in CIVIC_FIELDS if name != "country"]
    + [(name, 42, "INVALID_TYPE") for name, _, _ in CIVIC_FIELDS if name != "country"]
    + [(name, "a\x00b", "INVALID_CHARACTER") for name, _, _ in CIVIC_FIELDS if name != "country"]
    + [
        ("country", 42, "REQUIRED"),
        ("country", "ZZ", "UNKNOWN"),
        ("language", "english please", "INVALID"),
        ("language", "x" * 36, "TOO_LONG"),
        ("city", "\ud800", "INVALID_CHARACTER"),
        ("street_name", "Main\x1bStreet", "INVALID_CHARACTER"),
    ]
)


@pytest.mark.parametrize(("field", "value", "code"), BAD_FIELDS)
def test_a_bad_field_is_reported_by_name_and_code(field: str, value: object, code: str) -> None:
    kwargs: dict[str, Any] = {"country": "US", field: value}
    with pytest.raises(InvalidAddressError) as info:
        CivicAddress(**kwargs)
    assert codes(info.value) == [(field, code)]


def test_every_bad_field_is_reported_at_once() -> None:
    with pytest.raises(InvalidAddressError) as info:
        CivicAddress(
            country="UK",
            city="x" * 129,
            house_number="1" * 65,
            pre_directional="North" * 13,
            street_name="a\x00b",
            postal_code=12345,  # type: ignore[arg-type]
        )
    assert sorted(codes(info.value)) == sorted(
        [
            ("country", "UNKNOWN"),
            ("city", "TOO_LONG"),
            ("house_number", "TOO_LONG"),
            ("pre_directional", "TOO_LONG"),
            ("street_name", "INVALID_CHARACTER"),
            ("postal_code", "INVALID_TYPE"),
        ]
    )


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("  Main   Street ", "Main Street"),
        ("Main\tStreet\n", "Main Street"),
        ("Rue\u00a0de\u2003Rivoli", "Rue de Rivoli"),
        ("Cafe\u0301", "Café"),  # decomposed e + combining acute, stored composed (NFC)
        ("", None),
        ("   ", None),
    ],
)
def test_text_is_normalised(given: str, stored: str | None) -> None:
    assert CivicAddress(country="FR", street_name=given).street_name == stored


def test_limits_count_characters_after_normalisation() -> None:
    padded = "  " + "1234567890" + "  "
    assert CivicAddress(country="US", house_number=padded).house_number == "1234567890"


def test_the_value_object_keeps_generous_bounds_only() -> None:
    """RFC 5139 sets no lengths: a product's limits (Teams LIS) belong to its format."""
    limits = {name: limit for name, _, limit in CIVIC_FIELDS}
    assert all(limit >= 64 for name, limit in limits.items() if name != "country")
    assert CivicAddress(country="CO", post_directional="Calle").post_directional == "Calle"
    assert CivicAddress(country="US", pre_directional="North").pre_directional == "North"


def test_the_teams_limits_are_data_for_the_teams_format() -> None:
    assert {
        "house_number": 10,
        "house_number_suffix": 5,
        "postal_code": 10,
        "city": 64,
        "pre_directional": 2,
        "post_directional": 2,
    }.items() <= dict(TEAMS_LIMITS).items()


def test_equal_inputs_give_equal_and_equally_hashing_addresses() -> None:
    a = CivicAddress(country="us", city=" Redmond ")
    b = CivicAddress(country="US", city="Redmond")
    assert a == b
    assert hash(a) == hash(b)


def test_an_address_cannot_be_changed() -> None:
    a = CivicAddress(country="US")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.city = "Redmond"  # type: ignore[misc]


def test_an_address_has_no_instance_dict() -> None:
    assert not hasattr(CivicAddress(country="US"), "__dict__")


def test_repr_shows_only_the_fields_set() -> None:
    assert (
        repr(CivicAddress(country="GB", city="London"))
        == "CivicAddress(country='GB', city='London')"
    )


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        (
            {
                "country": "US",
                "house_number": "1",
                "street_name": "Microsoft",
                "street_suffix": "Way",
                "city": "Redmond",
                "state": "WA",
                "postal_code": "98052",
            },
            "1 Microsoft Way, Redmond, WA 98052, US",
        ),
        (
            {
                "country": "CA",
                "house_number": "111",
                "street_name": "Wellington",
                "street_suffix": "St",
                "city": "Ottawa",
                "state": "ON",
                "postal_code": "K1A 0A9",
            },
            "111 Wellington St, Ottawa, ON K1A 0A9, CA",
        ),
        (
            {
                "country": "GB",
                "house_number": "10",
                "street_name": "Downing Street",
                "city": "London",
                "postal_code": "SW1A 2AA",
            },
            "10 Downing Street, London SW1A 2AA, GB",
        ),
        (
            {
                "country": "IE",
                "house_number": "1",
                "street_name": "Merrion Street Upper",
                "city": "Dublin 2",
                "postal_code": "D02 R583",
            },
            "1 Merrion Street Upper, Dublin 2, D02 R583, IE",
        ),
        (
            {
                "country": "DE",
                "street_name": "Platz der Republik",
                "house_number": "1",
                "postal_code": "11011",
                "city": "Berlin",
            },
            "Platz der Republik 1, 11011 Berlin, DE",
        ),
        (
            {
                "country": "NL",
                "street_name": "Dam",
                "house_number": "1",
                "postal_code": "1012 JS",
                "city": "Amsterdam",
            },
            "Dam 1, 1012 JS Amsterdam, NL",
        ),
        (
            {
                "country": "FR",
                "house_number": "55",
                "street_name": "Rue du Faubourg Saint-Honoré",
                "postal_code": "75008",
                "city": "Paris",
            },
            "55 Rue du Faubourg Saint-Honoré, 75008 Paris, FR",
        ),
        (
            {
                "country": "US",
                "house_number": "123",
                "house_number_suffix": "A",
                "street_name": "Main",
                "floor": "2",
                "room": "201",
                "city": "Springfield",
            },
            "Floor 2, Room 201, 123A Main, Springfield, US",
        ),
    ],
)
def test_str_is_one_line_in_the_customary_order(fields: dict[str, str], line: str) -> None:
    assert str(CivicAddress(**fields)) == line


def test_fields_lists_set_values_in_table_order() -> None:
    a = CivicAddress(country="US", postal_code="98052", city="Redmond", language="en")
    assert list(a.fields()) == ["country", "city", "postal_code", "language"]


class TestGeoPoint:
    def test_ints_become_floats(self) -> None:
        p = GeoPoint(latitude=10, longitude=-20)
        assert (p.latitude, p.longitude) == (10.0, -20.0)
        assert isinstance(p.latitude, float)

    @pytest.mark.parametrize(
        ("latitude", "longitude", "expected"),
        [
            (90.0001, 0, [("latitude", "OUT_OF_RANGE")]),
            (0, -180.5, [("longitude", "OUT_OF_RANGE")]),
            (float("nan"), 0, [("latitude", "OUT_OF_RANGE")]),
            (0, float("inf"), [("longitude", "OUT_OF_RANGE")]),
            (True, 0, [("latitude", "INVALID_TYPE")]),
            ("51.5", None, [("latitude", "INVALID_TYPE"), ("longitude", "INVALID_TYPE")]),
        ],
    )
    def test_bad_degrees_are_refused(
        self, latitude: Any, longitude: Any, expected: list[tuple[str, str]]
    ) -> None:
        with pytest.raises(InvalidAddressError) as info:
            GeoPoint(latitude=latitude, longitude=longitude)
        assert codes(info.value) == expected

    def test_the_bounds_themselves_are_fine(self) -> None:
        GeoPoint(latitude=-90, longitude=180)


class TestLocation:
    def test_id_is_required(self) -> None:
        with pytest.raises(InvalidAddressError) as info:
            Location(id="  ")
        assert codes(info.value) == [("id", "REQUIRED")]

    def test_elin_is_text_as_in_teams(self) -> None:
        # An ELIN gateway maps identifiers like this one; Teams imports it as it is.
        assert Location(id="a", elin=" ORKAN_FL01 ").elin == "ORKAN_FL01"

    def test_a_phone_number_given_as_elin_is_kept_as_its_e164_text(self) -> None:
        loc = Location(id="a", elin=PhoneNumber.parse("+1 425 555 0100"))  # type: ignore[arg-type]
        assert loc.elin == "+14255550100"

    def test_elin_of_another_type_is_refused(self) -> None:
        with pytest.raises(InvalidAddressError) as info:
            Location(id="a", elin=4255550100)  # type: ignore[arg-type]
        assert codes(info.value) == [("elin", "INVALID_TYPE")]

    def test_a_too_long_id_is_too_long_and_not_missing(self) -> None:
        with pytest.raises(InvalidAddressError) as info:
            Location(id="x" * 129)
        assert codes(info.value) == [("id", "TOO_LONG")]

    def test_every_field_is_checked_at_once(self) -> None:
        with pytest.raises(InvalidAddressError) as info:
            Location(id=7, floor="x" * 65, geo=(1, 2))  # type: ignore[arg-type]
        assert codes(info.value) == [
            ("id", "INVALID_TYPE"),
            ("floor", "TOO_LONG"),
            ("geo", "INVALID_TYPE"),
        ]


@pytest.fixture
def hq() -> EmergencyAddress:
    civic = CivicAddress(
        country="US",
        house_number="1",
        street_name="Microsoft",
        street_suffix="Way",
        city="Redmond",
        state="WA",
        postal_code="98052",
        additional_info="Main campus",
    )
    return EmergencyAddress(id="hq", civic=civic, company_name="Contoso")


class TestEmergencyAddress:
    def test_creating_an_address_creates_its_default_location(self, hq: EmergencyAddress) -> None:
        assert [loc.id for loc in hq.locations] == ["hq"]
        assert hq.default_location == Location(id="hq")

    def test_a_given_default_location_is_kept(self) -> None:
        lobby = Location(id="hq", description="Lobby")
        a = EmergencyAddress(id="hq", civic=CivicAddress(country="US"), locations=[lobby])
        assert a.locations == (lobby,)

    def test_the_default_location_may_have_its_own_id(self) -> None:
        # Teams gives each civic address a DefaultLocationId GUID of its own.
        a = EmergencyAddress(
            id="bf04d062", civic=CivicAddress(country="US"), default_location_id="ffc35422"
        )
        assert a.default_location_id == "ffc35422"
        assert [loc.id for loc in a.locations] == ["ffc35422"]
        assert a.dispatchable() is a.civic
        with pytest.raises(InvalidAddressError, match="default location"):
            a.without_location("ffc35422")
        with pytest.raises(NotFoundError):
            a.location("bf04d062")

    def test_a_default_location_id_equal_to_the_address_id_is_the_plain_address(self) -> None:
        civic = CivicAddress(country="US")
        a = EmergencyAddress(id="hq", civic=civic, default_location_id="hq")
        assert a == EmergencyAddress(id="hq", civic=civic)
        assert a.default_location_id == "hq"

    def test_changing_the_id_of_an_address_without_its_own_default_moves_the_default(
        self, hq: EmergencyAddress
    ) -> None:
        moved = attrs.evolve(hq, id="hq2")
        assert moved.default_location_id == "hq2"

    def test_with_its_own_default_the_address_id_names_no_location(self) -> None:
        with pytest.raises(InvalidAddressError) as info:
            EmergencyAddress(
                id="hq",
                civic=CivicAddress(country="US"),
                default_location_id="lobby",
                locations=(Location(id="hq"),),
            )
        assert codes(info.value) == [("locations[0].id", "INVALID")]

    def test_a_new_address_is_not_validated(self, hq: EmergencyAddress) -> None:
        assert hq.validation == ValidationRecord()
        assert hq.validation.state is ValidationState.NOT_VALIDATED

    def test_location_ids_are_unique(self) -> None:
        with pytest.raises(InvalidAddressError) as info:
            EmergencyAddress(
                id="hq",
                civic=CivicAddress(country="US"),
                locations=(Location(id="f1"), Location(id="f1")),
            )
        assert codes(info.value) == [("locations[1].id", "DUPLICATE")]

    def test_with_location_returns_a_new_address(self, hq: EmergencyAddress) -> None:
        bigger = hq.with_location(Location(id="f3", floor="3"))
        assert [loc.id for loc in bigger.locations] == ["hq", "f3"]
        assert [loc.id for loc in hq.locations] == ["hq"]

    def test_with_location_refuses_a_duplicate_id(self, hq: EmergencyAddress) -> None:
        with pytest.raises(InvalidAddressError, match="appears twice"):
            hq.with_location(Location(id="hq"))

    def test_without_location_refuses_the_default(self, hq: EmergencyAddress) -> None:
        with pytest.raises(InvalidAddressError, match="default location"):
            hq.without_location("hq")

    def test_without_location_removes_one(self, hq: EmergencyAddress) -> None:
        assert hq.with_location(Location(id="f3")).without_location("f3") == hq

    def test_an_unknown_location_is_a_lookup_error(self, hq: EmergencyAddress) -> None:
        with pytest.raises(NotFoundError) as info:
            hq.location("nope")
        assert isinstance(info.value, LookupError)
        assert info.value.key == "nope"
        with pytest.raises(NotFoundError):
            hq.without_location("nope")
        with pytest.raises(NotFoundError):
            hq.dispatchable("nope")

    def test_dispatchable_merges_the_location(self, hq: EmergencyAddress) -> None:
        a = hq.with_location(
            Location(id="f3", description="Third floor", building="B2", floor="3", room="301")
        )
        d = a.dispatchable("f3")
        assert (d.building, d.floor, d.room, d.unit, d.seat) == ("B2", "3", "301", None, None)
        assert d.additional_info == "Main campus; Third floor"
        assert d.street_name == "Microsoft"

    def test_dispatchable_of_the_default_location_is_the_civic_address(
        self, hq: EmergencyAddress
    ) -> None:
        assert hq.dispatchable() is hq.civic
        assert hq.dispatchable("hq") is hq.civic

    def test_every_bad_field_is_reported_at_once(self) -> None:
        with pytest.raises(InvalidAddressError) as info:
            EmergencyAddress(
                id="",
                civic="1 Main St",  # type: ignore[arg-type]
                elin=911,
                locations=[1],
                validation=None,  # type: ignore[arg-type, list-item]
            )
        assert codes(info.value) == [
            ("id", "REQUIRED"),
            ("civic", "INVALID_TYPE"),
            ("elin", "INVALID_TYPE"),
            ("validation", "INVALID_TYPE"),
            ("locations[0]", "INVALID_TYPE"),
        ]

    def test_addresses_pickle(self, hq: EmergencyAddress) -> None:
        a = hq.with_location(
            Location(
                id="f3",
                elin="+14255550100",
                geo=GeoPoint(latitude=47.6, longitude=-122.1),
            )
        )
        assert pickle.loads(pickle.dumps(a)) == a


@pytest.mark.parametrize("code", ["ß", "ﬁ", "ǆ", "ﬀ"])
def test_only_ascii_letters_are_upper_cased_in_a_country_code(code: str) -> None:
    """'ß'.upper() is 'SS' (South Sudan) and 'ﬁ'.upper() is 'FI' (Finland)."""
    from emergency_address import default_registry

    with pytest.raises(InvalidAddressError) as info:
        CivicAddress(country=code)
    assert [(e.field, e.code) for e in info.value.errors] == [("country", "UNKNOWN")]
    assert default_registry().find(code) is None
