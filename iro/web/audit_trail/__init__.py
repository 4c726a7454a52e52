"""The audit trail's search page and CSV export (IRO managers and auditors). It lives in web, above
every app, because it names children; iro.audit itself only records and verifies the trail."""
