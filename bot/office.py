"""The flexpool office, for admins only: one name for its parts, each in its own module.
`actor=None` means the command line (`flexpool stats|export|import-profiles`), trusted
like the database it opens.

- `bot.stats`: the figures over a period, the stats card and the chart;
- `bot.exporting`: the CSV export;
- `bot.hr_import`: the bulk profile import (CSV from a file, a link or the command line);
- `bot.admins`: admin roles and the audit log.

The names below are those parts' public names, so `office.X` keeps working for the
handlers, the command line and the tests.
"""

from __future__ import annotations

from bot.admins import SHOWN_LINES, admin, audit, record, refused, target_of, who  # noqa: F401
from bot.core import Actor, Core, is_stored_admin, settings_admin  # noqa: F401
from bot.exporting import cli_export, export, export_files  # noqa: F401
from bot.hr_import import (  # noqa: F401
    COLUMNS, CSV_TYPES, FETCH_SECONDS, MAX_IMPORT_BYTES, PLATFORMS, FetchError, ImportReport,
    cli_import, fetch_csv, import_attachment, import_csv, import_link, import_profiles, is_csv, too_big,
)
from bot.i18n import T
from bot.people import MAX_SCALE, parse_scale  # noqa: F401
from bot.port import Reply
from bot.stats import (  # noqa: F401
    PERIOD_WORDS, Period, Placement, bad_period, chart_png, cli_stats, parse_period, placements, send_chart, stats,
    stats_card, stats_data,
)


def press(service: Core, actor: Actor, action: str, value: str) -> Reply:
    """The stats card's buttons; the value is the period as asked (re-checked here)."""
    if action == "office_chart":
        return send_chart(service, actor, value)
    if action == "office_export":
        return export(service, actor, value)
    return Reply.of(actor.lang, T("err.stale_button"))
