"""Country policies: when an emergency address must be attached to a number, and what it needs."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

import attrs

from ._address import EmergencyAddress
from ._area import address_in_area
from ._country import country_from_any, country_problem
from ._number import NumberType, PhoneNumber
from ._results import ManualPath, ValidationState, coerce_enum, tuple_of
from .exceptions import FieldError, InvalidAddressError, PolicyViolationError


class AttachmentEvent(enum.StrEnum):
    """The moments in a number's life at which a country may demand an emergency address."""

    ACQUISITION = "acquisition"
    """The number is obtained from the provider."""
    PORT_IN = "port_in"
    """The number is transferred in from another carrier."""
    ASSIGNMENT = "assignment"
    """The number is assigned to a user or a device."""


class EmergencyService(enum.StrEnum):
    """Whether emergency calling works through the integrator's registered address."""

    SUPPORTED = "supported"
    CARRIER_MANAGED = "carrier_managed"
    """The carrier keeps the address (Australia's IPND, for example)."""
    NOT_SUPPORTED = "not_supported"
    """No emergency calling: attaching an address is meaningless, not required."""


class Confidence(enum.StrEnum):
    """How far a source can be trusted for the rule it supports (DOMAIN.md's H / M / L)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@attrs.frozen(kw_only=True)
class Source:
    """A citation behind a policy rule.

    Attributes:
        title: the document's title.
        reference: a URL, or the document and section (``"47 CFR 9.16(b)"``).
        supports: the rule it is cited for, in a few words.
        confidence: how far it can be trusted for that rule.
    """

    title: str
    reference: str
    supports: str
    confidence: Confidence = Confidence.HIGH

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"


# Fields a policy may require: civic fields by their CivicAddress name, and three that live on
# the EmergencyAddress itself.
ADDRESS_LEVEL_FIELDS = frozenset({"company_name", "company_tax_id", "geo"})

#: Number types a policy covers unless it says otherwise: the fixed and nomadic (VoIP) numbers
#: an organisation registers addresses for. Mobile numbers are located by their network, and
#: toll-free, premium and shared-cost numbers are inbound services with no caller location.
#: This scoping is the library's default, not a regulation: a policy can widen it.
DEFAULT_NUMBER_TYPES = frozenset(
    {NumberType.FIXED_LINE, NumberType.FIXED_LINE_OR_MOBILE, NumberType.VOIP}
)


def _known_required_fields() -> frozenset[str]:
    from ._civic import CIVIC_FIELDS

    return frozenset(name for name, _, _ in CIVIC_FIELDS) | ADDRESS_LEVEL_FIELDS


@attrs.frozen(kw_only=True)
class CountryPolicy:
    """What one country demands of the emergency address of a number.

    Attributes:
        country: ISO 3166-1 alpha-2 code (any case or alpha-3 accepted, stored alpha-2).
        attach_at: the events at which an address must be attached.
        same_country: the address must lie in the number's country.
        same_area: the address must lie in the number's geographic area code.
        required_fields: the fields the address must have: `CivicAddress` field names, plus
            ``company_name``, ``company_tax_id`` and ``geo`` of the `EmergencyAddress`.
        manual_fallback: the manual path when no validator can decide.
        emergency_service: whether emergency calling works through the registered address.
        number_types: the number types the policy covers.
        accepts_attestation: whether an attested (not validated) address satisfies it.
        sources: the citations behind the rules.
        is_default: true only for the conservative stand-in for a country with no policy.
        notes: a short explanation for people.
    """

    country: str
    attach_at: frozenset[AttachmentEvent]
    same_country: bool = True
    same_area: bool = False
    required_fields: frozenset[str] = frozenset()
    manual_fallback: ManualPath = ManualPath.SERVICE_REQUEST
    emergency_service: EmergencyService = EmergencyService.SUPPORTED
    number_types: frozenset[NumberType] = DEFAULT_NUMBER_TYPES
    accepts_attestation: bool = False
    sources: tuple[Source, ...] = ()
    is_default: bool = False
    notes: str = ""

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        if not isinstance(self.country, str):
            errors.append(FieldError.wrong_type("country", "an alpha-2 code", self.country))
        elif not self.is_default:
            code = country_from_any(self.country)
            if code is None:
                errors.append(FieldError("country", "UNKNOWN", country_problem(self.country)))
            else:
                set_(self, "country", code)
        set_(self, "attach_at", _enum_set("attach_at", self.attach_at, AttachmentEvent, errors))
        set_(self, "number_types", _enum_set("number_types", self.number_types, NumberType, errors))
        fields = _str_set("required_fields", self.required_fields, errors)
        unknown = sorted(fields - _known_required_fields())
        if unknown:
            errors.append(
                FieldError(
                    "required_fields", "UNKNOWN", f"not address fields: {', '.join(unknown)}"
                )
            )
        set_(self, "required_fields", fields)
        coerce_enum(self, "manual_fallback", ManualPath, errors)
        coerce_enum(self, "emergency_service", EmergencyService, errors)
        tuple_of(self, "sources", Source, errors)
        if self.sources == () and not self.is_default:
            errors.append(
                FieldError(
                    "sources", "REQUIRED", "a policy needs at least one source for its rules"
                )
            )
        if errors:
            raise InvalidAddressError(errors)

    @classmethod
    def conservative(cls, country: str | None) -> CountryPolicy:
        """The stand-in for a country with no policy: an address at every event, same country.

        Args:
            country: the region of the number (``None`` for a non-geographic number, whose
                address cannot be compared with a country).
        """
        return cls(
            country=country or "001",
            attach_at=frozenset(AttachmentEvent),
            same_country=country is not None,
            emergency_service=EmergencyService.SUPPORTED,
            number_types=frozenset(NumberType),
            is_default=True,
            notes=(
                "No policy is known for this country: the conservative default asks for a "
                "validated address at every event. Build a registry with a policy of your own "
                "to replace it."
            ),
        )

    @property
    def source(self) -> str:
        """The first citation, for messages; ``"default policy"`` for the stand-in."""
        return str(self.sources[0]) if self.sources else "default policy (no source)"

    def requires_address(self, event: AttachmentEvent, number_type: NumberType) -> bool:
        """Whether an address is required at ``event`` for a number of ``number_type``."""
        return (
            self.emergency_service is not EmergencyService.NOT_SUPPORTED
            and event in self.attach_at
            and number_type in self.number_types
        )


def _enum_set(field: str, value: Any, kind: Any, errors: list[FieldError]) -> frozenset[Any]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        errors.append(FieldError.wrong_type(field, f"a set of {kind.__name__}", value))
        return frozenset()
    members = set()
    for item in value:
        try:
            members.add(kind(item))
        except ValueError:
            errors.append(FieldError(field, "INVALID", f"{item!r} is not a {kind.__name__}"))
    return frozenset(members)


def _str_set(field: str, value: Any, errors: list[FieldError]) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        errors.append(FieldError.wrong_type(field, "a set of field names", value))
        return frozenset()
    return frozenset(str(v) for v in value)


class ViolationCode(enum.StrEnum):
    """The stable codes of :class:`Violation`."""

    NO_ADDRESS = "NO_ADDRESS"
    NOT_VALIDATED = "NOT_VALIDATED"
    COUNTRY_MISMATCH = "COUNTRY_MISMATCH"
    AREA_MISMATCH = "AREA_MISMATCH"
    MISSING_FIELD = "MISSING_FIELD"
    UNKNOWN_LOCATION = "UNKNOWN_LOCATION"
    EMERGENCY_UNSUPPORTED = "EMERGENCY_UNSUPPORTED"
    """Information, not a block: the country has no emergency calling on this service."""
    AREA_UNCHECKED = "AREA_UNCHECKED"
    """Information, not a block: the offline data could not place the address in an area."""
    DEFAULT_POLICY = "DEFAULT_POLICY"
    """Information, not a block: no policy is known, the conservative stand-in was used."""


_INFORMATIONAL = frozenset(
    {
        ViolationCode.EMERGENCY_UNSUPPORTED,
        ViolationCode.AREA_UNCHECKED,
        ViolationCode.DEFAULT_POLICY,
    }
)


@attrs.frozen(kw_only=True)
class Violation:
    """One reason an address does not satisfy a policy, or a note about the decision.

    Attributes:
        code: a :class:`ViolationCode`.
        message: a sentence naming the number, the event, the country and the rule.
        field: the address field concerned, for ``MISSING_FIELD``.
        source: the citation of the rule.
    """

    code: ViolationCode
    message: str
    field: str | None = None
    source: str = ""

    @property
    def blocking(self) -> bool:
        """Whether it makes the decision unsatisfied (notes do not)."""
        return self.code not in _INFORMATIONAL


@attrs.frozen(kw_only=True)
class Decision:
    """The answer of :meth:`PolicyRegistry.decide`.

    Attributes:
        number: the number decided on.
        event: the event.
        policy: the :class:`CountryPolicy` used (``policy.is_default`` for the stand-in).
        required: whether an address is required at this event for this number.
        address_id: the address given, if any.
        location_id: the location given, if any.
        violations: every blocking :class:`Violation`.
        notes: information that does not block (emergency calling unsupported, area unchecked,
            default policy used).
    """

    number: PhoneNumber
    event: AttachmentEvent
    policy: CountryPolicy
    required: bool
    address_id: str | None = None
    location_id: str | None = None
    violations: tuple[Violation, ...] = ()
    notes: tuple[Violation, ...] = ()

    @property
    def satisfied(self) -> bool:
        """Whether nothing blocks: no address was required or the one given is good enough."""
        return not self.violations

    @property
    def codes(self) -> tuple[ViolationCode, ...]:
        """The codes of the violations, then of the notes."""
        return tuple(v.code for v in (*self.violations, *self.notes))

    def raise_for_violations(self) -> None:
        """Raise :class:`PolicyViolationError` carrying every violation, if there is any."""
        if self.violations:
            raise PolicyViolationError(self.violations)

    def explain(self) -> str:
        """The decision in a few lines, as a person would want to read it."""
        need = "required" if self.required else "not required"
        head = (
            f"{self.number.e164} at {self.event.value}: an emergency address is {need} "
            f"({self.policy.country} policy)"
        )
        lines = [head, "  " + ("satisfied" if self.satisfied else "NOT satisfied")]
        lines += [f"  - {v.code}: {v.message}" for v in self.violations]
        lines += [f"  - note {v.code}: {v.message}" for v in self.notes]
        lines += [f"  source: {s}" for s in self.policy.sources[:3]]
        return "\n".join(lines)


def decide(
    policy: CountryPolicy,
    number: PhoneNumber,
    event: AttachmentEvent,
    address: EmergencyAddress | None,
    location_id: str | None,
) -> Decision:
    """Apply one policy (the registry picks it; see :meth:`PolicyRegistry.decide`)."""
    where = f"{number.e164} at {event.value}"
    violations: list[Violation] = []
    notes: list[Violation] = []
    if policy.is_default:
        notes.append(
            Violation(
                code=ViolationCode.DEFAULT_POLICY,
                message=f"{where}: no policy for {policy.country}; "
                "the conservative default applies",
            )
        )
    if policy.emergency_service is EmergencyService.NOT_SUPPORTED:
        notes.append(
            Violation(
                code=ViolationCode.EMERGENCY_UNSUPPORTED,
                message=f"{where}: emergency calling is not supported in {policy.country}",
                source=policy.source,
            )
        )
    required = policy.requires_address(event, number.number_type)
    if address is None:
        if required:
            violations.append(
                Violation(
                    code=ViolationCode.NO_ADDRESS,
                    message=f"{where}: {policy.country} requires an emergency address at "
                    f"{event.value}, and none was given",
                    source=policy.source,
                )
            )
    else:
        _check_address(policy, number, where, address, location_id, violations, notes)
    return Decision(
        number=number,
        event=event,
        policy=policy,
        required=required,
        address_id=address.id if address is not None else None,
        location_id=location_id,
        violations=tuple(violations),
        notes=tuple(notes),
    )


def _check_address(
    policy: CountryPolicy,
    number: PhoneNumber,
    where: str,
    address: EmergencyAddress,
    location_id: str | None,
    violations: list[Violation],
    notes: list[Violation],
) -> None:
    source = policy.source
    if location_id is not None and not address.has_location(location_id):
        violations.append(
            Violation(
                code=ViolationCode.UNKNOWN_LOCATION,
                message=f"{where}: address {address.id!r} has no location {location_id!r}",
            )
        )
    state = address.validation.state
    if state is not ValidationState.VALIDATED and not (
        state is ValidationState.ATTESTED and policy.accepts_attestation
    ):
        violations.append(
            Violation(
                code=ViolationCode.NOT_VALIDATED,
                message=f"{where}: address {address.id!r} is {state.value.replace('_', ' ')}; "
                f"{policy.country} needs a validated address",
                source=source,
            )
        )
    civic = address.civic
    if policy.same_country and number.region is not None and civic.country != number.region:
        violations.append(
            Violation(
                code=ViolationCode.COUNTRY_MISMATCH,
                message=f"{where}: address {address.id!r} is in {civic.country}, the number "
                f"in {number.region}; {policy.country} requires the same country",
                source=source,
            )
        )
    for name in sorted(policy.required_fields):
        holder: Any = address if name in ADDRESS_LEVEL_FIELDS else civic
        if getattr(holder, name) is None:
            violations.append(
                Violation(
                    code=ViolationCode.MISSING_FIELD,
                    message=f"{where}: address {address.id!r} has no {name}, which "
                    f"{policy.country} requires",
                    field=name,
                    source=source,
                )
            )
    if policy.same_area and civic.country == number.region:
        verdict, detail = address_in_area(number, civic)
        if verdict is False:
            violations.append(
                Violation(
                    code=ViolationCode.AREA_MISMATCH,
                    message=f"{where}: address {address.id!r} {detail}; {policy.country} "
                    "requires the address to lie in the number's area code",
                    source=source,
                )
            )
        elif verdict is None:
            notes.append(
                Violation(
                    code=ViolationCode.AREA_UNCHECKED,
                    message=f"{where}: {detail}; the carrier will check the area code",
                    source=source,
                )
            )
