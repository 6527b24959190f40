-- date_range: the span of publication dates, to choose the period the timelines count by.
-- grain: one row. inputs: documents.
select min(published), max(published), count(published), count(*)
from documents
