"""Hypothesis strategies for property-testing code that uses `emergency_address`.

Needs the ``hypothesis`` extra (``pip install emergency-address[hypothesis]``); the package never
imports this module itself. Every value drawn is valid: it constructs without error. Installing
the package registers the strategies with hypothesis (an entry point), so
``st.from_type(CivicAddress)`` works downstream without importing this module; this module can
be imported before or after hypothesis, in any order.

Each strategy is built once per set of arguments and reused, so drawing costs what the values
cost, not what building the strategy does.

Examples:
    >>> from hypothesis import given
    >>> from emergency_address.strategies import civic_addresses
    >>> @given(civic_addresses(country="DE"))
    ... def test_country_is_kept(address):
    ...     assert address.country == "DE"
    >>> test_country_is_kept()
"""

from __future__ import annotations

# isort: off
# Installs made before the entry point moved to ._hypothesis still name this module's hook;
# it must exist before hypothesis is imported below, which runs the entry points.
from ._hypothesis import _hypothesis_setup_hook as _hypothesis_setup_hook

# isort: on
import datetime as dt
import functools
import string
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs
import phonenumbers
from hypothesis import strategies as st

from ._address import EmergencyAddress, Location
from ._audit import AuditContext, AuditReport, audit
from ._bounds import BOXES
from ._call_location import CallLocation, EnteredLocation, call_location
from ._civic import CIVIC_FIELDS, SUB_LOCATION_FIELDS, CivicAddress, GeoPoint
from ._country import _alpha2
from ._directory import EmergencyDirectory, NumberRecord
from ._network_strategies import (
    bssids,
    client_networks,
    ethernet_switches,
    network_elements,
    network_maps,
    subnets,
    switch_ports,
    wireless_access_points,
)
from ._number import TO_PHONENUMBERS, NumberType, PhoneNumber
from ._plan import Plan, PlannedCommand, Refusal, plan
from ._policy import AttachmentEvent, CountryPolicy, Decision, Rule, Source, ViolationCode
from ._registration import Registration, RegistrationState
from ._registry import PolicyRegistry, default_registry
from ._results import (
    Attestation,
    FieldIssue,
    IssueCode,
    ManualRequest,
    Provenance,
    Severity,
    ValidationRecord,
    ValidationResult,
    ValidationState,
    Verdict,
)
from ._text import clean_text
from ._validation import (
    AsyncCachedValidator,
    AsyncValidator,
    CachedValidator,
    FormatValidator,
    Validator,
    acached,
    cached,
    validate_with,
)

__all__ = [
    "PORTABLE_FIELDS",
    "async_cached_validators",
    "async_validators",
    "attestations",
    "audit_contexts",
    "audit_reports",
    "bssids",
    "cached_validators",
    "call_locations",
    "civic_addresses",
    "client_networks",
    "country_codes",
    "country_policies",
    "decisions",
    "directories",
    "emergency_addresses",
    "entered_locations",
    "ethernet_switches",
    "field_issues",
    "format_validators",
    "geo_points",
    "locations",
    "manual_requests",
    "network_elements",
    "network_maps",
    "number_records",
    "phone_numbers",
    "planned_commands",
    "plans",
    "policy_registries",
    "provenances",
    "refusals",
    "registrations",
    "rules",
    "sources",
    "subnets",
    "switch_ports",
    "validation_records",
    "validation_results",
    "validators",
    "wireless_access_points",
]

#: The civic fields every format carries (PIDF-LO, NENA CLDXF, Teams LIS CSV, JSON): the ones
#: Teams has. ``portable=True`` keeps a drawn address to these, within the Teams limits.
PORTABLE_FIELDS = frozenset(
    {
        "country",
        "state",
        "city",
        "postal_community",
        "pre_directional",
        "street_name",
        "street_suffix",
        "post_directional",
        "house_number",
        "house_number_suffix",
        "postal_code",
    }
)


