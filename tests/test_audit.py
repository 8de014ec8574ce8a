"""The compliance audit: every kind of finding, deterministic order, counts, shards."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import random
import re
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emergency_address import (
    AttachmentEvent,
    AuditContext,
    AuditReport,
    CivicAddress,
    EmergencyAddress,
    EmergencyDirectory,
    FieldIssue,
    Finding,
    FindingCode,
    GeoPoint,
    IssueCode,
    Location,
    ManualPath,
    NumberRecord,
    PhoneNumber,
    Registration,
    Severity,
    ValidationRecord,
    ValidationResult,
    Verdict,
    audit,
    audit_batch,
    default_registry,
    warm_up,
)
from emergency_address.testing import validated

REJECTED = ValidationResult(
    verdict=Verdict.REJECTED,
    issues=(FieldIssue(field="street_name", code=IssueCode.INVALID, message="no such street"),),
)
T0 = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


def pending(address: EmergencyAddress) -> EmergencyAddress:
    """``address`` waiting for a service request."""
    request = ValidationRecord().request_manual(
        "SR-1", at=T0, civic=address.civic, manual_path=ManualPath.SERVICE_REQUEST
    )
    return address.with_validation(request)


def rejected(address: EmergencyAddress) -> EmergencyAddress:
    """``address`` as an authority rejected it."""
    return address.with_validation(ValidationRecord().with_result(REJECTED, civic=address.civic))


def office(address_id: str, country: str, city: str, **extra: object) -> EmergencyAddress:
    """A complete address, validated by an authority."""
    return validated(
        EmergencyAddress(
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
            **extra,  # type: ignore[arg-type]
        )
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
            pending(office("lon-pending", "GB", "Westminster").with_validation(ValidationRecord())),
            attrs.evolve(office("ber", "DE", "München")),  # a Munich address ...
            rejected(office("bad", "GB", "Leeds").with_validation(ValidationRecord())),
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
    def elin_findings(*numbers: NumberRecord, **elins: str) -> set[tuple[str, str | None]]:
        address = office("hq", "US", "Seattle", elin=elins.pop("address", None))
        for location_id, elin in elins.items():
            address = address.with_location(Location(id=location_id, elin=elin))
        other = office("bel", "US", "Bellevue")
        report = audit(EmergencyDirectory.build(addresses=[address, other], numbers=numbers))
        return {(f.code.value, f.location_id) for f in report.findings if "ELIN" in f.code.value}

    def test_a_number_of_the_organisation_bound_at_the_same_address_is_clean(self) -> None:
        bound = (record("+12065550142", "hq", "ana"), record("+12065550143", "f1", "bo"))
        assert self.elin_findings(*bound, address="(206) 555-0142", f1="+1 206 555 0143") == set()

    def test_a_number_that_is_not_the_organisations_is_a_warning(self) -> None:
        assert self.elin_findings(f1="+1 206 555 0143") == {("ELIN_NOT_ORG_NUMBER", "f1")}

    def test_a_number_bound_at_another_address_is_a_warning(self) -> None:
        elsewhere = record("+12065550143", "bel", "bo")
        assert self.elin_findings(elsewhere, f1="+1 206 555 0143") == {
            ("ELIN_BOUND_ELSEWHERE", "f1")
        }

    def test_an_elin_shared_by_two_places_is_a_warning_for_each(self) -> None:
        assert self.elin_findings(f1="ORKAN_FL01", f2="ORKAN_FL01") == {
            ("ELIN_NOT_A_NUMBER", "f1"),
            ("ELIN_NOT_A_NUMBER", "f2"),
            ("ELIN_SHARED", "f1"),
            ("ELIN_SHARED", "f2"),
        }

    def test_the_elin_checks_merge_across_shards(self) -> None:
        address = office("hq", "US", "Seattle").with_location(
            Location(id="f1", elin="+12065550143")
        )
        records = [record("+12065550142", "hq", "ana"), record("+12065550143", "f1", "bo")]
        context = AuditContext([address])
        whole = audit_batch(records, context)
        merged = AuditReport.merge([audit_batch([r], context) for r in records])
        assert merged == whole
        assert not [f for f in merged.findings if "ELIN" in f.code.value]
        alone = AuditReport.merge([audit_batch(records[:1], context)])
        assert [f.code.value for f in alone.findings if "ELIN" in f.code.value] == [
            "ELIN_NOT_ORG_NUMBER"
        ]

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


# --- root causes ---------------------------------------------------------------------------


def thin_office_estate(count: int) -> EmergencyDirectory:
    """``count`` GB numbers on one address that lacks the company name GB requires."""
    thin = attrs.evolve(office("thin", "GB", "London"), company_name=None)
    return EmergencyDirectory.build(
        addresses=[thin, office("sea", "US", "Seattle")],
        numbers=[record(f"+4420794600{i:02d}", "thin") for i in range(count)]
        + [record("+12065550142", None, user="ana")],
    )


class TestRootCauses:
    def test_one_missing_field_is_one_group_however_many_numbers(self) -> None:
        report = audit(thin_office_estate(40))
        missing = [g for g in report.groups() if g.code is FindingCode.MISSING_FIELD]
        assert len(missing) == 1
        (group,) = missing
        key = dict(group.key)
        assert (key["address_id"], key["field"], key["country"]) == ("thin", "company_name", "GB")
        assert (group.count, group.numbers) == (40, 40)
        assert group.sample == tuple(f"+4420794600{i:02d}" for i in range(5))
        assert group.example.number == "+442079460000"

    def test_groups_rank_errors_first_then_by_numbers_affected(self) -> None:
        groups = audit(thin_office_estate(40)).groups()
        ranks = [("error", "warning", "info").index(g.severity.value) for g in groups]
        assert ranks == sorted(ranks)
        errors = [g.numbers for g in groups if g.severity is Severity.ERROR]
        assert errors == sorted(errors, reverse=True)
        assert errors[0] == 40

    def test_group_by_other_keys_and_severity_filter(self, messy: EmergencyDirectory) -> None:
        report = audit(messy)
        by_code = report.groups("code")
        assert {dict(g.key)["code"] for g in by_code} == set(report.counts_by_code())
        assert sum(g.count for g in by_code) == len(report.findings)
        by_country = report.groups("country", severity="error")
        assert sum(g.count for g in by_country) == len(report.at_or_above("error"))
        assert all(g.severity is Severity.ERROR for g in by_country)
        with pytest.raises(ValueError, match="'colour'"):
            report.groups("colour")

    def test_findings_carry_structured_fields(self) -> None:
        report = audit(thin_office_estate(2))
        finding = next(f for f in report.findings if f.code is FindingCode.MISSING_FIELD)
        assert finding.field == "company_name"
        assert finding.event is AttachmentEvent.ACQUISITION
        assert finding.rule == "GB:required_field:company_name"
        assert finding.sources
        assert report.citations()[finding.rule] == finding.sources

    def test_json_lists_each_citation_once(self) -> None:
        report = audit(thin_office_estate(30))
        data = json.loads(json.dumps(report.to_dict()))
        assert data["schema_version"] == 2
        assert all("sources" not in f and "source" not in f for f in data["findings"])
        rules = {f["rule"] for f in data["findings"] if f["rule"]}
        assert rules == set(data["citations"])
        assert data["groups"][0]["count"] == 30


# --- deciding once per group of identical cases ---------------------------------------------


def test_the_cached_decisions_give_what_deciding_each_number_gives(
    messy: EmergencyDirectory,
) -> None:
    """Every number's findings equal those of its own decide calls (messages included)."""
    extra = [record(f"+4930234{i:03d}", "ber") for i in range(20)]  # area mismatches
    extra += [record(f"+4420794601{i:02d}", "thin", user=f"u{i}") for i in range(20)]
    d = EmergencyDirectory.build(addresses=messy.addresses(), numbers=[*messy.numbers(), *extra])
    report = audit(d)
    for rec in d.numbers():
        address = d.location_owner(rec.location_id) if rec.location_id else None
        expected = set()
        for event in rec.events:
            decision = d.policies.decide(rec.number, event, address, rec.location_id)
            expected |= {(v.code.value, v.message) for v in (*decision.violations, *decision.notes)}
        got = {(f.code.value, f.message) for f in report.findings if f.number == rec.e164}
        assert {c for c, _ in got} == {c for c, _ in expected}, rec
        assert got <= expected, rec


