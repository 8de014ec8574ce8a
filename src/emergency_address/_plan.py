"""Plan and apply: the commands that turn one directory into another, reviewed before they run.

An integrator keeps the directory in step with a source of truth (an HR system, a provisioning
database, a spreadsheet): read it into a *desired* directory, ``plan(current, desired)``, review
the plan, then ``current.apply(plan)``. Planning never calls a validator or a provider:
validation records travel from the desired directory as data, and provider registrations stay
as they are (they are the provider's to change).

The plan is found by running it: each command is tried on the directory as the earlier ones left
it, so every command in ``Plan.commands`` is known to succeed in that order, and a command the
country rules or the directory refuse is set aside with the reason and retried after the others
(a number may only be able to move once its new location exists). What still fails lands in
``Plan.refused``; the rest runs.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ._policy import AttachmentEvent
from .exceptions import EmergencyAddressError, PolicyViolationError

if TYPE_CHECKING:
    from ._address import EmergencyAddress
    from ._directory import EmergencyDirectory, NumberRecord


class ChangeKind(enum.StrEnum):
    """Whether a planned command adds, changes or removes something (the plan's ``+ ~ -``)."""

    ADD = "add"
    """The command adds something (``+`` in a plan)."""
    CHANGE = "change"
    """The command changes something that exists (``~``)."""
    REMOVE = "remove"
    """The command removes something (``-``)."""


_SYMBOL = {ChangeKind.ADD: "+", ChangeKind.CHANGE: "~", ChangeKind.REMOVE: "-"}


@attrs.frozen(kw_only=True)
class PlannedCommand:
    """One directory command of a plan.

    Attributes:
        name: the [EmergencyDirectory][emergency_address.EmergencyDirectory] command
            (``"acquire_number"``).
        arguments: its positional arguments.
        kind: whether it adds, changes or removes.
        target: the id (address or location) or E.164 number it acts on.
        summary: one line for people.
    """

    name: str
    arguments: tuple[Any, ...]
    kind: ChangeKind
    target: str
    summary: str

    def as_tuple(self) -> tuple[Any, ...]:
        """The command as [EmergencyDirectory.apply][emergency_address.EmergencyDirectory.apply]
        takes it: ``(name, *arguments)``."""
        return (self.name, *self.arguments)

    def __str__(self) -> str:
        return f"{_SYMBOL[self.kind]} {self.summary}"


@attrs.frozen(kw_only=True)
class Refusal:
    """A command the plan could not include, and why.

    Attributes:
        command: the command that was refused.
        error: the error's class name (``"PolicyViolationError"``).
        reason: the error's message.
        codes: the violation codes when the country rules refused it.
    """

    command: PlannedCommand
    error: str
    reason: str
    codes: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ChangeRecord:
    """One line of a change log: what was done, to what, by whom and when."""

    command: str
    target: str
    summary: str
    at: dt.datetime
    actor: str | None = None


@attrs.frozen(kw_only=True)
class Plan:
    """The ordered commands that turn a directory into the desired one, and what was refused.

    ``current.apply(plan)`` runs ``commands`` atomically. ``str(plan)`` reads like
    ``terraform plan``; [to_dict][emergency_address.Plan.to_dict] gives the JSON form.

    Attributes:
        commands: the commands, in an order known to succeed on the planned directory.
        refused: the commands that the country rules or the directory refuse, with reasons.
    """

    commands: tuple[PlannedCommand, ...] = ()
    refused: tuple[Refusal, ...] = ()

    def __len__(self) -> int:
        return len(self.commands)

    def __iter__(self) -> Iterator[PlannedCommand]:
        return iter(self.commands)

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to do and nothing was refused (the directories agree)."""
        return not self.commands and not self.refused

    def counts(self) -> dict[str, int]:
        """How many commands add, change and remove, and how many were refused."""
        counts = {kind.value: 0 for kind in ChangeKind}
        for command in self.commands:
            counts[command.kind.value] += 1
        counts["refused"] = len(self.refused)
        return counts

    def change_log(self, *, at: dt.datetime, actor: str | None = None) -> tuple[ChangeRecord, ...]:
        """The change log of applying this plan at ``at`` (the library reads no clock).

        Raises:
            TypeError: ``at`` is not a timezone-aware datetime.
        """
        if not isinstance(at, dt.datetime) or at.utcoffset() is None:
            raise TypeError("at: expected a timezone-aware datetime")
        if actor is not None and not isinstance(actor, str):
            raise TypeError(f"actor: expected str or None, got {type(actor).__name__}")
        return tuple(
            ChangeRecord(command=c.name, target=c.target, summary=c.summary, at=at, actor=actor)
            for c in self.commands
        )

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-safe data: counts, commands and refusals (arguments by id only)."""
        return {
            "counts": self.counts(),
            "commands": [
                {"command": c.name, "kind": c.kind.value, "target": c.target, "summary": c.summary}
                for c in self.commands
            ],
            "refused": [
                {
                    "command": r.command.name,
                    "target": r.command.target,
                    "summary": r.command.summary,
                    "error": r.error,
                    "codes": list(r.codes),
                    "reason": r.reason,
                }
                for r in self.refused
            ],
        }

    def raise_for_refusals(self) -> None:
        """Raise [PlanRefusedError][emergency_address.exceptions.PlanRefusedError] when anything
        was refused (for a nightly job that must not apply half a change)."""
        if self.refused:
            from .exceptions import PlanRefusedError

            raise PlanRefusedError(self.refused)

    def __str__(self) -> str:
        if self.is_empty:
            return "No changes: the directory matches the desired one."
        c = self.counts()
        lines = [
            f"Plan: {c['add']} to add, {c['change']} to change, {c['remove']} to remove"
            + (f"; {c['refused']} refused" if c["refused"] else "")
            + "."
        ]
        lines += [f"  {command}" for command in self.commands]
        if self.refused:
            lines.append("Refused:")
            lines += [f"  ! {r.command.summary}: {_shorten(r.reason)}" for r in self.refused]
        return "\n".join(lines)


def _shorten(reason: str, limit: int = 200) -> str:
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def plan(current: EmergencyDirectory, desired: EmergencyDirectory) -> Plan:
    """The commands that turn ``current`` into ``desired``, found by running them.

    Addresses and new locations come first (with their validation records, as data), then the
    numbers (acquired, moved, assigned, unassigned), then what goes: locations, numbers, and
    addresses last. Provider registrations are not planned: a number keeps ``current``'s.

    Args:
        current: the directory as it is.
        desired: the directory as the source of truth says it should be.

    Raises:
        TypeError: either is not an [EmergencyDirectory][emergency_address.EmergencyDirectory].

    Examples:
        >>> from emergency_address import CivicAddress, EmergencyAddress, EmergencyDirectory
        >>> lon = EmergencyAddress(id="lon", civic=CivicAddress(country="GB", city="London"))
        >>> p = plan(EmergencyDirectory(), EmergencyDirectory().add_address(lon))
        >>> print(p)
        Plan: 1 to add, 0 to change, 0 to remove.
          + add address lon (London, GB)
        >>> plan(EmergencyDirectory().apply(p), EmergencyDirectory().add_address(lon)).is_empty
        True
    """
    from ._directory import EmergencyDirectory

    for name, value in (("current", current), ("desired", desired)):
        if not isinstance(value, EmergencyDirectory):
            raise TypeError(f"{name}: expected EmergencyDirectory, got {type(value).__name__}")
    steps = _steps(current, desired)
    return _simulate(current, steps)


# --- building the steps ----------------------------------------------------------------------


def _steps(current: EmergencyDirectory, desired: EmergencyDirectory) -> list[PlannedCommand]:
    have = {a.id: a for a in current.iter_addresses()}
    want = {a.id: a for a in desired.iter_addresses()}
    numbers_have = {r.e164: r for r in current.iter_numbers()}
    numbers_want = {r.e164: r for r in desired.iter_numbers()}
    steps: list[PlannedCommand] = []
    for address_id in sorted(want.keys() - have.keys()):
        steps.append(
            _command(
                "add_address",
                (want[address_id],),
                ChangeKind.ADD,
                address_id,
                f"add address {_describe(want[address_id])}",
            )
        )
    dropped: list[PlannedCommand] = []
    for address_id in sorted(want.keys() & have.keys()):
        steps += _address_changes(have[address_id], want[address_id], dropped)
    releases: list[PlannedCommand] = []
    for e164 in sorted(numbers_have.keys() | numbers_want.keys()):
        steps += _number_changes(numbers_have.get(e164), numbers_want.get(e164), releases)
    removals = [
        _command(
            "remove_address",
            (address_id,),
            ChangeKind.REMOVE,
            address_id,
            f"remove address {_describe(have[address_id])}",
        )
        for address_id in sorted(have.keys() - want.keys())
    ]
    return steps + dropped + releases + removals


def _address_changes(
    old: EmergencyAddress, new: EmergencyAddress, dropped: list[PlannedCommand]
) -> list[PlannedCommand]:
    if old == new:
        return []
    new_ids = {loc.id for loc in new.locations}
    extra = [loc for loc in old.locations if loc.id not in new_ids]
    # First the address grows to the union of both sets of locations (numbers can then move),
    # later the locations it no longer has are removed.
    try:
        merged = new
        for loc in extra:
            merged = merged.with_location(loc)
    except EmergencyAddressError:
        # The two cannot coexist (the default location takes its own id, and the old default
        # used the address id): the address changes in one step, which the directory refuses
        # while numbers are bound to the location that goes ("move them first").
        merged, extra = new, []
    steps: list[PlannedCommand] = []
    old_ids = {loc.id for loc in old.locations}
    added = [loc for loc in new.locations if loc.id not in old_ids]
    if merged != old:
        if added and _only_locations_added(old, merged):
            steps += [
                _command(
                    "add_location",
                    (new.id, loc),
                    ChangeKind.ADD,
                    loc.id,
                    f"add location {loc.id} under {new.id}"
                    + (f" ({loc.description})" if loc.description else ""),
                )
                for loc in added
            ]
        else:
            steps.append(
                _command(
                    "update_address",
                    (merged,),
                    ChangeKind.CHANGE,
                    new.id,
                    f"update address {new.id}: {_differences(old, merged)}",
                )
            )
    dropped += [
        _command(
            "remove_location",
            (new.id, loc.id),
            ChangeKind.REMOVE,
            loc.id,
            f"remove location {loc.id} from {new.id}",
        )
        for loc in extra
    ]
    return steps


def _only_locations_added(old: EmergencyAddress, merged: EmergencyAddress) -> bool:
    same = all(
        getattr(old, field.name) == getattr(merged, field.name)
        for field in attrs.fields(type(old))
        if field.name != "locations"
    )
    return same and set(old.locations) <= set(merged.locations)


def _number_changes(
    have: NumberRecord | None, want: NumberRecord | None, releases: list[PlannedCommand]
) -> list[PlannedCommand]:
    if want is None:
        assert have is not None
        releases.append(
            _command(
                "release_number",
                (have.e164,),
                ChangeKind.REMOVE,
                have.e164,
                f"release number {have.e164}",
            )
        )
        return []
    steps: list[PlannedCommand] = []
    e164 = want.e164
    if have is not None and have.arrived is not want.arrived:
        # How a number arrived is history, not a setting: the source of truth says it came
        # another way, so the number is released and taken in again.
        steps.append(
            _command(
                "release_number",
                (e164,),
                ChangeKind.REMOVE,
                e164,
                f"release number {e164} (it arrived by {want.arrived.value}, "
                f"not {have.arrived.value})",
            )
        )
        have = None
    if have is None:
        ported = want.arrived is AttachmentEvent.PORT_IN
        where = f" at {want.location_id}" if want.location_id else ""
        verb = "port in" if ported else "acquire"
        steps.append(
            _command(
                "acquire_number",
                (e164, want.location_id, ported),
                ChangeKind.ADD,
                e164,
                f"{verb} number {e164}{where}",
            )
        )
        user = None
    else:
        user = have.user
        if want.user is None and user is not None:
            steps.append(
                _command(
                    "unassign_number",
                    (e164,),
                    ChangeKind.CHANGE,
                    e164,
                    f"unassign number {e164} from {user}",
                )
            )
        if want.location_id != have.location_id:
            steps.append(
                _command(
                    "set_number_location",
                    (e164, want.location_id),
                    ChangeKind.CHANGE,
                    e164,
                    f"move number {e164}: {have.location_id or '(none)'} -> "
                    f"{want.location_id or '(none)'}",
                )
            )
    if want.user is not None and want.user != user:
        steps.append(
            _command(
                "assign_number",
                (e164, want.user),
                ChangeKind.CHANGE,
                e164,
                f"assign number {e164} to {want.user}",
            )
        )
    return steps


def _command(
    name: str, arguments: tuple[Any, ...], kind: ChangeKind, target: str, summary: str
) -> PlannedCommand:
    return PlannedCommand(name=name, arguments=arguments, kind=kind, target=target, summary=summary)


def _describe(address: EmergencyAddress) -> str:
    civic = address.civic
    place = ", ".join(p for p in (civic.city, civic.country) if p)
    return f"{address.id} ({place})"


def _differences(old: EmergencyAddress, new: EmergencyAddress) -> str:
    changed = []
    for field in attrs.fields(type(old)):
        if field.name == "id":
            continue
        if getattr(old, field.name) != getattr(new, field.name):
            if field.name == "civic":
                civic_old, civic_new = old.civic.fields(), new.civic.fields()
                names = sorted(
                    k
                    for k in civic_old.keys() | civic_new.keys()
                    if civic_old.get(k) != civic_new.get(k)
                )
                changed.append(f"civic ({', '.join(names)})")
            else:
                changed.append(field.name)
    return ", ".join(changed) or "no change"


# --- running them ----------------------------------------------------------------------------


def _simulate(current: EmergencyDirectory, steps: list[PlannedCommand]) -> Plan:
    state = current
    done: list[PlannedCommand] = []
    pending = steps
    failures: list[tuple[PlannedCommand, EmergencyAddressError]] = []
    while pending:
        failures = []
        for step in pending:
            try:
                state = state.apply([step.as_tuple()])
            except EmergencyAddressError as error:
                failures.append((step, error))
            else:
                done.append(step)
        if len(failures) == len(pending):
            break  # nothing moved: what is left cannot be done
        pending = [step for step, _ in failures]
    return Plan(commands=tuple(done), refused=tuple(_refusal(s, e) for s, e in failures))


def _refusal(step: PlannedCommand, error: EmergencyAddressError) -> Refusal:
    if isinstance(error, PolicyViolationError):
        # One violation per event the number passed would repeat itself: keep each once.
        codes = tuple(dict.fromkeys(v.code.value for v in error.violations))
        messages = tuple(dict.fromkeys(v.message for v in error.violations))
        return Refusal(
            command=step, error=type(error).__name__, reason="; ".join(messages), codes=codes
        )
    return Refusal(command=step, error=type(error).__name__, reason=str(error))
