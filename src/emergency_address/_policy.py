"""Country policies: when an emergency address must be attached to a number, and what it needs.

A policy is a list of rules ([Rule][emergency_address.Rule]), each naming the sources that
support it. ``decide`` walks the rules; every violation or note it produces carries the sources
and the confidence of the rule it enforces, so "which page says this?" is answered by the rule
itself.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from ._address import EmergencyAddress
from ._area import address_in_area
from ._country import country_from_any, country_problem, effective_country
from ._number import NumberType, PhoneNumber
from ._results import ManualPath, Severity, ValidationScope, coerce_enum
from .exceptions import FieldError, InvalidAddressError, InvalidPolicyError, PolicyViolationError


class AttachmentEvent(enum.StrEnum):
    """The moments in a number's life at which a country may demand an emergency address."""

    ACQUISITION = "acquisition"
    """The number is obtained from the provider."""
    PORT_IN = "port_in"
    """The number is transferred in from another carrier."""
    ASSIGNMENT = "assignment"
    """The number is assigned to a user or a device."""


AttachmentEventValue = Literal["acquisition", "port_in", "assignment"]
"""The values of `AttachmentEvent`, which every event parameter accepts beside the members:
``"port_in"`` type-checks, a typo such as ``"acquisiton"`` does not."""


class EmergencyService(enum.StrEnum):
    """Whether emergency calling works through the integrator's registered address."""

    SUPPORTED = "supported"
    """The provider routes emergency calls with the registered address."""
    CARRIER_MANAGED = "carrier_managed"
    """The carrier keeps the address (Australia's IPND, for example): lodge it there too."""
    NOT_SUPPORTED = "not_supported"
    """No emergency calling on the service: attaching an address is meaningless, not required."""


class Confidence(enum.StrEnum):
    """How far a source can be trusted for the rule it supports."""

    HIGH = "high"
    """The source says it in so many words, and is current."""
    MEDIUM = "medium"
    """The source says it, but is retired, indirect, or contradicted by another source."""
    LOW = "low"
    """Inferred or unverified: a rule resting on this alone only advises, it never blocks."""


_CONFIDENCE_RANK = {Confidence.LOW: 0, Confidence.MEDIUM: 1, Confidence.HIGH: 2}


class SourceKind(enum.StrEnum):
    """Who makes the rule a source states."""

    LAW = "law"
    """A law, or a regulator's rule or decision."""
    PROVIDER = "provider"
    """A provider's published product rules (Microsoft Teams Calling Plans, for example)."""


@attrs.frozen(kw_only=True)
class Source:
    """A citation behind a policy rule.

    Attributes:
        title: the document's title.
        reference: its URL.
        supports: what it says that the rule rests on, briefly, in our words or a short quote.
        confidence: how far it can be trusted for that rule.
        kind: whether it is law (or a regulator) or a provider's product rule.
    """

    title: str
    reference: str
    supports: str
    confidence: Confidence
    kind: SourceKind

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        for name in ("title", "reference", "supports"):
            value = getattr(self, name)
            if not isinstance(value, str):
                errors.append(FieldError.wrong_type(name, "str", value))
            elif not value.strip():
                errors.append(FieldError(name, "REQUIRED", "a source needs a non-empty " + name))
        coerce_enum(self, "confidence", Confidence, errors)
        coerce_enum(self, "kind", SourceKind, errors)
        if errors:
            raise InvalidPolicyError(errors)

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    def to_dict(self) -> dict[str, str]:
        """The source as JSON-safe data."""
        return {
            "title": self.title,
            "reference": self.reference,
            "supports": self.supports,
            "confidence": self.confidence.value,
            "kind": self.kind.value,
        }


class RuleKind(enum.StrEnum):
    """What a [Rule][emergency_address.Rule] decides."""

    ATTACHMENT = "attachment"
    """When an address must be attached, and for which number types."""
    VALIDATED = "validated"
    """The address must be validated (or attested, where the policy accepts that)."""
    SAME_COUNTRY = "same_country"
    """The address must lie in the number's country."""
    SAME_AREA = "same_area"
    """The address must lie in the number's geographic area code."""
    REQUIRED_FIELD = "required_field"
    """One field the address must have."""
    EMERGENCY_SERVICE = "emergency_service"
    """How emergency calls are handled: by the provider, by the carrier, or not at all."""
    MANUAL_PATH = "manual_path"
    """What to do when no validator can decide."""
    DISPATCHABLE_LOCATION = "dispatchable_location"
    """The location must say where in the building the caller is, where the address has places."""


# Fields a policy may require: civic fields by their CivicAddress name, and three that live on
# the EmergencyAddress itself.
ADDRESS_LEVEL_FIELDS = frozenset({"company_name", "company_tax_id", "geo"})

#: Number types a policy covers unless it says otherwise: every type but the service-number
#: ones (toll-free, premium-rate, shared-cost), which answer calls for a service rather than
#: belong to a user. A policy can widen it (Australia covers every public number).
DEFAULT_NUMBER_TYPES = frozenset(NumberType) - {
    NumberType.TOLL_FREE,
    NumberType.PREMIUM_RATE,
    NumberType.SHARED_COST,
}


@functools.cache
def _known_required_fields() -> frozenset[str]:
    from ._civic import CIVIC_FIELDS

    return frozenset(name for name, _, _ in CIVIC_FIELDS) | ADDRESS_LEVEL_FIELDS


