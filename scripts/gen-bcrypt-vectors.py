#!/usr/bin/python3
"""Generates tests/data/bcrypt/passlib_vectors.json: bcrypt hashes written by Python passlib.

SECURITY.md requires that hashes written by the old Python service (passlib.hash.bcrypt) verify in
clockko. Run with Debian's interpreter and package (apt install python3-passlib):

    /usr/bin/python3 scripts/gen-bcrypt-vectors.py > tests/data/bcrypt/passlib_vectors.json

Low-cost vectors use passlib's pure-Python "builtin" backend, so they do not come from libxcrypt,
the library clockko itself uses; the cost-10 vector uses "os_crypt" because the builtin backend is
too slow at that cost. Every vector is cross-checked with the other backend before it is written.
Salts are random, so each run writes different (equally valid) hashes.
"""
import json
import os
import sys

os.environ["PASSLIB_BUILTIN_BCRYPT"] = "enabled"

import passlib  # noqa: E402
from passlib.hash import bcrypt  # noqa: E402

# (password, cost, ident). Passwords are at most 72 UTF-8 bytes: passlib would silently truncate
# longer ones, which clockko refuses to do.
CASES = [
    ("password", 4, "2b"),
    ("correct horse battery staple", 5, "2b"),
    ("p\u00e4ssw\u00f6rd \u5bc6\u7801 \U0001f511", 4, "2b"),
    ("  leading and trailing spaces  ", 4, "2b"),
    (("0123456789" * 8)[:72], 4, "2b"),  # exactly 72 ASCII bytes
    ("\u00e9" * 36, 4, "2b"),  # exactly 72 UTF-8 bytes, all two-byte characters
    ("old-style 2a ident", 4, "2a"),
    ("php-style 2y ident", 4, "2y"),
    ("Tr0ub4dor&3", 10, "2b"),
]


def hash_with(backend, password, cost, ident):
    bcrypt.set_backend(backend)
    return bcrypt.using(rounds=cost, ident=ident).hash(password)


def verify_with(backend, password, hashed):
    bcrypt.set_backend(backend)
    return bcrypt.verify(password, hashed)


def main():
    vectors = []
    for password, cost, ident in CASES:
        assert len(password.encode("utf-8")) <= 72, password
        backend, other = ("builtin", "os_crypt") if cost <= 5 else ("os_crypt", "builtin")
        hashed = hash_with(backend, password, cost, ident)
        if cost <= 5:  # the builtin backend is too slow to cross-check cost 10 quickly
            assert verify_with(other, password, hashed), (password, hashed)
        assert verify_with(backend, password, hashed)
        # Change the last character (not append: passlib truncates past 72 bytes).
        assert not verify_with(backend, password[:-1] + chr(ord(password[-1]) ^ 1), hashed)
        vectors.append({"password": password, "hash": hashed, "cost": cost, "backend": backend})
    doc = {
        "generator": "scripts/gen-bcrypt-vectors.py",
        "passlib_version": passlib.__version__,
        "vectors": vectors,
    }
    json.dump(doc, sys.stdout, indent=2, ensure_ascii=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
