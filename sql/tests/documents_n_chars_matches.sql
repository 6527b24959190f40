-- documents_n_chars_matches: n_chars is the length of the text.
-- grain: one row per mismatching document (must be none). inputs: documents.
select doc_id
from documents
where n_chars <> length(text)
