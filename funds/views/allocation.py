"""Pages of the funds ledger: allocation."""

urlpatterns: list = []
