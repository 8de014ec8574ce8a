"""Citations and builders shared by the country modules.

Each country module holds one ``POLICY``; what several countries share (the Microsoft Teams
pages, the EU rules) is cited here once. A citation's ``supports`` says which rule it is for.
"""

from __future__ import annotations

from emergency_address._policy import (
    AttachmentEvent,
    Confidence,
    CountryPolicy,
    EmergencyService,
    Source,
)
from emergency_address._results import ManualPath

ACQUISITION_OR_PORT_IN = frozenset({AttachmentEvent.ACQUISITION, AttachmentEvent.PORT_IN})
AT_ASSIGNMENT = frozenset({AttachmentEvent.ASSIGNMENT})

SEED = Source(
    title="Microsoft: Add or remove an emergency address for your organization "
    "(Skype for Business Online / Office 365 help, 2018)",
    reference="https://support.office.com/article/add-or-remove-an-emergency-address-for-your-organization",
    supports="US: attach at assignment; UK: at acquisition or port-in; US manual validation "
    "request, service request elsewhere",
    confidence=Confidence.HIGH,
)
TEAMS_CALLING_PLANS = Source(
    title="Microsoft Teams: Considerations for Calling Plans",
    reference="https://learn.microsoft.com/microsoftteams/considerations-calling-plan",
    supports="US and Canada: address required when the number is assigned; other countries "
    "(EMEA): when the number is acquired or transferred in",
    confidence=Confidence.HIGH,
)
TEAMS_SAME_AREA = Source(
    title="Microsoft Teams: Add, change, or remove an emergency location for your organization",
    reference="https://learn.microsoft.com/microsoftteams/add-change-remove-emergency-location-organization",
    supports="BE, FR, DE, IE, NL, ES: the address used to acquire a number must match the "
    "number's area code",
    confidence=Confidence.HIGH,
)
TEAMS_REQUIRED_FIELDS = Source(
    title="Microsoft Teams emergency address requirements for Calling Plans "
    "(as summarised in the project's DOMAIN.md, section 2)",
    reference="https://learn.microsoft.com/microsoftteams/what-are-emergency-locations-addresses-and-call-routing",
    supports="required fields: house number, street, city, postal code, latitude, longitude, "
    "company name, and per country state, tax id, street type",
    confidence=Confidence.MEDIUM,
)
EU_EECC = Source(
    title="Directive (EU) 2018/1972 (European Electronic Communications Code), Art. 109; "
    "Commission Delegated Regulation (EU) 2023/444",
    reference="https://eur-lex.europa.eu/eli/dir/2018/1972/oj",
    supports="EU: caller location made available to the PSAP; for fixed lines, the address "
    "of the network termination point",
    confidence=Confidence.HIGH,
)

# The fields Teams Calling Plans require everywhere (DOMAIN.md section 2).
BASE_REQUIRED = frozenset(
    {"house_number", "street_name", "city", "postal_code", "geo", "company_name"}
)


def teams_routing(country_name: str, how: str) -> Source:
    """The Teams page on emergency call routing, cited for one country's routing."""
    return Source(
        title=f"Microsoft Teams: Emergency call routing for different countries ({country_name})",
        reference="https://learn.microsoft.com/microsoftteams/emergency-calling-availability",
        supports=how,
        confidence=Confidence.HIGH,
    )


def acquisition_policy(
    country: str,
    *,
    routing: Source,
    extra_required: frozenset[str] = frozenset(),
    same_area: bool = False,
    extra_sources: tuple[Source, ...] = (),
    emergency_service: EmergencyService = EmergencyService.SUPPORTED,
    notes: str = "",
) -> CountryPolicy:
    """A country that, in Microsoft's words, wants the address when the number is acquired
    or transferred in (EMEA and the other Calling Plan countries outside North America)."""
    return CountryPolicy(
        country=country,
        attach_at=ACQUISITION_OR_PORT_IN,
        same_country=True,
        same_area=same_area,
        required_fields=BASE_REQUIRED | extra_required,
        manual_fallback=ManualPath.SERVICE_REQUEST,
        emergency_service=emergency_service,
        sources=(
            TEAMS_CALLING_PLANS,
            routing,
            *((TEAMS_SAME_AREA,) if same_area else ()),
            *extra_sources,
            TEAMS_REQUIRED_FIELDS,
            SEED,
        ),
        notes=notes,
    )
