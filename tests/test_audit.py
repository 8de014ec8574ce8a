"""The compliance audit: every kind of finding, deterministic order, counts, shards."""

from __future__ import annotations

import json
import random

import attrs
import pytest

from emergency_address import (
    AttachmentEvent,
    AuditReport,
    CivicAddress,
    EmergencyAddress,
    EmergencyDirectory,
    FindingCode,
    GeoPoint,
    Location,
    NumberRecord,
    PhoneNumber,
    Severity,
    ValidationRecord,
    ValidationState,
    audit,
)

VALIDATED = ValidationRecord(state=ValidationState.VALIDATED)


def office(address_id: str, country: str, city: str, **extra: object) -> EmergencyAddress:
    return EmergencyAddress(
        id=address_id,
        company_name="Contoso",
        company_tax_id="123456789",
        civic=CivicAddress(
            country=country,
            house_number="1",
            street_name="Main Street",
            city=city,
            state="WA" if country == "US" else None,
            postal_code="12345",
        ),
        geo=GeoPoint(latitude=1, longitude=1),
        validation=VALIDATED,
        **extra,  # type: ignore[arg-type]
    )


def record(
    number: str,
    location_id: str | None = None,
    user: str | None = None,
    arrived: AttachmentEvent = AttachmentEvent.ACQUISITION,
) -> NumberRecord:
    return NumberRecord(
        PhoneNumber.parse(number), arrived=arrived, user=user, location_id=location_id
    )


@pytest.fixture
def messy() -> EmergencyDirectory:
    """An estate with one of each problem the audit knows."""
    sea = office("sea", "US", "Seattle").with_location(Location(id="sea-5", floor="5"))
    return EmergencyDirectory.build(
        addresses=[
            sea,
            office("lon", "GB", "London"),
            attrs.evolve(
                office("lon-pending", "GB", "Westminster"),
                validation=ValidationRecord(state=ValidationState.PENDING_MANUAL),
            ),
            attrs.evolve(office("ber", "DE", "München")),  # a Munich address ...
            attrs.evolve(
                office("bad", "GB", "Leeds"),
                validation=ValidationRecord(state=ValidationState.INVALID),
            ),
            office("tok", "JP", "Tokyo"),
            office("mex", "MX", "Ciudad de México"),
            office("dup", "US", "Seattle"),  # the same civic address as "sea"
            office("elin", "US", "Seattle2", elin=PhoneNumber.parse("+44 20 7946 0999")),
            attrs.evolve(office("thin", "GB", "York"), company_name=None),
        ],
        numbers=[
            record("+12065550142", "sea-5", user="ana"),  # clean
            record("+12065550143", None, user="bob"),  # assigned with no address
            record("+442079460000", "lon-pending"),  # pending address
            record("+442079460001", "sea"),  # a GB number on a US address
            record("+4930234567", "ber"),  # ... for a Berlin number
            record("+81312345678", "tok", user="kei"),
            record("+525512345678", "mex", user="ana"),
            record("+442079460002", "bad"),
            record("+442079460003", "thin", arrived=AttachmentEvent.PORT_IN),
        ],
    )


def codes_for(report: AuditReport, **where: object) -> set[str]:
    return {
        f.code.value for f in report.findings if all(getattr(f, k) == v for k, v in where.items())
    }


class TestEveryKindOfFinding:
    def test_a_clean_number_has_no_finding(self, messy: EmergencyDirectory) -> None:
        assert codes_for(audit(messy), number="+12065550142") == set()

    def test_a_number_without_the_address_its_event_needs(self, messy: EmergencyDirectory) -> None:
        assert codes_for(audit(messy), number="+12065550143") == {"NO_ADDRESS"}

    def test_numbers_on_pending_or_invalid_addresses(self, messy: EmergencyDirectory) -> None:
        report = audit(messy)
        assert codes_for(report, number="+442079460000") == {"NOT_VALIDATED"}
        assert codes_for(report, number="+442079460002") == {"NOT_VALIDATED"}
        (pending,) = [f for f in report.findings if f.number == "+442079460000"]
        assert "pending manual" in pending.message

    def test_country_and_area_mismatches(self, messy: EmergencyDirectory) -> None:
        report = audit(messy)
        assert "COUNTRY_MISMATCH" in codes_for(report, number="+442079460001")
        assert codes_for(report, number="+4930234567") == {"AREA_MISMATCH"}

    def test_missing_fields(self, messy: EmergencyDirectory) -> None:
        (finding,) = [f for f in audit(messy).findings if f.number == "+442079460003"]
        assert (finding.code, finding.severity) == (FindingCode.MISSING_FIELD, Severity.ERROR)
        assert "company_name" in finding.message

    def test_notes_are_information(self, messy: EmergencyDirectory) -> None:
        report = audit(messy)
        carrier = [f for f in report.findings if f.code.value == "CARRIER_MANAGED"]
        assert carrier
        assert {f.severity for f in carrier} == {Severity.INFO}
        assert codes_for(report, number="+525512345678") == {"DEFAULT_POLICY"}

    def test_address_findings(self, messy: EmergencyDirectory) -> None:
        report = audit(messy)
        assert codes_for(report, address_id="lon-pending", number=None) == {"ADDRESS_NOT_VALIDATED"}
        invalid = [f for f in report.findings if f.address_id == "bad" and f.number is None]
        assert [(f.code.value, f.severity) for f in invalid] == [
            ("ADDRESS_NOT_VALIDATED", Severity.ERROR)
        ]
        assert codes_for(report, address_id="lon", number=None) == {"UNUSED_ADDRESS"}
        assert "UNUSED_LOCATION" not in codes_for(report, address_id="sea")
        assert codes_for(report, address_id="dup", number=None) == {
            "DUPLICATE_ADDRESS",
            "UNUSED_ADDRESS",
        }
        assert "DUPLICATE_ADDRESS" in codes_for(report, address_id="sea")
        assert "INVALID_ELIN" in codes_for(report, address_id="elin")

    def test_an_unused_location_of_a_used_address(self, messy: EmergencyDirectory) -> None:
        d = messy.add_location("tok", Location(id="tok-3", floor="3"))
        assert codes_for(audit(d), location_id="tok-3") == {"UNUSED_LOCATION"}

    def test_every_finding_carries_its_context(self, messy: EmergencyDirectory) -> None:
        for finding in audit(messy).findings:
            assert finding.message
            assert finding.country
            if finding.code in (
                FindingCode.NO_ADDRESS,
                FindingCode.NOT_VALIDATED,
                FindingCode.AREA_MISMATCH,
            ):
                assert finding.source


