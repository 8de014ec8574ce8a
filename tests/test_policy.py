"""Country policies, the registry and decide()."""

from __future__ import annotations

import datetime as dt
import importlib
import pickle
import pkgutil
import re
from pathlib import Path

import attrs
import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

import emergency_address.policies as policies_package
from area_corpus import pairs
from emergency_address import (
    AttachmentEvent,
    Attestation,
    CivicAddress,
    Confidence,
    CountryPolicy,
    Decision,
    EmergencyAddress,
    EmergencyService,
    GeoPoint,
    Location,
    ManualPath,
    NumberType,
    PhoneNumber,
    PolicyRegistry,
    Rule,
    RuleKind,
    Source,
    SourceKind,
    ValidationState,
    ViolationCode,
    default_registry,
    get_policy,
    supported_countries,
)
from emergency_address.exceptions import (
    DuplicatePolicyError,
    InvalidEventError,
    InvalidPhoneNumberError,
    InvalidPolicyError,
    PolicyViolationError,
    UnsupportedCountryError,
)
from emergency_address.policies import BUILTIN_POLICIES
from emergency_address.strategies import emergency_addresses, phone_numbers
from emergency_address.testing import validated

ATTESTATION = Attestation(
    by="facilities@contoso.example", reason="site visit", at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
)


def _in_state(address: EmergencyAddress, state: ValidationState) -> EmergencyAddress:
    """``address`` brought to ``state`` the way an integrator would: an authority's answer, an
    attestation or a manual request, never a bare record."""
    if state is ValidationState.VALIDATED:
        return validated(address)
    record, civic = address.validation, address.civic
    if state is ValidationState.ATTESTED:
        return address.with_validation(record.attest(ATTESTATION, civic=civic))
    if state is ValidationState.PENDING_MANUAL:
        request = record.request_manual(
            "SR-1", at=ATTESTATION.at, civic=civic, manual_path=ManualPath.SERVICE_REQUEST
        )
        return address.with_validation(request)
    assert state is ValidationState.NOT_VALIDATED
    return address


def office(
    country: str,
    *,
    validation: ValidationState = ValidationState.VALIDATED,
    **civic: str,
) -> EmergencyAddress:
    """A complete address (every field any built-in policy requires) in ``country``."""
    fields = {
        "house_number": "1",
        "street_name": "Main",
        "street_suffix": "Street",
        "city": "Springfield",
        "state": "XX",
        "postal_code": "12345",
    }
    fields.update(civic)
    address = EmergencyAddress(
        id=f"{country.lower()}-office",
        civic=CivicAddress(country=country, **fields),
        company_name="Contoso",
        company_tax_id="123456789",
        geo=GeoPoint(latitude=1.0, longitude=1.0),
    )
    return _in_state(address, validation)


def example_number(region: str) -> PhoneNumber:
    for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE):
        example = phonenumbers.example_number_for_type(region, kind)
        if example is not None:
            return PhoneNumber.parse(
                phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            )
    raise AssertionError(f"no example number for {region}")


# --- the examples the sources give ----------------------------------------------------------


class TestSeedWorkflow:
    """Microsoft's help page: US at assignment, UK at acquisition and port-in."""

    def test_us_number_needs_an_address_at_assignment(self) -> None:
        decision = default_registry().decide("+1 206 555 0142", AttachmentEvent.ASSIGNMENT)
        assert decision.required
        assert decision.codes == (ViolationCode.NO_ADDRESS,)

    def test_us_number_needs_no_address_at_acquisition(self) -> None:
        decision = default_registry().decide("+1 206 555 0142", AttachmentEvent.ACQUISITION)
        assert not decision.required
        assert decision.satisfied

    @pytest.mark.parametrize("event", [AttachmentEvent.ACQUISITION, AttachmentEvent.PORT_IN])
    def test_gb_number_needs_an_address_when_acquired_or_ported_in(
        self, event: AttachmentEvent
    ) -> None:
        decision = default_registry().decide("+44 20 7946 0000", event)
        assert decision.required
        assert not decision.satisfied

    def test_gb_number_needs_none_at_assignment(self) -> None:
        assert not default_registry().decide("+44 20 7946 0000", "assignment").required

    def test_a_good_us_address_satisfies_at_assignment(self) -> None:
        decision = default_registry().decide(
            "+1 206 555 0142", "assignment", office("US", state="WA")
        )
        assert decision.satisfied, decision.explain()

    def test_manual_paths_follow_the_retired_microsoft_page(self) -> None:
        assert get_policy("US").manual_fallback is ManualPath.MANUAL_VALIDATION_REQUEST
        assert get_policy("GB").manual_fallback is ManualPath.SERVICE_REQUEST
        assert get_policy("CA").manual_fallback is ManualPath.SERVICE_REQUEST


# --- every built-in policy ----------------------------------------------------------------------


