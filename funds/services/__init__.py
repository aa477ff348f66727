"""Writes of the funds ledger, one module per step: allocation (资金下达: create, confirm, co-sign) and
disbursements (拨付, 确认到账, 报告差异, 更正). Every write is atomic, takes the acting person, checks who may act
(PermissionDenied otherwise) and the fund-status transition in funds/workflow.py, locks the award's fund row
before reading its figures, records its audit event in the same transaction and tells the other side through
notifications.services.notify_users; common.py holds what they share."""
