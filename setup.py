"""Builds adscreen's optional C module; all other metadata lives in pyproject.toml.

The module is ``optional``: without a C compiler and Python's headers the install still
succeeds and adscreen uses its pure-Python reference instead (same results, slower).
"""

import os

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "adscreen._wordscore",
            sources=["adscreen/_wordscore.c"],
            extra_compile_args=["-O2"],
            # sqrt() in the reasons step: link the maths library where it is separate.
            libraries=[] if os.name == "nt" else ["m"],
            optional=True,
        )
    ]
)