@pytest.mark.parametrize("policy", BUILTIN_POLICIES, ids=lambda p: p.country)
class TestEveryBuiltinPolicy:
    def test_has_sources_and_is_not_the_default(self, policy: CountryPolicy) -> None:
        assert policy.sources
        assert not policy.is_default
        assert all(s.title and s.reference and s.supports for s in policy.sources)

    def test_required_at_exactly_its_events(self, policy: CountryPolicy) -> None:
        number = example_number(policy.country)
        for event in AttachmentEvent:
            decision = default_registry().decide(number, event)
            expected = policy.requires_address(event, number.number_type)
            assert decision.required is expected
            assert decision.policy is policy

    def test_a_complete_validated_address_satisfies(self, policy: CountryPolicy) -> None:
        number = example_number(policy.country)
        for event in AttachmentEvent:
            decision = default_registry().decide(number, event, office(policy.country))
            blocking = set(decision.violations)
            assert {v.code for v in blocking} <= {ViolationCode.AREA_MISMATCH}, decision.explain()

    def test_an_unvalidated_address_never_satisfies(self, policy: CountryPolicy) -> None:
        number = example_number(policy.country)
        address = office(policy.country, validation=ValidationState.NOT_VALIDATED)
        decision = default_registry().decide(number, AttachmentEvent.ASSIGNMENT, address)
        assert ViolationCode.NOT_VALIDATED in decision.codes

    def test_an_address_abroad_is_a_country_mismatch(self, policy: CountryPolicy) -> None:
        abroad = "FR" if policy.country != "FR" else "DE"
        decision = default_registry().decide(
            example_number(policy.country), "acquisition", office(abroad)
        )
        assert ViolationCode.COUNTRY_MISMATCH in decision.codes

    def test_each_missing_required_field_is_reported(self, policy: CountryPolicy) -> None:
        bare = validated(EmergencyAddress(id="bare", civic=CivicAddress(country=policy.country)))
        decision = default_registry().decide(example_number(policy.country), "assignment", bare)
        found = [*decision.violations, *decision.notes]
        missing = {v.field for v in found if v.code == ViolationCode.MISSING_FIELD}
        assert missing == set(policy.required_fields)
        for v in found:
            if v.code == ViolationCode.MISSING_FIELD:
                rule = policy.rule(RuleKind.REQUIRED_FIELD, v.field)
                assert rule is not None
                assert v.sources == rule.sources
                assert v.blocking is not rule.advisory


def test_the_issue_lists_these_countries_at_least() -> None:
    wanted = set(
        "US CA PR GB IE DE FR ES NL BE AT DK IT SE CH LU PT PL CZ NO FI AU NZ JP SG".split()
    )
    assert wanted <= supported_countries()


@pytest.mark.parametrize(
    ("country", "extra"),
    [
        ("US", {"state"}),
        ("CA", {"state"}),
        ("IT", {"state", "company_tax_id", "street_suffix"}),
        ("BE", {"company_tax_id"}),
        ("ES", {"company_tax_id"}),
        ("SE", {"company_tax_id"}),
        ("GB", set()),
        ("DE", set()),
    ],
)
def test_required_fields_follow_the_teams_table(country: str, extra: set[str]) -> None:
    base = {"house_number", "street_name", "city", "postal_code", "geo", "company_name"}
    assert get_policy(country).required_fields == base | extra


def test_latitude_and_longitude_are_optional_in_australia() -> None:
    assert "geo" not in get_policy("AU").required_fields


def test_same_area_countries_are_the_six_microsoft_names() -> None:
    assert {p.country for p in BUILTIN_POLICIES if p.same_area} == set("BE FR DE IE NL ES".split())


# --- NANP and non-geographic numbers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "country"),
    [
        ("+1 212 555 0100", "US"),
        ("+1 416 555 0199", "CA"),
        ("+1 787 555 0199", "PR"),
        ("+1 671 555 0199", "GU"),
        ("+1 340 555 0199", "VI"),
        ("+1 684 622 1234", "AS"),
        ("+1 670 555 0199", "MP"),
    ],
)
def test_nanp_numbers_take_their_own_regions_policy(number: str, country: str) -> None:
    decision = default_registry().decide(number, "assignment")
    assert decision.policy.country == country
    assert decision.required


def test_us_territories_follow_the_us_moment() -> None:
    for territory in ("PR", "GU", "VI", "AS", "MP"):
        assert get_policy(territory).attach_at == get_policy("US").attach_at


def test_a_nanp_country_without_a_source_gets_the_marked_default() -> None:
    decision = default_registry().decide("+1 876 555 0199", "assignment")  # Jamaica
    assert decision.policy.is_default
    assert ViolationCode.DEFAULT_POLICY in decision.codes


def test_non_geographic_numbers_use_a_default_without_a_country_check() -> None:
    number = PhoneNumber.parse("+882 342 1234")
    decision = default_registry().decide(number, "acquisition", office("US"))
    assert decision.policy.is_default
    assert not decision.policy.same_country
    assert ViolationCode.COUNTRY_MISMATCH not in decision.codes


# --- notes that never block ---------------------------------------------------------------------


def test_a_policy_that_says_not_supported_notes_it_and_never_blocks() -> None:
    source = Source(title="t", reference="https://example.org", supports="s",
                    confidence=Confidence.HIGH, kind=SourceKind.PROVIDER)  # fmt: skip
    jp = get_policy("JP").with_rules(Rule.emergency_service("not_supported", source))
    decision = PolicyRegistry([jp]).decide("+81 3 1234 5678", "assignment")
    assert not decision.required
    assert decision.satisfied
    assert ViolationCode.EMERGENCY_UNSUPPORTED in decision.codes


def test_service_numbers_are_not_covered_but_user_numbers_are() -> None:
    """Teams: user numbers go to users, toll-free service numbers to services."""
    assert not default_registry().decide("+44 800 123 4567", "acquisition").required
    assert default_registry().decide("+44 7400 123456", "acquisition").required


def test_an_unknown_location_is_reported() -> None:
    decision = default_registry().decide(
        "+1 206 555 0142", "assignment", office("US"), location_id="nowhere"
    )
    assert ViolationCode.UNKNOWN_LOCATION in decision.codes


def test_a_known_location_is_fine() -> None:
    address = office("US").with_location(Location(id="f2", floor="2"))
    decision = default_registry().decide("+1 206 555 0142", "assignment", address, "f2")
    assert decision.satisfied


def test_attestation_satisfies_only_a_policy_that_accepts_it() -> None:
    attested = office("US", validation=ValidationState.ATTESTED)
    strict = default_registry().decide("+1 206 555 0142", "assignment", attested)
    assert ViolationCode.NOT_VALIDATED in strict.codes
    lenient = default_registry().with_policies(
        attrs.evolve(get_policy("US"), accepts_attestation=True), replace=True
    )
    assert lenient.decide("+1 206 555 0142", "assignment", attested).satisfied


