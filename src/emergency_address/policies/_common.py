"""Sources and builders shared by the country modules.

Each country module holds one ``POLICY``: a list of rules, each citing the sources that support
it. What several countries share (the Microsoft Teams pages, the EU rules) is cited here once.
A source's ``supports`` says, briefly, what the page says that the rule rests on.
"""

from __future__ import annotations

import functools

from emergency_address._policy import (
    AttachmentEvent,
    Confidence,
    CountryPolicy,
    EmergencyService,
    Rule,
    Source,
    SourceKind,
)
from emergency_address._results import ManualPath

ACQUISITION_OR_PORT_IN = frozenset({AttachmentEvent.ACQUISITION, AttachmentEvent.PORT_IN})
AT_ASSIGNMENT = frozenset({AttachmentEvent.ASSIGNMENT})

HIGH, MEDIUM, LOW = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW
LAW, PROVIDER = SourceKind.LAW, SourceKind.PROVIDER

_LEARN = "https://learn.microsoft.com/microsoftteams/"

# --- Microsoft Teams Calling Plans: product rules ---------------------------------------------

TEAMS_WHEN = Source(
    title="Microsoft Teams: Considerations for Calling Plans",
    reference=_LEARN + "considerations-calling-plan",
    supports="'Each Calling Plan user ... is required to have a registered emergency address "
    "associated with their assigned telephone number': in the United States and Canada 'when a "
    "number is assigned to a user'; in other countries (EMEA) 'when you get the phone number "
    "from Microsoft 365, or when it's transferred from another service provider or carrier'",
    confidence=HIGH,
    kind=PROVIDER,
)
TEAMS_NUMBER_TYPES = Source(
    title="Microsoft Teams: Types of phone numbers",
    reference=_LEARN + "different-kinds-of-phone-numbers-used-for-calling-plans",
    supports="user numbers (geographic and non-geographic) are assigned to users; toll and "
    "toll-free service numbers are assigned to services such as auto attendants and call "
    "queues; the library treats premium-rate and shared-cost numbers as service numbers too",
    confidence=MEDIUM,
    kind=PROVIDER,
)
TEAMS_VALIDATED = Source(
    title="Microsoft Teams: Manage emergency calling (emergency address validation)",
    reference=_LEARN + "what-are-emergency-locations-addresses-and-call-routing",
    supports="'To assign an emergency address to a user or to a network identifier, you must "
    "ensure that the emergency address is marked as validated'",
    confidence=HIGH,
    kind=PROVIDER,
)
TEAMS_LOCATIONS = Source(
    title="Microsoft Teams: Manage emergency locations for your organization",
    reference=_LEARN + "add-change-remove-emergency-location-organization",
    supports="'To assign an emergency location, users, phone numbers, and emergency locations "
    "all need to be in the same country'",
    confidence=HIGH,
    kind=PROVIDER,
)
TEAMS_SAME_AREA = Source(
    title="Microsoft Teams: Manage emergency locations for your organization",
    reference=_LEARN + "add-change-remove-emergency-location-organization",
    supports="'In Belgium, France, Germany, Ireland, Netherlands, and Spain ... the address set "
    "up in the emergency location, which is used to acquire the number, must match the phone "
    "number's area code'",
    confidence=HIGH,
    kind=PROVIDER,
)
LIS_CIVIC_ADDRESS = (
    "https://learn.microsoft.com/powershell/module/teams/new-csonlineliscivicaddress"
)
TEAMS_COMPANY_NAME = Source(
    title="Microsoft Teams PowerShell: New-CsOnlineLisCivicAddress (-CompanyName)",
    reference=LIS_CIVIC_ADDRESS,
    supports="-CompanyName, 'the name of your organization', is a required parameter",
    confidence=HIGH,
    kind=PROVIDER,
)
TEAMS_GEO = Source(
    title="Microsoft Teams PowerShell: New-CsOnlineLisCivicAddress (-Latitude, -Longitude)",
    reference=LIS_CIVIC_ADDRESS,
    supports="latitude and longitude are 'Required for all countries except Australia and "
    "Japan where it's optional'",
    confidence=HIGH,
    kind=PROVIDER,
)
TEAMS_STREET_ADDRESS = Source(
    title="Microsoft Teams: Manage emergency calling (emergency address)",
    reference=_LEARN + "what-are-emergency-locations-addresses-and-call-routing",
    supports="an emergency address is 'a civic address--the physical or street address of a "
    "place of business'; the cmdlet lists house number, street, city and postal code as "
    "optional parameters, so which of them a country needs is inferred, not stated",
    confidence=LOW,
    kind=PROVIDER,
)
TEAMS_COUNTRY_FIELD = Source(
    title="Microsoft Teams PowerShell: New-CsOnlineLisCivicAddress (-CompanyTaxId, "
    "-StateOrProvince, -StreetSuffix)",
    reference=LIS_CIVIC_ADDRESS,
    supports="the cmdlet accepts a company tax id, a state or province and a street suffix, "
    "all as optional parameters; no retrievable Microsoft page says which countries require "
    "them, so the rule is unverified",
    confidence=LOW,
    kind=PROVIDER,
)
TEAMS_ROUTING = _LEARN + "emergency-calling-availability"
SKYPE_MANUAL_PATH = Source(
    title="Microsoft (retired Skype for Business Online help, 2018, historical): Add or remove "
    "an emergency address for your organization",
    reference="https://support.office.com/article/add-or-remove-an-emergency-address-for-your-"
    "organization-f954c67c-b73c-4473-b6cd-a0fbcd0fd4c9",
    supports="'If the address can't be validated, you can send a manual validation request ... "
    "if you are trying to validate a U.S. address, or ... open a service request ... if you are "
    "outside the United States'",
    confidence=MEDIUM,
    kind=PROVIDER,
)

