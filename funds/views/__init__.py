"""Pages of the funds ledger, one module per stage; each module declares its own urlpatterns."""