def test_raise_for_violations_carries_them_all() -> None:
    decision = default_registry().decide(
        "+44 20 7946 0000", "acquisition", office("FR", validation=ValidationState.PENDING_MANUAL)
    )
    with pytest.raises(PolicyViolationError) as info:
        decision.raise_for_violations()
    assert {v.code for v in info.value.violations} == {
        ViolationCode.NOT_VALIDATED,
        ViolationCode.COUNTRY_MISMATCH,
    }


def test_a_satisfied_decision_raises_nothing() -> None:
    default_registry().decide("+1 206 555 0142", "acquisition").raise_for_violations()


def test_messages_name_the_number_event_and_country() -> None:
    (violation,) = default_registry().decide("+44 20 7946 0000", "port_in").violations
    assert "+442079460000" in violation.message
    assert "port_in" in violation.message
    assert "GB" in violation.message
    assert violation.source


def test_explain_reads_as_a_sentence_with_its_sources() -> None:
    text = default_registry().decide("+44 20 7946 0000", "acquisition").explain()
    assert text.startswith("+442079460000 at acquisition: an emergency address is required")
    assert "source: " in text


# --- the registry -------------------------------------------------------------------------------


class TestRegistry:
    def test_country_input_in_any_case_and_alpha3(self) -> None:
        registry = default_registry()
        assert registry.get("gb") is registry.get("GBR") is registry.get("GB")
        assert "gbr" in registry
        assert "ZZ" not in registry
        assert 42 not in registry

    def test_get_raises_and_find_returns_none(self) -> None:
        with pytest.raises(UnsupportedCountryError) as info:
            default_registry().get("MX")
        assert isinstance(info.value, LookupError)
        assert info.value.country == "MX"
        assert default_registry().find("MX") is None

    def test_iteration_is_in_country_order(self) -> None:
        countries = [p.country for p in default_registry()]
        assert countries == sorted(countries)
        assert len(default_registry()) == len(countries) == len(BUILTIN_POLICIES)

    def test_with_policies_never_mutates_the_original(self) -> None:
        original = default_registry()
        before = list(original)
        mx = CountryPolicy(
            country="mex",
            attach_at={"assignment"},  # type: ignore[arg-type]
            sources=(
                Source(title="t", reference="r", supports="s", confidence="high", kind="law"),  # type: ignore[arg-type]
            ),
        )
        extended = original.with_policies(mx)
        assert list(original) == before
        assert "MX" in extended
        assert "MX" not in original
        assert extended.get("MX").attach_at == {AttachmentEvent.ASSIGNMENT}

    def test_with_policies_refuses_a_clash_unless_replace(self) -> None:
        us = attrs.evolve(get_policy("US"), notes="ours")
        with pytest.raises(DuplicatePolicyError) as info:
            default_registry().with_policies(us)
        assert info.value.country == "US"
        assert default_registry().with_policies(us, replace=True).get("US").notes == "ours"

    def test_two_policies_for_one_country_clash(self) -> None:
        with pytest.raises(DuplicatePolicyError):
            PolicyRegistry([get_policy("US"), get_policy("US")])

    def test_an_empty_registry(self) -> None:
        empty = PolicyRegistry()
        assert len(empty) == 0
        assert empty.decide("+44 20 7946 0000", "acquisition").policy.is_default

    def test_strict_registry_raises_for_unknown_countries(self) -> None:
        strict = default_registry().with_strict()
        with pytest.raises(UnsupportedCountryError):
            strict.decide("+52 55 1234 5678", "assignment")
        with pytest.raises(UnsupportedCountryError):
            strict.policy_for(PhoneNumber.parse("+800 1234 5678"))
        assert strict.decide("+44 20 7946 0000", "acquisition").policy.country == "GB"

    def test_registry_pickles(self) -> None:
        copy = pickle.loads(pickle.dumps(default_registry()))
        assert list(copy) == list(default_registry())
        assert copy == default_registry()

    def test_decide_refuses_a_bad_event_or_address_with_our_errors(self) -> None:
        with pytest.raises(InvalidEventError, match="event"):
            default_registry().decide("+44 20 7946 0000", "bought")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="address"):
            default_registry().decide("+44 20 7946 0000", "acquisition", "10 Downing St")  # type: ignore[arg-type]
        with pytest.raises(InvalidPhoneNumberError):
            default_registry().decide("not a number", "acquisition")


class TestCountryPolicyConstruction:
    def test_a_policy_needs_a_source(self) -> None:
        with pytest.raises(InvalidPolicyError, match="source"):
            CountryPolicy(country="MX", attach_at=frozenset())

    def test_every_bad_field_is_reported(self) -> None:
        with pytest.raises(InvalidPolicyError) as info:
            CountryPolicy(
                country="UK",
                attach_at={"bought"},  # type: ignore[arg-type]
                required_fields={"shoe_size"},
                manual_fallback="fax",  # type: ignore[arg-type]
            )
        fields = [e.field for e in info.value.errors]
        assert fields == ["country", "sources"]

    def test_wrong_kinds_are_named_not_raised_raw(self) -> None:
        with pytest.raises(InvalidPolicyError) as info:
            CountryPolicy(
                country=44,  # type: ignore[arg-type]
                attach_at=frozenset(),
                emergency_service=["supported"],  # type: ignore[arg-type]  (unhashable)
                sources=("a citation",),  # type: ignore[arg-type]
            )
        messages = {e.field: (e.code, e.message) for e in info.value.errors}
        assert messages["country"] == ("INVALID_TYPE", "expected an alpha-2 code, got int")
        assert messages["sources"][0] == "INVALID_TYPE"

    def test_bad_rule_settings_are_named(self) -> None:
        source = Source(title="t", reference="https://example.org", supports="s",
                        confidence="high", kind="law")  # type: ignore[arg-type]  # fmt: skip
        with pytest.raises(InvalidPolicyError) as info:
            CountryPolicy(
                country="MX",
                attach_at={"bought"},  # type: ignore[arg-type]
                manual_fallback="fax",  # type: ignore[arg-type]
                sources=(source,),
            )
        assert {e.field for e in info.value.errors} == {"events"}
        with pytest.raises(InvalidPolicyError, match="shoe_size"):
            CountryPolicy(country="MX", attach_at=frozenset(), required_fields={"shoe_size"},
                          sources=(source,))  # fmt: skip
        with pytest.raises(InvalidPolicyError) as info:
            CountryPolicy(country="MX", rules=(Rule.attach(frozenset(), source),),
                          emergency_service=["supported"])  # type: ignore[arg-type]  # fmt: skip
        assert info.value.errors[0].field == "service"


