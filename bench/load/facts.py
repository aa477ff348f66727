"""An enterprise's facts (the names of eligibility.facts), as the load test's eligibility API calls send them and
bench/page_cpu posts them to the calculator."""

FACTS = {
    "registered_in_hengyang": True, "is_independent_legal_person": True, "credit_record_normal": True,
    "is_dishonest_judgment_debtor": False, "industry_category": "C", "has_bank_loan_in_hengyang": True,
    "smart_equipment_investment_2022": 350, "smart_manufacturing_self_assessed": True,
    "smart_manufacturing_maturity_level": "2", "operating_revenue_2022": 10000, "rd_expense_2022": 200,
    "valid_patents": 8,
}  # fmt: skip