def _alphabet() -> str:
    """Printable text beyond ASCII, in a few contiguous ranges (hypothesis checks every drawn
    character against the alphabet's ranges: a few ranges draw much faster than the thousands
    of a Unicode category). No controls, format characters, surrogates or noncharacters, so
    every format carries them; combining marks, right-to-left letters, wide ideographs and
    characters that NFC changes or lengthens, so the constructors' normalisation is exercised."""
    ranges = (
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xAC),  # Latin-1 (no-break space included; the soft hyphen, U+00AD, is not)
        (0xAE, 0x17F),  # Latin-1 and Latin Extended-A
        (0x300, 0x36F),  # combining diacritics (U+0344 becomes two characters under NFC)
        (0x391, 0x3C9),  # Greek
        (0x410, 0x44F),  # Cyrillic
        (0x5D0, 0x5EA),  # Hebrew
        (0x621, 0x64A),  # Arabic
        (0x915, 0x939),  # Devanagari
        (0x958, 0x95F),  # Devanagari letters that NFC decomposes into two
        (0x2000, 0x200A),  # wide and thin spaces
        (0x2126, 0x212B),  # Ohm, Kelvin and Angstrom signs (NFC maps them to letters)
        (0x3000, 0x3000),  # ideographic space
        (0x4E00, 0x4EFF),  # CJK ideographs
        (0xAC00, 0xAC7F),  # Hangul syllables
        (0xFB1D, 0xFB1D),  # a Hebrew presentation form NFC lengthens
        (0x1F600, 0x1F64F),  # emoji, beyond the BMP
    )
    return "".join(chr(c) for low, high in ranges for c in range(low, high + 1))


_TEXT_ALPHABET = _alphabet()
_T = TypeVar("_T")
_ID_TEXT = st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=24)
# An ELIN gateway's own identifier ("ORKAN_FL01"), when an ELIN is not a phone number.
_ELIN_NAMES = st.builds(
    str.__add__,
    st.sampled_from(string.ascii_uppercase),
    st.text(string.ascii_uppercase + string.digits + "_", max_size=19),
)
_MOMENTS = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 1, 1), timezones=st.just(dt.UTC)
)
_LANGUAGES = st.sampled_from(["en", "en-US", "de", "fr-CA", "nl"])


@functools.cache
def _text(field: str, limit: int) -> st.SearchStrategy[str]:
    """Text the constructors accept for ``field``: judged after the library's own
    normalisation, since NFC can lengthen a text (U+0958 becomes two code points)."""

    def fits(raw: str) -> bool:
        errors: list[Any] = []
        return clean_text(field, raw, limit, errors) is not None and not errors

    return st.text(_TEXT_ALPHABET, min_size=1, max_size=min(limit, 40)).filter(fits)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _some(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of ``fields``, drawn a few at a time as real records have them, shrinking
    towards none (drawing every field as "None or a value" would draw a text per field)."""
    names = st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=len(fields))

    @st.composite
    def some(draw: st.DrawFn) -> dict[str, Any]:
        return {name: draw(fields[name]) for name in sorted(draw(names))}

    return some()


def _build(
    cls: Callable[..., _T], fields: st.SearchStrategy[dict[str, Any]], **required: Any
) -> st.SearchStrategy[_T]:
    def build(optional: dict[str, Any], **given: Any) -> _T:
        return cls(**given, **optional)

    return st.builds(build, fields, **required)


def country_codes() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 codes, as pycountry knows them."""
    return _country_codes()


@functools.cache
def _country_codes() -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(_alpha2()))


@functools.cache
def geo_points() -> st.SearchStrategy[GeoPoint]:
    """Points anywhere on the globe, poles and antimeridian included."""
    return st.builds(
        GeoPoint,
        latitude=st.floats(-90, 90, allow_nan=False),
        longitude=st.floats(-180, 180, allow_nan=False),
    )


@functools.cache
def _points_in(country: str) -> st.SearchStrategy[GeoPoint]:
    """Points inside the country's rough box, where one is known."""
    west, south, east, north = BOXES[country]
    return st.builds(
        GeoPoint,
        latitude=st.floats(south, north, allow_nan=False),
        longitude=st.floats(west, east, allow_nan=False),
    )


def civic_addresses(
    country: str | None = None, *, portable: bool = False
) -> st.SearchStrategy[CivicAddress]:
    """Civic addresses with any subset of fields filled, in ``country`` if given.

    The sub-location fields (building, floor, unit, room, seat) stay empty, as they do on a
    registered address; [`locations`][emergency_address.strategies.locations] supplies them.

    Args:
        country: the ISO 3166-1 alpha-2 code every address has; any country when ``None``.
        portable: keep to what every format writes and reads back equal: the fields of
            [`PORTABLE_FIELDS`][emergency_address.strategies.PORTABLE_FIELDS], no language.
    """
    return _civic_addresses(country.upper() if country is not None else None, portable)


