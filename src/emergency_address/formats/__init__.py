"""Interchange formats: PIDF-LO ([`pidf`][emergency_address.formats.pidf]), Teams LIS CSV
([`teams`][emergency_address.formats.teams]), plain dicts and JSON
([`mapping`][emergency_address.formats.mapping]). These are the only modules of the library that
read or write files."""
