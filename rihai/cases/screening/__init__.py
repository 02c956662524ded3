"""The victim-screening rules engine: indicators as versioned data, a recommendation with reasons."""

from .engine import RuleSet, available_versions, evaluate, load_ruleset

CURRENT_VERSION = "ilo2009-ptpa2018-v1"

__all__ = ["CURRENT_VERSION", "RuleSet", "available_versions", "evaluate", "load_ruleset"]
