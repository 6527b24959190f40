-- document_exists: every row of {{ table }} points at a document the view shows.
-- grain: one row per orphaned row (must be none). inputs: {{ table }}, documents.
select {{ table }}.doc_id
from {{ table }}
anti join documents on documents.doc_id = {{ table }}.doc_id
