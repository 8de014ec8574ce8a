"""What validation says about an address, and the record an emergency address keeps of it.

These are plain values, kept below the validators themselves so that an
:class:`~emergency_address.EmergencyAddress` can hold its :class:`ValidationRecord`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from ._civic import CivicAddress
from .exceptions import FieldError, InvalidAddressError, ValidationStateError


def coerce_enum(record: Any, field: str, kind: Any, errors: list[FieldError]) -> None:
    """Turn a string into the enum member it names, or record why it cannot."""
    value = getattr(record, field)
    if isinstance(value, kind):
        return
    try:
        object.__setattr__(record, field, kind(value))
    except (ValueError, TypeError):
        allowed = ", ".join(repr(m.value) for m in kind)
        errors.append(FieldError(field, "INVALID", f"expected one of {allowed}, got {value!r}"))


def tuple_of(record: Any, field: str, kind: Any, errors: list[FieldError]) -> None:
    """Keep a list as a tuple, and record why the field is not a tuple of ``kind``."""
    value = getattr(record, field)
    if isinstance(value, list):
        value = tuple(value)
        object.__setattr__(record, field, value)
    if not isinstance(value, tuple) or not all(isinstance(v, kind) for v in value):
        errors.append(
            FieldError(field, "INVALID_TYPE", f"expected a tuple of {kind.__name__}, got {value!r}")
        )


class Verdict(enum.StrEnum):
    """What a validator concluded about an address as a whole."""

    ACCEPTED = "accepted"
    """Routable as given."""
    ACCEPTED_WITH_CHANGES = "accepted_with_changes"
    """Routable, and the authority suggests a corrected address (never applied silently)."""
    REJECTED = "rejected"
    """Not routable; the issues say why and ``candidates`` may offer alternatives."""
    INCONCLUSIVE = "inconclusive"
    """The validator could not decide; the manual path of the country applies."""


class IssueCode(enum.StrEnum):
    """The stable vocabulary of :class:`FieldIssue` codes."""

    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    UNKNOWN = "UNKNOWN"
    CORRECTED = "CORRECTED"
    UNCHECKED = "UNCHECKED"
    RECOGNISED = "RECOGNISED"
    """Information: how a value was understood (``"Washington"`` as subdivision ``US-WA``)."""


class Severity(enum.StrEnum):
    """How much a :class:`FieldIssue` matters: only errors reject an address."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FieldStatus(enum.StrEnum):
    """A field's status in LoST terms (RFC 5222 §8.4.2): valid, invalid or unchecked."""

    VALID = "valid"
    INVALID = "invalid"
    UNCHECKED = "unchecked"


@attrs.frozen(kw_only=True)
class FieldIssue:
    """One finding of a validator about one field.

    Attributes:
        field: the :class:`CivicAddress` attribute it is about (``"postal_code"``).
        code: an :class:`IssueCode`.
        message: a sentence for people.
        severity: a :class:`Severity`; only ``ERROR`` rejects.
        validator: the name of the validator that found it (filled in by combinators).
    """

    field: str
    code: IssueCode
    message: str
    severity: Severity = Severity.ERROR
    validator: str = ""

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        coerce_enum(self, "code", IssueCode, errors)
        coerce_enum(self, "severity", Severity, errors)
        for name in ("field", "message", "validator"):
            if not isinstance(getattr(self, name), str):
                errors.append(FieldError.wrong_type(name, "text", getattr(self, name)))
        if errors:
            raise InvalidAddressError(errors)


