"""adscreen: fast, explainable screening of online recruitment ads (English, Urdu, Roman Urdu).

A pure-Python library; it never imports Django. See ``docs/adscreen.md``.
"""

from adscreen.entities import Entities, extract
from adscreen.normalize import normalize

__all__ = ["Entities", "extract", "normalize"]
__version__ = "0.1.0"
