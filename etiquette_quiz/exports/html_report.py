"""`report --html`: one self-contained page (inline CSS and SVG, nothing fetched), printable.

It shows the figures of the terminal report (report.Report) in full: every trainee, every
question analysed. Each heading and card carries its explanation as a hover title, and the page
ends with the same explanations written out, for print.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import Any

from .. import __version__
from ..i18n import t
from ..report import (
    MIN_EXAM_ATTEMPTS,
    MIN_ITEM_ATTEMPTS,
    TOO_EASY,
    TOO_HARD,
    WEAK_DISCRIMINATION,
    ItemLine,
    Report,
    TraineeLine,
    figure_label,
    figure_meaning,
)
from ..store import utc_now

CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --good: #2f8132; --warn: #b7791f; --bad: #c53030;
        --accent: #2b6cb0; --track: #edf2f7; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui,
       sans-serif; color: var(--ink); margin: 2rem auto; max-width: 72rem; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
.meta, .note { color: var(--muted); font-size: .9rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .8rem; }
.card b { display: block; font-size: 1.4rem; } .card span { color: var(--muted); font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; white-space: nowrap; } th[title] { cursor: help; text-decoration: underline dotted; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.flag { color: var(--bad); font-weight: 600; } .ok { color: var(--good); } .dim { color: var(--muted); }
.id { color: var(--muted); font-size: .8rem; white-space: nowrap; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem;
          align-items: start; }
figure { margin: 0; border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .8rem; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
.bar { margin: 0 0 .55rem; font-size: .95rem; }
.bar .head { display: flex; justify-content: space-between; gap: .8rem; }
.bar .head b { font-weight: 600; font-variant-numeric: tabular-nums; }
.track { background: var(--track); height: .8rem; border-radius: .2rem; overflow: hidden; margin: .1rem 0; }
.fill { height: 100%; } .fill.good { background: var(--good); } .fill.warn { background: var(--warn); }
.fill.bad { background: var(--bad); } .bar .sub { color: var(--muted); font-size: .8rem; }
svg text { font-family: inherit; font-size: 12px; fill: var(--ink); }
details summary { cursor: pointer; color: var(--muted); }
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .9rem; }
dl.legend dt { font-weight: 600; } dl.legend dd { margin: 0; color: var(--muted); }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, figure { break-inside: avoid; }
               .charts { grid-template-columns: 1fr 1fr; } details { display: block; } }
"""

# The figures the legend at the foot of the page explains (report.FIGURES), in the order the page shows them.
LEGEND = ("mean", "median", "pass_rate", "sd", "cic", "error_ratio", "standard_error", "n", "facility",
          "discrimination", "efficiency", "missed", "answers", "practice", "weakest")


def pct(value: float | None) -> str:
    """A share (a statistic) as a percentage with one decimal, or a dash."""
    return "—" if value is None else f"{value * 100:.1f}%"


def score_pct(value: float | None) -> str:
    """A score's share with one decimal, rounded down as scores are (a score shown at the pass mark reached it)."""
    return "—" if value is None else f"{math.floor(value * 1000 + 1e-9) / 10:.1f}%"


def _tone(fraction: float) -> str:
    return "good" if fraction >= 0.8 else "warn" if fraction >= 0.6 else "bad"


def _explain(name: str, lang: str) -> str:
    return escape(figure_meaning(name, lang), quote=True)


NUMERIC = ' class="num"'


def _th(label: str, lang: str, explain: str | None = None, numeric: bool = False) -> str:
    title = f' title="{_explain(explain, lang)}"' if explain else ""
    return f"<th{title}{NUMERIC if numeric else ''}>{escape(label)}</th>"


def _td(value: Any, numeric: bool = False, title: str | None = None) -> str:
    hover = f' title="{escape(title, quote=True)}"' if title else ""
    return f"<td{hover}{NUMERIC if numeric else ''}>{value}</td>"


def _too_few(n: int, lang: str) -> str:
    return f'<span class="dim">{escape(t("report.too-few", lang, n=n))}</span>'


def _svg(width: int, height: int, body: str, label: str) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(label)}" '
            f'xmlns="http://www.w3.org/2000/svg">{body}</svg>')


