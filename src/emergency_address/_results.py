"""What validation says about an address, and the record an emergency address keeps of it.

These are plain values, kept below the validators themselves so that an
[EmergencyAddress][emergency_address.EmergencyAddress] can hold its
[ValidationRecord][emergency_address.ValidationRecord].
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from ._civic import CivicAddress
from ._fingerprint import (
    CANONICAL_VERSION,
    civic_fingerprint,
    fingerprint_matches,
    fingerprint_version,
    is_fingerprint,
)
from .exceptions import FieldError, InvalidAddressError, ValidationStateError, shown


def coerce_enum(record: Any, field: str, kind: Any, errors: list[FieldError]) -> None:
    """Turn a string into the enum member it names, or record why it cannot."""
    value = getattr(record, field)
    if isinstance(value, kind):
        return
    try:
        object.__setattr__(record, field, kind(value))
    except (ValueError, TypeError):
        allowed = ", ".join(repr(m.value) for m in kind)
        errors.append(
            FieldError(field, "INVALID", f"expected one of {allowed}, got {shown(value)}")
        )


def tuple_of(record: Any, field: str, kind: Any, errors: list[FieldError]) -> None:
    """Keep a list as a tuple, and record why the field is not a tuple of ``kind``."""
    value = getattr(record, field)
    if isinstance(value, list):
        value = tuple(value)
        object.__setattr__(record, field, value)
    if not isinstance(value, tuple) or not all(isinstance(v, kind) for v in value):
        errors.append(
            FieldError(
                field, "INVALID_TYPE", f"expected a tuple of {kind.__name__}, got {shown(value)}"
            )
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
    """The stable vocabulary of [`FieldIssue`][emergency_address.FieldIssue] codes."""

    REQUIRED = "REQUIRED"
    """The field is missing and the country needs it."""
    INVALID = "INVALID"
    """The field has a value, and it is wrong (a postal code of the wrong shape)."""
    UNKNOWN = "UNKNOWN"
    """The value is well formed but not known (a subdivision that does not exist)."""
    CORRECTED = "CORRECTED"
    """The authority proposes another value (see `corrected`)."""
    UNCHECKED = "UNCHECKED"
    """The field could not be checked; nothing is said about it."""
    RECOGNISED = "RECOGNISED"
    """Information: how a value was understood (``"Washington"`` as subdivision ``US-WA``)."""


class Severity(enum.StrEnum):
    """How much a [`FieldIssue`][emergency_address.FieldIssue] matters: only errors reject an
    address."""

    ERROR = "error"
    """The address is rejected for it."""
    WARNING = "warning"
    """Likely trouble; the address is not rejected for it."""
    INFO = "info"
    """Information only."""


class ValidationScope(enum.StrEnum):
    """What a check establishes about an address: only an authority's word validates it.

    A [ValidationResult][emergency_address.ValidationResult] is ``FORMAT`` or ``AUTHORITY``; a
    [ValidationRecord][emergency_address.ValidationRecord] that counts as confirmed rests on
    ``AUTHORITY`` or ``ATTESTATION``, and a country policy says which of those it accepts.
    """

    FORMAT = "format"
    """Offline syntax and reference data (required fields, ISO 3166, postal-code shapes): never
    enough to validate an address, whatever the verdict."""
    AUTHORITY = "authority"
    """An authority (an MSAG, a carrier, Microsoft's LIS, its manual review) confirmed that the
    address exists and routes calls."""
    ATTESTATION = "attestation"
    """A person attested the address (who, why, when); only policies that accept attestations
    count it. Never the scope of a validator's result."""


class FieldStatus(enum.StrEnum):
    """A field's status in LoST terms (RFC 5222 §8.4.2): valid, invalid or unchecked."""

    VALID = "valid"
    """The field was checked and is right."""
    INVALID = "invalid"
    """An error names the field."""
    UNCHECKED = "unchecked"
    """Nobody could check the field (or the address was not accepted)."""


@attrs.frozen(kw_only=True)
class FieldIssue:
    """One finding of a validator about one field.

    Attributes:
        field: the [`CivicAddress`][emergency_address.CivicAddress] attribute it is about
            (``"postal_code"``).
        code: an [`IssueCode`][emergency_address.IssueCode].
        message: a sentence for people.
        severity: a [`Severity`][emergency_address.Severity]; only ``ERROR`` rejects.
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
        verdict: the [`Verdict`][emergency_address.Verdict].
        issues: every [`FieldIssue`][emergency_address.FieldIssue] found, errors and warnings alike.
        corrected: the address the authority proposes, for ``ACCEPTED_WITH_CHANGES``; the library
            never applies it unless the caller does (see
            [`accept`][emergency_address.ValidationResult.accept]).
        candidates: alternatives an authority offers, typically with ``REJECTED``.
        validator: the name of the validator that produced the result.
        scope: what the result establishes, a
            [ValidationScope][emergency_address.ValidationScope]: ``AUTHORITY`` (the default, for
            the validators integrators write against their authority) or ``FORMAT`` (an offline
            check such as [FormatValidator][emergency_address.FormatValidator]; such a result
            never validates a record).
    """

    verdict: Verdict
    issues: tuple[FieldIssue, ...] = ()
    corrected: CivicAddress | None = None
    candidates: tuple[CivicAddress, ...] = ()
    validator: str = ""
    scope: ValidationScope = ValidationScope.AUTHORITY

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        coerce_enum(self, "verdict", Verdict, errors)
        tuple_of(self, "issues", FieldIssue, errors)
        tuple_of(self, "candidates", CivicAddress, errors)
        coerce_enum(self, "scope", ValidationScope, errors)
        if self.scope is ValidationScope.ATTESTATION:
            errors.append(
                FieldError(
                    "scope",
                    "INVALID",
                    "a validator's result is 'format' or 'authority'; an attestation is "
                    "recorded with ValidationRecord.attest()",
                )
            )
        if not isinstance(self.validator, str):
            errors.append(FieldError.wrong_type("validator", "text", self.validator))
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
    def format_only(self) -> bool:
        """Whether the result establishes the format only (and so never validates)."""
        return self.scope is ValidationScope.FORMAT

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
    """No authority confirmed the address: never checked, only format-checked, undecided, or a
    manual request withdrawn."""
    VALIDATED = "validated"
    """An authority confirmed this content: its validator, its manual review, or an imported
    verdict (see [Provenance][emergency_address.Provenance])."""
    INVALID = "invalid"
    """An authority (or its manual review) rejected the address."""
    PENDING_MANUAL = "pending_manual"
    """A manual validation request or service request is filed and not yet answered."""
    ATTESTED = "attested"
    """Someone attested the address (who, why, when) instead of an authority; a policy may
    accept or refuse it."""


class ManualPath(enum.StrEnum):
    """How an address that no validator could decide on is checked by people."""

    MANUAL_VALIDATION_REQUEST = "manual_validation_request"
    """The US path: Microsoft's manual validation request for a US address."""
    SERVICE_REQUEST = "service_request"
    """The path everywhere else: a service request to the provider."""


#: What satisfies a policy unless it says otherwise: an authority's confirmation.
AUTHORITY_ONLY = frozenset({ValidationScope.AUTHORITY})


def _text(record: Any, name: str, errors: list[FieldError], what: str, *, optional: bool) -> None:
    value = getattr(record, name)
    if value is None and optional:
        return
    if not isinstance(value, str):
        if value is None:
            errors.append(FieldError(name, "REQUIRED", f"{what} is required"))
        else:
            errors.append(FieldError.wrong_type(name, "text", value))
    elif not value.strip():
        errors.append(FieldError(name, "REQUIRED", f"{what} is required, got an empty text"))


def _time(record: Any, name: str, errors: list[FieldError], what: str, *, optional: bool) -> None:
    value = getattr(record, name)
    if value is None:
        if not optional:
            errors.append(FieldError(name, "REQUIRED", f"{what} is required"))
    elif not isinstance(value, dt.datetime):
        errors.append(FieldError.wrong_type(name, "a timezone-aware datetime", value))
    elif value.utcoffset() is None:
        errors.append(
            FieldError(
                name,
                "INVALID",
                f"{what} must be timezone-aware (a naive {value.isoformat()} could be any "
                "zone); give tzinfo, e.g. datetime.UTC",
            )
        )


def _require_type(name: str, value: object, kind: type | tuple[type, ...], expected: str) -> None:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__}")