# --- shards ----------------------------------------------------------------------------------


@st.composite
def shardings(draw: st.DrawFn, size: int) -> list[list[int]]:
    labels = draw(st.lists(st.integers(0, 3), min_size=size, max_size=size))
    return [[i for i, label in enumerate(labels) if label == shard] for shard in range(4)]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_merged_shards_equal_the_single_audit(
    messy: EmergencyDirectory, data: st.DataObject
) -> None:
    records = list(messy.numbers())
    shards = data.draw(shardings(len(records)))
    context = AuditContext.of(messy)
    reports = [audit_batch([records[i] for i in shard], context) for shard in shards]
    whole = audit(messy)
    assert AuditReport.merge(reports) == whole
    # associative, whatever the grouping and order
    left = AuditReport.merge([AuditReport.merge(reports[:2]), AuditReport.merge(reports[2:])])
    right = AuditReport.merge([reports[3], AuditReport.merge(reports[:3][::-1])])
    assert left == right == whole
    assert AuditReport.merge([whole]) == whole


def test_unused_addresses_come_from_every_shard(messy: EmergencyDirectory) -> None:
    """An address used only by numbers of another shard is not reported unused."""
    context = AuditContext.of(messy)
    tokyo = [r for r in messy.numbers() if r.location_id == "tok"]
    others = [r for r in messy.numbers() if r.location_id != "tok"]
    alone = audit_batch(others, context)
    assert "UNUSED_ADDRESS" in codes_for(alone, address_id="tok")
    merged = AuditReport.merge([alone, audit_batch(tokyo, context)])
    assert "UNUSED_ADDRESS" not in codes_for(merged, address_id="tok")


