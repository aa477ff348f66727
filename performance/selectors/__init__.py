"""Reads of 全过程绩效管理, one module per stage: targets (目标表, 目标审核, 目标调整), monitoring, evaluation."""