@attrs.frozen(kw_only=True)
class Rule:
    """One rule of a country's policy, with the sources that support it.

    Build rules with the class methods (``Rule.attach``, ``Rule.required``, ...). A rule whose
    best source is of low confidence is *advisory*: what it finds is reported but does not
    block, unless the registry is built with ``advisories_block=True``. Whether an address is
    needed at all (the attachment rule) is never advisory.

    Attributes:
        kind: the [RuleKind][emergency_address.RuleKind].
        sources: the sources supporting it, at least one.
        events: for ``ATTACHMENT``, the events at which an address is required.
        number_types: for ``ATTACHMENT``, the number types it covers.
        field: for ``REQUIRED_FIELD``, the field's name.
        service: for ``EMERGENCY_SERVICE``, how emergency calls are handled.
        manual_path: for ``MANUAL_PATH``, the path when no validator can decide.
    """

    kind: RuleKind
    sources: tuple[Source, ...]
    events: frozenset[AttachmentEvent] = frozenset()
    number_types: frozenset[NumberType] = frozenset()
    field: str | None = None
    service: EmergencyService | None = None
    manual_path: ManualPath | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        set_ = object.__setattr__
        coerce_enum(self, "kind", RuleKind, errors)
        sources = self.sources
        if isinstance(sources, Source):
            sources = (sources,)
        if isinstance(sources, str) or not isinstance(sources, Iterable):
            errors.append(FieldError.wrong_type("sources", "a tuple of Source", sources))
            sources = ()
        sources = tuple(sources)
        if not all(isinstance(s, Source) for s in sources):
            errors.append(FieldError("sources", "INVALID_TYPE", "expected a tuple of Source"))
        elif not sources:
            errors.append(FieldError("sources", "REQUIRED", "a rule needs at least one source"))
        set_(self, "sources", sources)
        set_(self, "events", _enum_set("events", self.events, AttachmentEvent, errors))
        set_(self, "number_types", _enum_set("number_types", self.number_types, NumberType, errors))
        if self.service is not None:
            coerce_enum(self, "service", EmergencyService, errors)
        if self.manual_path is not None:
            coerce_enum(self, "manual_path", ManualPath, errors)
        if self.kind is RuleKind.REQUIRED_FIELD:
            if not isinstance(self.field, str):
                errors.append(FieldError.wrong_type("field", "str", self.field))
            elif self.field not in _known_required_fields():
                errors.append(
                    FieldError("field", "UNKNOWN", f"not an address field: {self.field!r}")
                )
        elif self.field is not None:
            errors.append(FieldError("field", "INVALID", "only a required-field rule has a field"))
        if self.kind is RuleKind.EMERGENCY_SERVICE and self.service is None:
            errors.append(FieldError("service", "REQUIRED", "say how emergency calls are handled"))
        if self.kind is RuleKind.MANUAL_PATH and self.manual_path is None:
            errors.append(FieldError("manual_path", "REQUIRED", "say which manual path"))
        if errors:
            raise InvalidPolicyError(errors)

    @classmethod
    def attach(
        cls,
        events: Iterable[AttachmentEvent | str],
        *sources: Source,
        number_types: Iterable[NumberType | str] = DEFAULT_NUMBER_TYPES,
    ) -> Rule:
        """An address is required at ``events`` for numbers of ``number_types``."""
        return cls(
            kind=RuleKind.ATTACHMENT,
            sources=sources,
            # Checked and made frozensets of members by the constructor, which names the
            # field when one is not an iterable of members or their values.
            events=events,  # type: ignore[arg-type]
            number_types=number_types,  # type: ignore[arg-type]
        )

    @classmethod
    def validated(cls, *sources: Source) -> Rule:
        """The address must be validated."""
        return cls(kind=RuleKind.VALIDATED, sources=sources)

    @classmethod
    def same_country(cls, *sources: Source) -> Rule:
        """The address must lie in the number's country."""
        return cls(kind=RuleKind.SAME_COUNTRY, sources=sources)

    @classmethod
    def same_area(cls, *sources: Source) -> Rule:
        """The address must lie in the number's area code."""
        return cls(kind=RuleKind.SAME_AREA, sources=sources)

    @classmethod
    def required(cls, field: str, *sources: Source) -> Rule:
        """The address must have ``field``."""
        return cls(kind=RuleKind.REQUIRED_FIELD, sources=sources, field=field)

    @classmethod
    def emergency_service(cls, service: EmergencyService | str, *sources: Source) -> Rule:
        """Emergency calls are handled as ``service`` says."""
        return cls(kind=RuleKind.EMERGENCY_SERVICE, sources=sources, service=service)  # type: ignore[arg-type]

    @classmethod
    def manual(cls, path: ManualPath | str, *sources: Source) -> Rule:
        """When no validator can decide, take ``path``."""
        return cls(kind=RuleKind.MANUAL_PATH, sources=sources, manual_path=path)  # type: ignore[arg-type]

    @classmethod
    def dispatchable_location(cls, *sources: Source) -> Rule:
        """Bind numbers to a location that says where in the building the caller is."""
        return cls(kind=RuleKind.DISPATCHABLE_LOCATION, sources=sources)

    @property
    def confidence(self) -> Confidence:
        """The confidence of its best source."""
        return max((s.confidence for s in self.sources), key=_CONFIDENCE_RANK.__getitem__)

    @property
    def advisory(self) -> bool:
        """Whether only low-confidence sources support it (never for the attachment rule)."""
        return self.kind is not RuleKind.ATTACHMENT and self.confidence is Confidence.LOW

    @property
    def regulatory(self) -> bool:
        """Whether a law or regulator supports it."""
        return any(s.kind is SourceKind.LAW for s in self.sources)

    @property
    def key(self) -> tuple[RuleKind, str | None]:
        """What it is a rule about: its kind, and its field for a required field."""
        return (self.kind, self.field)

    def describe(self) -> str:
        """The rule in a few words."""
        if self.kind is RuleKind.ATTACHMENT:
            events = ", ".join(e.value for e in _EVENT_ORDER if e in self.events) or "never"
            return f"attach at {events}"
        if self.kind is RuleKind.REQUIRED_FIELD:
            return f"required field {self.field}"
        if self.kind is RuleKind.EMERGENCY_SERVICE and self.service is not None:
            return f"emergency service {self.service.value.replace('_', ' ')}"
        if self.kind is RuleKind.MANUAL_PATH and self.manual_path is not None:
            return f"manual path {self.manual_path.value.replace('_', ' ')}"
        return self.kind.value.replace("_", " ")

    def to_dict(self) -> dict[str, Any]:
        """The rule as JSON-safe data."""
        data: dict[str, Any] = {"kind": self.kind.value}
        if self.kind is RuleKind.ATTACHMENT:
            data["events"] = [e.value for e in _EVENT_ORDER if e in self.events]
            data["number_types"] = sorted(t.value for t in self.number_types)
        if self.field is not None:
            data["field"] = self.field
        if self.service is not None:
            data["service"] = self.service.value
        if self.manual_path is not None:
            data["manual_path"] = self.manual_path.value
        data["confidence"] = self.confidence.value
        data["advisory"] = self.advisory
        data["sources"] = [s.to_dict() for s in self.sources]
        return data