@functools.cache
def _civic_addresses(country: str | None, portable: bool) -> st.SearchStrategy[CivicAddress]:
    fields: dict[str, st.SearchStrategy[Any]] = {
        name: _text(name, _portable_limit(name, limit) if portable else limit)
        for name, _, limit in CIVIC_FIELDS
        if name != "country"
        and name not in SUB_LOCATION_FIELDS
        and (not portable or name in PORTABLE_FIELDS)
    }
    if not portable:
        fields["language"] = _LANGUAGES
    countries = st.just(country) if country is not None else _country_codes()
    return _build(CivicAddress, _some(fields), country=countries)


def _portable_limit(name: str, limit: int) -> int:
    # Teams LIS has the tightest limits of the formats; its writer applies them.
    from .formats.teams import TEAMS_LIMITS

    return min(limit, int(TEAMS_LIMITS.get(name, limit)))


def locations(id: str | None = None, *, portable: bool = False) -> st.SearchStrategy[Location]:
    """Locations with any subset of their fields filled.

    Args:
        id: the id every location has; drawn when ``None``.
        portable: keep to what every format writes and reads back equal.
    """
    return _locations(id, None, portable)


def _limit(field: str) -> int:
    return next(limit for name, _, limit in CIVIC_FIELDS if name == field)


@functools.cache
def _locations(id: str | None, country: str | None, portable: bool) -> st.SearchStrategy[Location]:
    ids = st.just(id) if id is not None else _ID_TEXT
    fields: dict[str, st.SearchStrategy[Any]] = {
        name: _text(name, _limit(name)) for name in SUB_LOCATION_FIELDS
    }
    fields.update(
        description=_text("description", 255),
        elin=_elins(country),
        geo=_points_in(country) if country in BOXES else geo_points(),
    )
    return _build(Location, _some(fields), id=ids)


@functools.cache
def _elins(country: str | None) -> st.SearchStrategy[str]:
    """ELINs: text, a phone number of the country (E.164) or a gateway's identifier."""
    return phone_numbers(country).map(lambda number: number.e164) | _ELIN_NAMES


def emergency_addresses(
    country: str | None = None, *, portable: bool = False
) -> st.SearchStrategy[EmergencyAddress]:
    """Emergency addresses with up to four locations beside the default one.

    Args:
        country: the country of every address; any country when ``None``.
        portable: keep to what every format writes and reads back equal (see
            [`civic_addresses`][emergency_address.strategies.civic_addresses]).
    """
    return _emergency_addresses(country.upper() if country is not None else None, portable)


def _assemble(locations: list[Location], **fields: Any) -> EmergencyAddress:
    address_id = fields["id"]
    default_id = fields.get("default_location_id") or address_id
    kept = [loc for loc in locations if loc.id != address_id]
    # The default location comes first, where the constructor puts one it creates.
    kept.sort(key=lambda loc: loc.id != default_id)
    return EmergencyAddress(locations=tuple(kept), **fields)


@functools.cache
def _emergency_addresses(
    country: str | None, portable: bool, local: bool = False
) -> st.SearchStrategy[EmergencyAddress]:
    # ``local``: ELINs and points of the address's own country, as a compliant estate has them.
    elin_country = country if local else None
    points = _points_in(country) if local and country in BOXES else geo_points()
    fields = {
        "company_name": _text("company_name", 255),
        "company_tax_id": st.text(string.digits, min_size=5, max_size=12),
        "description": _text("description", 255),
        "geo": points,
        "elin": _elins(elin_country),
        "default_location_id": _ID_TEXT,
    }
    return _build(
        _assemble,
        _some(fields),
        id=_ID_TEXT,
        civic=_civic_addresses(country, portable),
        locations=st.lists(
            _locations(None, elin_country, portable), max_size=4, unique_by=lambda loc: loc.id
        ),
    )