# --- the policies package -----------------------------------------------------------------------


def test_every_module_is_listed_once_and_named_after_its_country() -> None:
    modules = [
        m.name
        for m in pkgutil.iter_modules(policies_package.__path__)
        if not m.name.startswith("_")
    ]
    listed = [p.country for p in BUILTIN_POLICIES]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == listed
    for name in modules:
        module = importlib.import_module(f"emergency_address.policies.{name}")
        assert module.POLICY.country == name.rstrip("_").upper()
        assert module.POLICY in BUILTIN_POLICIES
        assert "More information" in (module.__doc__ or "")
    assert len(modules) == len(BUILTIN_POLICIES)


def test_the_policies_table_in_the_docs_is_the_registry() -> None:
    from emergency_address._policy_docs import policies_page

    text = (Path(__file__).parent.parent / "docs" / "policies.md").read_text(encoding="utf-8")
    assert text == policies_page(default_registry()), (
        "run: python -m emergency_address._policy_docs > docs/policies.md"
    )


# --- properties ---------------------------------------------------------------------------------


@given(
    st.sampled_from(BUILTIN_POLICIES),
    st.sampled_from(list(AttachmentEvent)),
    phone_numbers(),
    st.none() | emergency_addresses(),
)
def test_decide_is_total_deterministic_and_agrees_with_attach_at(
    policy: CountryPolicy,
    event: AttachmentEvent,
    number: PhoneNumber,
    address: EmergencyAddress | None,
) -> None:
    registry = PolicyRegistry([policy])
    first = registry.decide(number, event, address)
    assert first == registry.decide(number, event, address)
    used = registry.policy_for(number)
    assert first.required == (
        used.emergency_service is not EmergencyService.NOT_SUPPORTED
        and event in used.attach_at
        and number.number_type in used.number_types
    )
    assert first.satisfied == (not first.violations)
    if first.required and address is None:
        assert first.codes[0] is ViolationCode.NO_ADDRESS


@given(
    phone_numbers(number_type=NumberType.FIXED_LINE) | phone_numbers(),
    st.sampled_from(list(AttachmentEvent)),
)
def test_decide_never_raises_for_any_number(number: PhoneNumber, event: AttachmentEvent) -> None:
    default_registry().decide(number, event)


# --- the same-area check ------------------------------------------------------------------------

MATCHING, MISMATCHING = pairs()


@pytest.mark.parametrize(("country", "city", "number"), MATCHING)
def test_an_address_in_the_area_is_never_refused(country: str, city: str, number: str) -> None:
    decision = default_registry().decide(number, "acquisition", office(country, city=city))
    assert ViolationCode.AREA_MISMATCH not in decision.codes, decision.explain()


@pytest.mark.parametrize(("country", "city", "number"), MISMATCHING[::7])
def test_an_address_outside_the_area_is_refused_or_left_unchecked(
    country: str, city: str, number: str
) -> None:
    decision = default_registry().decide(number, "acquisition", office(country, city=city))
    assert (
        decision.codes.count(ViolationCode.AREA_MISMATCH)
        + decision.codes.count(ViolationCode.AREA_UNCHECKED)
        == 1
    ), decision.explain()


def test_the_area_check_decides_most_of_the_corpus() -> None:
    decided = 0
    total = 0
    for country, city, number in MATCHING + MISMATCHING:
        decision = default_registry().decide(number, "acquisition", office(country, city=city))
        total += 1
        decided += ViolationCode.AREA_UNCHECKED not in decision.codes
    # Measured: 576 of 586 (98%); the undecided name places the data does not know (Bilbao).
    assert decided / total > 0.95


def test_an_address_without_a_city_is_unchecked_not_refused() -> None:
    address = attrs.evolve(office("DE"), civic=CivicAddress(country="DE", street_name="X"))
    decision = default_registry().decide("+493023456", "acquisition", address)
    assert ViolationCode.AREA_UNCHECKED in decision.codes
    assert ViolationCode.AREA_MISMATCH not in decision.codes


def test_a_number_with_no_area_is_unchecked_not_refused() -> None:
    voip = PhoneNumber.parse("+33 9 12 34 56 78")  # France's 09 VoIP range: no area code
    assert voip.number_type is NumberType.VOIP
    decision = default_registry().decide(voip, "acquisition", office("FR", city="Marseille"))
    assert ViolationCode.AREA_UNCHECKED in decision.codes
    assert ViolationCode.AREA_MISMATCH not in decision.codes


def test_the_mismatch_message_names_the_area() -> None:
    decision = default_registry().decide("+493023456", "acquisition", office("DE", city="München"))
    (mismatch,) = [v for v in decision.violations if v.code == ViolationCode.AREA_MISMATCH]
    assert "München" in mismatch.message
    assert "+49 30" in mismatch.message


# --- country truth: every rule traced to a public source (issue 10) ---------------------------

INTERNAL = ("domain.md", "design.md", "seed", "internal note")


