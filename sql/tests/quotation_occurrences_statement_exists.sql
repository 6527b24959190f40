-- quotation_occurrences_statement_exists: every occurrence is a statement the statements view shows.
-- grain: one row per orphaned occurrence (must be none). inputs: quotation_occurrences, statements.
select quotation_occurrences.statement_id
from quotation_occurrences
anti join statements on statements.statement_id = quotation_occurrences.statement_id