def distribution_chart(counts: list[int], lang: str, caption: str) -> str:
    """Finished attempts per 10% band of the score, as columns."""
    width, height, left, bottom = 420, 220, 36, 30
    top = max(counts + [1])
    bar_w = (width - left - 10) / 10
    colours = {"good": "#2f8132", "warn": "#b7791f", "bad": "#c53030"}
    parts = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#9aa5b1"/>']
    for i, count in enumerate(counts):
        h = (height - bottom - 18) * count / top
        x = left + i * bar_w
        parts.append(f'<rect x="{x + 2:.1f}" y="{height - bottom - h:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" '
                     f'fill="{colours[_tone(i / 10)]}"><title>{i * 10}–{i * 10 + 10}%: {count:,}</title></rect>')
        if count:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom - h - 4:.1f}" '
                         f'text-anchor="middle">{count:,}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 15}" text-anchor="middle">{i * 10}</text>')
    parts.append(f'<text x="{width - 5}" y="{height - 2}" text-anchor="end">'
                 f'{escape(t("report.html.score-axis", lang))}</text>')
    return _svg(width, height, "".join(parts), caption)


def _bar_row(label: str, fraction: float | None, note: str = "", shown: Callable[[float | None], str] = pct) -> str:
    """A labelled bar in HTML (text at the page's size, wrapping as it needs): label and value, bar, note."""
    value = fraction or 0.0
    return (f'<div class="bar"><div class="head"><span>{escape(label)}</span><b>{shown(fraction)}</b></div>'
            f'<div class="track"><div class="fill {_tone(value)}" style="width:{value * 100:.1f}%"></div></div>'
            + (f'<div class="sub">{escape(note)}</div>' if note else "") + "</div>")


