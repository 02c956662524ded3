"""The resource the portal adds to the grant vocabulary."""

REPORT = "public-report"
