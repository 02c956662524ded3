"""Throwaway backup keys and a small synthetic world (obviously fictional data)."""

import base64

from django.db import connection

from rihai.accounts.models import Agency, AgencyType, Role, RolePermission
from rihai.accounts.roles import install_default_roles
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditChainHead
from rihai.cases.actions import do_open_case, do_register_person
from rihai.geo.gazetteer import load_gazetteer
from rihai.geo.models import District, Province
from tests.base import make_user

ENCRYPTION_KEY = base64.urlsafe_b64encode(b"k" * 32).decode()
OTHER_ENCRYPTION_KEY = base64.urlsafe_b64encode(b"o" * 32).decode()
SIGNING_KEY = "test-backup-signing-key-0123456789abcdef"
OTHER_SIGNING_KEY = "another-backup-signing-key-0123456789abcd"


def ensure_reference_data() -> None:
    """Puts back what migrations seed (gazetteer, default roles, the audit chain head): a
    TransactionTestCase may start after another one flushed every table."""
    if not Province.objects.exists():
        load_gazetteer(Province, District)
    install_default_roles(Role, RolePermission)
    AuditChainHead.objects.get_or_create(id=1)


def seed_world() -> dict:
    """Two agencies, case workers, persons with encrypted identifiers, cases, audit rows."""
    ensure_reference_data()
    punjab = Province.objects.get(iso_code="PK-PB")
    sindh = Province.objects.get(iso_code="PK-SD")
    fia = Agency.objects.create(
        name="Backup FIA", code="BFIA", agency_type=AgencyType.FIA_AHTC, province=punjab
    )
    ngo = Agency.objects.create(
        name="Backup NGO", code="BNGO", agency_type=AgencyType.NGO, province=sindh
    )
    worker = make_user(fia, "case-worker")
    other = make_user(ngo, "case-worker")
    persons = []
    for n, user in enumerate([worker, worker, other]):
        person = do_register_person(
            acting_user=user,
            name_roman=f"Demo Person {n}",
            name_ur="ڈیمو",
            sex="female",
            estimated_age=20 + n,
            cnic=f"35202-000000{n}-1",
            phone="+923001234567",
            province=user.agency.province,
        )
        do_open_case(acting_user=user, person=person)
        persons.append(person)
    record_audit(event="record-viewed", acting_user=worker, obj=persons[0])
    return {"worker": worker, "other": other, "persons": persons}


def raw_tables(models) -> dict[str, list[tuple]]:
    """Every row of every table as the database returns it to plain SQL (ciphertext and all)."""
    found = {}
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608
            found[model._meta.label_lower] = [tuple(row) for row in cursor.fetchall()]
    return found