# --- Law and regulators -----------------------------------------------------------------------

EU_EECC = Source(
    title="Directive (EU) 2018/1972 (European Electronic Communications Code), Article 109",
    reference="https://eur-lex.europa.eu/eli/dir/2018/1972/oj",
    supports="Article 109 governs emergency communications to 112; the Commission's delegated "
    "acts supplement its paragraphs 2, 5 and 6 on caller location information and routing to "
    "the most appropriate PSAP (as Delegated Regulation 2023/444 recites)",
    confidence=MEDIUM,
    kind=LAW,
)
EU_2023_444 = Source(
    title="Commission Delegated Regulation (EU) 2023/444, Articles 2 and 3",
    reference="https://eur-lex.europa.eu/eli/reg_del/2023/444/oj",
    supports="an effective emergency communication includes 'the making available in a timely "
    "manner of contextual information, including caller location information'; for fixed "
    "networks its accuracy criterion is 'information related to the physical address of the "
    "network termination point'",
    confidence=HIGH,
    kind=LAW,
)
EU_LAW = (EU_EECC, EU_2023_444)


def teams_routing(country_name: str, how: str, confidence: Confidence = HIGH) -> Source:
    """Microsoft's emergency call routing table, cited for one country's row."""
    return Source(
        title=f"Microsoft Teams: Emergency call routing for different countries ({country_name})",
        reference=TEAMS_ROUTING,
        supports=how,
        confidence=confidence,
        kind=PROVIDER,
    )


@functools.cache  # one set of rule objects, shared by every policy
def provider_fields(*, geo: bool = True) -> tuple[Rule, ...]:
    """The fields Microsoft's LIS asks for: company name, latitude and longitude (where
    required), and the street address fields (advisory: inferred, not stated)."""
    rules = [Rule.required("company_name", TEAMS_COMPANY_NAME)]
    if geo:
        rules.append(Rule.required("geo", TEAMS_GEO))
    rules += [
        Rule.required(name, TEAMS_STREET_ADDRESS)
        for name in ("city", "house_number", "postal_code", "street_name")
    ]
    return tuple(rules)


VALIDATED = Rule.validated(TEAMS_VALIDATED)
SAME_COUNTRY = Rule.same_country(TEAMS_LOCATIONS)
SAME_AREA = Rule.same_area(TEAMS_SAME_AREA)
SERVICE_REQUEST = Rule.manual(ManualPath.SERVICE_REQUEST, SKYPE_MANUAL_PATH)


def acquisition_policy(
    country: str,
    *,
    routing: Source,
    extra_required: frozenset[str] = frozenset(),
    same_area: bool = False,
    law: tuple[Source, ...] = (),
    notes: str = "",
) -> CountryPolicy:
    """A country where, in Microsoft's words, the address is wanted when the number is acquired
    or transferred in (EMEA and the other Calling Plan countries outside North America).

    Args:
        country: the alpha-2 code.
        routing: Microsoft's routing-table row for the country.
        extra_required: fields beyond the common ones, which no retrievable page confirms
            (advisory).
        same_area: whether Microsoft names the country in its same-area-code note.
        law: the law that says an address (the caller's location) is needed.
        notes: a short explanation for people.
    """
    rules = [
        Rule.attach(ACQUISITION_OR_PORT_IN, TEAMS_WHEN, *law, TEAMS_NUMBER_TYPES),
        VALIDATED,
        SAME_COUNTRY,
        *((SAME_AREA,) if same_area else ()),
        *provider_fields(),
        *(Rule.required(name, TEAMS_COUNTRY_FIELD) for name in sorted(extra_required)),
        Rule.emergency_service(EmergencyService.SUPPORTED, routing),
        SERVICE_REQUEST,
    ]
    return CountryPolicy(country=country, rules=rules, notes=notes)
