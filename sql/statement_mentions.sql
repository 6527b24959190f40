-- statement_mentions: which entities each statement's content talks about.
-- grain: one row per (statement, entity). key: (statement_id, entity_id).
-- inputs: statements, mentions (a mention counts when it lies inside the content span; the
-- speaker's own entity is left out).
with

all_statements as (
    select * from statements
),

all_mentions as (
    select * from mentions
),

inside as (
    select
        all_statements.statement_id,
        all_statements.doc_id,
        all_statements.speaker_name,
        all_statements.speaker_entity_id,
        all_mentions.entity_id,
        all_mentions.entity_name,
        all_mentions.label,
    from all_statements
    inner join all_mentions
        on all_mentions.doc_id = all_statements.doc_id
        and all_mentions.start_char >= all_statements.content_start
        and all_mentions.end_char <= all_statements.content_end
    where all_mentions.entity_id is distinct from all_statements.speaker_entity_id
),

final as (
    select
        statement_id,
        doc_id,
        any_value(speaker_name) as speaker_name,
        any_value(speaker_entity_id) as speaker_entity_id,
        entity_id,
        any_value(entity_name) as entity_name,
        first(label order by label) as label,
        count(*) as n_mentions,
    from inside
    group by statement_id, doc_id, entity_id
)

select * from final