def _texts(policy: CountryPolicy) -> list[str]:
    texts = [policy.notes]
    for rule in policy.rules:
        texts += [t for s in rule.sources for t in (s.title, s.reference, s.supports)]
    return texts


@pytest.mark.parametrize("policy", BUILTIN_POLICIES, ids=lambda p: p.country)
class TestEveryRuleHasItsSource:
    def test_every_rule_names_sources_with_a_url_a_confidence_and_a_kind(
        self, policy: CountryPolicy
    ) -> None:
        kinds = {r.kind for r in policy.rules}
        assert {RuleKind.ATTACHMENT, RuleKind.VALIDATED, RuleKind.SAME_COUNTRY} <= kinds
        for rule in policy.rules:
            assert rule.sources
            for source in rule.sources:
                assert source.reference.startswith("https://"), source
                assert isinstance(source.confidence, Confidence)
                assert isinstance(source.kind, SourceKind)
                assert source.supports.strip()

    def test_no_text_mentions_internal_notes(self, policy: CountryPolicy) -> None:
        import emergency_address.policies as package

        module = importlib.import_module(
            f"{package.__name__}.{policy.country.lower()}{'_' if policy.country == 'AS' else ''}"
        )
        for text in [*_texts(policy), module.__doc__ or ""]:
            assert not any(word in text.lower() for word in INTERNAL), text

    def test_every_violation_carries_the_sources_of_the_rule_it_enforces(
        self, policy: CountryPolicy
    ) -> None:
        bare = EmergencyAddress(id="bare", civic=CivicAddress(country="MX"))
        bare = bare.with_location(Location(id="bare-2", floor="2"))
        registry = PolicyRegistry([policy])
        for event in AttachmentEvent:
            for address in (None, bare):
                decision = registry.decide(example_number(policy.country), event, address)
                for v in (*decision.violations, *decision.notes):
                    if v.rule is None:
                        continue
                    rule = next(r for r in policy.rules if r.kind is v.rule and (
                        v.field is None or r.field == v.field))  # fmt: skip
                    assert v.sources == rule.sources
                    assert v.confidence == rule.confidence
                    assert _CODE_RULE[v.code] is v.rule


_CODE_RULE = {
    ViolationCode.NO_ADDRESS: RuleKind.ATTACHMENT,
    ViolationCode.NOT_VALIDATED: RuleKind.VALIDATED,
    ViolationCode.COUNTRY_MISMATCH: RuleKind.SAME_COUNTRY,
    ViolationCode.AREA_MISMATCH: RuleKind.SAME_AREA,
    ViolationCode.AREA_UNCHECKED: RuleKind.SAME_AREA,
    ViolationCode.MISSING_FIELD: RuleKind.REQUIRED_FIELD,
    ViolationCode.CARRIER_MANAGED: RuleKind.EMERGENCY_SERVICE,
    ViolationCode.EMERGENCY_UNSUPPORTED: RuleKind.EMERGENCY_SERVICE,
    ViolationCode.NO_IN_BUILDING_DETAIL: RuleKind.DISPATCHABLE_LOCATION,
}


def test_area_mismatch_cites_the_area_code_page_not_the_calling_plans_page() -> None:
    munich = office("DE", city="München", postal_code="80331")
    (v,) = list(default_registry().decide("+49 30 23456", "acquisition", munich).violations)
    assert v.code is ViolationCode.AREA_MISMATCH
    assert [s.title for s in v.sources] == [
        "Microsoft Teams: Manage emergency locations for your organization"
    ]
    assert "must match the phone number's area code" in v.sources[0].supports


class TestEvidenceDecidesBlocking:
    """Low-confidence rules advise; a strict integrator can make them block."""

    def test_a_field_only_low_confidence_sources_support_is_an_advisory(self) -> None:
        no_tax_id = attrs.evolve(office("NL", city="Amsterdam"), company_tax_id=None)
        decision = default_registry().decide("+31 20 234 5678", "acquisition", no_tax_id)
        assert decision.satisfied
        (advice,) = decision.advisories
        assert (advice.code, advice.field, advice.blocking) == (
            ViolationCode.MISSING_FIELD, "company_tax_id", False)  # fmt: skip
        assert advice.confidence is Confidence.LOW
        assert "(advisory)" in decision.explain()

    def test_advisories_block_when_the_registry_says_so(self) -> None:
        no_tax_id = attrs.evolve(office("NL", city="Amsterdam"), company_tax_id=None)
        strict = default_registry().with_advisories_blocking()
        decision = strict.decide("+31 20 234 5678", "acquisition", no_tax_id)
        assert [v.field for v in decision.violations] == ["company_tax_id"]
        assert strict.advisories_block
        assert not default_registry().advisories_block

    def test_latitude_and_longitude_block_where_microsoft_requires_them(self) -> None:
        """New-CsOnlineLisCivicAddress: 'Required for all countries except Australia and Japan'."""
        for country, number in (("GB", "+44 20 7946 0000"), ("DE", "+49 30 23456")):
            city = "Berlin" if country == "DE" else "London"
            no_geo = attrs.evolve(office(country, city=city), geo=None)
            decision = default_registry().decide(number, "acquisition", no_geo)
            assert [(v.code, v.field) for v in decision.violations] == [
                (ViolationCode.MISSING_FIELD, "geo")
            ]
        for country in ("AU", "JP"):
            assert "geo" not in get_policy(country).required_fields

    def test_a_policy_says_which_fields_are_advisory(self) -> None:
        nl = get_policy("NL")
        assert "company_tax_id" in nl.advisory_fields
        assert {"company_name", "geo"} <= nl.required_fields - nl.advisory_fields

    def test_company_name_blocks_everywhere(self) -> None:
        for policy in BUILTIN_POLICIES:
            rule = policy.rule(RuleKind.REQUIRED_FIELD, "company_name")
            assert rule is not None
            assert not rule.advisory

    def test_whether_an_address_is_needed_is_never_advisory(self) -> None:
        for policy in (*BUILTIN_POLICIES, CountryPolicy.conservative("MX")):
            attach = policy.rule(RuleKind.ATTACHMENT)
            assert attach is not None
            assert not attach.advisory

    def test_the_regulatory_only_registry_drops_provider_rules(self) -> None:
        law = default_registry().regulatory_only()
        for policy in law:
            for rule in policy.rules:
                assert all(s.kind is SourceKind.LAW for s in rule.sources)
        assert "ZA" not in law  # only Microsoft's rules: the conservative stand-in applies
        assert law.decide("+27 11 123 4567", "assignment").policy.is_default
        de = law.get("DE")
        assert de.attach_at == frozenset(AttachmentEvent)  # no law names Microsoft's moment
        assert not de.same_area
        assert "company_name" not in de.required_fields
        assert law.get("US").attach_at == frozenset(AttachmentEvent)
        assert law.decide("+1 206 555 0142", "acquisition").required


