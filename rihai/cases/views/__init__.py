"""Case pages by noun: cases, persons, decisions, consent, the identification
interview, HTCDS exchange. Thin views over queries (reads) and actions (writes)."""
