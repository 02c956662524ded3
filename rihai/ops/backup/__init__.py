"""Encrypted, signed, verifiable backups of every installed model, and their restore.

``archive`` seals a byte stream with AES-256-GCM in chunks (truncation and tampering are
caught); ``tables`` reads and writes each model's rows exactly as stored (ciphertext stays
ciphertext); ``bundle`` puts the parts and a signed manifest together and checks them;
``restore`` loads a verified bundle into an empty database.
"""