class TestCorrections:
    def test_japan_needs_an_address_at_acquisition_and_port_in(self) -> None:
        """soumu.go.jp: carriers pass the subscriber's address with 110/118/119 calls from IP
        phones; Microsoft: emergency address updates for SoftBank numbers go to SoftBank."""
        registry = default_registry()
        for event in ("acquisition", "port_in"):
            decision = registry.decide("+81 3 1234 5678", event)
            assert decision.required
            assert not decision.satisfied
            assert ViolationCode.CARRIER_MANAGED in [n.code for n in decision.notes]
        jp = get_policy("JP")
        assert jp.emergency_service is EmergencyService.CARRIER_MANAGED
        assert "conflict" in jp.notes.lower() or "sources conflict" in jp.notes.lower()
        for kind in (RuleKind.ATTACHMENT, RuleKind.EMERGENCY_SERVICE):
            assert jp.rule(kind).confidence is Confidence.MEDIUM  # type: ignore[union-attr]
        japan = attrs.evolve(office("JP", city="Tokyo"), geo=None)
        assert registry.decide("+81 3 1234 5678", "acquisition", japan).satisfied

    @pytest.mark.parametrize("number", ["+61 2 9876 5432", "+61 412 345 678", "+61 1300 123 456",
                                        "+61 1800 123 456", "+61 13 12 34"])  # fmt: skip
    def test_australia_covers_every_public_number_and_notes_the_carrier(self, number: str) -> None:
        """ACMA: the IPND holds 'all listed and unlisted public telephone numbers'."""
        decision = default_registry().decide(number, "acquisition", office("AU", city="Sydney"))
        assert decision.required
        (note,) = [n for n in decision.notes if n.code is ViolationCode.CARRIER_MANAGED]
        assert not note.blocking
        assert any("IPND" in s.title for s in note.sources)

    def test_a_us_number_on_the_default_location_of_a_building_with_floors_is_warned(
        self,
    ) -> None:
        """47 CFR 9.3: the validated street address 'plus additional information such as
        suite, apartment or similar information'."""
        tower = office("US").with_location(Location(id="floor-20", floor="20"))
        registry = default_registry()
        decision = registry.decide("+1 206 555 0142", "assignment", tower)
        assert decision.satisfied
        (note,) = [n for n in decision.notes if n.code is ViolationCode.NO_IN_BUILDING_DETAIL]
        assert note.severity.value == "warning"
        assert {"47 CFR 9.3 (definition of dispatchable location)"} <= {
            s.title for s in note.sources
        }
        on_floor = registry.decide("+1 206 555 0142", "assignment", tower, "floor-20")
        assert ViolationCode.NO_IN_BUILDING_DETAIL not in on_floor.codes
        alone = registry.decide("+1 206 555 0142", "assignment", office("US"))
        assert ViolationCode.NO_IN_BUILDING_DETAIL not in alone.codes

    def test_a_default_location_with_its_own_id_is_still_the_default(self) -> None:
        # Teams gives each address a DefaultLocationId of its own.
        tower = attrs.evolve(office("US"), default_location_id="ffc35422", locations=())
        tower = tower.with_location(Location(id="floor-20", floor="20"))
        decision = default_registry().decide("+1 206 555 0142", "assignment", tower, "ffc35422")
        assert ViolationCode.NO_IN_BUILDING_DETAIL in decision.codes

    def test_a_named_place_counts_as_detail(self) -> None:
        lobby = office("US").with_location(Location(id="lobby", description="Lobby"))
        decision = default_registry().decide("+1 206 555 0142", "assignment", lobby, "lobby")
        assert ViolationCode.NO_IN_BUILDING_DETAIL not in decision.codes

    @pytest.mark.parametrize(("state", "number"), [("PR", "+1 787 622 1234"),
        ("GU", "+1 671 472 1234"), ("VI", "+1 340 712 1234")])  # fmt: skip
    def test_a_territory_written_as_a_us_state_is_the_territory(
        self, state: str, number: str
    ) -> None:
        as_state = attrs.evolve(office("US"), civic=attrs.evolve(office("US").civic, state=state))
        decision = default_registry().decide(number, "assignment", as_state)
        assert ViolationCode.COUNTRY_MISMATCH not in decision.codes
        mainland = default_registry().decide("+1 206 555 0142", "assignment", as_state)
        assert ViolationCode.COUNTRY_MISMATCH in mainland.codes

    def test_citations_are_the_right_documents(self) -> None:
        titles = {s.title: s for p in BUILTIN_POLICIES for s in p.sources}
        urls = {s.reference for s in titles.values()}
        assert "https://eur-lex.europa.eu/eli/reg_del/2023/444/oj" in urls
        assert not any("2010-387" in t for t in titles)
        assert any("2005-21" in t for t in titles)
        skype = [s for t, s in titles.items() if "Skype" in t]
        assert skype
        assert all("f954c67c-b73c-4473-b6cd-a0fbcd0fd4c9" in s.reference for s in skype)
        assert all("historical" in s.title for s in skype)
        assert "Microsoft Teams: Manage emergency locations for your organization" in titles


