"""The one place where every warehouse table's and view's columns, types and meaning are declared.

Writers build Arrow tables from these schemas, the views in `sql/` select these columns, the views
database carries each description as its column's comment, and the README's table reference is
checked against them by a test.
"""

from __future__ import annotations

import pyarrow as pa


def _field(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


def _schema(*fields: pa.Field) -> pa.Schema:
    return pa.schema(list(fields))


def description(field: pa.Field) -> str:
    """A column's one-line meaning."""
    return (field.metadata or {}).get(b"doc", b"").decode("utf-8")


OFFSET = pa.int32()

DOCUMENTS = _schema(
    _field("doc_id", pa.string(), "stable hash of the normalized text", nullable=False),
    _field("source", pa.string(), "first input (sorted) this text came from"),
    _field("title", pa.string(), "headline: first line of a text file followed by a blank line, or metadata"),
    _field("url", pa.string(), "canonical URL when the input gives one"),
    _field("author", pa.string(), "author when the input gives one"),
    _field("published", pa.date32(), "publication date, when known"),
    _field("origin", pa.string(), "a JSON record's own source and id fields, when given"),
    _field("language", pa.string(), "ISO 639-1 code detected from the text"),
    _field("text", pa.string(), "the normalized text every offset refers to"),
    _field("n_chars", pa.int32(), "length of text in characters"),
    _field("n_sentences", pa.int32(), "number of sentences"),
    _field("error", pa.string(), "why extraction failed for this text, when it did (it then has no rows)"),
    _field("processed_at", pa.timestamp("us", tz="UTC"), "when the text was parsed"),
    _field("pipeline_version", pa.string(), "presstables version and model that produced the rows"),
    _field("batch_id", pa.string(), "the write batch that holds this document's rows"),
)

SENTENCES = _schema(
    _field("doc_id", pa.string(), "the document (documents.doc_id)", nullable=False),
    _field("sentence_idx", pa.int32(), "0-based position of the sentence in the document", nullable=False),
    _field("paragraph_idx", pa.int32(), "0-based paragraph (lines separated by line breaks)"),
    _field("start_char", OFFSET, "start offset into documents.text"),
    _field("end_char", OFFSET, "end offset (exclusive)"),
    _field("text", pa.string(), "the sentence as written"),
    _field("batch_id", pa.string(), "write batch"),
)

MENTIONS = _schema(
    _field("doc_id", pa.string(), "the document (documents.doc_id)", nullable=False),
    _field("mention_idx", pa.int32(), "0-based position of the mention in the document", nullable=False),
    _field("sentence_idx", pa.int32(), "sentence holding the mention"),
    _field("start_char", OFFSET, "start offset into documents.text"),
    _field("end_char", OFFSET, "end offset (exclusive)"),
    _field("text", pa.string(), "the mention as written"),
    _field("label", pa.string(), "entity type: PERSON, ORG, GPE, LOC, NORP, ..."),
    _field("entity_id", pa.string(), "the real-world entity the mention refers to"),
    _field("entity_name", pa.string(), "canonical name of that entity (its fullest form)"),
    _field("batch_id", pa.string(), "write batch"),
)

STATEMENTS = _schema(
    _field("statement_id", pa.string(), "stable id: document and statement position", nullable=False),
    _field("doc_id", pa.string(), "the document (documents.doc_id)", nullable=False),
    _field("statement_idx", pa.int32(), "0-based position of the statement in the document"),
    _field("sentence_idx", pa.int32(), "sentence holding the cue (or the content when there is no cue)"),
    _field("speaker", pa.string(), 'the speaker as written ("she", "a State Department official")'),
    _field("speaker_start", OFFSET, "speaker start offset"),
    _field("speaker_end", OFFSET, "speaker end offset"),
    _field("speaker_name", pa.string(), 'the speaker resolved to a name ("Karen Donfried")'),
    _field("speaker_entity_id", pa.string(), "the speaker's entity, when it is a named entity"),
    _field(
        "speaker_resolution",
        pa.string(),
        "how speaker_name was found: named, surname, pronoun, group, continuation or unresolved",
    ),
    _field("cue", pa.string(), 'the reporting verb or phrase as written ("told reporters")'),
    _field("cue_lemma", pa.string(), 'lemma of the reporting verb ("tell")'),
    _field("cue_start", OFFSET, "cue start offset"),
    _field("cue_end", OFFSET, "cue end offset"),
    _field("content", pa.string(), "what was said, as written"),
    _field("content_start", OFFSET, "content start offset"),
    _field("content_end", OFFSET, "content end offset"),
    _field("kind", pa.string(), "direct (quoted), indirect (reported) or mixed"),
    _field("addressee", pa.string(), 'who was spoken to, when named ("reporters")'),
    _field("date_text", pa.string(), 'when it was said, as written ("on Tuesday"), outside the content'),
    _field("date", pa.date32(), "that date resolved against the document's publication date"),
    _field(
        "content_fragments",
        pa.list_(pa.struct([("start", OFFSET), ("end", OFFSET)])),
        "the quoted parts of the content as spans (start, end) into documents.text, without their marks",
    ),
    _field(
        "quote",
        pa.string(),
        "the quoted words of a direct or mixed statement, fragments joined, without the attribution",
    ),
    _field(
        "quote_keys",
        pa.list_(pa.int64()),
        "keys that group the quote across documents: its normalized words' hash, then its fingerprints",
    ),
    _field("batch_id", pa.string(), "write batch"),
)

SOURCES = _schema(
    _field("source", pa.string(), "file path, or path#line for a JSONL record", nullable=False),
    _field("doc_id", pa.string(), "the document the input became", nullable=False),
    _field("seen_at", pa.timestamp("us", tz="UTC"), "when this input was first seen with this text"),
)

REJECTS = _schema(
    _field("source", pa.string(), "file path, or path#line for a JSONL record", nullable=False),
    _field("reason", pa.string(), "short code: empty, binary, undecodable, bad_json, no_text, ..."),
    _field("detail", pa.string(), "what was wrong, in words a person can act on"),
    _field("seen_at", pa.timestamp("us", tz="UTC"), "when the input was seen"),
)

# Tables written per batch of parsed documents. `documents` is written last: a batch whose
# documents file exists is complete.
BATCH_TABLES: dict[str, pa.Schema] = {
    "sentences": SENTENCES,
    "mentions": MENTIONS,
    "statements": STATEMENTS,
    "documents": DOCUMENTS,
}

# The state of the inputs, one file per bucket of paths (a run rewrites the buckets whose inputs
# changed): a row with a doc_id is a source, a row with a reason is a reject. Size and
# modification time of the file let the next run skip unchanged files without reading them.
INPUTS = _schema(
    _field("source", pa.string(), "file path, or path#line for a JSONL record", nullable=False),
    _field("path", pa.string(), "the file the input is in", nullable=False),
    _field("size", pa.int64(), "the file's size in bytes when it was read (empty for inputs never read)"),
    _field("mtime_ns", pa.int64(), "the file's modification time when it was read, in nanoseconds"),
    _field("doc_id", pa.string(), "the document the input became (sources)"),
    _field("reason", pa.string(), "why it did not become one (rejects)"),
    _field("detail", pa.string(), "what was wrong (rejects)"),
    _field("seen_at", pa.timestamp("us", tz="UTC"), "when the input was first seen in this state"),
)

# Parsed documents no input holds any more (or parsed again since): their rows stay in a segment
# until compaction rewrites it, and the views leave them out.
TOMBSTONES = _schema(
    _field("doc_id", pa.string(), "the document (documents.doc_id)", nullable=False),
    _field("batch_id", pa.string(), "the parse batch whose rows of it are dead", nullable=False),
)

# The entity index: live mentions pre-aggregated per entity and form, kept up to date by adding
# the rows of documents a run adds and subtracting those it removes.
ENTITY_FORMS = _schema(
    _field("entity_id", pa.string(), "an entity id as resolved within a document", nullable=False),
    _field("label", pa.string(), "its label"),
    _field("entity_name", pa.string(), "the name a document gave it"),
    _field("text", pa.string(), "a form it was written in"),
    _field("n_mentions", pa.int64(), "live mentions with this name and form"),
)
ENTITY_DOCS = _schema(
    _field("entity_id", pa.string(), "an entity id as resolved within a document", nullable=False),
    _field("n_documents", pa.int64(), "live documents that mention it"),
)

# Corpus-level entities, derived from the entity index by every run that changes it: each entity
# id seen in a document, the entity it belongs to across the corpus ("Blair" → "Tony Blair").
ENTITY_MERGES = _schema(
    _field("entity_id", pa.string(), "an entity id as resolved within a document", nullable=False),
    _field("merged_entity_id", pa.string(), "the corpus-level entity it belongs to", nullable=False),
    _field("name", pa.string(), "that entity's name: its most frequent fullest form"),
    _field("label", pa.string(), "that entity's label"),
)

STATE_TABLES: dict[str, pa.Schema] = {
    "inputs": INPUTS,
    "tombstones": TOMBSTONES,
    "entity_forms": ENTITY_FORMS,
    "entity_docs": ENTITY_DOCS,
    "entity_merges": ENTITY_MERGES,
}

# Physical tables, one folder each.
ALL_TABLES: dict[str, pa.Schema] = {**BATCH_TABLES, **STATE_TABLES}

# The columns the analysis views in sql/ compute (the other views select the tables' columns).
ENTITIES = _schema(
    _field("entity_id", pa.string(), "the entity across the corpus: a hash of its label and name"),
    _field("name", pa.string(), 'its name: the most frequent fullest form ("Karen Donfried")'),
    _field("label", pa.string(), "its entity type: the most frequent label of its mentions"),
    _field("aliases", pa.list_(pa.string()), 'every form it is written in, sorted ("Donfried", "Karen Donfried")'),
    _field("n_mentions", pa.int64(), "mentions of it across the corpus"),
    _field("n_documents", pa.int64(), "documents that mention it"),
)

SPEAKERS = _schema(
    _field("speaker_key", pa.string(), "the speaker's entity id, or name:<name in lower case> when it has none"),
    _field("entity_id", pa.string(), "the speaker's entity, when it is a named entity"),
    _field("speaker_name", pa.string(), "the speaker's name: the longest form its statements resolve to"),
    _field("n_statements", pa.int64(), "statements attributed to the speaker"),
    _field("n_documents", pa.int64(), "documents that quote the speaker"),
    _field("n_direct", pa.int64(), "its direct (quoted) statements"),
    _field("n_indirect", pa.int64(), "its indirect (reported) statements"),
    _field("n_mixed", pa.int64(), "its statements quoted in part"),
    _field("first_published", pa.date32(), "earliest publication date of a document quoting the speaker, when known"),
    _field("last_published", pa.date32(), "latest publication date of a document quoting the speaker, when known"),
)

STATEMENT_MENTIONS = _schema(
    _field("statement_id", pa.string(), "the statement (statements.statement_id)"),
    _field("doc_id", pa.string(), "the document (documents.doc_id)"),
    _field("speaker_name", pa.string(), "the statement's speaker, resolved to a name"),
    _field("speaker_entity_id", pa.string(), "the speaker's entity, when it is a named entity"),
    _field("entity_id", pa.string(), "an entity named in the statement's content (never the speaker's own)"),
    _field("entity_name", pa.string(), "that entity's name"),
    _field("label", pa.string(), "that entity's type"),
    _field("n_mentions", pa.int64(), "mentions of the entity inside the content"),
)

ENTITY_COOCCURRENCE = _schema(
    _field("entity_id_a", pa.string(), "one entity of the pair: the lower id"),
    _field("name_a", pa.string(), "its name"),
    _field("label_a", pa.string(), "its entity type"),
    _field("entity_id_b", pa.string(), "the other entity of the pair: the higher id"),
    _field("name_b", pa.string(), "its name"),
    _field("label_b", pa.string(), "its entity type"),
    _field("n_sentences", pa.int64(), "sentences that name both"),
    _field("n_documents", pa.int64(), "documents with such a sentence"),
)

QUOTATIONS = _schema(
    _field(
        "quotation_id",
        pa.string(),
        "the quotation across the corpus: a hash of its longest form's words (and speaker, under seven words)",
    ),
    _field("text", pa.string(), "its longest form, as first published"),
    _field(
        "speaker_name",
        pa.string(),
        "who said it, chosen across its occurrences: resolved names first, then the most frequent",
    ),
    _field("speaker_entity_id", pa.string(), "that speaker's entity, when it is a named entity"),
    _field("n_occurrences", pa.int64(), "statements that quote it"),
    _field("n_documents", pa.int64(), "documents that quote it"),
    _field("n_sources", pa.int64(), "distinct publishers quoting it: the URL's host, else the input's folder"),
    _field("first_published", pa.date32(), "earliest publication date of a document quoting it, when known"),
    _field(
        "first_doc_id", pa.string(), "the document that published it first (the earliest dated, then the lowest id)"
    ),
    _field("last_published", pa.date32(), "latest publication date of a document quoting it, when known"),
    _field("n_speakers", pa.int64(), "distinct resolved speakers it is attributed to: more than one is a disagreement"),
    _field("speaker_names", pa.list_(pa.string()), "those speakers' names, sorted"),
)

QUOTATION_OCCURRENCES = _schema(
    _field("statement_id", pa.string(), "the statement that quotes it (statements.statement_id)"),
    _field("quotation_id", pa.string(), "the quotation it belongs to (quotations.quotation_id)"),
    _field("doc_id", pa.string(), "the document (documents.doc_id)"),
    _field("quote", pa.string(), "the quoted words as this statement has them"),
    _field("speaker_name", pa.string(), "this occurrence's own speaker, resolved to a name"),
    _field("speaker_entity_id", pa.string(), "that speaker's entity, when it is a named entity"),
    _field("published", pa.date32(), "the document's publication date, when known"),
    _field(
        "match",
        pa.string(),
        "how it matched the quotation's text: exact, normalised (case, marks, punctuation), contained (a trimmed part), near (a word or two changed)",
    ),
)

# Every view's columns (for the comments in the views database, the docs and the tests): the
# tables' own (a view leaves out `batch_id` except `documents`), and those the analysis views compute.
VIEW_SCHEMAS: dict[str, pa.Schema] = {
    **BATCH_TABLES,
    "sources": SOURCES,
    "rejects": REJECTS,
    "entities": ENTITIES,
    "speakers": SPEAKERS,
    "statement_mentions": STATEMENT_MENTIONS,
    "entity_cooccurrence": ENTITY_COOCCURRENCE,
    "quotations": QUOTATIONS,
    "quotation_occurrences": QUOTATION_OCCURRENCES,
}
# Table columns the views keep to themselves: the write batch, and the quote keys the
# quotation views match on.
INTERNAL_COLUMNS = {"batch_id", "quote_keys"}


def column_descriptions(view: str) -> dict[str, str]:
    """Each declared column of a view with its one-line meaning."""
    declared = VIEW_SCHEMAS.get(view)
    return {} if declared is None else {field.name: description(field) for field in declared}


# Data tests generated from the schema (flows/checks.py): each view's key, and the values a
# column accepts.
KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "sentences": ("doc_id", "sentence_idx"),
    "mentions": ("doc_id", "mention_idx"),
    "statements": ("statement_id",),
    "sources": ("source",),
    "rejects": ("source",),
    "entities": ("entity_id",),
    "quotations": ("quotation_id",),
    "quotation_occurrences": ("statement_id",),
}
ENTITY_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
ACCEPTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("mentions", "label"): ENTITY_LABELS,
    ("statements", "kind"): ("direct", "indirect", "mixed"),
    ("quotation_occurrences", "match"): ("exact", "normalised", "contained", "near"),
}