@functools.cache
def _examples(region: str | None, number_type: NumberType | None) -> tuple[str, ...]:
    """The example numbers phonenumbers' metadata gives, in E.164: the starting points that
    [`phone_numbers`][emergency_address.strategies.phone_numbers] varies."""
    regions: list[str] = [region] if region is not None else sorted(phonenumbers.SUPPORTED_REGIONS)
    types = (
        [number_type]
        if number_type is not None
        else [t for t in NumberType if t is not NumberType.UNKNOWN]
    )
    found = []
    for code in regions:
        for kind in types:
            example = phonenumbers.example_number_for_type(code, TO_PHONENUMBERS[kind])
            # Shared ranges (NANP toll-free numbers) belong to another region: skip them.
            if example is not None and phonenumbers.region_code_for_number(example) == code:
                found.append(
                    phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
                )
    if region is None and number_type is None:
        for calling_code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
            example = phonenumbers.example_number_for_non_geo_entity(calling_code)
            if example is not None and phonenumbers.is_valid_number(example):
                found.append(
                    phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
                )
    return tuple(found)


def phone_numbers(
    region: str | None = None, number_type: NumberType | str | None = None
) -> st.SearchStrategy[PhoneNumber]:
    """Valid numbers of every region (non-geographic ones too), or of ``region`` and
    ``number_type``.

    Each draw takes an example number from phonenumbers' metadata and replaces its last digits;
    when the variation leaves the valid ranges, the example itself is used, so every draw is a
    valid number of the asked-for kind.

    Raises:
        ValueError: phonenumbers has no example for that region and type.
    """
    kind = NumberType(number_type) if number_type is not None else None
    return _phone_numbers(region.upper() if region is not None else None, kind)


@functools.cache
def _phone_numbers(region: str | None, kind: NumberType | None) -> st.SearchStrategy[PhoneNumber]:
    examples = _examples(region, kind)
    if not examples:
        raise ValueError(f"phonenumbers has no example number for region={region!r}, type={kind}")

    def vary(example: str, tail: str) -> PhoneNumber:
        original = PhoneNumber(example)
        candidate = example[: len(example) - len(tail)] + tail
        try:
            varied = PhoneNumber(candidate)
        except ValueError:
            return original
        if varied.region != original.region or (
            kind is not None and varied.number_type is not kind
        ):
            return original
        return varied

    return st.builds(
        vary, st.sampled_from(examples), st.text(string.digits, min_size=0, max_size=4)
    )


_ARRIVALS = st.sampled_from([AttachmentEvent.ACQUISITION, AttachmentEvent.PORT_IN])


def number_records(
    region: str | None = None, *, location_ids: Iterable[str] | None = None
) -> st.SearchStrategy[NumberRecord]:
    """Number records: a number (of ``region`` if given), how it arrived, maybe a user and a
    location.

    Args:
        region: the numbers' region; any region when ``None``.
        location_ids: the location ids a record may be bound to; any id when ``None``. A record
            may always be unbound.
    """
    ids = tuple(sorted(set(location_ids))) if location_ids is not None else None
    return _number_records(region.upper() if region is not None else None, ids)


@functools.cache
def _number_records(
    region: str | None, location_ids: tuple[str, ...] | None
) -> st.SearchStrategy[NumberRecord]:
    if location_ids is None:
        bound = _maybe(_ID_TEXT)
    elif location_ids:
        bound = _maybe(st.sampled_from(location_ids))
    else:
        bound = st.none()
    return st.builds(
        NumberRecord,
        phone_numbers(region),
        arrived=_ARRIVALS,
        user=_maybe(_text("user", 255)),
        location_id=bound,
    )


@functools.cache
def field_issues() -> st.SearchStrategy[FieldIssue]:
    """Validator findings about one civic field."""
    return st.builds(
        FieldIssue,
        field=st.sampled_from([name for name, _, _ in CIVIC_FIELDS]),
        code=st.sampled_from(IssueCode),
        message=_text("message", 255),
        severity=st.sampled_from(Severity),
        validator=st.sampled_from(["", "format", "authority"]),
    )


@functools.cache
def validation_results() -> st.SearchStrategy[ValidationResult]:
    """What a validator may say: any verdict, with issues, and a correction where the verdict
    allows one."""

    def result(verdict: Verdict, issues: list[FieldIssue], corrected: CivicAddress) -> Any:
        return ValidationResult(
            verdict=verdict,
            issues=tuple(issues),
            corrected=corrected if verdict is Verdict.ACCEPTED_WITH_CHANGES else None,
            validator="strategies",
        )

    return st.builds(
        result,
        st.sampled_from(Verdict),
        st.lists(field_issues(), max_size=3),
        civic_addresses(),
    )


@functools.cache
def attestations() -> st.SearchStrategy[Attestation]:
    """Attestations: who, why and when."""
    return st.builds(Attestation, by=_text("by", 64), reason=_text("reason", 255), at=_MOMENTS)


