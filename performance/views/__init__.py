"""Pages of 全过程绩效管理, one module per stage (targets, monitoring, evaluation); each exports urlpatterns."""
