"""Policy packs: one notice encoded as YAML data, validated by pydantic (no Django here)."""
