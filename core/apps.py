from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _audit_chain_prepare(sender, using, **kwargs) -> None:
    """The test databases are built from the models, not the migrations: install the audit log's append-only
    trigger after every migrate (and flush) as well, and start the chain head on an empty log, so that every
    audited write costs the same queries (idempotent; the trigger on PostgreSQL only)."""
    from django.db import connections

    from core.audit_chain import HEAD_PK, append_only_trigger_install, head_defaults
    from core.models import AuditChainHead, AuditEvent

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if not {AuditEvent._meta.db_table, AuditChainHead._meta.db_table} <= tables:
        return  # a migrate that stopped before core's 0008: its migration does both once it runs
    append_only_trigger_install(connection)
    if not AuditEvent.objects.using(using).exists():
        AuditChainHead.objects.using(using).get_or_create(pk=HEAD_PK, defaults=head_defaults())


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础与审计"

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the deployment checks)

        post_migrate.connect(_audit_chain_prepare, sender=self, dispatch_uid="core_audit_chain_prepare")
