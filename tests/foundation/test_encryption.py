"""Personal data is ciphertext at rest; blind indexes find exact matches; keys rotate."""

from io import StringIO

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from rihai.core.encryption import blind_index_candidates
from tests.base import RihaiTestCase
from tests.testapp.models import SecretNote, digits_only

NAME = "ثمینہ بی بی Samina Demo"
CNIC = "35202-1234567-1"
BODY = "Synthetic note: lives near the demo bazaar"


def raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, body, cnic, cnic_bidx FROM testapp_secretnote WHERE id = %s", [pk]
        )
        return cursor.fetchone()


class EncryptionAtRestTest(RihaiTestCase):
    def test_raw_row_holds_no_plaintext(self):
        note = SecretNote.objects.create(agency=self.fia, name=NAME, body=BODY, cnic=CNIC)
        row = raw_row(note.pk)
        joined = " ".join(row)
        for secret in (NAME, "Samina", BODY, "bazaar", CNIC, "1234567", digits_only(CNIC)):
            self.assertNotIn(secret, joined)
        self.assertTrue(row[0].startswith("enc1:"))

    def test_round_trip_including_urdu(self):
        note = SecretNote.objects.create(agency=self.fia, name=NAME, body=BODY, cnic=CNIC)
        fresh = SecretNote.objects.get(pk=note.pk)
        self.assertEqual((fresh.name, fresh.body, fresh.cnic), (NAME, BODY, CNIC))

    def test_blind_index_finds_exact_match_whatever_the_formatting(self):
        note = SecretNote.objects.create(agency=self.fia, cnic=CNIC)
        SecretNote.objects.create(agency=self.fia, cnic="35202-7654321-9")
        found = SecretNote.objects.filter(cnic_bidx__in=blind_index_candidates("3520212345671"))
        self.assertEqual(list(found), [note])

    def test_filtering_on_ciphertext_is_refused(self):
        from django.core.exceptions import FieldError

        with self.assertRaises(FieldError):
            list(SecretNote.objects.filter(name="x"))

    def test_rotation_re_encrypts_under_new_key_and_keeps_lookups(self):
        from django.conf import settings

        note = SecretNote.objects.create(agency=self.fia, name=NAME, cnic=CNIC)
        old_cipher = raw_row(note.pk)[0]
        new_key = Fernet.generate_key().decode()
        new_keys = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
        new_index_keys = ["brand-new-index-key", *settings.BLIND_INDEX_KEYS]
        with override_settings(FIELD_ENCRYPTION_KEYS=new_keys, BLIND_INDEX_KEYS=new_index_keys):
            call_command("rotate_field_keys", stdout=StringIO())
            rotated = raw_row(note.pk)
            self.assertNotEqual(rotated[0], old_cipher)
            # Only the new key is needed now: drop the old ones and still read and find it.
            with override_settings(
                FIELD_ENCRYPTION_KEYS=[new_key], BLIND_INDEX_KEYS=["brand-new-index-key"]
            ):
                self.assertEqual(SecretNote.objects.get(pk=note.pk).name, NAME)
                found = SecretNote.objects.filter(
                    cnic_bidx__in=blind_index_candidates("3520212345671")
                )
                self.assertEqual(list(found), [note])

    def test_unknown_key_cannot_decrypt(self):
        from rihai.core.encryption import DecryptionError

        note = SecretNote.objects.create(agency=self.fia, name=NAME)
        with override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
            with self.assertRaises(DecryptionError):
                SecretNote.objects.get(pk=note.pk)
