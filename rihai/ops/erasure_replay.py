"""Replaying the erasure ledger into a restored database (``restore`` calls it inside its
transaction; ``manage.py erasure_ledger --replay`` runs it on its own).

An erasure is "done" in a database when the person's ``Disposal`` row of kind "erase" is
there: it is written in the erasing transaction, so a backup made before the erasure lacks
it, and a backup made after holds both. Persons the restored database never had (registered
after the backup) have nothing to erase. Each replayed erasure blanks what the original did
(every app's eraser, for the person and the records merged into them), notes the disposal,
closes the request if the database has it pending, and writes one audit row, ids only.
"""

from django.apps import apps

from rihai.audit.actions import record_audit
from rihai.cases.erasure import erase_everywhere

from .erasure_ledger import read_ledger
from .ledger import record_disposal
from .models import Disposal, ErasureRequest

RECORD_TYPE = "cases.person"


def pending_erasures() -> list[tuple[object, list[int]]]:
    """(ledger entry, person ids still to erase here) for each entry this database lacks."""
    persons = apps.get_model("cases", "Person")._base_manager
    pending = []
    for entry in read_ledger():
        ids = [str(p) for p in entry.persons]
        done = set(
            Disposal.objects.filter(
                record_type=RECORD_TYPE, object_id__in=ids, disposal="erase"
            ).values_list("object_id", flat=True)
        )
        todo = [int(i) for i in ids if i not in done]
        present = set(persons.filter(pk__in=todo).values_list("pk", flat=True))
        todo = [p for p in todo if p in present]
        if todo:
            pending.append((entry, todo))
    return pending


def replay_erasures() -> list[int]:
    """Carries out every erasure of the ledger that this database has not; returns the person
    ids erased. Inside the caller's transaction (the restore's)."""
    replayed: list[int] = []
    for entry, person_ids in pending_erasures():
        for person_id in person_ids:
            erased = erase_everywhere(person_id)
            record_disposal(
                record_type=RECORD_TYPE, object_ids=erased, disposal="erase", to_ledger=False
            )
            replayed.extend(erased)
        ErasureRequest.objects.filter(
            person_id__in=person_ids, status=ErasureRequest.Status.PENDING
        ).update(status=ErasureRequest.Status.ERASED)
        record_audit(
            event="erasure-replayed",
            object_type=RECORD_TYPE,
            object_id=person_ids[0],
            extra={"request": entry.request, "records": len(person_ids), "line": entry.line},
        )
    return sorted(set(replayed))