def test_a_shard_record_bound_to_an_unknown_location_is_a_finding() -> None:
    context = AuditContext([office("sea", "US", "Seattle")])
    report = audit_batch([record("+12065550142", "nowhere")], context)
    assert codes_for(report, number="+12065550142") == {"UNKNOWN_LOCATION"}


def test_contexts_and_reports_pickle(messy: EmergencyDirectory) -> None:
    context = AuditContext.of(messy)
    again = pickle.loads(pickle.dumps(context))
    assert again == context
    report = audit_batch(messy.numbers(), again)
    assert pickle.loads(pickle.dumps(report)) == report == audit(messy)
    assert hash(report) == hash(audit(messy))


def test_warm_up_runs_once_per_process() -> None:
    warm_up()
    warm_up(default_registry())
    with pytest.raises(TypeError, match="registry"):
        warm_up("GB")  # type: ignore[arg-type]


# --- wrong types ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (lambda: audit(None), "directory"),  # type: ignore[arg-type]
        (lambda: audit(EmergencyDirectory(), registry="GB"), "registry"),  # type: ignore[arg-type]
        (lambda: audit(EmergencyDirectory(), numbers=5), "numbers"),  # type: ignore[arg-type]
        (lambda: audit_batch([], None), "context"),  # type: ignore[arg-type]
        (lambda: audit_batch(None, AuditContext()), "records"),  # type: ignore[arg-type]
        (lambda: audit_batch(["+12065550142"], AuditContext()), "records"),  # type: ignore[list-item]
        (lambda: AuditContext(None), "addresses"),  # type: ignore[arg-type]
        (lambda: AuditContext([object()]), "addresses[0]"),  # type: ignore[list-item]
        (lambda: AuditReport.merge(None), "reports"),  # type: ignore[arg-type]
        (lambda: AuditReport.merge([None]), "reports"),  # type: ignore[list-item]
        (
            lambda: AuditReport(findings=(), numbers_checked="3", addresses_checked=0),  # type: ignore[arg-type]
            "numbers_checked",
        ),
        (
            lambda: Finding(code="NO_ADDRESS", severity="error", message=3),  # type: ignore[arg-type]
            "message",
        ),
    ],
)
def test_wrong_types_are_type_errors_naming_the_parameter(call: Any, parameter: str) -> None:
    with pytest.raises(TypeError, match=re.escape(parameter)):
        call()