def scatter_chart(report: Report, lang: str) -> str:
    """Facility (x) against discrimination (y) for every question with enough exam answers."""
    size, pad = 320, 40
    points = [i for i in report.items if i.figures.enough and i.figures.facility is not None
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
        parts.append(f'<text x="{x(tick):.1f}" y="{y(-1) + 15:.1f}" text-anchor="middle">{int(tick * 100)}%</text>')
    for tick in (-1, 0, 1):
        parts.append(f'<text x="{x(0) - 4:.1f}" y="{y(tick) + 4:.1f}" text-anchor="end">{int(tick * 100)}</text>')
    parts.append(f'<text x="{size - 10}" y="{size - 4}" text-anchor="end">'
                 f'{escape(t("report.html.facility", lang))}</text>')
    parts.append(f'<text x="12" y="{size / 2}" transform="rotate(-90 12 {size / 2})" text-anchor="middle">'
                 f'{escape(t("report.html.discrimination", lang))}</text>')
    for item in points:
        f = item.figures
        assert f.facility is not None and f.discrimination is not None
        colour = "#c53030" if item.flags else "#2b6cb0"
        parts.append(f'<circle cx="{x(f.facility):.1f}" cy="{y(max(-1, min(1, f.discrimination))):.1f}" r="3.5" '
                     f'fill="{colour}" fill-opacity=".75"><title>{escape(item.prompt or item.key)} ({escape(item.key)})'
                     f': F {pct(f.facility)}, DI {pct(f.discrimination)}</title></circle>')
    return _svg(size, size, "".join(parts), t("report.html.scatter", lang))


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit // 3].rstrip() + "…" + text[-(limit - limit // 3 - 1):].lstrip()


def _question_cell(item: ItemLine) -> str:
    text = item.prompt or item.key
    return (f'<span title="{escape(text, quote=True)}">{escape(_short(text))}</span>'
            f'<br><span class="id">{escape(item.key)}</span>')


def _trainee_row(person: TraineeLine, lang: str) -> str:
    who = escape(person.name) + (f' <span class="dim">{escape(person.employee_no)}</span>'
                                 if person.employee_no else "")
    results = "<br>".join(
        f'<span class="{"flag" if r.passed is False else "ok" if r.passed else ""}">'
        f'{"✘" if r.passed is False else "✔" if r.passed else "·"} {score_pct(r.fraction)}</span> {escape(r.title)}'
        for r in person.exams) or f'<span class="dim">{escape(t("report.no-exam", lang))}</span>'
    practice = "—"
    if person.practice_attempts:
        practice = escape(t("report.practice-cell", lang, mean=score_pct(person.practice_mean),
                            count=person.practice_attempts))
    weakest = (f"{score_pct(person.weakest)} {escape(person.weakest_title)}" if person.weakest_title else "—")
    return "<tr>" + _td(who) + _td(results) + _td(practice, numeric=True) + _td(weakest) + "</tr>"


def _cards(report: Report, lang: str) -> str:
    c = report.cohort
    cards = [
        (f"{c.trainees:,}", t("report.html.trainees", lang), None),
        (f"{c.attempts:,}", t("report.col.attempts", lang), None),
        (f"{c.exam_attempts:,}", t("report.html.exam-attempts", lang), None),
        (pct(c.pass_rate), t("report.col.pass-rate", lang), "pass_rate"),
        (score_pct(c.mean), t("report.col.mean", lang), "mean"),
        (score_pct(c.median), t("report.col.median", lang), "median"),
    ]
    return '<div class="cards">' + "".join(
        f'<div class="card"{_title(name, lang)}><b>{escape(value)}</b><span>{escape(label)}</span></div>'
        for value, label, name in cards) + "</div>"


def _title(name: str | None, lang: str) -> str:
    return f' title="{_explain(name, lang)}"' if name else ""


def _charts(report: Report, lang: str) -> str:
    kind = "exam" if sum(report.distribution["exam"]) else "practice"
    counts = report.distribution[kind]
    caption = t("report.histogram" if kind == "exam" else "report.histogram-practice", lang, count=sum(counts))
    figures = [f"<figure><figcaption>{escape(caption)}</figcaption>{distribution_chart(counts, lang, caption)}"
               "</figure>"]
    if report.exams:
        rows = "".join(_bar_row(exam.title, exam.pass_rate, t(
            "report.pass-line", lang, passed=f"{exam.passed:,}", attempts=f"{exam.figures.attempts:,}",
            people=f"{exam.trainees_passed:,}", trainees=f"{exam.trainees:,}")) for exam in report.exams)
        figures.append(f'<figure title="{_explain("pass_rate", lang)}"><figcaption>'
                       f'{escape(t("report.pass-rates", lang))}</figcaption>{rows}</figure>')
    if report.banks:
        rows = "".join(_bar_row(line.title, line.mean, t("report.bank-line", lang, missed=pct(line.missed),
                                                         answers=f"{line.answers:,}"), score_pct)
                       for line in report.banks)
        figures.append(f"<figure><figcaption>{escape(t('report.banks', lang))}</figcaption>"
                       f"{rows}</figure>")
    if any(item.figures.discrimination is not None for item in report.items):  # else an empty frame
        figures.append(f"<figure><figcaption>{escape(t('report.html.scatter', lang))}</figcaption>"
                       f"{scatter_chart(report, lang)}<div class=\"note\">"
                       f"{escape(t('report.html.scatter-note', lang, minimum=MIN_ITEM_ATTEMPTS))}</div></figure>")
    return '<div class="charts">' + "".join(figures) + "</div>"


def _exam_table(report: Report, lang: str) -> list[str]:
    html = [f"<h2>{escape(t('report.pass-rates', lang))}</h2><table><tr>",
            _th(t("report.col.exam", lang), lang), _th(t("report.col.attempts", lang), lang, numeric=True),
            _th(t("report.col.pass-rate", lang), lang, "pass_rate", True),
            _th(t("report.col.mean", lang), lang, "mean", True),
            _th(t("report.col.median", lang), lang, "median", True),
            _th(t("report.col.sd", lang), lang, "sd", True), _th(t("report.col.cic", lang), lang, "cic", True),
            _th(t("report.col.error-ratio", lang), lang, "error_ratio", True),
            _th(t("report.col.standard-error", lang), lang, "standard_error", True), "</tr>"]
    for exam in report.exams:
        f = exam.figures
        reliability = ([pct(f.cic), pct(f.error_ratio), pct(f.standard_error)] if f.enough
                       else [_too_few(f.attempts, lang)] * 3)
        html.append("<tr>" + _td(escape(exam.title) + f'<br><span class="id">{escape(exam.exam_id)}</span>')
                    + _td(f"{f.attempts:,}", True) + _td(pct(exam.pass_rate), True)
                    + _td(score_pct(f.mean), True) + _td(score_pct(f.median), True)
                    + _td(pct(f.sd) if f.attempts >= 2 else _too_few(f.attempts, lang), True)
                    + "".join(_td(cell, True) for cell in reliability) + "</tr>")
    html.append("</table>")
    if any(not exam.figures.enough for exam in report.exams):
        html.append(f'<p class="note">{escape(t("report.html.exam-minimum", lang, minimum=MIN_EXAM_ATTEMPTS))}</p>')
    return html


def _item_table(report: Report, lang: str) -> list[str]:
    analysed = [item for item in report.items if item.figures.enough]
    waiting = [item for item in report.items if not item.figures.enough]
    html = [f"<h2>{escape(t('report.html.items', lang))}</h2>"
            f'<p class="note">{escape(t("report.html.items-note", lang, minimum=MIN_ITEM_ATTEMPTS))}</p>']
    head = ("<tr>" + _th(t("report.col.question", lang), lang) + _th(t("report.col.type", lang), lang)
            + _th("n", lang, "n", True) + _th("F", lang, "facility", True) + _th("SD", lang, "item_sd", True)
            + _th("DI", lang, "discrimination", True) + _th("DE", lang, "efficiency", True)
            + _th(t("report.col.missed", lang), lang, "missed", True) + _th(t("report.col.why", lang), lang)
            + _th(t("report.col.distractor", lang), lang) + "</tr>")
    if analysed:
        html.append("<table>" + head)
        for item in analysed:
            f = item.figures
            flags = "; ".join(t(f"report.flag.{flag}", lang) for flag in item.flags)
            distractor = f"{escape(item.distractor)} ({pct(item.distractor_share)})" if item.distractor else ""
            html.append("<tr>" + _td(_question_cell(item)) + _td(escape(t(f"type.{item.type}", lang)) if item.type
                                                                  else "")
                        + _td(f"{f.attempts:,}", True) + _td(pct(f.facility), True) + _td(pct(f.sd), True)
                        + _td(pct(f.discrimination), True) + _td(pct(f.efficiency), True)
                        + _td(pct(item.missed), True, t("report.explain.missed", lang))
                        + _td(f'<span class="flag">{escape(flags)}</span>' if flags else "") + _td(distractor)
                        + "</tr>")
        html.append("</table>")
    else:
        html.append(f'<p class="dim">{escape(t("report.no-flags", lang, minimum=MIN_ITEM_ATTEMPTS))}</p>')
    if waiting:
        summary = t("report.items-waiting", lang, count=len(waiting), minimum=MIN_ITEM_ATTEMPTS)
        html.append(f"<details><summary>{escape(summary)}</summary><table><tr>"
                    + _th(t("report.col.question", lang), lang) + _th("n", lang, "n", True)
                    + _th(t("report.col.answers", lang), lang, "answers", True)
                    + _th(t("report.col.missed", lang), lang, "missed", True) + "</tr>")
        html.extend("<tr>" + _td(_question_cell(item)) + _td(f"{item.figures.attempts:,}", True)
                    + _td(f"{item.answers:,}", True) + _td(pct(item.missed), True) + "</tr>" for item in waiting)
        html.append("</table></details>")
    return html


def render_html(report: Report, lang: str, scope: str) -> str:
    """The whole page."""
    html = [
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('report.title', lang))}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(t('report.title', lang))}</h1>",
        f'<p class="meta">{escape(scope)} · '
        f'{escape(t("report.html.generated", lang, when=utc_now()[:16].replace("T", " "), version=__version__))}</p>',
        _cards(report, lang), _charts(report, lang),
    ]
    if report.exams:
        html += _exam_table(report, lang)
    if report.trainees or report.practising:
        failing = report.needing_help
        html.append(f"<h2>{escape(t('report.trainees', lang))}</h2>")
        if failing:
            line = t("report.trainees-failing", lang, count=failing, total=len(report.trainees))
            html.append(f'<p class="flag">{escape(line)}</p>')
        html.append("<table><tr>" + _th(t("report.col.trainee", lang), lang) + _th(t("report.col.exams", lang), lang)
                    + _th(t("report.col.practice", lang), lang, "practice", True)
                    + _th(t("report.col.weakest", lang), lang, "weakest") + "</tr>")
        html.extend(_trainee_row(person, lang) for person in report.trainees + report.practising)
        html.append("</table>")
    html += _item_table(report, lang)
    if report.rules:
        html.append(f"<h2>{escape(t('report.rules', lang))}</h2><table><tr>" + _th(t("report.col.rule", lang), lang)
                    + _th(t("report.col.missed", lang), lang, "missed", True)
                    + _th(t("report.col.answers", lang), lang, "answers", True) + "</tr>")
        html.extend("<tr>" + _td(escape(line.title or line.key) + f'<br><span class="id">{escape(line.key)}</span>')
                    + _td(pct(line.missed), True) + _td(f"{line.answers:,}", True) + "</tr>" for line in report.rules)
        html.append("</table>")
    for title, header, rows in (
        (t("report.forbidden", lang), (t("report.html.phrase", lang), t("report.html.times", lang)),
         [(escape(phrase), f"{count:,}") for phrase, count in report.forbidden]),
        (t("report.leeches", lang), (t("report.col.question", lang), t("report.html.leech-trainees", lang)),
         [(escape(leech.prompt or leech.key) + f'<br><span class="id">{escape(leech.key)}</span>',
           f"{leech.trainees:,}") for leech in report.leeches]),
    ):
        if rows:
            html.append(f"<h2>{escape(title.rstrip('：: '))}</h2><table><tr>{_th(header[0], lang)}"
                        f"{_th(header[1], lang, numeric=True)}</tr>")
            html.extend("<tr>" + _td(name) + _td(count, True) + "</tr>" for name, count in rows)
            html.append("</table>")
    html.append(f"<h2>{escape(t('report.legend', lang))}</h2><dl class=\"legend\">")
    for name in LEGEND:
        html.append(f"<dt>{escape(figure_label(name, lang))}</dt><dd>{escape(figure_meaning(name, lang))}</dd>")
    html.append("</dl></body></html>")
    return "\n".join(html)