@functools.cache
def manual_requests() -> st.SearchStrategy[ManualRequest]:
    """Manual validation requests, pending."""
    return st.builds(ManualRequest, reference=_ID_TEXT, requested_at=_MOMENTS)


@functools.cache
def provenances() -> st.SearchStrategy[Provenance]:
    """Where an imported validation state came from."""
    return st.builds(
        Provenance,
        source=st.sampled_from(["teams-csv", "json", "pidf"]),
        file=_maybe(st.sampled_from(["addresses.csv", "estate.json"])),
        line=_maybe(st.integers(1, 10**6)),
        at=_maybe(_MOMENTS),
    )


@functools.cache
def validation_records() -> st.SearchStrategy[ValidationRecord]:
    """Validation records as the workflow leaves them: not validated, validated by an authority
    (bound to the content it validated), or rejected by one."""
    addresses = emergency_addresses()
    return st.one_of(
        st.just(ValidationRecord()),
        addresses.map(lambda a: _validated(a).validation),
        addresses.map(lambda a: _rejected(a).validation),
    )


# --- policies, decisions, validators -----------------------------------------------------------


@functools.cache
def country_policies() -> st.SearchStrategy[CountryPolicy]:
    """The built-in country policies (each cites its sources, so each is a real one)."""
    return st.sampled_from(tuple(default_registry()))


@functools.cache
def rules() -> st.SearchStrategy[Rule]:
    """The rules of the built-in policies, each with its sources."""
    return st.sampled_from(sorted({r for p in default_registry() for r in p.rules}, key=repr))


@functools.cache
def sources() -> st.SearchStrategy[Source]:
    """The sources the built-in policies cite."""
    found = {s for p in default_registry() for r in p.rules for s in r.sources}
    return st.sampled_from(sorted(found, key=repr))


@functools.cache
def policy_registries() -> st.SearchStrategy[PolicyRegistry]:
    """Registries of some built-in policies, strict or not."""
    return st.builds(
        PolicyRegistry,
        st.lists(country_policies(), unique_by=lambda p: p.country, max_size=6),
        strict=st.booleans(),
    )


@functools.cache
def decisions() -> st.SearchStrategy[Decision]:
    """What the built-in registry decides for a number at an event, with or without an address
    (the address at its default location)."""
    registry = default_registry()
    events = st.sampled_from(AttachmentEvent)
    return st.builds(
        registry.decide,
        phone_numbers(),
        events,
        _maybe(emergency_addresses()),
    )


@functools.cache
def format_validators() -> st.SearchStrategy[FormatValidator]:
    """The offline format validator, with or without the postal data, over some registries."""
    return st.builds(
        FormatValidator,
        registry=_maybe(policy_registries()),
        postal=st.sampled_from([None, False, True]),
    )


@functools.cache
def validators() -> st.SearchStrategy[Validator]:
    """Stand-ins for an authority (`emergency_address.testing.FakeAuthority`), each knowing a
    few addresses."""
    from .testing import FakeAuthority

    return st.builds(
        lambda known: FakeAuthority(known=known),
        st.lists(civic_addresses(), max_size=3),
    )


@functools.cache
def cached_validators() -> st.SearchStrategy[CachedValidator]:
    """[`validators`][emergency_address.strategies.validators], remembered by
    [`cached`][emergency_address.cached]."""
    return st.builds(cached, validators())


@functools.cache
def async_cached_validators() -> st.SearchStrategy[AsyncCachedValidator]:
    """[`async_validators`][emergency_address.strategies.async_validators], remembered by
    [`acached`][emergency_address.acached]."""
    return st.builds(acached, async_validators())


@functools.cache
def audit_contexts() -> st.SearchStrategy[AuditContext]:
    """The shared part of a sharded audit, over some drawn addresses."""
    return st.builds(AuditContext, st.lists(emergency_addresses(), max_size=3, unique_by=_id))


def _id(address: EmergencyAddress) -> str:
    return address.id


@functools.cache
def async_validators() -> st.SearchStrategy[AsyncValidator]:
    """[`validators`][emergency_address.strategies.validators] with ``async def validate``."""
    from .testing import AsyncFakeAuthority

    return st.builds(
        lambda known: AsyncFakeAuthority(known=known),
        st.lists(civic_addresses(), max_size=3),
    )