class TestRegistryValues:
    def test_a_registry_is_hashable_and_equal_by_value(self) -> None:
        assert hash(default_registry()) == hash(PolicyRegistry(BUILTIN_POLICIES))
        assert default_registry() == PolicyRegistry(BUILTIN_POLICIES)
        assert default_registry() != default_registry().with_strict()
        assert pickle.loads(pickle.dumps(default_registry().with_advisories_blocking())) == (
            default_registry().with_advisories_blocking()
        )

    @pytest.mark.parametrize("bad", [None, 3, "US", get_policy("US")])
    def test_wrong_types_raise_type_error_naming_the_parameter(self, bad: object) -> None:
        with pytest.raises(TypeError, match="policies"):
            PolicyRegistry(bad)  # type: ignore[arg-type]

    def test_wrong_argument_types_are_named(self) -> None:
        registry = default_registry()
        for call, name in (
            (lambda: registry.get(1), "country"),  # type: ignore[arg-type]
            (lambda: registry.find(None), "country"),  # type: ignore[arg-type]
            (lambda: get_policy(None), "country"),  # type: ignore[arg-type]
            (lambda: registry.decide(12065550142, "assignment"), "number"),  # type: ignore[arg-type]
            (lambda: registry.decide("+12065550142", 3), "event"),  # type: ignore[arg-type]
            (lambda: registry.decide("+12065550142", "assignment", None, 3), "location_id"),  # type: ignore[arg-type]
            (lambda: PolicyRegistry(strict="yes"), "strict"),  # type: ignore[arg-type]
        ):
            with pytest.raises(TypeError, match=name):
                call()

    def test_policies_and_rules_are_hashable_and_picklable(self) -> None:
        for policy in BUILTIN_POLICIES:
            assert pickle.loads(pickle.dumps(policy)) == policy
            assert hash(policy) == hash(pickle.loads(pickle.dumps(policy)))

    def test_evolve_changes_a_rule_and_keeps_its_sources(self) -> None:
        us = get_policy("US")
        every = attrs.evolve(us, attach_at=frozenset(AttachmentEvent))
        assert every.attach_at == frozenset(AttachmentEvent)
        assert every.rule(RuleKind.ATTACHMENT).sources == us.rule(RuleKind.ATTACHMENT).sources  # type: ignore[union-attr]
        assert not attrs.evolve(get_policy("DE"), same_area=False).same_area


def test_the_audit_warns_of_numbers_on_the_default_location_of_a_building_with_floors() -> None:
    """47 CFR 9.16: an MLTS must provide the caller's dispatchable location (9.3)."""
    from emergency_address import EmergencyDirectory, FindingCode, NumberRecord, Severity, audit

    tower = office("US").with_location(Location(id="floor-20", floor="20"))
    on_default = NumberRecord(PhoneNumber.parse("+1 206 555 0142"), user="ana",
                              location_id=tower.id)  # fmt: skip
    on_floor = NumberRecord(PhoneNumber.parse("+1 206 555 0143"), user="bo",
                            location_id="floor-20")  # fmt: skip
    report = audit(EmergencyDirectory.build([tower], [on_default, on_floor]))
    warned = [f for f in report.findings if f.code is FindingCode.NO_IN_BUILDING_DETAIL]
    assert [(f.number, f.severity) for f in warned] == [("+12065550142", Severity.WARNING)]
    assert "47 CFR 9.3" in warned[0].source


def test_nothing_users_read_mentions_internal_notes() -> None:
    """The package, its docs, README and changelog cite public sources, never internal notes."""
    root = Path(__file__).parent.parent
    files = [*(root / "src").rglob("*.py"), *(root / "docs").rglob("*.md")]
    files += [root / "README.md", root / "CHANGELOG.md"]
    words = re.compile(r"domain\.md|design\.md|\bthe seed\b|\bseed's|internal note")
    for path in files:
        found = words.findall(path.read_text(encoding="utf-8").lower())
        assert not found, f"{path.relative_to(root)} mentions {found}"


class TestRulesAndSources:
    def test_a_source_says_how_far_it_can_be_trusted_and_who_makes_the_rule(self) -> None:
        with pytest.raises(TypeError):
            Source(title="t", reference="https://example.org", supports="s")  # type: ignore[call-arg]
        with pytest.raises(InvalidPolicyError) as info:
            Source(title="", reference=3, supports="s", confidence="sure", kind="blog")  # type: ignore[arg-type]
        assert [e.field for e in info.value.errors] == [
            "title", "reference", "confidence", "kind"]  # fmt: skip

    def test_a_rule_needs_a_source_and_its_own_settings(self) -> None:
        src = get_policy("GB").sources[0]
        with pytest.raises(InvalidPolicyError, match="at least one source"):
            Rule.validated()
        with pytest.raises(InvalidPolicyError, match="shoe_size"):
            Rule.required("shoe_size", src)
        with pytest.raises(InvalidPolicyError) as info:
            Rule(kind=RuleKind.MANUAL_PATH, sources=(src,))
        assert info.value.errors[0].field == "manual_path"
        with pytest.raises(InvalidPolicyError, match="only a required-field rule"):
            Rule(kind=RuleKind.SAME_AREA, sources=(src,), field="city")

    def test_a_policy_holds_one_rule_per_thing_and_an_attachment_rule(self) -> None:
        src = get_policy("GB").sources[0]
        attach = Rule.attach({"acquisition"}, src)
        with pytest.raises(InvalidPolicyError, match="more than one rule"):
            CountryPolicy(country="MX", rules=(attach, attach))
        with pytest.raises(InvalidPolicyError, match="attachment rule"):
            CountryPolicy(country="MX", rules=(Rule.validated(src),))

    def test_asking_for_a_rule_by_a_bad_kind_is_refused(self) -> None:
        with pytest.raises(TypeError, match="kind"):
            get_policy("GB").rule(3)  # type: ignore[arg-type]
        with pytest.raises(InvalidPolicyError, match="'attachment'"):
            get_policy("GB").rule("attach")
        assert get_policy("GB").rule("same_area") is None

    def test_with_rules_replaces_the_rule_about_the_same_thing(self) -> None:
        src = get_policy("GB").sources[0]
        gb = get_policy("GB").with_rules(Rule.attach(AttachmentEvent, src))
        assert gb.attach_at == frozenset(AttachmentEvent)
        assert len(gb.rules) == len(get_policy("GB").rules)
        assert "geo" not in get_policy("GB").without(RuleKind.REQUIRED_FIELD, "geo").required_fields