def test_the_audit_never_stops_at_the_first_problem() -> None:
    d = EmergencyDirectory.build(
        addresses=[
            attrs.evolve(
                office("x", "FR", "Paris"), validation=ValidationRecord(), company_name=None
            )
        ],
        numbers=[record("+442079460000", "x")],
    )
    assert codes_for(audit(d), number="+442079460000") == {
        "NOT_VALIDATED",
        "COUNTRY_MISMATCH",
        "MISSING_FIELD",
    }


def test_the_order_is_deterministic(messy: EmergencyDirectory) -> None:
    shuffled_addresses = list(messy.addresses())
    shuffled_numbers = list(messy.numbers())
    random.Random(7).shuffle(shuffled_addresses)
    random.Random(7).shuffle(shuffled_numbers)
    again = EmergencyDirectory.build(addresses=shuffled_addresses, numbers=shuffled_numbers)
    assert audit(again) == audit(messy)
    ranks = [("error", "warning", "info").index(f.severity.value) for f in audit(messy).findings]
    assert ranks == sorted(ranks)


def test_counts_and_json(messy: EmergencyDirectory) -> None:
    report = audit(messy)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["numbers_checked"] == messy.number_count
    assert data["addresses_checked"] == messy.address_count
    assert sum(data["counts"]["by_code"].values()) == len(report.findings)
    assert sum(data["counts"]["by_country"].values()) == len(report.findings)
    assert data["counts"]["by_severity"]["error"] == len(report.at_or_above("error"))
    assert not report.ok


def test_shards_merge_into_the_whole(messy: EmergencyDirectory) -> None:
    numbers = [r.e164 for r in messy.numbers()]
    parts = [
        audit(messy, numbers=numbers[:4]),
        audit(messy, numbers=numbers[4:], addresses=False),
    ]
    assert AuditReport.merge(parts) == audit(messy)


def test_an_empty_directory_is_clean() -> None:
    report = audit(EmergencyDirectory())
    assert report.ok
    assert report.findings == ()


class TestElins:
    """An ELIN is text; the number check applies where it reads as a number of the country."""

    @staticmethod
    def elin_findings(**elins: str) -> set[tuple[str, str | None]]:
        address = office("hq", "US", "Seattle", elin=elins.pop("address", None))
        for location_id, elin in elins.items():
            address = address.with_location(Location(id=location_id, elin=elin))
        report = audit(EmergencyDirectory.build(addresses=[address]))
        return {(f.code.value, f.location_id) for f in report.findings if "ELIN" in f.code.value}

    def test_a_national_number_of_the_country_is_clean(self) -> None:
        assert self.elin_findings(address="(206) 555-0142", f1="+1 206 555 0143") == set()

    def test_a_number_of_another_country_is_an_error(self) -> None:
        assert self.elin_findings(f1="+44 20 7946 0999") == {("INVALID_ELIN", "f1")}

    def test_an_identifier_is_information_not_an_error(self) -> None:
        assert self.elin_findings(address="ORKAN_FL01") == {("ELIN_NOT_A_NUMBER", None)}

    def test_the_default_location_of_its_own_is_not_an_unused_location(self) -> None:
        address = office("hq", "US", "Seattle", default_location_id="hq-lobby")
        d = EmergencyDirectory.build(
            addresses=[address], numbers=[record("+12065550142", "hq-lobby")]
        )
        assert "UNUSED_LOCATION" not in {f.code.value for f in audit(d).findings}
