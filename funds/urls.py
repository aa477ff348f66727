from funds.views import allocation, disbursement, ledger, recovery

app_name = "funds"

urlpatterns = [*ledger.urlpatterns, *allocation.urlpatterns, *disbursement.urlpatterns, *recovery.urlpatterns]
