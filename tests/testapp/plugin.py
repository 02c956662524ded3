"""The test app plugs in the way a new Rihai app would: nothing in the foundation names it."""

from rihai.core.plugins import DemoSeeder, NavEntry, RihaiApp, WorkItem

NOTE = "testnote"

APP = RihaiApp(
    label="testapp",
    resources={NOTE: "Test notes"},
    personal_data=frozenset({NOTE}),
    grants={"supervisor": [(NOTE, "view", 2)]},
    audit_events={"testnote-read": "Test note read"},
    nav=[NavEntry("Test notes", "core:home", NOTE, "Notes made by the tests.", order=50)],
    work="tests.testapp.plugin.work",
    demo=DemoSeeder(seed="tests.testapp.plugin.seed", after=("accounts",)),
)

SEEDED: list[int] = []


def work(user) -> list[WorkItem]:
    if not user.can(NOTE, "view"):
        return []
    return [WorkItem("test-notes", "test notes to read", 3, "/")]


def seed(*, stdout=None, rng=None, size="full", **_) -> dict:
    from rihai.accounts.models import Agency

    SEEDED.append(Agency.objects.count())  # how many agencies existed when it ran
    return {"notes": 0}
