"""How an app plugs itself into Rihai: one ``plugin.py`` per app says what it adds.

The foundation (navigation, the home page's work summary, demo seeding, the default roles'
grants, the resource and audit-event vocabularies) iterates over the installed apps'
declarations. Adding an app therefore touches ``INSTALLED_APPS`` and the URL conf, nothing
in ``accounts``, ``audit``, ``core`` or ``cases``.

An app's ``plugin.py`` defines ``APP = RihaiApp(...)``. Callables are named by dotted path
(``"rihai.cases.queries.work_items"``) so that reading the declarations imports no models.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.utils.module_loading import import_string

Grant = tuple[str, str, int]  # (resource, action, scope)


@dataclass(frozen=True)
class NavEntry:
    """A main-menu entry, shown to users whose role grants (resource, action)."""

    label: str
    url_name: str
    resource: str | None  # None: every signed-in user
    description: str = ""
    action: str = "view"
    order: int = 100  # lower comes first


@dataclass(frozen=True)
class WorkItem:
    """One count on the home page's "my work", linking to the list it counts."""

    key: str
    label: str
    count: int
    url: str
    urgent: bool = False


@dataclass(frozen=True)
class DemoSeeder:
    """``seed(*, stdout, rng, size)`` returning {what: count}; runs after the apps in ``after``."""

    seed: str
    after: tuple[str, ...] = ()
    sizes: Mapping[str, int] = field(default_factory=lambda: {"small": 0, "full": 0})


@dataclass(frozen=True)
class RetentionRule:
    """How long one type of record is kept, and what happens to it then (``manage.py purge``).

    ``candidates(cutoff)`` returns a queryset of the records whose clock started before
    ``cutoff`` (the app decides what starts the clock: a case closing, a record's creation);
    ``dispose(pk, cutoff)`` anonymises or deletes one record inside the purge's transaction
    and returns False if, under lock, it turns out not to be expired any more; ``held(pks)``
    returns the pks that a rule of the app's own holds (a case linked to an investigation).
    ``lock(user, pk, action)`` is the app's fail-closed access function, used to scope manual
    holds. ``basis`` says why the period is what it is; ``verified`` is False until a lawyer
    has confirmed it for the deploying province.
    """

    code: str  # "cases.person": the record type, as holds and settings name it
    label: str
    default_days: int
    disposal: str  # "anonymise" or "delete"
    clock: str  # what starts the period, in words
    candidates: str
    dispose: str
    lock: str
    held: str = ""
    basis: str = ""
    verified: bool = False


# The lock of rules whose records take no manual hold: the holds page does not offer them.
NO_MANUAL_HOLD = "rihai.core.retention.no_manual_hold"


@dataclass(frozen=True)
class Retention:
    """An app's retention rules, and its part of erasing a person (``rihai.cases.erasure``).

    ``erase_person(person_id)`` blanks every personal field the app keeps about that person
    (free text, names, snapshots), inside the erasing action's transaction; ids, dates and
    codes stay, so statistics and the audit chain keep their shape.
    """

    rules: Sequence[RetentionRule] = ()
    erase_person: str = ""  # dotted path, or "" if the app keeps nothing about persons


@dataclass(frozen=True)
class RihaiApp:
    """What one app contributes to the foundation."""

    label: str
    resources: Mapping[str, str] = field(default_factory=dict)  # code: label
    personal_data: frozenset[str] = frozenset()  # resources holding survivors' or suspects' data
    grants: Mapping[str, Sequence[Grant]] = field(default_factory=dict)  # role code: grants
    audit_events: Mapping[str, str] = field(default_factory=dict)  # code: label
    # Notifications the app sends (rihai.core.notifications): code: what the user reads.
    notification_kinds: Mapping[str, str] = field(default_factory=dict)
    nav: Sequence[NavEntry] = ()
    work: str = ""  # dotted path of work(user) -> list[WorkItem]
    demo: DemoSeeder | None = None
    retention: Retention = Retention()  # the app's record types, periods and erasure


class PluginError(Exception):
    """Two apps declare the same resource or event, or a demo seeder's order cannot be met."""


@cache
def installed() -> tuple[RihaiApp, ...]:
    """The declarations of every installed app that has a ``plugin`` module, in app order."""
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.plugin"
        if find_spec(module_name) is None:
            continue
        found.append(import_module(module_name).APP)
    return tuple(found)


def _merged(attribute: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    owners: dict[str, str] = {}
    for app in installed():
        for code, label in getattr(app, attribute).items():
            if code in merged:
                raise PluginError(
                    f"{attribute} {code!r} declared by {owners[code]} and {app.label}"
                )
            merged[code], owners[code] = label, app.label
    return merged


@cache
def resources() -> dict[str, str]:
    """Every resource a grant may name: {code: label}."""
    return _merged("resources")


def resource_choices() -> list[tuple[str, str]]:
    """Model field choices, read when a form or check needs them (so no migration per app)."""
    return sorted(resources().items())


@cache
def personal_data_resources() -> frozenset[str]:
    return frozenset(code for app in installed() for code in app.personal_data)


@cache
def audit_events() -> dict[str, str]:
    """Every audit event an app may write: {code: label}."""
    return _merged("audit_events")


@cache
def notification_kinds() -> dict[str, str]:
    """Every notification kind an app may send: {code: label}."""
    return _merged("notification_kinds")


def audit_event_choices() -> list[tuple[str, str]]:
    return sorted(audit_events().items())


def default_grants() -> dict[str, list[Grant]]:
    """{role code: grants} collected from every app."""
    grants: dict[str, list[Grant]] = {}
    for app in installed():
        for role, role_grants in app.grants.items():
            grants.setdefault(role, []).extend(role_grants)
    return grants


def nav_entries() -> list[NavEntry]:
    return sorted((e for app in installed() for e in app.nav), key=lambda e: e.order)


def work_items(user) -> list[WorkItem]:
    """The home page's counts for ``user``, from every app that has work to show."""
    items: list[WorkItem] = []
    for app in installed():
        if app.work:
            items.extend(import_string(app.work)(user))
    return items


def demo_seeders() -> list[tuple[str, Callable]]:
    """(app label, seed function) in an order where each runs after what it depends on."""
    pending = {app.label: app.demo for app in installed() if app.demo}
    ordered: list[tuple[str, Callable]] = []
    done: set[str] = set()
    while pending:
        ready = [label for label, d in pending.items() if all(a in done for a in d.after)]
        if not ready:
            raise PluginError(
                f"demo seeders wait on each other or a missing app: {sorted(pending)}"
            )
        for label in ready:  # app order among the ready ones, so runs are repeatable
            ordered.append((label, import_string(pending.pop(label).seed)))
            done.add(label)
    return ordered


def retention_rules() -> dict[str, RetentionRule]:
    """{record type code: rule} from every app; a code declared twice is a PluginError."""
    rules: dict[str, RetentionRule] = {}
    for app in installed():
        for rule in app.retention.rules:
            if rule.code in rules:
                raise PluginError(f"retention rule {rule.code!r} declared twice")
            rules[rule.code] = rule
    return rules


def person_erasers() -> list[Callable]:
    """Every app's ``erase_person(person_id)``, in app order."""
    return [
        import_string(a.retention.erase_person) for a in installed() if a.retention.erase_person
    ]


def clear_caches() -> None:
    """For tests that install an app at run time."""
    for function in (installed, resources, personal_data_resources, audit_events):
        function.cache_clear()