def test_the_command_line_shows_each_findings_sources() -> None:
    import io
    import json

    from emergency_address._cli import main

    out = io.StringIO()
    assert main(["decide", "+44 20 7946 0000", "acquisition", "--json"], out) == 1
    (violation,) = json.loads(out.getvalue())["violations"]
    assert violation["code"] == "NO_ADDRESS"
    assert violation["rule"] == "attachment"
    assert violation["confidence"] == "high"
    assert {s["kind"] for s in violation["sources"]} == {"law", "provider"}
    out = io.StringIO()
    assert main(["policy", "DE", "--json"], out) == 0
    (de,) = json.loads(out.getvalue())
    same_area = [r for r in de["rules"] if r["kind"] == "same_area"]
    assert same_area[0]["sources"][0]["reference"].endswith(
        "add-change-remove-emergency-location-organization"
    )


@given(
    st.sampled_from(BUILTIN_POLICIES),
    st.sampled_from(list(AttachmentEvent)),
    phone_numbers(),
    emergency_addresses(),
    st.booleans(),
)
def test_advisories_block_only_when_asked_and_every_finding_cites_its_policy(
    policy: CountryPolicy,
    event: AttachmentEvent,
    number: PhoneNumber,
    address: EmergencyAddress,
    strict_evidence: bool,
) -> None:
    registry = PolicyRegistry([policy], advisories_block=strict_evidence)
    decision = decide_with(registry, policy, number, event, address)
    for v in decision.violations:
        assert v.blocking
        assert strict_evidence or not v.advisory
    for n in decision.notes:
        assert not n.blocking
    cited = set(policy.sources)
    for v in (*decision.violations, *decision.notes):
        assert set(v.sources) <= cited


def decide_with(
    registry: PolicyRegistry,
    policy: CountryPolicy,
    number: PhoneNumber,
    event: AttachmentEvent,
    address: EmergencyAddress,
) -> Decision:
    """Decide with ``policy`` whatever the number's region (the registry would pick another)."""
    from emergency_address._policy import decide

    return decide(policy, number, event, address, None, advisories_block=registry.advisories_block)


_SOURCE_FOR_ROBUSTNESS = Source(
    title="t",
    reference="https://example.org",
    supports="s",
    confidence=Confidence.HIGH,
    kind=SourceKind.LAW,
)


def test_a_required_field_that_is_not_text_is_a_field_error() -> None:
    """Found by tests/test_robustness_registry.py: a 5,000-digit int as the field made the
    message's repr() raise a bare ValueError."""
    with pytest.raises(InvalidPolicyError) as caught:
        Rule.required(10**5000, _SOURCE_FOR_ROBUSTNESS)  # type: ignore[arg-type]
    assert ("field", "INVALID_TYPE") in [(e.field, e.code) for e in caught.value.errors]


def test_with_rules_names_a_rule_that_is_not_one() -> None:
    """Found by tests/test_robustness_registry.py: a string among the rules raised
    AttributeError from inside."""
    with pytest.raises(TypeError, match=r"rules\[1\]: expected Rule, got str"):
        get_policy("US").with_rules(
            Rule.same_country(_SOURCE_FOR_ROBUSTNESS),
            "same_area",  # type: ignore[arg-type]
        )


def test_an_event_that_is_not_text_is_a_field_error() -> None:
    """Found by tests/test_robustness_registry.py: a 5,000-digit int among the events made the
    message's repr() raise a bare ValueError."""
    with pytest.raises(InvalidPolicyError) as caught:
        Rule.attach([10**5000], _SOURCE_FOR_ROBUSTNESS)  # type: ignore[list-item]
    assert ("events", "INVALID_TYPE") in [(e.field, e.code) for e in caught.value.errors]


def test_attach_names_events_that_are_not_a_collection() -> None:
    """Found by tests/test_robustness_registry.py: ``Rule.attach(None)`` raised
    "'NoneType' object is not iterable" from inside."""
    with pytest.raises(InvalidPolicyError) as caught:
        Rule.attach(None, _SOURCE_FOR_ROBUSTNESS)  # type: ignore[arg-type]
    assert ("events", "INVALID_TYPE") in [(e.field, e.code) for e in caught.value.errors]


@pytest.mark.parametrize("event", [None, ["acquisition"], 3])
def test_requires_address_names_an_event_of_the_wrong_type(event: object) -> None:
    with pytest.raises(TypeError, match="event: expected AttachmentEvent"):
        get_policy("US").requires_address(event, NumberType.FIXED_LINE)  # type: ignore[arg-type]
    us = get_policy("US")
    for member in AttachmentEvent:
        text = member.value
        assert us.requires_address(text, "fixed_line") is us.requires_address(  # type: ignore[arg-type]
            member, NumberType.FIXED_LINE
        )
