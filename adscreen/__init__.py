"""adscreen: fast, explainable screening of online recruitment ads (English, Urdu, Roman Urdu).

A pure-Python library and command-line tool; it never imports Django. See ``docs/adscreen.md``.
Normalisation is ``adscreen.normalize.normalize`` (not re-exported here, so that
``adscreen.normalize`` stays the module).

Examples
--------
>>> from adscreen import screen_text
>>> result = screen_text("Azad visa for Saudia, no interview, advance fee 50,000")
>>> result.band, [f.rule_id for f in result.flags]
('high', ['azad-visa', 'no-interview', 'upfront-fee'])
"""

from adscreen.classify import AdClassifier, load_model
from adscreen.entities import Entities, extract
from adscreen.langid import detect_language
from adscreen.pipeline import ScreenResult, screen_records, screen_text
from adscreen.rules import Flag, RuleSet, default_rules, load_rules

__all__ = [
    "AdClassifier",
    "Entities",
    "Flag",
    "RuleSet",
    "ScreenResult",
    "default_rules",
    "detect_language",
    "extract",
    "load_model",
    "load_rules",
    "screen_records",
    "screen_text",
]
__version__ = "0.1.0"
