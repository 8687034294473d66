"""Turn SOP AP documents (text extractions, Word files) into draft SOP YAML files."""