_EVENT_ORDER = (AttachmentEvent.ACQUISITION, AttachmentEvent.PORT_IN, AttachmentEvent.ASSIGNMENT)

# Rule kinds of which a policy holds at most one (a policy holds one REQUIRED_FIELD per field).
_SINGLE = frozenset(RuleKind) - {RuleKind.REQUIRED_FIELD}


@attrs.frozen
class _Plan:
    """What ``decide`` needs from a policy, worked out once when the policy is built."""

    attach: Rule | None
    validated: Rule | None
    same_country: Rule | None
    same_area: Rule | None
    fields: tuple[tuple[str, bool, Rule], ...]  # (name, on the EmergencyAddress, rule), sorted
    service: Rule | None
    dispatchable: Rule | None


def _make_plan(rules: tuple[Rule, ...]) -> _Plan:
    by_kind = {r.kind: r for r in rules if r.kind in _SINGLE}
    fields: list[tuple[str, bool, Rule]] = sorted(
        ((r.field, r.field in ADDRESS_LEVEL_FIELDS, r) for r in rules if r.field is not None),
        key=lambda item: item[0],
    )
    return _Plan(
        attach=by_kind.get(RuleKind.ATTACHMENT),
        validated=by_kind.get(RuleKind.VALIDATED),
        same_country=by_kind.get(RuleKind.SAME_COUNTRY),
        same_area=by_kind.get(RuleKind.SAME_AREA),
        fields=tuple(fields),
        service=by_kind.get(RuleKind.EMERGENCY_SERVICE),
        dispatchable=by_kind.get(RuleKind.DISPATCHABLE_LOCATION),
    )


_LEGACY = (
    "attach_at",
    "number_types",
    "same_country",
    "same_area",
    "required_fields",
    "manual_fallback",
    "emergency_service",
    "sources",
)