class TestReadingReportsBack:
    def test_a_report_round_trips_with_its_citations(self) -> None:
        from emergency_address.formats.mapping import from_dict, to_dict

        report = audit(thin_office_estate(3))
        again = from_dict(AuditReport, json.loads(json.dumps(to_dict(report))))
        assert again == report
        assert again.citations() == report.citations()
        assert AuditReport.merge([again]) == report

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"numbers_checked": "3"}, "numbers_checked"),
            ({"addresses_checked": True}, "addresses_checked"),
            ({"findings": {"a": 1}}, "findings"),
            ({"citations": []}, "citations"),
            ({"merge_state": {"tallies": [["numbers", "thin", "3"]]}}, "merge_state.tallies[0]"),
        ],
    )
    def test_badly_typed_report_fields_are_refused(
        self, change: dict[str, Any], field: str
    ) -> None:
        from emergency_address.exceptions import InvalidAddressError
        from emergency_address.formats.mapping import from_dict, to_dict

        data = {**to_dict(audit(thin_office_estate(1))), **change}
        with pytest.raises(InvalidAddressError) as caught:
            from_dict(AuditReport, data)
        assert any(e.field.startswith(field) for e in caught.value.errors), caught.value.errors

    @pytest.mark.parametrize(
        ("key", "value"),
        [
            ("number", 5),
            ("message", None),
            ("event", "birthday"),
            ("rule", ["x"]),
            ("sources", "x"),
        ],
    )
    def test_badly_typed_finding_fields_are_refused(self, key: str, value: object) -> None:
        from emergency_address.exceptions import InvalidAddressError
        from emergency_address.formats.mapping import from_dict, to_dict

        finding = audit(thin_office_estate(1)).findings[0]
        data = {**to_dict(finding), key: value}
        with pytest.raises(InvalidAddressError) as caught:
            from_dict(Finding, data)
        assert any(key in e.field for e in caught.value.errors), caught.value.errors


@pytest.mark.parametrize(
    ("command", "parameter"),
    [
        (lambda d: d.address(["sea"]), "address_id"),
        (lambda d: d.location_owner({"sea"}), "location_id"),
        (lambda d: d.dependents(["sea"]), "address_id"),
        (lambda d: d.usage(None), "address_id"),
        (lambda d: d.remove_address(["sea"]), "address_id"),
        (lambda d: d.remove_location("sea", ["sea-5"]), "location_id"),
        (lambda d: d.add_location({"a": 1}, Location(id="x")), "address_id"),
        (lambda d: d.acquire_number("+12065550199", ["sea"]), "location_id"),
        (lambda d: d.set_number_location("+12065550142", {"sea"}), "location_id"),
        (lambda d: d.request_manual_validation(["sea"], "MV-1", at=T0), "address_id"),
    ],
)
def test_directory_commands_refuse_unhashable_ids_with_a_type_error(
    messy: EmergencyDirectory, command: Any, parameter: str
) -> None:
    before = list(messy.numbers())
    with pytest.raises(TypeError, match=f"^{parameter}: expected str"):
        command(messy)
    assert list(messy.numbers()) == before


# --- provider registrations --------------------------------------------------------------------


