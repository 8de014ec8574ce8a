"""Interchange formats: PIDF-LO (:mod:`.pidf`), Teams LIS CSV (:mod:`.teams`), plain dicts and
JSON (:mod:`.mapping`). These are the only modules of the library that read or write files."""