@attrs.frozen(init=False, kw_only=True)
class CountryPolicy:
    """What one country demands of the emergency address of a number: a list of rules.

    Build one from rules, each with its sources::

        CountryPolicy(country="MX", rules=(Rule.attach({"assignment"}, source), ...))

    The earlier keyword form (``attach_at=``, ``same_area=``, ``required_fields=``, ...,
    ``sources=``) still works: it builds one rule per setting, each citing every source given.
    With ``rules`` as well (as ``attrs.evolve`` does), those keywords change the matching
    rules and keep their sources.

    Attributes:
        country: ISO 3166-1 alpha-2 code (any case or alpha-3 accepted, stored alpha-2).
        rules: the [Rule][emergency_address.Rule] objects, in the order given.
        accepts_attestation: whether an attested (not validated) address satisfies it.
        is_default: true only for the conservative stand-in for a country with no policy.
        notes: a short explanation for people.
    """

    country: str
    rules: tuple[Rule, ...]
    accepts_attestation: bool = False
    is_default: bool = False
    notes: str = ""
    _plan: _Plan = attrs.field(eq=False, hash=False, repr=False, alias="_plan")

    @property
    def accepted_scopes(self) -> frozenset[ValidationScope]:
        """What confirms an address for this policy: an authority's validation, and an
        attestation where ``accepts_attestation``; a format-only check never does."""
        if self.accepts_attestation:
            return frozenset({ValidationScope.AUTHORITY, ValidationScope.ATTESTATION})
        return frozenset({ValidationScope.AUTHORITY})

    def __init__(
        self,
        *,
        country: str,
        rules: Iterable[Rule] | None = None,
        accepts_attestation: bool = False,
        is_default: bool = False,
        notes: str = "",
        _plan: _Plan | None = None,  # passed back by attrs.evolve; always recomputed
        **legacy: Any,
    ) -> None:
        errors: list[FieldError] = []
        unknown = sorted(set(legacy) - set(_LEGACY))
        if unknown:
            raise TypeError(f"CountryPolicy() got unexpected keyword arguments: {unknown}")
        if not isinstance(country, str):
            errors.append(FieldError.wrong_type("country", "an alpha-2 code", country))
        elif not is_default:
            code = country_from_any(country)
            if code is None:
                errors.append(FieldError("country", "UNKNOWN", country_problem(country)))
            else:
                country = code
        if rules is None:
            built = _rules_from_settings(legacy, errors, is_default)
        elif isinstance(rules, Rule | str) or not isinstance(rules, Iterable):
            errors.append(FieldError.wrong_type("rules", "a tuple of Rule", rules))
            built = ()
        else:
            built = tuple(rules)
            if not all(isinstance(r, Rule) for r in built):
                errors.append(FieldError("rules", "INVALID_TYPE", "expected a tuple of Rule"))
                built = ()
            elif legacy:
                built = _override(built, legacy, errors)
        keys = [r.key for r in built]
        twice = sorted(
            {f"{k.value}{'/' + f if f else ''}" for k, f in keys if keys.count((k, f)) > 1}
        )
        if twice:
            errors.append(FieldError("rules", "DUPLICATE", f"more than one rule for {twice}"))
        if not errors and not is_default and not any(r.kind is RuleKind.ATTACHMENT for r in built):
            errors.append(
                FieldError("rules", "REQUIRED", "a policy needs an attachment rule (Rule.attach)")
            )
        if not isinstance(notes, str):
            errors.append(FieldError.wrong_type("notes", "str", notes))
        if errors:
            raise InvalidPolicyError(errors)
        self.__attrs_init__(
            country=country,
            rules=built,
            accepts_attestation=bool(accepts_attestation),
            is_default=bool(is_default),
            notes=notes,
            _plan=_make_plan(built),
        )

    @classmethod
    def conservative(cls, country: str | None) -> CountryPolicy:
        """The stand-in for a country with no policy: an address at every event, same country.

        It cites no public source (its ``sources`` are empty; its rules cite the library's own
        default and are marked ``is_default``), and its rules block: nobody can point to a rule
        that says less is enough.

        Args:
            country: the region of the number (``None`` for a non-geographic number, whose
                address cannot be compared with a country).
        """
        default = Source(
            title="emergency_address: the conservative default for a country with no policy",
            reference="emergency_address documentation, Deciding: countries without a policy",
            supports="no policy is known: ask for a validated address at every event",
            confidence=Confidence.HIGH,
            kind=SourceKind.PROVIDER,
        )
        rules = [
            Rule.attach(AttachmentEvent, default, number_types=NumberType),
            Rule.validated(default),
        ]
        if country is not None:
            rules.append(Rule.same_country(default))
        return cls(
            country=country or "001",
            rules=rules,
            is_default=True,
            notes=(
                "No policy is known for this country: the conservative default asks for a "
                "validated address at every event. Build a registry with a policy of your own "
                "to replace it."
            ),
        )

    # --- views of the rules (the names the rest of the library and its users read) ---------

    def rule(self, kind: RuleKind | str, field: str | None = None) -> Rule | None:
        """The rule of ``kind`` (and ``field``, for a required field), or ``None``.

        Raises:
            TypeError: ``kind`` is not a string.
            InvalidPolicyError: ``kind`` names no [RuleKind][emergency_address.RuleKind].
        """
        key = (_rule_kind(kind), field)
        return next((r for r in self.rules if r.key == key), None)

    @property
    def attach_at(self) -> frozenset[AttachmentEvent]:
        """The events at which an address must be attached."""
        attach = self._plan.attach
        return attach.events if attach is not None else frozenset()

    @property
    def number_types(self) -> frozenset[NumberType]:
        """The number types the attachment rule covers."""
        attach = self._plan.attach
        return attach.number_types if attach is not None else frozenset()

    @property
    def same_country(self) -> bool:
        """Whether the address must lie in the number's country."""
        return self._plan.same_country is not None

    @property
    def same_area(self) -> bool:
        """Whether the address must lie in the number's area code."""
        return self._plan.same_area is not None

    @property
    def required_fields(self) -> frozenset[str]:
        """The fields the address must have (advisory ones included)."""
        return frozenset(name for name, _, _ in self._plan.fields)

    @property
    def advisory_fields(self) -> frozenset[str]:
        """The required fields whose rules are advisory (low-confidence sources only)."""
        return frozenset(name for name, _, rule in self._plan.fields if rule.advisory)

    @property
    def manual_fallback(self) -> ManualPath:
        """The manual path when no validator can decide (a service request unless a rule says)."""
        rule = self.rule(RuleKind.MANUAL_PATH)
        if rule is None or rule.manual_path is None:
            return ManualPath.SERVICE_REQUEST
        return rule.manual_path

    @property
    def emergency_service(self) -> EmergencyService:
        """How emergency calls are handled (supported unless a rule says otherwise)."""
        rule = self._plan.service
        if rule is None or rule.service is None:
            return EmergencyService.SUPPORTED
        return rule.service

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source of every rule, each once, in rule order (none for the stand-in)."""
        if self.is_default:
            return ()
        seen: dict[Source, None] = {}
        for rule in self.rules:
            for source in rule.sources:
                seen.setdefault(source, None)
        return tuple(seen)

    @property
    def source(self) -> str:
        """The first citation, for messages; ``"default policy"`` for the stand-in."""
        sources = self.sources
        return str(sources[0]) if sources else "default policy (no source)"

    def requires_address(self, event: AttachmentEvent, number_type: NumberType) -> bool:
        """Whether an address is required at ``event`` for a number of ``number_type``.

        Raises:
            TypeError: ``event`` or ``number_type`` is not a member (nor its value).
        """
        for name, value in (("event", event), ("number_type", number_type)):
            if not isinstance(value, str):  # members are str enums
                expected = "AttachmentEvent" if name == "event" else "NumberType"
                raise TypeError(f"{name}: expected {expected}, got {type(value).__name__}")
        attach = self._plan.attach
        return (
            attach is not None
            and event in attach.events
            and number_type in attach.number_types
            and self.emergency_service is not EmergencyService.NOT_SUPPORTED
        )

    def with_rules(self, *rules: Rule) -> CountryPolicy:
        """A copy with ``rules`` added, each replacing the rule about the same thing.

        Raises:
            TypeError: one of ``rules`` is not a [Rule][emergency_address.Rule].
        """
        for index, rule in enumerate(rules):
            if not isinstance(rule, Rule):
                raise TypeError(f"rules[{index}]: expected Rule, got {type(rule).__name__}")
        keys = {r.key for r in rules}
        kept = [r for r in self.rules if r.key not in keys]
        return CountryPolicy(
            country=self.country,
            rules=(*kept, *rules),
            accepts_attestation=self.accepts_attestation,
            is_default=self.is_default,
            notes=self.notes,
        )

    def without(self, kind: RuleKind | str, field: str | None = None) -> CountryPolicy:
        """A copy without the rule of ``kind`` (and ``field``)."""
        key = (_rule_kind(kind), field)
        return CountryPolicy(
            country=self.country,
            rules=tuple(r for r in self.rules if r.key != key),
            accepts_attestation=self.accepts_attestation,
            is_default=self.is_default,
            notes=self.notes,
        )

    def regulatory_only(self) -> CountryPolicy | None:
        """The policy with only the rules a law or regulator supports, citing only those.

        The attachment rule asks for an address at every event and for every number type:
        the moment and the number types are the provider's, and without them the safer rule
        applies. ``None`` when no rule has a legal
        source: the registry then uses the conservative stand-in for the country.
        """
        law = [r for r in self.rules if r.regulatory]
        if not law:
            return None
        kept: list[Rule] = []
        for rule in law:
            sources = tuple(s for s in rule.sources if s.kind is SourceKind.LAW)
            if rule.kind is RuleKind.ATTACHMENT:
                continue
            kept.append(attrs.evolve(rule, sources=sources))
        attach = self._plan.attach
        law_sources = tuple(
            dict.fromkeys(
                s
                for r in (attach, *kept)
                if r is not None
                for s in r.sources
                if s.kind is SourceKind.LAW
            )
        )
        # The moment and the number types are the provider's: without them, the safer rule.
        kept.insert(0, Rule.attach(AttachmentEvent, *law_sources, number_types=NumberType))
        return CountryPolicy(
            country=self.country,
            rules=kept,
            accepts_attestation=self.accepts_attestation,
            notes=self.notes,
        )


def _rule_kind(value: object) -> RuleKind:
    if isinstance(value, RuleKind):
        return value
    if not isinstance(value, str):
        raise TypeError(f"kind: expected RuleKind or str, got {type(value).__name__}")
    try:
        return RuleKind(value)
    except ValueError:
        allowed = ", ".join(repr(k.value) for k in RuleKind)
        raise InvalidPolicyError(
            [FieldError("kind", "INVALID", f"expected one of {allowed}, got {value!r}")]
        ) from None


def _rules_from_settings(
    settings: dict[str, Any], errors: list[FieldError], is_default: bool
) -> tuple[Rule, ...]:
    """The keyword form: one rule per setting, each citing every source given."""
    sources = settings.get("sources", ())
    if isinstance(sources, Source):
        sources = (sources,)
    if isinstance(sources, str) or not isinstance(sources, Iterable):
        errors.append(FieldError.wrong_type("sources", "a tuple of Source", sources))
        return ()
    sources = tuple(sources)
    if not all(isinstance(s, Source) for s in sources):
        errors.append(FieldError("sources", "INVALID_TYPE", "expected a tuple of Source"))
        return ()
    if not sources:
        if not is_default:
            errors.append(
                FieldError(
                    "sources", "REQUIRED", "a policy needs at least one source for its rules"
                )
            )
        return ()
    if "attach_at" not in settings:
        errors.append(FieldError("attach_at", "REQUIRED", "say when an address is required"))
        return ()
    try:
        rules = [
            Rule.attach(
                settings["attach_at"],
                *sources,
                number_types=settings.get("number_types", DEFAULT_NUMBER_TYPES),
            ),
            Rule.validated(*sources),
        ]
        if settings.get("same_country", True):
            rules.append(Rule.same_country(*sources))
        if settings.get("same_area", False):
            rules.append(Rule.same_area(*sources))
        fields = _str_set("required_fields", settings.get("required_fields", frozenset()), errors)
        unknown = sorted(fields - _known_required_fields())
        if unknown:
            errors.append(
                FieldError(
                    "required_fields", "UNKNOWN", f"not address fields: {', '.join(unknown)}"
                )
            )
            return ()
        rules += [Rule.required(name, *sources) for name in sorted(fields)]
        if "emergency_service" in settings:
            rules.append(Rule.emergency_service(settings["emergency_service"], *sources))
        if "manual_fallback" in settings:
            rules.append(Rule.manual(settings["manual_fallback"], *sources))
    except (InvalidPolicyError, InvalidAddressError) as error:
        errors.extend(error.errors)
        return ()
    return tuple(rules)


def _override(
    rules: tuple[Rule, ...], settings: dict[str, Any], errors: list[FieldError]
) -> tuple[Rule, ...]:
    """Change the rules the keyword settings name, keeping each rule's sources."""
    by_key = {r.key: r for r in rules}
    out = list(rules)

    def replace(key: tuple[RuleKind, str | None], new: Rule | None) -> None:
        old = by_key.get(key)
        if old is not None:
            index = out.index(old)
            if new is None:
                del out[index]
            else:
                out[index] = new
        elif new is not None:
            out.append(new)

    def sources_for(kind: RuleKind, name: str) -> tuple[Source, ...]:
        given = settings.get("sources")
        if given:
            return tuple(given)
        attach = by_key.get((RuleKind.ATTACHMENT, None))
        if attach is None:
            errors.append(FieldError(name, "REQUIRED", f"give a {kind.value} rule with sources"))
            return ()
        return attach.sources

    try:
        attach = by_key.get((RuleKind.ATTACHMENT, None))
        if ("attach_at" in settings or "number_types" in settings) and attach is not None:
            replace(
                attach.key,
                attrs.evolve(
                    attach,
                    events=frozenset(settings.get("attach_at", attach.events)),
                    number_types=frozenset(settings.get("number_types", attach.number_types)),
                ),
            )
        for name, kind, build in (
            ("same_country", RuleKind.SAME_COUNTRY, Rule.same_country),
            ("same_area", RuleKind.SAME_AREA, Rule.same_area),
        ):
            if name in settings:
                if not settings[name]:
                    replace((kind, None), None)
                elif (kind, None) not in by_key:
                    replace((kind, None), build(*sources_for(kind, name)))
        if "required_fields" in settings:
            wanted = _str_set("required_fields", settings["required_fields"], errors)
            for key, _rule in by_key.items():
                if key[0] is RuleKind.REQUIRED_FIELD and key[1] not in wanted:
                    replace(key, None)
            for name in sorted(wanted):
                if (RuleKind.REQUIRED_FIELD, name) not in by_key:
                    src = sources_for(RuleKind.REQUIRED_FIELD, "required_fields")
                    replace((RuleKind.REQUIRED_FIELD, name), Rule.required(name, *src))
        for name, kind in (
            ("emergency_service", RuleKind.EMERGENCY_SERVICE),
            ("manual_fallback", RuleKind.MANUAL_PATH),
        ):
            if name in settings:
                old = by_key.get((kind, None))
                src = old.sources if old is not None else sources_for(kind, name)
                if kind is RuleKind.EMERGENCY_SERVICE:
                    replace((kind, None), Rule.emergency_service(settings[name], *src))
                else:
                    replace((kind, None), Rule.manual(settings[name], *src))
    except (InvalidPolicyError, InvalidAddressError) as error:
        errors.extend(error.errors)
    return tuple(out)


