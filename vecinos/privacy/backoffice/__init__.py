"""Privacy's staff screens: the legal-hold switch and the audit log (admins only)."""
