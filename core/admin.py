"""The audit log is not in the admin: only the audit reader sees it, read-only, at /audit/."""
