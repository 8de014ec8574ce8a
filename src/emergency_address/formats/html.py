"""An audit report as one self-contained HTML page, for people.

The page holds its own styles and no scripts, and loads nothing: it opens from a disk, a mail
attachment or a ticket without a network. It shows the summary, the root causes ranked by how
many numbers they affect, a table per country, each address with its locations and problems,
and the sources of every rule broken.

Examples:
    >>> from emergency_address import EmergencyDirectory, audit
    >>> from emergency_address.formats.html import to_html
    >>> page = to_html(audit(EmergencyDirectory()))
    >>> page.startswith("<!DOCTYPE html>"), "No problem found" in page
    (True, True)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from html import escape

from emergency_address._address import EmergencyAddress
from emergency_address._audit import AuditReport, FindingGroup
from emergency_address._results import Severity

__all__ = ["to_html"]

_STYLE = """
:root { --error: #b3261e; --warning: #8a5a00; --info: #3b5b8c; --line: #d9dde3; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c1f24;
       margin: 0; background: #f6f7f9; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px;
     border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 0; }
p.lead { color: #4a505a; margin: 0 0 18px; }
.cards { display: flex; gap: 14px; flex-wrap: wrap; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px;
        min-width: 150px; }
.card .n { font-size: 28px; font-weight: 650; display: block; }
.card.error .n { color: var(--error); } .card.warning .n { color: var(--warning); }
.card.info .n { color: var(--info); }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { background: #eef0f3; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
              font-size: 13px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
         font-weight: 600; color: #fff; text-transform: uppercase; letter-spacing: .03em; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); }
.badge.info { background: var(--info); }
.example { color: #4a505a; font-size: 13px; }
.sample { color: #4a505a; font-size: 12px; }
section.address { background: #fff; border: 1px solid var(--line); border-radius: 8px;
                  padding: 12px 16px; margin: 0 0 12px; }
section.address.clean { border-left: 5px solid #2e7d32; }
section.address.has-error { border-left: 5px solid var(--error); }
section.address.has-warning { border-left: 5px solid var(--warning); }
section.address.has-info { border-left: 5px solid var(--info); }
.civic { color: #4a505a; margin: 2px 0 8px; }
section.address table { border: none; margin-top: 6px; }
ul.problems { margin: 6px 0 0; padding-left: 20px; }
.ok { color: #2e7d32; font-weight: 600; }
"""


def to_html(
    report: AuditReport,
    addresses: Iterable[EmergencyAddress] = (),
    *,
    title: str = "Emergency address audit",
) -> str:
    """The report as one HTML page with no outside resources.

    Args:
        report: the [AuditReport][emergency_address.AuditReport].
        addresses: the audited addresses, to show each with its locations (left out when
            empty: the page then shows the root causes and countries only).
        title: the page's title.

    Raises:
        TypeError: ``report`` is not an ``AuditReport`` or an address not an
            ``EmergencyAddress``.
    """
    if not isinstance(report, AuditReport):
        raise TypeError(f"report: expected AuditReport, got {type(report).__name__}")
    if not isinstance(title, str):
        raise TypeError(f"title: expected str, got {type(title).__name__}")
    if isinstance(addresses, str | bytes) or not isinstance(addresses, Iterable):
        found = type(addresses).__name__
        raise TypeError(f"addresses: expected an iterable of EmergencyAddress, got {found}")
    listed = list(addresses)
    for index, address in enumerate(listed):
        if not isinstance(address, EmergencyAddress):
            raise TypeError(
                f"addresses[{index}]: expected EmergencyAddress, got {type(address).__name__}"
            )
    groups = report.groups()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(title)}</h1>",
        *_summary(report, groups),
        *_causes(groups),
        *_countries(report),
        *_addresses(report, listed, groups),
        *_citations(report),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _badge(severity: Severity) -> str:
    return f'<span class="badge {severity.value}">{severity.value}</span>'


def _summary(report: AuditReport, groups: tuple[FindingGroup, ...]) -> list[str]:
    counts = report.counts_by_severity()
    affected = len({f.number for f in report.findings if f.number is not None})
    lead = (
        f"{report.addresses_checked:,} addresses and {report.numbers_checked:,} numbers "
        f"checked; {len(groups):,} root causes behind {len(report.findings):,} findings, "
        f"affecting {affected:,} numbers."
    )
    cards = [
        f'<div class="card {s}"><span class="n">{counts[s]:,}</span>{label}</div>'
        for s, label in (("error", "errors"), ("warning", "warnings"), ("info", "information"))
    ]
    cards.append(f'<div class="card"><span class="n">{len(groups):,}</span>root causes</div>')
    out = ['<section id="summary">', f'<p class="lead">{escape(lead)}</p>']
    out += ['<div class="cards">', *cards, "</div>"]
    if not report.findings:
        out.append('<p class="ok">No problem found.</p>')
    out.append("</section>")
    return out


def _causes(groups: tuple[FindingGroup, ...]) -> list[str]:
    ranked = sorted(groups, key=lambda g: (-g.numbers, -g.count, g.severity != Severity.ERROR))
    out = ['<section id="root-causes">', "<h2>Root causes, by numbers affected</h2>"]
    if not ranked:
        return [*out, "<p>None.</p>", "</section>"]
    out.append("<table>")
    out.append(
        '<thead><tr><th class="num">#</th><th>severity</th><th>problem</th><th>country</th>'
        '<th>address</th><th>field</th><th class="num">numbers</th>'
        '<th class="num">findings</th></tr></thead><tbody>'
    )
    for rank, g in enumerate(ranked, 1):
        key = dict(g.key)
        where = key.get("address_id") or "-"
        if key.get("location_id"):
            where = f"{where} / {key['location_id']}"
        sample = ", ".join(g.sample) + (", ..." if g.numbers > len(g.sample) else "")
        affected = f"{g.numbers:,}" if g.numbers else "&ndash;"
        detail = f'<div class="example">{escape(g.example.message)}</div>'
        if sample:
            detail += f'<div class="sample mono">e.g. {escape(sample)}</div>'
        out.append(
            f'<tr class="cause {g.severity.value}"><td class="num">{rank}</td>'
            f"<td>{_badge(g.severity)}</td><td><code>{escape(g.code.value)}</code>{detail}</td>"
            f"<td>{escape(g.example.country or '-')}</td><td>{escape(where)}</td>"
            f"<td>{escape(key.get('field') or '')}</td>"
            f'<td class="num">{affected}</td><td class="num">{g.count:,}</td></tr>'
        )
    out += ["</tbody></table>", "</section>"]
    return out


def _countries(report: AuditReport) -> list[str]:
    by_country: dict[str, Counter[str]] = {}
    numbers: dict[str, set[str]] = {}
    for f in report.findings:
        country = f.country or "-"
        by_country.setdefault(country, Counter())[f.severity.value] += 1
        by_country[country][f"code:{f.code.value}"] += 1
        if f.number is not None:
            numbers.setdefault(country, set()).add(f.number)
    out = ['<section id="countries">', "<h2>By country</h2>"]
    if not by_country:
        return [*out, "<p>None.</p>", "</section>"]
    out.append(
        '<table><thead><tr><th>country</th><th class="num">numbers affected</th>'
        '<th class="num">errors</th><th class="num">warnings</th><th class="num">information'
        "</th><th>codes</th></tr></thead><tbody>"
    )
    for country, counts in sorted(by_country.items()):
        codes = ", ".join(
            f"{name[5:]} ({n:,})" for name, n in sorted(counts.items()) if name.startswith("code:")
        )
        out.append(
            f'<tr class="country"><td>{escape(country)}</td>'
            f'<td class="num">{len(numbers.get(country, ())):,}</td>'
            f'<td class="num">{counts["error"]:,}</td><td class="num">{counts["warning"]:,}</td>'
            f'<td class="num">{counts["info"]:,}</td><td>{escape(codes)}</td></tr>'
        )
    out += ["</tbody></table>", "</section>"]
    return out


def _addresses(
    report: AuditReport, addresses: list[EmergencyAddress], groups: tuple[FindingGroup, ...]
) -> list[str]:
    if not addresses:
        return []
    used: Counter[tuple[str, str]] = Counter()
    for key, count in report.tallies:
        if key[0] == "numbers":
            used[(key[1], key[2])] += count
    by_address: dict[str, list[FindingGroup]] = {}
    for g in groups:
        address_id = dict(g.key).get("address_id")
        if address_id is not None:
            by_address.setdefault(address_id, []).append(g)
    out = ['<section id="addresses">', "<h2>Addresses</h2>"]
    for address in sorted(addresses, key=lambda a: a.id):
        problems = by_address.get(address.id, [])
        worst = min((g.severity for g in problems), key=list(Severity).index, default=None)
        state = "clean" if worst is None else f"has-{worst.value}"
        out.append(f'<section class="address {state}" id="address-{escape(address.id)}">')
        out.append(
            f"<h3>{escape(address.id)}"
            + (f" &mdash; {escape(address.company_name)}" if address.company_name else "")
            + "</h3>"
        )
        validation = address.validation.state.value.replace("_", " ")
        out.append(f'<div class="civic">{escape(str(address.civic))} &middot; {validation}</div>')
        default = address.default_location.id
        out.append(
            '<table class="locations"><thead><tr><th>location</th><th>description</th>'
            '<th class="num">numbers</th></tr></thead><tbody>'
        )
        for loc in address.locations:
            slot = "" if loc.id == default else loc.id
            label = f"{loc.id} (default)" if loc.id == default else loc.id
            description = loc.description or ", ".join(
                f"{n} {v}" for n in ("building", "floor", "unit", "room", "seat")
                if (v := getattr(loc, n)) is not None
            )  # fmt: skip
            out.append(
                f"<tr><td>{escape(label)}</td><td>{escape(description)}</td>"
                f'<td class="num">{used[(address.id, slot)]:,}</td></tr>'
            )
        out.append("</tbody></table>")
        if problems:
            out.append('<ul class="problems">')
            for g in problems:
                affected = f"{g.numbers:,} numbers" if g.numbers else ""
                out.append(
                    f"<li>{_badge(g.severity)} <code>{escape(g.code.value)}</code> "
                    f"{escape(g.example.message)}"
                    + (f" <strong>({affected})</strong>" if affected else "")
                    + "</li>"
                )
            out.append("</ul>")
        else:
            out.append('<p class="ok">No problem found.</p>')
        out.append("</section>")
    out.append("</section>")
    return out


def _citations(report: AuditReport) -> list[str]:
    table = report.citations()
    if not table:
        return []
    out = ['<section id="sources">', "<h2>Sources of the rules broken</h2>", "<dl>"]
    for rule, sources in table.items():
        out.append(f"<dt><code>{escape(rule)}</code></dt>")
        for s in sources:
            reference = escape(s.reference)
            if s.reference.startswith(("https://", "http://")):
                reference = f'<a href="{reference}" rel="noreferrer">{reference}</a>'
            out.append(
                f"<dd>{escape(s.title)} ({reference}): {escape(s.supports)} "
                f"&middot; {escape(s.confidence.value)} confidence</dd>"
            )
    out += ["</dl>", "</section>"]
    return out
