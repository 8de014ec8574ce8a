"""The built-in country policies: one module per country, each holding one ``POLICY``.

Every module is listed once in `BUILTIN_POLICIES`, in country order; a test checks the
tuple against the modules in this package. A module is named after its country's alpha-2 code
in lower case (``as_`` for American Samoa, ``as`` being a Python keyword). To add a country, see
``docs/adding-a-country.md``.
"""

from __future__ import annotations

from emergency_address._policy import CountryPolicy

from . import (
    as_,
    at,
    au,
    be,
    ca,
    ch,
    cz,
    de,
    dk,
    ee,
    es,
    fi,
    fr,
    gb,
    gu,
    hr,
    hu,
    ie,
    it,
    jp,
    lt,
    lu,
    lv,
    mp,
    nl,
    no,
    nz,
    pl,
    pr,
    pt,
    ro,
    se,
    sg,
    si,
    sk,
    us,
    vi,
    za,
)

BUILTIN_POLICIES: tuple[CountryPolicy, ...] = (
    as_.POLICY,
    at.POLICY,
    au.POLICY,
    be.POLICY,
    ca.POLICY,
    ch.POLICY,
    cz.POLICY,
    de.POLICY,
    dk.POLICY,
    ee.POLICY,
    es.POLICY,
    fi.POLICY,
    fr.POLICY,
    gb.POLICY,
    gu.POLICY,
    hr.POLICY,
    hu.POLICY,
    ie.POLICY,
    it.POLICY,
    jp.POLICY,
    lt.POLICY,
    lu.POLICY,
    lv.POLICY,
    mp.POLICY,
    nl.POLICY,
    no.POLICY,
    nz.POLICY,
    pl.POLICY,
    pr.POLICY,
    pt.POLICY,
    ro.POLICY,
    se.POLICY,
    sg.POLICY,
    si.POLICY,
    sk.POLICY,
    us.POLICY,
    vi.POLICY,
    za.POLICY,
)

__all__ = ["BUILTIN_POLICIES"]