@functools.cache
def audit_reports() -> st.SearchStrategy[AuditReport]:
    """The audit of a drawn directory, compliant or not."""
    good = directories(max_addresses=3, max_numbers=4)
    bad = directories(compliant=False, max_addresses=3, max_numbers=4)
    return st.builds(audit, good | bad)


@functools.cache
def entered_locations() -> st.SearchStrategy[EnteredLocation]:
    """Locations a user entered or the operating system suggested, with or without the network
    they were entered on."""
    return st.builds(
        EnteredLocation,
        civic=civic_addresses(),
        at=_MOMENTS,
        network=_maybe(client_networks()),
        geo=_maybe(geo_points()),
    )


@functools.cache
def call_locations() -> st.SearchStrategy[CallLocation]:
    """The location a call carries, picked from what the user entered or a static location."""

    def pick(user: EnteredLocation | None, static: str) -> CallLocation:
        found = call_location(user=user, static_location_id=static)
        assert found is not None  # a static location always answers
        return found

    return st.builds(pick, _maybe(entered_locations()), _ID_TEXT)


# --- lifecycle ---------------------------------------------------------------------------------


@functools.cache
def registrations() -> st.SearchStrategy[Registration]:
    """A number's registration with its provider, in any state, its fields as that state has
    them (a registered one names its location, a failed one says why)."""

    def build(
        state: RegistrationState,
        location_id: str | None,
        provider: str | None,
        reference: str | None,
        error: str,
        requested_at: dt.datetime | None,
        updated_at: dt.datetime | None,
    ) -> Registration:
        if state is RegistrationState.NOT_TRACKED:
            return Registration(provider=provider)
        needs_location = state in (
            RegistrationState.PENDING_REGISTRATION,
            RegistrationState.REGISTERED,
        )
        failed = state in (
            RegistrationState.REGISTRATION_FAILED,
            RegistrationState.UNREGISTRATION_FAILED,
        )
        return Registration(
            state=state,
            location_id=location_id or ("loc" if needs_location else None),
            provider=provider,
            reference=reference,
            last_error=error if failed else None,
            requested_at=requested_at,
            updated_at=updated_at,
        )

    return st.builds(
        build,
        st.sampled_from(RegistrationState),
        _maybe(_ID_TEXT),
        _maybe(st.sampled_from(["twilio", "bandwidth", "teams"])),
        _maybe(_ID_TEXT),
        _text("last_error", 255),
        _maybe(_MOMENTS),
        _maybe(_MOMENTS),
    )


@functools.cache
def plans() -> st.SearchStrategy[Plan]:
    """The plan between two compliant directories."""
    small = directories(max_addresses=3, max_numbers=4)
    return st.builds(plan, small, small)


@functools.cache
def planned_commands() -> st.SearchStrategy[PlannedCommand]:
    """One command of a plan between two compliant directories."""
    return plans().filter(lambda p: bool(p.commands)).flatmap(lambda p: st.sampled_from(p.commands))


@functools.cache
def refusals() -> st.SearchStrategy[Refusal]:
    """A planned command refused, with the error's class name, its message and codes."""
    return st.builds(
        Refusal,
        command=planned_commands(),
        error=st.sampled_from(["PolicyViolationError", "AddressInUseError", "NotFoundError"]),
        reason=_text("reason", 255),
        codes=st.lists(st.sampled_from([c.value for c in ViolationCode]), max_size=3).map(tuple),
    )


# --- directories -------------------------------------------------------------------------------


def directories(
    *,
    compliant: bool = True,
    registry: PolicyRegistry | None = None,
    max_addresses: int = 4,
    max_numbers: int = 8,
) -> st.SearchStrategy[EmergencyDirectory]:
    """Emergency directories: addresses with their locations, and numbers bound to them.

    With ``compliant`` (the default), every address is validated and every number's binding
    satisfies its country's policy at every event it passed through, so
    [`audit`][emergency_address.audit] finds no error and no warning: the estate a well-run
    organisation has. With ``compliant=False``, the directory is well formed (it loads) but
    breaks rules, at least one: unvalidated or invalid addresses, numbers with no address or
    an address in another country, missing required fields; for testing audits and the code
    that repairs an estate.

    Args:
        compliant: draw estates that keep every rule, or estates with violations.
        registry: the policies to comply with (and the directory's registry); the built-in
            ones when ``None``.
        max_addresses: the most addresses drawn.
        max_numbers: the most numbers drawn.
    """
    return _directories(compliant, registry, max_addresses, max_numbers)