def _enum_set(field: str, value: Any, kind: Any, errors: list[FieldError]) -> frozenset[Any]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        errors.append(FieldError.wrong_type(field, f"a set of {kind.__name__}", value))
        return frozenset()
    members = set()
    for item in value:
        if not isinstance(item, (kind, str)):
            errors.append(FieldError.wrong_type(field, f"a set of {kind.__name__}", item))
            continue
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
    """The stable codes of [Violation][emergency_address.Violation]."""

    NO_ADDRESS = "NO_ADDRESS"
    """An address is required at this event and none was given."""
    NOT_VALIDATED = "NOT_VALIDATED"
    """The address is not validated (or attested, where the policy accepts that)."""
    COUNTRY_MISMATCH = "COUNTRY_MISMATCH"
    """The address lies in another country than the number."""
    AREA_MISMATCH = "AREA_MISMATCH"
    """The address lies outside the number's area code."""
    MISSING_FIELD = "MISSING_FIELD"
    """A field the policy requires is empty."""
    UNKNOWN_LOCATION = "UNKNOWN_LOCATION"
    """The location id is not one of the address's locations (a data error, not a rule)."""
    EMERGENCY_UNSUPPORTED = "EMERGENCY_UNSUPPORTED"
    """Information, not a block: the country has no emergency calling on this service."""
    AREA_UNCHECKED = "AREA_UNCHECKED"
    """Information, not a block: the offline data could not place the address in an area."""
    DEFAULT_POLICY = "DEFAULT_POLICY"
    """Information, not a block: no policy is known, the conservative stand-in was used."""
    CARRIER_MANAGED = "CARRIER_MANAGED"
    """Information, not a block: the carrier keeps the address; lodge it with the carrier too."""
    NO_IN_BUILDING_DETAIL = "NO_IN_BUILDING_DETAIL"
    """A warning, not a block: the number is bound to the address's default location although
    the address has more specific ones (floor, room, a named place)."""


