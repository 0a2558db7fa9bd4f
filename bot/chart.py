"""The flexpool stats as a picture: klussen filled per month and hours per department.

Drawn with matplotlib's Agg canvas on a `Figure` of its own (no pyplot, so no global
state and no display): safe in a web worker thread.
"""

from __future__ import annotations

import io
from datetime import date

from bot.i18n import MONTHS, T, render

BLUE = "#154273"  # Rijkshuisstijl donkerblauw
ORANGE = "#e17000"


def png(per_month: list[tuple[date, int]], per_department: list[tuple[str, float]], lang: str,
        title: T) -> bytes:
    """A 1000×450 PNG with two bar charts; empty data gives a chart that says so."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4.5), dpi=100)
    FigureCanvasAgg(fig)
    fig.suptitle(render(title, lang), fontsize=13, color=BLUE)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1]})

    left.set_title(render(T("chart.filled_per_month"), lang), fontsize=11)
    if per_month:
        labels = [f"{MONTHS[lang][m.month - 1]} {m:%y}" for m, _ in per_month]
        left.bar(range(len(per_month)), [n for _, n in per_month], color=BLUE)
        left.set_xticks(range(len(per_month)), labels, rotation=45 if len(labels) > 6 else 0, ha="right"
                        if len(labels) > 6 else "center", fontsize=8)
        left.yaxis.get_major_locator().set_params(integer=True)
    else:
        _empty(left, lang)

    right.set_title(render(T("chart.hours_per_department"), lang), fontsize=11)
    if per_department:
        shown = per_department[:12][::-1]  # largest on top
        names = [name[:28] if name else render(T("chart.no_department"), lang) for name, _ in shown]
        right.barh(range(len(shown)), [hours for _, hours in shown], color=ORANGE)
        right.set_yticks(range(len(shown)), names, fontsize=8)
        right.set_xlabel(render(T("chart.hours"), lang), fontsize=9)
    else:
        _empty(right, lang)

    for axes in (left, right):
        axes.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _empty(axes, lang: str) -> None:
    axes.text(0.5, 0.5, render(T("chart.no_data"), lang), ha="center", va="center",
              transform=axes.transAxes, color="grey")
    axes.set_xticks([])
    axes.set_yticks([])
