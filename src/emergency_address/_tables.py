"""Tables for people: the built-in policies as Markdown (docs/policies.md, the CLI)."""

from __future__ import annotations

from ._country import country_name
from ._policy import AttachmentEvent, CountryPolicy, EmergencyService
from ._registry import PolicyRegistry

_EVENT_ORDER = (AttachmentEvent.ACQUISITION, AttachmentEvent.PORT_IN, AttachmentEvent.ASSIGNMENT)


def attach_at_text(policy: CountryPolicy) -> str:
    """``"acquisition, port_in"``, or why nothing is attached."""
    if policy.emergency_service is EmergencyService.NOT_SUPPORTED:
        return "never (emergency calling not supported)"
    events = [e.value for e in _EVENT_ORDER if e in policy.attach_at]
    return ", ".join(events) or "never"


def constraints_text(policy: CountryPolicy) -> str:
    """The policy's constraints in a few words."""
    parts = []
    if policy.same_country:
        parts.append("same country")
    if policy.same_area:
        parts.append("same area code")
    if policy.emergency_service is EmergencyService.CARRIER_MANAGED:
        parts.append("carrier-managed")
    if policy.accepts_attestation:
        parts.append("attestation accepted")
    return ", ".join(parts) or "none"


def policies_table(registry: PolicyRegistry) -> str:
    """Every policy of ``registry`` as a Markdown table, one row per country."""
    lines = [
        "| country | attach at | constraints | required fields | manual path "
        "| sources (confidence) |",
        "|---|---|---|---|---|---|",
    ]
    for policy in registry:
        sources = "<br>".join(
            f"[{s.title}]({s.reference}) ({s.confidence.value})"
            if s.reference.startswith("http")
            else f"{s.title}, {s.reference} ({s.confidence.value})"
            for s in policy.sources
        )
        lines.append(
            f"| {policy.country} {country_name(policy.country)} | {attach_at_text(policy)} "
            f"| {constraints_text(policy)} | {', '.join(sorted(policy.required_fields)) or '—'} "
            f"| {policy.manual_fallback.value.replace('_', ' ')} | {sources} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m emergency_address._tables > table.md
    from ._registry import default_registry

    print(policies_table(default_registry()), end="")