#: Codes that never block: information and warnings about the decision.
_NOTE_CODES = frozenset(
    {
        ViolationCode.EMERGENCY_UNSUPPORTED,
        ViolationCode.AREA_UNCHECKED,
        ViolationCode.DEFAULT_POLICY,
        ViolationCode.CARRIER_MANAGED,
        ViolationCode.NO_IN_BUILDING_DETAIL,
    }
)
_WARNING_CODES = frozenset({ViolationCode.NO_IN_BUILDING_DETAIL})


@attrs.frozen(kw_only=True)
class Violation:
    """One reason an address does not satisfy a policy, or a note about the decision.

    Attributes:
        code: a [ViolationCode][emergency_address.ViolationCode].
        message: a sentence naming the number, the event, the country and the rule.
        field: the address field concerned, for ``MISSING_FIELD``.
        rule: the kind of rule it enforces (``None`` for a data error or the default note).
        sources: the sources of that rule.
        advisory: the rule rests on low-confidence sources only, so it advises.
        blocking: whether it makes the decision unsatisfied.
    """

    code: ViolationCode
    message: str
    field: str | None = None
    rule: RuleKind | None = None
    sources: tuple[Source, ...] = ()
    advisory: bool = False
    blocking: bool = True

    @property
    def confidence(self) -> Confidence | None:
        """The confidence of the rule's best source (``None`` without sources)."""
        if not self.sources:
            return None
        return max((s.confidence for s in self.sources), key=_CONFIDENCE_RANK.__getitem__)

    @property
    def source(self) -> str:
        """The rule's sources as one line (``""`` without sources)."""
        return "; ".join(str(s) for s in self.sources)

    @property
    def severity(self) -> Severity:
        """``error`` when it blocks, ``warning`` for advisories and warnings, else ``info``."""
        if self.blocking:
            return Severity.ERROR
        if self.advisory or self.code in _WARNING_CODES:
            return Severity.WARNING
        return Severity.INFO

    def to_dict(self) -> dict[str, Any]:
        """The violation as JSON-safe data, with its sources."""
        return {
            "code": self.code.value,
            "message": self.message,
            "field": self.field,
            "rule": self.rule.value if self.rule is not None else None,
            "blocking": self.blocking,
            "advisory": self.advisory,
            "confidence": c.value if (c := self.confidence) is not None else None,
            "sources": [s.to_dict() for s in self.sources],
            "source": self.source,
        }