class TestRegistrations:
    """Only tracked registrations are audited: failed, inactive where an address is needed, or
    held for another place than the one the number is bound to."""

    T = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)

    def codes(
        self, registration: Registration, location_id: str | None = "hq"
    ) -> set[tuple[str, str]]:
        hq = office("hq", "GB", "London").with_location(Location(id="hq-2", floor="2"))
        d = EmergencyDirectory.build(
            addresses=[hq, office("man", "GB", "Manchester")],
            numbers=[attrs.evolve(record("+442079460000", location_id), registration=registration)],
        )
        return {
            (f.code.value, f.severity.value)
            for f in audit(d).findings
            if f.code.value.startswith("REGISTRATION")
        }

    def test_an_untracked_number_says_nothing(self) -> None:
        assert self.codes(Registration()) == set()

    def test_an_active_registration_for_the_bound_location_is_clean(self) -> None:
        assert self.codes(Registration().request("hq", at=self.T).confirm(at=self.T)) == set()

    def test_unregistered_where_an_address_is_needed_is_an_error(self) -> None:
        unregistered = Registration(state="unregistered")
        assert self.codes(unregistered) == {("REGISTRATION_INACTIVE", "error")}

    def test_a_pending_registration_is_a_warning(self) -> None:
        assert self.codes(Registration().request("hq", at=self.T)) == {
            ("REGISTRATION_INACTIVE", "warning")
        }

    def test_a_failure_is_an_error_with_the_providers_reason(self) -> None:
        failed = Registration().request("hq", at=self.T).fail("no MSAG match", at=self.T)
        assert self.codes(failed) == {("REGISTRATION_FAILED", "error")}

    def test_a_registration_at_another_address_is_an_error(self) -> None:
        elsewhere = Registration().request("man", at=self.T).confirm(at=self.T)
        assert self.codes(elsewhere) == {("REGISTRATION_MISMATCH", "error")}

    def test_another_location_of_the_same_address_is_a_warning(self) -> None:
        floor = Registration().request("hq-2", at=self.T).confirm(at=self.T)
        assert self.codes(floor) == {("REGISTRATION_MISMATCH", "warning")}

    def test_a_location_the_directory_lacks_is_an_error(self) -> None:
        ghost = Registration().request("gone", at=self.T).confirm(at=self.T)
        assert self.codes(ghost) == {("REGISTRATION_MISMATCH", "error")}


def test_addresses_are_counted_by_where_their_state_came_from_and_where_it_stands() -> None:
    import io
    import warnings

    from emergency_address import FormatValidator, Provenance, validate_with
    from emergency_address.formats.teams import read_csv, to_csv_text

    fresh = office("sea", "US", "Seattle")
    stale = attrs.evolve(
        office("old", "US", "Tacoma"),
        civic=attrs.evolve(office("old", "US", "Tacoma").civic, house_number="2"),
    )
    unchecked = office("fmt", "GB", "Leeds").with_validation(ValidationRecord())
    checked, _ = validate_with(FormatValidator(), unchecked)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (teams,) = read_csv(io.StringIO(to_csv_text([office("imp", "GB", "York")])))
    assert teams.validation.provenance == Provenance(source="Teams LIS CSV", line=2)
    estate = EmergencyDirectory.build(
        addresses=[fresh, stale, checked, teams, pending(office("pen", "GB", "Bath"))]
    )
    report = audit(estate)
    assert report.counts_by_origin() == {
        "imported from Teams LIS CSV": 1,
        "none": 2,
        "validator": 2,
    }
    assert report.counts_by_validation() == {
        "format only": 1,
        "pending manual": 1,
        "stale": 1,
        "validated": 2,
    }
    assert report.to_dict()["counts"]["by_validation"] == report.counts_by_validation()
    by_address = {
        f.address_id: f.message
        for f in report.findings
        if f.code is FindingCode.ADDRESS_NOT_VALIDATED
    }
    assert "changed since it was validated" in by_address["old"]
    assert "only its format was checked" in by_address["fmt"]
    # Shards each check the shared addresses: the union counts each address once.
    twice = AuditReport.merge([report, report])
    assert twice.counts_by_origin() == report.counts_by_origin()


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"code": ""}, "InvalidAddressError", "code: expected one of"),
        ({"code": None}, "TypeError", "code: expected FindingCode or str"),
        ({"severity": "fatal"}, "InvalidAddressError", "severity: expected one of"),
        ({"event": "never"}, "InvalidAddressError", "event: expected one of"),
        ({"event": ["acquisition"]}, "TypeError", "event: expected AttachmentEvent or str"),
        ({"sources": [10**5000]}, "TypeError", "sources: expected a tuple of Source, got list"),
    ],
)
def test_a_finding_names_the_field_it_cannot_take(
    changes: dict[str, Any], error: str, message: str
) -> None:
    """Found by tests/test_robustness_registry.py: ``Finding(code="")`` raised enum's bare
    ValueError, and a 5,000-digit int in ``sources`` one from repr()."""
    from emergency_address.exceptions import InvalidAddressError

    expected = InvalidAddressError if error == "InvalidAddressError" else TypeError
    with pytest.raises(expected, match=re.escape(message)):
        Finding(**{"code": "NO_ADDRESS", "severity": "error", "message": "m", **changes})


