"""Pages of the funds ledger: disbursement."""

urlpatterns: list = []
