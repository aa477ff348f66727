"""Writes of 全过程绩效管理, one module per stage: targets (目标审核, 锁定, 调整), monitoring (运行监控),
evaluation (自评, 核实, 评分, 确认, 整改). Every write checks its transition in performance/workflow.py and
records an audit event in the same transaction."""
