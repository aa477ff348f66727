"""Pure edits of a draft's data: each returns a NEW data dict and leaves the one given unchanged; the views save it
with workbench.services.draft_data_save, which validates the whole pack."""