@attrs.frozen(kw_only=True)
class ValidationResult:
    """What one validator said about one address.

    Attributes:
        verdict: the :class:`Verdict`.
        issues: every :class:`FieldIssue` found, errors and warnings alike.
        corrected: the address the authority proposes, for ``ACCEPTED_WITH_CHANGES``; the library
            never applies it unless the caller does (see :meth:`accept`).
        candidates: alternatives an authority offers, typically with ``REJECTED``.
        validator: the name of the validator that produced the result.
    """

    verdict: Verdict
    issues: tuple[FieldIssue, ...] = ()
    corrected: CivicAddress | None = None
    candidates: tuple[CivicAddress, ...] = ()
    validator: str = ""

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        coerce_enum(self, "verdict", Verdict, errors)
        tuple_of(self, "issues", FieldIssue, errors)
        tuple_of(self, "candidates", CivicAddress, errors)
        if self.corrected is not None and not isinstance(self.corrected, CivicAddress):
            errors.append(
                FieldError.wrong_type("corrected", "CivicAddress or None", self.corrected)
            )
        if errors:
            raise InvalidAddressError(errors)

    @property
    def ok(self) -> bool:
        """Whether the verdict is ``ACCEPTED`` or ``ACCEPTED_WITH_CHANGES``."""
        return self.verdict in (Verdict.ACCEPTED, Verdict.ACCEPTED_WITH_CHANGES)

    @property
    def errors(self) -> tuple[FieldIssue, ...]:
        """The issues of severity ``ERROR``."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    def accept(self) -> CivicAddress:
        """The corrected address, for a caller who accepts the authority's changes.

        The library never applies a correction by itself: this is the explicit step.

        Raises:
            ValidationStateError: the verdict is not ``ACCEPTED_WITH_CHANGES`` or no corrected
                address came with it.
        """
        if self.verdict is not Verdict.ACCEPTED_WITH_CHANGES or self.corrected is None:
            raise ValidationStateError(
                f"only an accepted-with-changes result carries changes to accept; this one is "
                f"{self.verdict.value}" + ("" if self.corrected is None else " with a correction")
            )
        return self.corrected

    def field_status(self, field: str) -> FieldStatus:
        """The LoST status of one field: invalid if an error names it, unchecked if an
        ``UNCHECKED`` issue names it, valid otherwise once the address was accepted."""
        codes = {i.code for i in self.issues if i.field == field}
        if any(i.field == field and i.severity is Severity.ERROR for i in self.issues):
            return FieldStatus.INVALID
        if IssueCode.UNCHECKED in codes or not self.ok:
            return FieldStatus.UNCHECKED
        return FieldStatus.VALID


class ValidationState(enum.StrEnum):
    """Where an emergency address stands in its validation life."""

    NOT_VALIDATED = "not_validated"
    VALIDATED = "validated"
    INVALID = "invalid"
    PENDING_MANUAL = "pending_manual"
    ATTESTED = "attested"


class ManualPath(enum.StrEnum):
    """How an address that no validator could decide on is checked by people."""

    MANUAL_VALIDATION_REQUEST = "manual_validation_request"
    """The US path: Microsoft's manual validation request for a US address."""
    SERVICE_REQUEST = "service_request"
    """The path everywhere else: a service request to the provider."""


