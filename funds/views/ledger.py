"""Pages of the funds ledger: ledger."""

urlpatterns: list = []
