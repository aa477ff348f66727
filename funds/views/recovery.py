"""Pages of the funds ledger: recovery."""

urlpatterns: list = []
