"""Operations: backups and restores, health and readiness, metrics, structured logs."""