@attrs.frozen(kw_only=True)
class Attestation:
    """An explicit, recorded statement that an address is right although no validator said so.

    Attributes:
        by: who attests (a person or an account).
        reason: why.
        at: when, as given by the caller (the library reads no clock).
    """

    by: str
    reason: str
    at: dt.datetime | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        for name in ("by", "reason"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                errors.append(FieldError(name, "REQUIRED", "an attestation needs who and why"))
        if self.at is not None and not isinstance(self.at, dt.datetime):
            errors.append(FieldError.wrong_type("at", "a datetime or None", self.at))
        if errors:
            raise InvalidAddressError(errors)


@attrs.frozen(kw_only=True)
class ValidationRecord:
    """The validation state an emergency address carries; ``ValidationRecord()`` is not validated.

    Attributes:
        state: the :class:`ValidationState`.
        result: the :class:`ValidationResult` the state came from, if any.
        manual_path: the manual path taken when a validator was inconclusive.
        attestation: the :class:`Attestation`, in state ``ATTESTED``.
        reasons: the reasons given when a manual review ended (approval notes, rejection causes).
    """

    state: ValidationState = ValidationState.NOT_VALIDATED
    result: ValidationResult | None = None
    manual_path: ManualPath | None = None
    attestation: Attestation | None = None
    reasons: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        coerce_enum(self, "state", ValidationState, errors)
        if self.manual_path is not None:
            coerce_enum(self, "manual_path", ManualPath, errors)
        tuple_of(self, "reasons", str, errors)
        if self.result is not None and not isinstance(self.result, ValidationResult):
            errors.append(FieldError.wrong_type("result", "ValidationResult or None", self.result))
        if self.attestation is not None and not isinstance(self.attestation, Attestation):
            errors.append(
                FieldError.wrong_type("attestation", "Attestation or None", self.attestation)
            )
        if errors:
            raise InvalidAddressError(errors)

    @property
    def is_validated(self) -> bool:
        """Whether the state is ``VALIDATED``."""
        return self.state is ValidationState.VALIDATED

    def with_result(
        self, result: ValidationResult, manual_path: ManualPath = ManualPath.SERVICE_REQUEST
    ) -> ValidationRecord:
        """The record after a validator's answer.

        ``ACCEPTED`` and ``ACCEPTED_WITH_CHANGES`` give ``VALIDATED`` (the address as given is
        routable; the suggested changes stay in ``result`` until the caller accepts them);
        ``REJECTED`` gives ``INVALID`` with the errors as reasons; ``INCONCLUSIVE`` gives
        ``PENDING_MANUAL`` on ``manual_path`` (the country policy's ``manual_fallback``).

        Raises:
            ValidationStateError: the record is validated, attested or waiting for a manual
                review: only a not validated or invalid address is validated again.
        """
        if not isinstance(result, ValidationResult):
            raise ValidationStateError(f"expected a ValidationResult, got {result!r}")
        self._require(
            (ValidationState.NOT_VALIDATED, ValidationState.INVALID), "record a validator's result"
        )
        if result.ok:
            return ValidationRecord(state=ValidationState.VALIDATED, result=result)
        if result.verdict is Verdict.REJECTED:
            reasons = tuple(f"{i.field}: {i.message}" for i in result.errors) or (
                f"rejected by {result.validator or 'the validator'}",
            )
            return ValidationRecord(state=ValidationState.INVALID, result=result, reasons=reasons)
        return ValidationRecord(
            state=ValidationState.PENDING_MANUAL, result=result, manual_path=ManualPath(manual_path)
        )

    def resolve_manual(self, approved: bool, reasons: tuple[str, ...] = ()) -> ValidationRecord:
        """The record after the manual review ended: ``VALIDATED`` or ``INVALID``.

        Raises:
            ValidationStateError: no manual review is pending.
        """
        self._require((ValidationState.PENDING_MANUAL,), "resolve a manual review")
        return attrs.evolve(
            self,
            state=ValidationState.VALIDATED if approved else ValidationState.INVALID,
            reasons=tuple(reasons),
        )

    def attest(self, attestation: Attestation) -> ValidationRecord:
        """The record after an explicit attestation: ``ATTESTED``, a weaker state than
        ``VALIDATED`` that a country policy may accept or refuse.

        Raises:
            ValidationStateError: the address is already validated or attested.
        """
        if not isinstance(attestation, Attestation):
            raise ValidationStateError(f"expected an Attestation, got {attestation!r}")
        self._require(
            (
                ValidationState.NOT_VALIDATED,
                ValidationState.INVALID,
                ValidationState.PENDING_MANUAL,
            ),
            "attest",
        )
        return attrs.evolve(self, state=ValidationState.ATTESTED, attestation=attestation)

    def _require(self, states: tuple[ValidationState, ...], action: str) -> None:
        if self.state not in states:
            allowed = " or ".join(s.value for s in states)
            raise ValidationStateError(
                f"cannot {action}: the record is {self.state.value}, expected {allowed}"
            )
