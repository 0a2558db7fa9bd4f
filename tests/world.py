"""Three organisations on two platforms, for the tests of issue 8 (one pool across
organisations, AVG rights, transparency):

- Slack workspace T0UTRECHT → Gemeente Utrecht
- Slack workspace T0BZK and Mattermost team `team…bzk` → Ministerie van BZK (one
  organisation on two platforms)

Each workspace has an admin ("admin", as in the test settings) who names its
organisation with `/flexpool organisatie <naam>`, and colleagues with profiles. What the
outbox delivers is recorded per platform (a RecordingPort each)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot import commands
from tests.recording import RecordingPort

T_UTRECHT, T_BZK, MM_BZK = "T0UTRECHT", "T0BZK", "teambzk0000000000000000001"
UTRECHT, BZK = "Gemeente Utrecht", "Ministerie van BZK"
LINE = "Dashboard jeugdzorg; vaardigheden: Power BI, SQL; 8 uur per week; 2 weken; 1 plek"


@dataclass
class World:
    app: object
    slack: RecordingPort
    mattermost: RecordingPort
    shell: RecordingPort
    people: dict = field(default_factory=dict)

    def flexpool(self, actor, text: str):
        return commands.command(self.app.service, actor, "flexpool", text)

    def klus(self, actor, line: str = LINE):
        return commands.command(self.app.service, actor, "klus", line)

    def deliver(self) -> int:
        return self.app.outbox.flush()

    def port_of(self, actor) -> RecordingPort:
        return {"slack": self.slack, "mattermost": self.mattermost, "shell": self.shell}[actor.platform]

    def told(self, actor) -> list:
        """What the outbox delivered to `actor`, on their own platform."""
        return self.port_of(actor).to(actor.user_id)


def build(app, people) -> World:
    world = World(app, RecordingPort("slack"), RecordingPort("mattermost"), RecordingPort("shell"))
    for port in (world.slack, world.mattermost, world.shell):
        app.outbox.ports[port.platform] = port
    admins = {
        "admin_utrecht": people("Admin Utrecht", user_id="admin", platform="slack", workspace=T_UTRECHT),
        "admin_bzk": people("Admin BZK", user_id="admin", platform="slack", workspace=T_BZK),
        "admin_mm": people("Admin MM", user_id="admin", platform="mattermost", workspace=MM_BZK),
    }
    world.flexpool(admins["admin_utrecht"], f"organisatie {UTRECHT}")
    world.flexpool(admins["admin_bzk"], f"organisatie {BZK}")
    world.flexpool(admins["admin_mm"], f"organisatie {BZK}")
    skills = dict(skills="Power BI, SQL, data-analyse", hours_per_week=16)
    world.people = {
        **admins,
        # Gemeente Utrecht, Slack
        "ulla": people("Ulla Utrecht", user_id="UULLA", platform="slack", workspace=T_UTRECHT, **skills),
        "umar": people("Umar Manager", user_id="UUMAR", platform="slack", workspace=T_UTRECHT,
                       skills="leidinggeven", hours_per_week=0),
        # Ministerie van BZK, Slack
        "bart": people("Bart Bezeka", user_id="UBART", platform="slack", workspace=T_BZK, **skills),
        "bea": people("Bea Baas", user_id="UBEA", platform="slack", workspace=T_BZK,
                      skills="leidinggeven", hours_per_week=0),
        # Ministerie van BZK, Mattermost
        "mila": people("Mila Mattermost", user_id="mila0000000000000000000001", platform="mattermost",
                       workspace=MM_BZK, **skills, salary_scale="10"),
    }
    # people() made the colleagues before their workspace had a name: re-read who they are now
    for key, actor in list(world.people.items()):
        world.people[key] = app.service.person(actor.platform, actor.workspace, actor.user_id)
    return world


@pytest.fixture
def world(app, people) -> World:
    return build(app, people)
