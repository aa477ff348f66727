from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = "政策计算器"

    def ready(self):
        from enterprises.signals import profile_changed
        from policies.signals import pack_published

        pack_published.connect(_on_pack_published, dispatch_uid="eligibility.pack_published")
        profile_changed.connect(_on_profile_changed, dispatch_uid="eligibility.profile_changed")


def _on_pack_published(sender, pack, **kwargs):
    from eligibility.tasks import pack_evaluation_enqueue_on_commit

    pack_evaluation_enqueue_on_commit(pack.pk)


def _on_profile_changed(sender, profile, **kwargs):
    from eligibility.tasks import enterprise_evaluation_enqueue_on_commit

    if profile.is_confirmed:
        enterprise_evaluation_enqueue_on_commit(profile.organisation_id)