@attrs.frozen(kw_only=True)
class Attestation:
    """An explicit, recorded statement that an address is right although no authority said so.

    Attributes:
        by: who attests (a person or an account).
        reason: why.
        at: when, timezone-aware, as given by the caller (the library reads no clock).

    Raises:
        InvalidAddressError: who, why or when is missing, or the time is naive.
    """

    by: str
    reason: str
    at: dt.datetime

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        _text(self, "by", errors, "who attests", optional=False)
        _text(self, "reason", errors, "why it is attested", optional=False)
        _time(self, "at", errors, "when it was attested", optional=False)
        if errors:
            raise InvalidAddressError(errors)


@attrs.frozen(kw_only=True)
class ManualRequest:
    """A manual validation request (or service request), from filing to its end.

    Attributes:
        reference: the reference the authority gave for it (a ticket or case id).
        requested_at: when it was filed, timezone-aware.
        resolved_by: who ended the review (the reviewer, or the account that recorded it).
        resolved_at: when the review ended.
        approved: the outcome: ``True`` validated, ``False`` invalid, ``None`` not (yet) resolved.
        withdrawn_at: when the integrator withdrew the request, if they did.

    Raises:
        InvalidAddressError: a missing reference or time, a naive time, a resolution without
            who, when and outcome together, or a request both resolved and withdrawn.
    """

    reference: str
    requested_at: dt.datetime
    resolved_by: str | None = None
    resolved_at: dt.datetime | None = None
    approved: bool | None = None
    withdrawn_at: dt.datetime | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        _text(self, "reference", errors, "the request's reference", optional=False)
        _time(self, "requested_at", errors, "when it was requested", optional=False)
        _text(self, "resolved_by", errors, "who resolved it", optional=True)
        _time(self, "resolved_at", errors, "when it was resolved", optional=True)
        _time(self, "withdrawn_at", errors, "when it was withdrawn", optional=True)
        if self.approved is not None and not isinstance(self.approved, bool):
            errors.append(FieldError.wrong_type("approved", "True, False or None", self.approved))
        resolution = (self.resolved_by, self.resolved_at, self.approved)
        if any(v is not None for v in resolution) and any(v is None for v in resolution):
            errors.append(
                FieldError(
                    "resolved_by",
                    "REQUIRED",
                    "a resolution needs who (resolved_by), when (resolved_at) and the outcome "
                    "(approved) together",
                )
            )
        if self.approved is not None and self.withdrawn_at is not None:
            errors.append(
                FieldError(
                    "withdrawn_at", "INVALID", "a request is resolved or withdrawn, not both"
                )
            )
        if not errors:
            for name in ("resolved_at", "withdrawn_at"):
                value = getattr(self, name)
                if value is not None and value < self.requested_at:
                    errors.append(FieldError(name, "INVALID", f"{name} is before requested_at"))
        if errors:
            raise InvalidAddressError(errors)

    @property
    def pending(self) -> bool:
        """Whether the request is neither resolved nor withdrawn."""
        return self.approved is None and self.withdrawn_at is None