@attrs.frozen(kw_only=True)
class Decision:
    """The answer of [PolicyRegistry.decide][emergency_address.PolicyRegistry.decide].

    Attributes:
        number: the number decided on.
        event: the event.
        policy: the [CountryPolicy][emergency_address.CountryPolicy] used
            (``policy.is_default`` for the stand-in).
        required: whether an address is required at this event for this number.
        address_id: the address given, if any.
        location_id: the location given, if any.
        violations: every blocking [Violation][emergency_address.Violation].
        notes: what does not block: information, warnings and advisories (rules resting on
            low-confidence sources only).
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

    @property
    def advisories(self) -> tuple[Violation, ...]:
        """The findings of advisory rules, blocking or not."""
        return tuple(v for v in (*self.violations, *self.notes) if v.advisory)

    def raise_for_violations(self) -> None:
        """Raise `PolicyViolationError` carrying every violation, if there is any."""
        if self.violations:
            raise PolicyViolationError(self.violations)

    def explain(self) -> str:
        """The decision in a few lines, each finding followed by its sources."""
        need = "required" if self.required else "not required"
        head = (
            f"{self.number.e164} at {self.event.value}: an emergency address is {need} "
            f"({self.policy.country} policy)"
        )
        lines = [head, "  " + ("satisfied" if self.satisfied else "NOT satisfied")]
        for prefix, items in (("", self.violations), ("note ", self.notes)):
            for v in items:
                tag = " (advisory)" if v.advisory else ""
                lines.append(f"  - {prefix}{v.code}{tag}: {v.message}")
                lines += [
                    f"      source: {s} [{s.confidence.value}, {s.kind.value}]" for s in v.sources
                ]
        attach = self.policy.rule(RuleKind.ATTACHMENT)
        if (
            attach is not None
            and not self.policy.is_default
            and ViolationCode.NO_ADDRESS not in self.codes
        ):
            lines.append(f"  {attach.describe()}, because:")
            lines += [
                f"      source: {s} [{s.confidence.value}, {s.kind.value}]" for s in attach.sources
            ]
        return "\n".join(lines)


def decide(
    policy: CountryPolicy,
    number: PhoneNumber,
    event: AttachmentEvent,
    address: EmergencyAddress | None,
    location_id: str | None,
    *,
    advisories_block: bool = False,
) -> Decision:
    """Apply one policy (the registry picks it; see `PolicyRegistry.decide`)."""
    found: list[tuple[ViolationCode, Rule | None, str | None, Any]] = []
    plan = policy._plan
    if policy.is_default:
        found.append((ViolationCode.DEFAULT_POLICY, None, None, None))
    service = plan.service
    if service is not None and service.service is EmergencyService.NOT_SUPPORTED:
        found.append((ViolationCode.EMERGENCY_UNSUPPORTED, service, None, None))
    elif service is not None and service.service is EmergencyService.CARRIER_MANAGED:
        found.append((ViolationCode.CARRIER_MANAGED, service, None, None))
    required = policy.requires_address(event, number.number_type)
    if address is None:
        if required:
            found.append((ViolationCode.NO_ADDRESS, plan.attach, None, None))
    else:
        _check_address(policy, plan, number, address, location_id, found)
    if not found:  # the common case: nothing to say, no message to build
        return Decision(
            number=number,
            event=event,
            policy=policy,
            required=required,
            address_id=address.id if address is not None else None,
            location_id=location_id,
        )
    violations: list[Violation] = []
    notes: list[Violation] = []
    where = f"{number.e164} at {event.value}"
    for code, rule, name, detail in found:
        advisory = rule is not None and rule.advisory
        blocking = code not in _NOTE_CODES and (not advisory or advisories_block)
        item = Violation(
            code=code,
            message=_message(
                code, where, policy, number, event, address, location_id, name, detail
            ),
            field=name,
            rule=rule.kind if rule is not None else None,
            sources=rule.sources if rule is not None and not policy.is_default else (),
            advisory=advisory,
            blocking=blocking,
        )
        (violations if blocking else notes).append(item)
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


def why_not_validated(policy: CountryPolicy, address: EmergencyAddress) -> str | None:
    """Why the address's validation does not satisfy the policy's ``VALIDATED`` rule (not
    validated, only format-checked, stale, attested where that does not count), or ``None``."""
    return address.validation.why_not_validated(address.civic, policy.accepted_scopes)


def _check_address(
    policy: CountryPolicy,
    plan: _Plan,
    number: PhoneNumber,
    address: EmergencyAddress,
    location_id: str | None,
    found: list[tuple[ViolationCode, Rule | None, str | None, Any]],
) -> None:
    if location_id is not None and not address.has_location(location_id):
        found.append((ViolationCode.UNKNOWN_LOCATION, None, None, None))
    if plan.validated is not None:
        unmet = why_not_validated(policy, address)
        if unmet is not None:
            found.append((ViolationCode.NOT_VALIDATED, plan.validated, None, unmet))
    civic = address.civic
    region = number.region
    country = effective_country(civic)
    if plan.same_country is not None and region is not None and country != region:
        found.append((ViolationCode.COUNTRY_MISMATCH, plan.same_country, None, country))
    for name, on_address, rule in plan.fields:
        if getattr(address if on_address else civic, name) is None:
            found.append((ViolationCode.MISSING_FIELD, rule, name, None))
    if plan.same_area is not None and country == region:
        verdict, detail = address_in_area(number, civic)
        if verdict is False:
            found.append((ViolationCode.AREA_MISMATCH, plan.same_area, None, detail))
        elif verdict is None:
            found.append((ViolationCode.AREA_UNCHECKED, plan.same_area, None, detail))
    if (
        plan.dispatchable is not None
        and (location_id is None or location_id == address.default_location_id)
        and len(address.locations) > 1
    ):
        found.append((ViolationCode.NO_IN_BUILDING_DETAIL, plan.dispatchable, None, None))


def _message(
    code: ViolationCode,
    where: str,
    policy: CountryPolicy,
    number: PhoneNumber,
    event: AttachmentEvent,
    address: EmergencyAddress | None,
    location_id: str | None,
    name: str | None,
    detail: Any,
) -> str:
    """The sentence for one finding; built only when there is something to say."""
    cc = policy.country
    aid = address.id if address is not None else None
    if code is ViolationCode.DEFAULT_POLICY:
        return f"{where}: no policy for {cc}; the conservative default applies"
    if code is ViolationCode.EMERGENCY_UNSUPPORTED:
        return f"{where}: emergency calling is not supported in {cc}"
    if code is ViolationCode.CARRIER_MANAGED:
        return (
            f"{where}: in {cc} the carrier keeps the emergency address; lodge the address "
            "with the carrier as well"
        )
    if code is ViolationCode.NO_ADDRESS:
        return f"{where}: {cc} requires an emergency address at {event.value}, and none was given"
    if code is ViolationCode.UNKNOWN_LOCATION:
        return f"{where}: address {aid!r} has no location {location_id!r}"
    if code is ViolationCode.NOT_VALIDATED:
        return f"{where}: address {aid!r} {detail}; {cc} needs a validated address"
    if code is ViolationCode.COUNTRY_MISMATCH:
        return (
            f"{where}: address {aid!r} is in {detail}, the number in {number.region}; "
            f"{cc} requires the same country"
        )
    if code is ViolationCode.MISSING_FIELD:
        return f"{where}: address {aid!r} has no {name}, which {cc} requires"
    if code is ViolationCode.AREA_MISMATCH:
        return (
            f"{where}: address {aid!r} {detail}; {cc} requires the address to lie in the "
            "number's area code"
        )
    if code is ViolationCode.AREA_UNCHECKED:
        return f"{where}: {detail}; the carrier will check the area code"
    return (
        f"{where}: bound to the default location of address {aid!r}, which has more specific "
        "locations; a dispatchable location includes the floor, suite or room"
    )
