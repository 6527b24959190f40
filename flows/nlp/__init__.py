"""Pure functions over spaCy Docs: sentences, mentions, entities, statements. No I/O here."""