@attrs.frozen(kw_only=True)
class Provenance:
    """Where an imported validation state came from.

    A state read from a file (a Teams LIS export's ``ValidationStatus``, a JSON document that
    carries a state without the result behind it) is another system's verdict: the record keeps
    where it came from, and is bound to the content imported with it.

    Attributes:
        source: what it was read from (``"Teams LIS CSV"``, ``"JSON"``).
        file: the file's name, when read from a named file.
        line: the line of the file, where there is one.
        at: when it was imported, if the caller said (the library reads no clock).
    """

    source: str
    file: str | None = None
    line: int | None = None
    at: dt.datetime | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        _text(self, "source", errors, "the source", optional=False)
        _text(self, "file", errors, "the file", optional=True)
        _time(self, "at", errors, "the import time", optional=True)
        if self.line is not None and (
            isinstance(self.line, bool) or not isinstance(self.line, int) or self.line < 1
        ):
            errors.append(
                FieldError("line", "INVALID", f"expected a line number, got {shown(self.line)}")
            )
        if errors:
            raise InvalidAddressError(errors)

    def describe(self) -> str:
        """``"imported from Teams LIS CSV (sites.csv, line 7)"``."""
        where = [w for w in (self.file, f"line {self.line}" if self.line else None) if w]
        if self.at is not None:
            where.append(self.at.isoformat())
        return f"imported from {self.source}" + (f" ({', '.join(where)})" if where else "")