def test_boundaries_name_the_parameter() -> None:
    """Found by tests/test_robustness_registry.py: these raised a TypeError from inside, or
    named another parameter."""
    from emergency_address.formats.html import to_html

    report = audit(EmergencyDirectory())
    with pytest.raises(TypeError, match="addresses: expected an iterable of EmergencyAddress"):
        to_html(report, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="old_id: expected str"):
        EmergencyDirectory().replace_address(None, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [-1, -(10**5000)], ids=["minus-one", "5000-digits"])
def test_a_negative_count_is_a_value_error_not_a_type_error(count: int) -> None:
    """Found by tests/test_robustness_registry.py: ``AuditReport(numbers_checked=-1)`` raised
    TypeError for an int, and ``-(10**5000)`` a bare ValueError from repr()."""
    from emergency_address.exceptions import InvalidAddressError

    with pytest.raises(InvalidAddressError, match="numbers_checked: expected a count"):
        AuditReport(findings=(), numbers_checked=count, addresses_checked=0)


def test_at_or_above_names_a_severity_it_does_not_know() -> None:
    """Found by tests/test_robustness_registry.py: enum's bare ValueError escaped."""
    from emergency_address.exceptions import InvalidAddressError

    report = AuditReport(findings=(), numbers_checked=0, addresses_checked=0)
    with pytest.raises(InvalidAddressError, match="severity: expected one of"):
        report.at_or_above("fatal")
    with pytest.raises(TypeError, match="severity: expected Severity or str"):
        report.at_or_above(None)  # type: ignore[arg-type]


def test_build_and_number_records_name_what_they_cannot_take() -> None:
    """Found by tests/test_robustness_registry.py: ``build(addresses=None)`` raised "'NoneType'
    object is not iterable" from inside; ``NumberRecord(arrived=10**5000)`` a bare ValueError
    from repr()."""
    from emergency_address import NumberRecord, PhoneNumber
    from emergency_address.exceptions import InvalidAddressError

    with pytest.raises(TypeError, match="addresses: expected an iterable"):
        EmergencyDirectory.build(addresses=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="numbers: expected an iterable"):
        EmergencyDirectory.build(numbers="+12065550142")  # type: ignore[arg-type]
    with pytest.raises(InvalidAddressError, match="arrived: expected AttachmentEvent"):
        NumberRecord(PhoneNumber.parse("+12065550142"), arrived=10**5000)  # type: ignore[arg-type]


def test_groups_names_a_grouping_or_severity_it_does_not_know() -> None:
    """Found by tests/test_robustness_registry.py: enum's bare ValueError escaped."""
    from emergency_address.exceptions import InvalidAddressError

    report = AuditReport(findings=(), numbers_checked=0, addresses_checked=0)
    with pytest.raises(InvalidAddressError, match="by: expected one of"):
        report.groups("")
    with pytest.raises(InvalidAddressError, match="severity: expected one of"):
        report.groups(severity="fatal")
