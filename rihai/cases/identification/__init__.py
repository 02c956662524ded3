"""Victim identification: the interview's rules engine (ILO indicators, PTPA 2018) as versioned
data, a recommendation with reasons. Named apart from ad screening (rihai.screening, adscreen)."""

from .engine import RuleSet, available_versions, evaluate, load_ruleset

CURRENT_VERSION = "ilo2009-ptpa2018-v1"

__all__ = ["CURRENT_VERSION", "RuleSet", "available_versions", "evaluate", "load_ruleset"]
