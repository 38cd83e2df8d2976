"""`report --html`: one self-contained page (inline CSS and SVG, nothing fetched), printable."""

from __future__ import annotations

from html import escape
from typing import Any

from .. import __version__
from ..i18n import t
from ..model import Library
from ..report import MIN_ATTEMPTS, TOO_EASY, TOO_HARD, WEAK_DISCRIMINATION, Report
from ..store import utc_now

CSS = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --good: #2f8132; --warn: #b7791f; --bad: #c53030;
        --accent: #2b6cb0; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui,
       sans-serif; color: var(--ink); margin: 2rem auto; max-width: 72rem; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
.meta { color: var(--muted); font-size: .9rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .8rem; }
.card b { display: block; font-size: 1.4rem; } .card span { color: var(--muted); font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.flag { color: var(--bad); font-weight: 600; } .ok { color: var(--good); } .dim { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid var(--line); border-radius: .5rem; padding: .5rem; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
.legend span { white-space: nowrap; margin-right: .6em; }
svg text { font-family: inherit; font-size: 11px; fill: var(--ink); }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, figure { break-inside: avoid; }
               .charts { grid-template-columns: 1fr 1fr; } }
"""

PALETTE = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#2c7a7b", "#975a16", "#4a5568", "#c53030",
           "#276749", "#553c9a", "#9c4221")


def pct(value: float | None) -> str:
    """A share as a percentage with one decimal, or a dash."""
    return "—" if value is None else f"{value * 100:.1f}%"


def _svg(width: int, height: int, body: str, label: str) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(label)}" '
            f'xmlns="http://www.w3.org/2000/svg">{body}</svg>')


def distribution_chart(counts: list[int], lang: str) -> str:
    """Finished attempts per 10% band of the score."""
    width, height, left, bottom = 420, 220, 36, 30
    top = max(counts + [1])
    bar_w = (width - left - 10) / 10
    parts = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#9aa5b1"/>']
    for i, count in enumerate(counts):
        h = (height - bottom - 15) * count / top
        x = left + i * bar_w
        parts.append(f'<rect x="{x + 2:.1f}" y="{height - bottom - h:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" '
                     f'fill="{"#2f855a" if i >= 8 else "#2b6cb0"}">'
                     f'<title>{i * 10}–{i * 10 + 10}%: {count}</title></rect>')
        if count:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom - h - 3:.1f}" '
                         f'text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle">{i * 10}</text>')
    parts.append(f'<text x="{width - 5}" y="{height - 3}" text-anchor="end">'
                 f'{escape(t("report.html.score-axis", lang))}</text>')
    return _svg(width, height, "".join(parts), t("report.html.distribution", lang))


def bank_chart(report: Report, library: Library, lang: str) -> str:
    """Mean score per bank, as horizontal bars."""
    from wcwidth import wcswidth

    lines = sorted(report.banks, key=lambda b: b.mean)
    names = {}
    for line in lines:
        bank = library.bank(line.key)
        names[line.key] = bank.title.get(lang) if bank else line.key
    # Room on the left for the longest name (about 6 px per column of text at 11 px).
    left = min(260, 16 + 6 * max((max(wcswidth(n), len(n)) for n in names.values()), default=10))
    row, width = 24, left + 270
    height = row * len(lines) + 20
    parts = []
    for i, line in enumerate(lines):
        name = names[line.key]
        y = 10 + i * row
        w = (width - left - 50) * line.mean
        color = "#2f855a" if line.mean >= 0.8 else "#b7791f" if line.mean >= 0.6 else "#c53030"
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(name)}</text>'
                     f'<rect x="{left}" y="{y + 3}" width="{width - left - 50}" height="14" fill="#edf2f7"/>'
                     f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="14" fill="{color}"/>'
                     f'<text x="{left + w + 4:.1f}" y="{y + 14}">{pct(line.mean)}</text>')
    return _svg(width, max(height, 40), "".join(parts), t("report.html.banks", lang))


def scatter_chart(report: Report, lang: str) -> str:
    """Facility (x) against discrimination (y) for every question with enough attempts."""
    size, pad = 320, 40
    points = [i for i in report.items if i.figures.attempts >= MIN_ATTEMPTS and i.figures.facility is not None
              and i.figures.discrimination is not None]

    def x(value: float) -> float:
        return pad + value * (size - pad - 10)

    def y(value: float) -> float:  # discrimination runs from -100% to 100%
        return 10 + (1 - (value + 1) / 2) * (size - pad - 10)

    parts = [
        f'<rect x="{x(TOO_EASY):.1f}" y="10" width="{x(1) - x(TOO_EASY):.1f}" height="{y(-1) - 10:.1f}" '
        'fill="#fff5f5"/>',
        f'<rect x="{x(0):.1f}" y="10" width="{x(TOO_HARD) - x(0):.1f}" height="{y(-1) - 10:.1f}" fill="#fff5f5"/>',
        f'<rect x="{x(0):.1f}" y="{y(WEAK_DISCRIMINATION):.1f}" width="{x(1) - x(0):.1f}" '
        f'height="{y(-1) - y(WEAK_DISCRIMINATION):.1f}" fill="#fffaf0" opacity=".8"/>',
        f'<line x1="{x(0)}" y1="{y(0):.1f}" x2="{x(1):.1f}" y2="{y(0):.1f}" stroke="#9aa5b1" stroke-dasharray="3 3"/>',
        f'<line x1="{x(0)}" y1="{y(-1):.1f}" x2="{x(1):.1f}" y2="{y(-1):.1f}" stroke="#9aa5b1"/>',
        f'<line x1="{x(0)}" y1="10" x2="{x(0)}" y2="{y(-1):.1f}" stroke="#9aa5b1"/>',
    ]
    for tick in (0, 0.5, 1):
        parts.append(f'<text x="{x(tick):.1f}" y="{y(-1) + 14:.1f}" text-anchor="middle">{int(tick * 100)}%</text>')
    for tick in (-1, 0, 1):
        parts.append(f'<text x="{x(0) - 4:.1f}" y="{y(tick) + 4:.1f}" text-anchor="end">{int(tick * 100)}</text>')
    parts.append(f'<text x="{size - 10}" y="{size - 5}" text-anchor="end">'
                 f'{escape(t("report.html.facility", lang))}</text>')
    parts.append(f'<text x="12" y="{size / 2}" transform="rotate(-90 12 {size / 2})" text-anchor="middle">'
                 f'{escape(t("report.html.discrimination", lang))}</text>')
    for item in points:
        f = item.figures
        assert f.facility is not None and f.discrimination is not None
        color = "#c53030" if item.flags else "#2b6cb0"
        parts.append(f'<circle cx="{x(f.facility):.1f}" cy="{y(max(-1, min(1, f.discrimination))):.1f}" r="3.5" '
                     f'fill="{color}" fill-opacity=".75"><title>{escape(item.key)}: F {pct(f.facility)}, '
                     f'DI {pct(f.discrimination)}</title></circle>')
    return _svg(size, size, "".join(parts), t("report.html.scatter", lang))


def trend_chart(report: Report, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """Each trainee's exam scores in order (the 12 with the most exams); returns the chart and its legend."""
    series = sorted(report.trends.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:12]
    width, height, left, bottom = 420, 220, 36, 24
    longest = max((len(points) for _, points in series), default=1)
    step = (width - left - 10) / max(1, longest - 1)

    def y(value: float) -> float:
        return 10 + (1 - value) * (height - bottom - 10)

    parts = [f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - 5}" y2="{y(0):.1f}" stroke="#9aa5b1"/>']
    for tick in (0, 0.5, 0.8, 1):
        parts.append(f'<text x="{left - 4}" y="{y(tick) + 4:.1f}" text-anchor="end">{int(tick * 100)}</text>')
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - 5}" y2="{y(tick):.1f}" stroke="#edf2f7"/>')
    legend = []
    for n, (name, points) in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        coords = " ".join(f"{left + i * step:.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
        if len(points) > 1:
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"/>')
        for i, (when, v) in enumerate(points):
            parts.append(f'<circle cx="{left + i * step:.1f}" cy="{y(v):.1f}" r="3" fill="{color}">'
                         f'<title>{escape(name)} {escape(when[:10])}: {pct(v)}</title></circle>')
        legend.append((name, color))
    parts.append(f'<text x="{width - 5}" y="{height - 4}" text-anchor="end">'
                 f'{escape(t("report.html.exam-axis", lang))}</text>')
    return _svg(width, height, "".join(parts), t("report.html.trend", lang)), legend


def _row(cells: list[Any], numeric: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    return "<tr>" + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
                            for i, c in enumerate(cells)) + "</tr>"


def _head(names: list[str], numeric: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    return "<tr>" + "".join(f'<th class="num">{escape(n)}</th>' if i in numeric else f"<th>{escape(n)}</th>"
                            for i, n in enumerate(names)) + "</tr>"


def render_html(report: Report, library: Library, lang: str, scope: str) -> str:
    """The whole page."""
    c = report.cohort
    bank_title = {b.id: b.title.get(lang) for b in library.banks}
    cards = [
        (c.attempts, t("report.attempts", lang)), (c.trainees, t("report.html.trainees", lang)),
        (pct(c.mean), t("report.mean", lang)), (pct(c.median), t("report.median", lang)),
        (pct(c.pass_rate), t("report.pass-rate", lang)), (c.exams, t("report.html.exams", lang)),
    ]
    html = [
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('report.title', lang))}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(t('report.title', lang))}</h1>",
        f'<p class="meta">{escape(scope)} · '
        f'{escape(t("report.html.generated", lang, when=utc_now()[:16].replace("T", " "), version=__version__))}</p>',
        '<div class="cards">' + "".join(f"<div class=\"card\"><b>{escape(str(v))}</b><span>{escape(k)}</span></div>"
                                       for v, k in cards) + "</div>",
    ]
    trend, legend = trend_chart(report, lang)
    legend_html = " ".join(f'<span style="color:{color}">● {escape(name)}</span>' for name, color in legend)
    html.append('<div class="charts">'
                f'<figure><figcaption>{escape(t("report.html.distribution", lang))}</figcaption>'
                f'{distribution_chart(report.distribution, lang)}</figure>'
                f'<figure><figcaption>{escape(t("report.html.banks", lang))}</figcaption>'
                f'{bank_chart(report, library, lang)}</figure>'
                f'<figure><figcaption>{escape(t("report.html.scatter", lang))}</figcaption>'
                f'{scatter_chart(report, lang)}'
                f'<div class="dim">{escape(t("report.html.scatter-note", lang, minimum=MIN_ATTEMPTS))}</div></figure>'
                f'<figure><figcaption>{escape(t("report.html.trend", lang))}</figcaption>{trend}'
                f'<div class="legend">{legend_html}</div></figure>'
                "</div>")
    if report.exams:
        html.append(f"<h2>{escape(t('report.html.exam-figures', lang))}</h2><table>")
        html.append(_head([t("report.html.exam", lang), t("report.attempts", lang), t("report.mean", lang),
                           t("report.median", lang), "SD", t("report.html.cic", lang), t("report.html.er", lang),
                           t("report.html.se", lang)], {1, 2, 3, 4, 5, 6, 7}))
        for exam in report.exams:
            f = exam.figures
            html.append(_row([escape(exam.title or exam.exam_id), f.attempts, pct(f.mean), pct(f.median), pct(f.sd),
                              pct(f.cic), pct(f.error_ratio), pct(f.standard_error)], {1, 2, 3, 4, 5, 6, 7}))
        html.append("</table>")
    html.append(f"<h2>{escape(t('report.banks', lang))}</h2><table>")
    html.append(_head([t("report.bank", lang), t("report.mean", lang), t("report.missed", lang),
                       t("report.answers", lang)],
                      {1, 2, 3}))
    for line in sorted(report.banks, key=lambda b: b.mean):
        html.append(_row([escape(bank_title.get(line.key, line.key)), pct(line.mean), pct(line.missed), line.answers],
                         {1, 2, 3}))
    html.append("</table>")
    html.append(f"<h2>{escape(t('report.trainees', lang))}</h2><table>")
    html.append(_head([t("history.trainee", lang), t("report.latest", lang), t("report.best", lang),
                       t("report.attempts", lang), t("report.weakest", lang)], {1, 2, 3}))
    for person in report.trainees:
        who = escape(person.name) + (f' <span class="dim">{escape(person.employee_no)}</span>'
                                     if person.employee_no else "")
        weakest = (f"{escape(bank_title.get(person.weakest_bank, person.weakest_bank))} {pct(person.weakest)}"
                   if person.weakest_bank else "—")
        html.append(_row([who, pct(person.latest), pct(person.best), person.attempts, weakest], {1, 2, 3}))
    html.append("</table>")
    html.append(f"<h2>{escape(t('report.html.items', lang))}</h2>"
                f'<p class="dim">{escape(t("report.html.items-note", lang, minimum=MIN_ATTEMPTS))}</p><table>')
    html.append(_head([t("report.question", lang), t("report.html.type", lang), "n", "F", "SD", "DI", "DE",
                       t("report.missed", lang), t("report.why", lang), t("report.distractor", lang)],
                      {2, 3, 4, 5, 6, 7}))
    for item in report.items:
        fig = item.figures
        flags = ", ".join(t(f"report.flag.{flag}", lang) for flag in item.flags)
        distractor = (f"{escape(item.distractor)} ({pct(item.distractor_share)})" if item.distractor else "")
        html.append(_row([escape(item.key), escape(t(f"type.{item.type}", lang)) if item.type else "", fig.attempts,
                          pct(fig.facility), pct(fig.sd), pct(fig.discrimination), pct(fig.efficiency),
                          pct(item.missed),
                          f'<span class="flag">{escape(flags)}</span>' if flags else "", distractor],
                         {2, 3, 4, 5, 6, 7}))
    html.append("</table>")
    html.append(f"<h2>{escape(t('report.rules', lang))}</h2><table>")
    html.append(_head([t("stats.rule", lang), t("report.missed", lang), t("report.answers", lang)], {1, 2}))
    for line in report.rules:
        rule_text = ""
        bank_id, _, rule_id = line.key.partition("/")
        bank = library.bank(bank_id)
        rule = bank.rule(rule_id) if bank else None
        if rule is not None:
            rule_text = f'<br><span class="dim">{escape(rule.text.get(lang))}</span>'
        html.append(_row([escape(line.key) + rule_text, pct(line.missed), line.answers], {1, 2}))
    html.append("</table>")
    for title, header, counts in (
        (t("report.forbidden", lang), (t("report.html.phrase", lang), t("report.html.times", lang)), report.forbidden),
        (t("report.leeches", lang), (t("report.question", lang), t("report.html.leech-trainees", lang)),
         report.leeches),
    ):
        if counts:
            html.append(f"<h2>{escape(title.rstrip('：: '))}</h2><table>{_head(list(header), {1})}")
            html.extend(_row([escape(name), count], {1}) for name, count in counts)
            html.append("</table>")
    html.extend(_keys_to_fix(report, lang))
    html.append("</body></html>")
    return "\n".join(html)


def _keys_to_fix(report: Report, lang: str) -> list[str]:
    """Trainers' verdicts per question: how often they overrode the grader, and which way."""
    if not report.overrides:
        return []
    numeric = {1, 2, 3, 4, 5}
    html = [f"<h2>{escape(t('report.keys.title', lang))}</h2>"
            f'<p class="dim">{escape(t("report.keys.note", lang))}</p><table>',
            _head([t("report.question", lang), t("report.keys.flagged", lang), t("report.keys.reviewed", lang),
                   t("report.keys.raised", lang), t("report.keys.lowered", lang), t("report.keys.kept", lang)],
                  numeric)]
    html.extend(_row([escape(line.key), line.flagged, line.reviewed, line.raised, line.lowered, line.kept], numeric)
                for line in report.overrides)
    html.append("</table>")
    return html