def _directories(
    compliant: bool, registry: PolicyRegistry | None, max_addresses: int, max_numbers: int
) -> st.SearchStrategy[EmergencyDirectory]:
    if registry is None:  # registries are not hashable: only the default one is cached
        return _default_directories(compliant, max_addresses, max_numbers)
    build = _compliant_directory if compliant else _broken_directory
    return build(registry, registry, max_addresses, max_numbers)


@functools.cache
def _default_directories(
    compliant: bool, max_addresses: int, max_numbers: int
) -> st.SearchStrategy[EmergencyDirectory]:
    build = _compliant_directory if compliant else _broken_directory
    return build(default_registry(), None, max_addresses, max_numbers)


def _policy_countries(policies: PolicyRegistry) -> tuple[str, ...]:
    """The registry's countries that phonenumbers has example numbers for."""
    return tuple(
        policy.country
        for policy in policies
        if policy.country in phonenumbers.SUPPORTED_REGIONS and _examples(policy.country, None)
    )


def _validated(address: EmergencyAddress) -> EmergencyAddress:
    """The address as an authority's acceptance leaves it: validated, bound to its content."""
    from .testing import validated

    return validated(address)


def _rejected(address: EmergencyAddress) -> EmergencyAddress:
    """The address as an authority's rejection leaves it (an authority that knows nothing)."""
    from .testing import FakeAuthority

    return validate_with(FakeAuthority(), address)[0]


def _place_of(number: PhoneNumber) -> str:
    """The place name phonenumbers' geocoding data gives the number's prefix ("" if none)."""
    from ._area import _geodata

    return _geodata(str(number.country_code)).place(number.e164[1:])


def _fill_required(
    draw: st.DrawFn, address: EmergencyAddress, policy: CountryPolicy, number: PhoneNumber
) -> EmergencyAddress:
    """The address with every field the policy requires, in the number's area where the policy
    asks for it (the area's own place name, as phonenumbers' geocoding data gives it)."""
    civic_changes: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    for name in sorted(policy.required_fields):
        if name == "geo":
            if address.geo is None:
                changes["geo"] = draw(
                    _points_in(policy.country) if policy.country in BOXES else geo_points()
                )
        elif name in ("company_name", "company_tax_id"):
            if getattr(address, name) is None:
                changes[name] = draw(_text(name, 64))
        elif getattr(address.civic, name) is None:
            civic_changes[name] = draw(_text(name, _limit(name)))
    place = _place_of(number).split(",")[0].strip() if policy.same_area else ""
    if place:
        civic_changes["city"] = place
        for name in ("postal_community", "county", "city_district"):
            if name not in policy.required_fields:
                civic_changes[name] = None  # another place name could lie outside the area
    if civic_changes:
        changes["civic"] = attrs.evolve(address.civic, **civic_changes)
    return attrs.evolve(address, **changes) if changes else address