_STATE_WORDS = {
    ValidationState.NOT_VALIDATED: "not validated",
    ValidationState.VALIDATED: "validated",
    ValidationState.INVALID: "invalid",
    ValidationState.PENDING_MANUAL: "waiting for a manual validation",
    ValidationState.ATTESTED: "attested",
}


@attrs.frozen(kw_only=True)
class ValidationRecord:
    """The validation state an emergency address carries; ``ValidationRecord()`` is not validated.

    A record other than not-validated is bound to the civic content it is about (its
    ``fingerprint``): an address whose civic address changed since reads as not validated (see
    [why_not_validated][emergency_address.ValidationRecord.why_not_validated]). Build records
    with the transitions ([with_result][emergency_address.ValidationRecord.with_result],
    [request_manual][emergency_address.ValidationRecord.request_manual],
    [resolve_manual][emergency_address.ValidationRecord.resolve_manual],
    [withdraw_manual][emergency_address.ValidationRecord.withdraw_manual],
    [attest][emergency_address.ValidationRecord.attest],
    [imported][emergency_address.ValidationRecord.imported]); the constructor refuses a record
    that no transition could produce.

    Attributes:
        state: the [ValidationState][emergency_address.ValidationState].
        result: the authority's [ValidationResult][emergency_address.ValidationResult] the state
            came from (for a pending or withdrawn manual path, the undecided one), if any.
        manual_path: the manual path, once an authority was undecided or a request was filed.
        attestation: the [Attestation][emergency_address.Attestation], in state ``ATTESTED``.
        reasons: why the record is what it is (rejection causes, review notes, a withdrawal).
        fingerprint: the fingerprint of the civic content the state is about.
        manual: the [ManualRequest][emergency_address.ManualRequest], once one was filed.
        provenance: where an imported state came from
            ([Provenance][emergency_address.Provenance]).
        format_check: the last format-only result, kept beside the state it never changes.

    Raises:
        InvalidAddressError: a field of the wrong type or value.
        ValidationStateError: an impossible record: validated or invalid without the result, the
            manual review or the provenance behind it; attested without an attestation;
            waiting for a manual validation without the path and the request; any state but
            not-validated without the fingerprint of its content.
    """

    state: ValidationState = ValidationState.NOT_VALIDATED
    result: ValidationResult | None = None
    manual_path: ManualPath | None = None
    attestation: Attestation | None = None
    reasons: tuple[str, ...] = ()
    fingerprint: str | None = None
    manual: ManualRequest | None = None
    provenance: Provenance | None = None
    format_check: ValidationResult | None = None

    def __attrs_post_init__(self) -> None:
        errors: list[FieldError] = []
        coerce_enum(self, "state", ValidationState, errors)
        if self.manual_path is not None:
            coerce_enum(self, "manual_path", ManualPath, errors)
        tuple_of(self, "reasons", str, errors)
        for name, kind in (
            ("result", ValidationResult),
            ("attestation", Attestation),
            ("manual", ManualRequest),
            ("provenance", Provenance),
            ("format_check", ValidationResult),
        ):
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                errors.append(FieldError.wrong_type(name, f"{kind.__name__} or None", value))
        if self.fingerprint is not None and not is_fingerprint(self.fingerprint):
            errors.append(
                FieldError(
                    "fingerprint",
                    "INVALID",
                    "expected a civic fingerprint ('civic/1:' and 32 hex digits), got "
                    f"{type(self.fingerprint).__name__}",
                )
            )
        if errors:
            raise InvalidAddressError(errors)
        problem = self._impossible()
        if problem:
            raise ValidationStateError(f"impossible validation record: {problem}")

    def _impossible(self) -> str | None:
        state = self.state
        if self.result is not None and self.result.format_only:
            return "a format-only result goes in format_check; result holds an authority's"
        if self.format_check is not None and not self.format_check.format_only:
            return "format_check holds a format-only result; an authority's goes in result"
        if state is not ValidationState.NOT_VALIDATED and self.fingerprint is None:
            return (
                f"a record in state {state.value} needs the fingerprint of the content it is "
                "about; "
                "record it with a transition (with_result, attest, ...) or imported()"
            )
        manual, result, imported = self.manual, self.result, self.provenance is not None
        if state is ValidationState.VALIDATED and not (
            imported
            or (manual is not None and manual.approved is True)
            or (manual is None and result is not None and result.ok)
        ):
            return (
                "validated needs an authority's accepting result, an approved manual request "
                "or an imported provenance"
            )
        if state is ValidationState.INVALID and not (
            imported
            or (manual is not None and manual.approved is False)
            or (manual is None and result is not None and result.verdict is Verdict.REJECTED)
        ):
            return (
                "invalid needs an authority's rejecting result, a refused manual request or an "
                "imported provenance"
            )
        if (state is ValidationState.ATTESTED) != (self.attestation is not None):
            return "attested needs an Attestation (who, why, when), and only attested has one"
        pending = manual is not None and manual.pending
        if (state is ValidationState.PENDING_MANUAL) != pending:
            return (
                "waiting for a manual validation needs a pending manual request (its reference "
                "and time), and only that state has one"
            )
        if pending and self.manual_path is None:
            return "waiting for a manual validation needs the manual path"
        return None

    # --- reading -------------------------------------------------------------------------------

    @property
    def is_validated(self) -> bool:
        """Whether the state is ``VALIDATED``, whatever content it is about (use
        [EmergencyAddress.is_validated][emergency_address.EmergencyAddress.is_validated] or
        [why_not_validated][emergency_address.ValidationRecord.why_not_validated] to know
        whether it holds for an address's current content)."""
        return self.state is ValidationState.VALIDATED

    @property
    def scope(self) -> ValidationScope | None:
        """What the state rests on: ``AUTHORITY`` for validated and invalid, ``ATTESTATION`` for
        attested, ``None`` otherwise."""
        if self.state in (ValidationState.VALIDATED, ValidationState.INVALID):
            return ValidationScope.AUTHORITY
        if self.state is ValidationState.ATTESTED:
            return ValidationScope.ATTESTATION
        return None

    @property
    def origin(self) -> str:
        """Where the state comes from, for counting: ``"imported from <source>"``,
        ``"attestation"``, ``"manual review"``, ``"validator"`` or ``"none"``."""
        if self.provenance is not None:
            return f"imported from {self.provenance.source}"
        if self.state is ValidationState.ATTESTED:
            return "attestation"
        if self.manual is not None and self.manual.approved is not None:
            return "manual review"
        if self.state in (ValidationState.VALIDATED, ValidationState.INVALID):
            return "validator"
        return "none"

    def is_stale(self, civic: CivicAddress) -> bool:
        """Whether the record is about other content than ``civic`` (it changed since, or the
        record's canonical form is unknown to this release). A not-validated record is never
        stale."""
        _require_type("civic", civic, CivicAddress, "a CivicAddress")
        if self.state is ValidationState.NOT_VALIDATED or self.fingerprint is None:
            return False
        return fingerprint_matches(self.fingerprint, civic) is not True

    def state_for(self, civic: CivicAddress) -> ValidationState:
        """The state as it holds for ``civic``: ``NOT_VALIDATED`` when the record is stale."""
        return ValidationState.NOT_VALIDATED if self.is_stale(civic) else self.state

    def why_not_validated(
        self, civic: CivicAddress, accepted: frozenset[ValidationScope] = AUTHORITY_ONLY
    ) -> str | None:
        """Why the record does not confirm ``civic``'s content, or ``None`` when it does.

        Args:
            civic: the content the record should be about.
            accepted: the scopes that count (a policy's
                [accepted_scopes][emergency_address.CountryPolicy.accepted_scopes]); a
                format-only check never counts.

        Returns:
            ``None`` when the record confirms this content in an accepted scope; otherwise what
            to say after the address's name (``"is not validated"``, ``"has a civic address
            that changed since it was validated: validate it again"``).
        """
        _require_type("civic", civic, CivicAddress, "a CivicAddress")
        word = _STATE_WORDS[self.state]
        if self.is_stale(civic):
            assert self.fingerprint is not None
            version = fingerprint_version(self.fingerprint)
            if version != CANONICAL_VERSION:
                return (
                    f"was {word} under the canonical form {version!r}, which this release "
                    "cannot check: validate it again"
                )
            return f"has a civic address that changed since it was {word}: validate it again"
        scope = self.scope
        if scope is not None and scope in accepted and self.state is not ValidationState.INVALID:
            return None
        if self.state is ValidationState.NOT_VALIDATED:
            return "is not validated" + self._why_not_validated_detail()
        if self.state is ValidationState.INVALID:
            return "is invalid" + (f" ({self.reasons[0]})" if self.reasons else "")
        if self.state is ValidationState.PENDING_MANUAL:
            assert self.manual is not None
            assert self.manual_path is not None
            return (
                f"is pending manual validation ({self.manual_path.value.replace('_', ' ')}"
                f" {self.manual.reference})"
            )
        return f"is {word}, and only {_scopes(accepted)} counts here"

    def _why_not_validated_detail(self) -> str:
        if self.manual is not None and self.manual.withdrawn_at is not None:
            return f" (manual request {self.manual.reference} withdrawn)"
        if self.result is not None and self.result.verdict is Verdict.INCONCLUSIVE:
            return (
                f" ({self.result.validator or 'the authority'} could not decide; no manual "
                "request is filed)"
            )
        if self.provenance is not None:
            return f" ({self.reasons[0] if self.reasons else self.provenance.describe()})"
        if self.format_check is not None:
            return " (only its format was checked, which never validates)"
        return ""

    # --- transitions ---------------------------------------------------------------------------

    def _revalidatable(self, civic: CivicAddress, action: str) -> None:
        if self.state in (ValidationState.NOT_VALIDATED, ValidationState.INVALID):
            return
        if self.is_stale(civic):
            return  # the content changed: what the record says is about something else
        raise ValidationStateError(
            f"cannot {action}: the record is {self.state.value} for this content, expected "
            "not_validated or invalid (or content changed since)"
        )

    def with_result(
        self,
        result: ValidationResult,
        *,
        civic: CivicAddress,
        manual_path: ManualPath = ManualPath.SERVICE_REQUEST,
    ) -> ValidationRecord:
        """The record after a validator's answer about ``civic``.

        A format-only result never changes the state: it is kept as ``format_check``. An
        authority's ``ACCEPTED`` or ``ACCEPTED_WITH_CHANGES`` gives ``VALIDATED`` (the address
        as given routes; suggested changes stay in ``result`` until the caller accepts them);
        ``REJECTED`` gives ``INVALID`` with the errors as reasons; ``INCONCLUSIVE`` leaves the
        address not validated with ``manual_path`` to follow: file the request, then record it
        with [request_manual][emergency_address.ValidationRecord.request_manual].

        Args:
            result: the validator's result.
            civic: the civic address that was validated; the record is bound to its content.
            manual_path: the path for an undecided authority (the country policy's
                ``manual_fallback``).

        Raises:
            TypeError: an argument of the wrong type.
            ValidationStateError: an authority's result while the record is validated, attested
                or waiting for a manual review for this same content.
        """
        _require_type("result", result, ValidationResult, "a ValidationResult")
        _require_type("civic", civic, CivicAddress, "a CivicAddress")
        path = _manual_path(manual_path)
        if result.format_only:
            return attrs.evolve(self, format_check=result)
        self._revalidatable(civic, "record a validator's result")
        fingerprint = civic_fingerprint(civic)
        if result.ok:
            return ValidationRecord(
                state=ValidationState.VALIDATED,
                result=result,
                fingerprint=fingerprint,
                format_check=self.format_check,
            )
        if result.verdict is Verdict.REJECTED:
            reasons = tuple(f"{i.field}: {i.message}" for i in result.errors) or (
                f"rejected by {result.validator or 'the validator'}",
            )
            return ValidationRecord(
                state=ValidationState.INVALID,
                result=result,
                reasons=reasons,
                fingerprint=fingerprint,
                format_check=self.format_check,
            )
        return ValidationRecord(
            result=result,
            manual_path=path,
            fingerprint=fingerprint,
            reasons=(f"{result.validator or 'the authority'} could not decide",),
            format_check=self.format_check,
        )

    def request_manual(
        self,
        reference: str,
        *,
        at: dt.datetime,
        civic: CivicAddress,
        manual_path: ManualPath | None = None,
    ) -> ValidationRecord:
        """The record after a manual validation request (or service request) was filed for
        ``civic``: ``PENDING_MANUAL``.

        Args:
            reference: the reference the authority gave (a ticket or case id).
            at: when it was filed, timezone-aware.
            civic: the civic address under review; the record is bound to its content.
            manual_path: the path taken; by default the one an undecided result named.

        Raises:
            TypeError: an argument of the wrong type.
            InvalidAddressError: an empty reference or a naive time.
            ValidationStateError: the record is validated, attested or already pending for this
                content, or no manual path is known.
        """
        _require_type("reference", reference, str, "text")
        _require_type("at", at, dt.datetime, "a timezone-aware datetime")
        _require_type("civic", civic, CivicAddress, "a CivicAddress")
        path = _manual_path(manual_path) if manual_path is not None else self.manual_path
        self._revalidatable(civic, "request a manual validation")
        if path is None:
            raise ValidationStateError(
                "cannot request a manual validation: say which manual path (manual_path=...)"
            )
        request = ManualRequest(reference=reference, requested_at=at)
        fingerprint = civic_fingerprint(civic)
        undecided = (
            self.result
            if self.result is not None
            and self.result.verdict is Verdict.INCONCLUSIVE
            and self.fingerprint == fingerprint
            else None
        )
        return ValidationRecord(
            state=ValidationState.PENDING_MANUAL,
            result=undecided,
            manual_path=path,
            manual=request,
            fingerprint=fingerprint,
            format_check=self.format_check,
        )

    def resolve_manual(
        self,
        approved: bool,
        reasons: tuple[str, ...] = (),
        *,
        by: str,
        at: dt.datetime,
    ) -> ValidationRecord:
        """The record after the manual review ended: ``VALIDATED`` or ``INVALID``.

        Args:
            approved: the outcome, a ``bool`` (anything else is refused, so that ``"no"`` can
                never approve).
            reasons: the reviewer's notes or causes.
            by: who resolved it.
            at: when, timezone-aware.

        Raises:
            TypeError: ``approved`` is not a bool, or ``reasons`` not a tuple of text.
            InvalidAddressError: no one named, or a naive or earlier time.
            ValidationStateError: no manual review is pending.
        """
        _require_type("approved", approved, bool, "a bool (True or False)")
        _require_type("by", by, str, "text naming who resolved it")
        _require_type("at", at, dt.datetime, "a timezone-aware datetime")
        reasons = _reasons(reasons)
        self._require((ValidationState.PENDING_MANUAL,), "resolve a manual review")
        assert self.manual is not None
        manual = attrs.evolve(self.manual, resolved_by=by, resolved_at=at, approved=approved)
        return attrs.evolve(
            self,
            state=ValidationState.VALIDATED if approved else ValidationState.INVALID,
            manual=manual,
            reasons=reasons,
        )

    def withdraw_manual(self, *, at: dt.datetime, reason: str = "") -> ValidationRecord:
        """The record after the pending manual request was withdrawn: not validated again, with
        the withdrawn request kept.

        Raises:
            TypeError: ``reason`` is not text.
            InvalidAddressError: a naive or earlier time.
            ValidationStateError: no manual review is pending.
        """
        _require_type("reason", reason, str, "text")
        _require_type("at", at, dt.datetime, "a timezone-aware datetime")
        self._require((ValidationState.PENDING_MANUAL,), "withdraw a manual request")
        assert self.manual is not None
        manual = attrs.evolve(self.manual, withdrawn_at=at)
        note = f"manual request {manual.reference} withdrawn" + (f": {reason}" if reason else "")
        return attrs.evolve(
            self, state=ValidationState.NOT_VALIDATED, manual=manual, reasons=(note,)
        )

    def attest(self, attestation: Attestation, *, civic: CivicAddress) -> ValidationRecord:
        """The record after an explicit attestation of ``civic``: ``ATTESTED``, a weaker state
        than ``VALIDATED`` that a country policy may accept or refuse. A pending manual request
        is withdrawn at the attestation's time.

        Raises:
            TypeError: an argument of the wrong type.
            ValidationStateError: the address is already validated or attested for this content.
        """
        _require_type("attestation", attestation, Attestation, "an Attestation")
        _require_type("civic", civic, CivicAddress, "a CivicAddress")
        self._revalidatable_or_pending(civic)
        manual = self.manual
        if manual is not None and manual.pending:
            manual = attrs.evolve(manual, withdrawn_at=max(attestation.at, manual.requested_at))
        return ValidationRecord(
            state=ValidationState.ATTESTED,
            result=self.result,
            manual_path=self.manual_path,
            attestation=attestation,
            fingerprint=civic_fingerprint(civic),
            manual=manual,
            format_check=self.format_check,
        )

    def _revalidatable_or_pending(self, civic: CivicAddress) -> None:
        if self.state is ValidationState.PENDING_MANUAL:
            return
        self._revalidatable(civic, "attest")

    @classmethod
    def imported(
        cls,
        state: ValidationState | str,
        *,
        civic: CivicAddress,
        provenance: Provenance,
        trusted: bool = True,
        attestation: Attestation | None = None,
    ) -> ValidationRecord:
        """The record for a state read from another system, bound to the content read with it.

        ``NOT_VALIDATED`` claims nothing and gives ``ValidationRecord()``. A trusted
        ``VALIDATED`` or ``INVALID`` is kept with its provenance (an authority's
        verdict, such as Microsoft's ``Validated``), and so is a trusted ``ATTESTED`` that comes
        with its ``attestation`` (who, why, when). An untrusted state, an ``ATTESTED`` without
        an attestation and a ``PENDING_MANUAL`` (a file carries no request reference) become
        not validated, with a reason that says what was read and why it was reset.

        Raises:
            TypeError: an argument of the wrong type.
            InvalidAddressError: ``state`` is not a validation state.
        """
        _require_type("civic", civic, CivicAddress, "a CivicAddress")
        _require_type("provenance", provenance, Provenance, "a Provenance")
        _require_type("trusted", trusted, bool, "a bool")
        if attestation is not None:
            _require_type("attestation", attestation, Attestation, "an Attestation or None")
        try:
            read = ValidationState(state)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in ValidationState)
            message = f"expected one of {allowed}, got {shown(state)}"
            raise InvalidAddressError([FieldError("state", "INVALID", message)]) from None
        fingerprint = civic_fingerprint(civic)
        if read is ValidationState.NOT_VALIDATED:
            return cls()  # nothing was claimed: nothing to trust or to trace
        incomplete = read is ValidationState.PENDING_MANUAL or (
            read is ValidationState.ATTESTED and attestation is None
        )
        if incomplete:
            missing = (
                "who, why and when" if read is ValidationState.ATTESTED else "a request reference"
            )
            reason = f"imported as {read.value.replace('_', ' ')} without {missing}"
        elif not trusted:
            reason = f"imported as {read.value.replace('_', ' ')}; imported states are not trusted"
        elif read is ValidationState.ATTESTED:
            return cls(
                state=read, attestation=attestation, fingerprint=fingerprint, provenance=provenance
            )
        else:
            return cls(state=read, fingerprint=fingerprint, provenance=provenance)
        return cls(provenance=provenance, reasons=(reason,))

    def _require(self, states: tuple[ValidationState, ...], action: str) -> None:
        if self.state not in states:
            allowed = " or ".join(s.value for s in states)
            raise ValidationStateError(
                f"cannot {action}: the record is {self.state.value}, expected {allowed}"
            )


def _manual_path(value: object) -> ManualPath:
    if isinstance(value, ManualPath):
        return value
    if not isinstance(value, str):
        raise TypeError(f"manual_path must be a ManualPath, got {type(value).__name__}")
    try:
        return ManualPath(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in ManualPath)
        raise InvalidAddressError(
            [FieldError("manual_path", "INVALID", f"expected one of {allowed}, got {shown(value)}")]
        ) from None


def _reasons(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        value = tuple(value)
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"reasons must be a tuple of text, got {type(value).__name__}")
    return value


def _scopes(accepted: frozenset[ValidationScope]) -> str:
    names = sorted(s.value for s in accepted if s is not ValidationScope.FORMAT)
    return " or ".join(f"{n} confirmation" for n in names) or "nothing"
