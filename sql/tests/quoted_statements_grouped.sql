-- quoted_statements_grouped: every statement with quoted words is an occurrence of a quotation,
-- and every occurrence's quotation is in quotations.
-- grain: one row per statement left out (must be none). inputs: statements, quotation_occurrences, quotations.
select statements.statement_id, 'not an occurrence' as problem
from statements
anti join quotation_occurrences on quotation_occurrences.statement_id = statements.statement_id
where statements.quote is not null
union all
select quotation_occurrences.statement_id, 'no quotation' as problem
from quotation_occurrences
anti join quotations on quotations.quotation_id = quotation_occurrences.quotation_id