def _compliant_directory(
    policies: PolicyRegistry,
    registry: PolicyRegistry | None,
    max_addresses: int,
    max_numbers: int,
) -> st.SearchStrategy[EmergencyDirectory]:
    countries = _policy_countries(policies)
    pick_country = st.sampled_from(countries)
    numbers_of = {
        c: st.lists(phone_numbers(c), max_size=max(1, max_numbers // 2), unique_by=str)
        for c in countries
    }
    users = _maybe(_text("user", 64))

    @st.composite
    def draw_directory(draw: st.DrawFn) -> EmergencyDirectory:
        sites = draw(st.integers(0, max_addresses))
        addresses: list[EmergencyAddress] = []
        records: list[NumberRecord] = []
        taken: set[str] = set()  # location ids
        named: set[str] = set()  # address ids
        seen_numbers: set[str] = set()
        for _ in range(sites):
            country = draw(pick_country)
            policy = policies.get(country)
            address = draw(_emergency_addresses(country, False, True))
            ids = [loc.id for loc in address.locations]
            if taken & set(ids) or address.id in named:
                continue
            numbers = [n for n in draw(numbers_of[country]) if n.e164 not in seen_numbers]
            if numbers:
                address = _fill_required(draw, address, policy, numbers[0])
            address = _validated(address)
            for number in numbers:
                record = NumberRecord(
                    number,
                    arrived=draw(_ARRIVALS),
                    user=draw(users),
                    location_id=draw(_maybe(st.sampled_from(ids))),
                )
                if _satisfies(policies, record, address):
                    records.append(record)
                    seen_numbers.add(number.e164)
            addresses.append(address)
            taken.update(ids)
            named.add(address.id)
        return _clean(addresses, records[:max_numbers], registry)

    return draw_directory()


def _clean(
    addresses: list[EmergencyAddress],
    records: list[NumberRecord],
    registry: PolicyRegistry | None,
) -> EmergencyDirectory:
    """The directory, less whatever the audit still finds fault with (two addresses with one
    civic address, say): drawn values meet the rules by construction, and this keeps the promise
    for checks the construction does not know of."""
    while True:
        directory = EmergencyDirectory.build(addresses, records, registry=registry)
        faults = [f for f in audit(directory).findings if f.severity is not Severity.INFO]
        if not faults:
            return directory
        numbers = {f.number for f in faults if f.number is not None}
        held = {r.number.e164 for r in records}
        if numbers & held:
            records = [r for r in records if r.number.e164 not in numbers]
            continue
        dropped = {f.address_id for f in faults if f.address_id is not None}
        if not dropped:
            return EmergencyDirectory(registry)  # a fault of the whole estate: start empty
        addresses = [a for a in addresses if a.id not in dropped]
        kept = {loc.id for a in addresses for loc in a.locations}
        records = [r for r in records if r.location_id is None or r.location_id in kept]


def _satisfies(policies: PolicyRegistry, record: NumberRecord, address: EmergencyAddress) -> bool:
    return all(
        policies.decide(record.number, event, address, record.location_id).satisfied
        for event in record.events
    )


def _broken_directory(
    policies: PolicyRegistry,
    registry: PolicyRegistry | None,
    max_addresses: int,
    max_numbers: int,
) -> st.SearchStrategy[EmergencyDirectory]:
    countries = _policy_countries(policies)
    pick_country = st.sampled_from(countries)
    any_number = st.one_of([phone_numbers(c) for c in countries] + [phone_numbers()])
    users = _maybe(_text("user", 64))
    states = st.sampled_from(
        [ValidationState.NOT_VALIDATED, ValidationState.VALIDATED, ValidationState.INVALID]
    )

    @st.composite
    def draw_directory(draw: st.DrawFn) -> EmergencyDirectory:
        addresses: list[EmergencyAddress] = []
        taken: set[str] = set()  # location ids
        named: set[str] = set()  # address ids
        for _ in range(draw(st.integers(1, max(1, max_addresses)))):
            address = draw(_emergency_addresses(draw(pick_country), False))
            ids = {loc.id for loc in address.locations}
            if taken & ids or address.id in named:
                continue
            state = draw(states)
            if state is ValidationState.VALIDATED:
                address = _validated(address)
            elif state is ValidationState.INVALID:
                address = _rejected(address)
            addresses.append(address)
            taken |= ids
            named.add(address.id)
        location_ids = tuple(sorted(taken))
        number_strategy = st.builds(
            NumberRecord,
            any_number,
            arrived=_ARRIVALS,
            user=users,
            location_id=_maybe(st.sampled_from(location_ids)),
        )
        records = draw(
            st.lists(number_strategy, max_size=max_numbers, unique_by=lambda r: r.number.e164)
        )
        directory = EmergencyDirectory.build(addresses, records, registry=registry)
        if not audit(directory).at_or_above(Severity.ERROR):
            # Nothing broke by chance: add a number its country wants an address for, unbound.
            directory = _with_unbound_number(directory, policies, countries, records, registry)
        return directory

    return draw_directory()


def _with_unbound_number(
    directory: EmergencyDirectory,
    policies: PolicyRegistry,
    countries: tuple[str, ...],
    records: list[NumberRecord],
    registry: PolicyRegistry | None,
) -> EmergencyDirectory:
    held = {r.number.e164 for r in records}
    for country in countries:
        policy = policies.get(country)
        for kind in sorted(policy.number_types):
            for event in (AttachmentEvent.ACQUISITION, AttachmentEvent.PORT_IN):
                if not policy.requires_address(event, kind):
                    continue
                for example in _examples(country, kind):
                    if example not in held:
                        record = NumberRecord(PhoneNumber(example), arrived=event)
                        return EmergencyDirectory.build(
                            directory.addresses(), [*records, record], registry=registry
                        )
    raise ValueError("no policy of the registry requires an address at a number's arrival")
