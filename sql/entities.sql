-- entities: one row per real-world entity across the corpus.
-- grain: one row per entity. key: entity_id.
-- inputs: mentions (each mention carries its corpus-level entity's id and name).
with

all_mentions as (
    select * from mentions
),

final as (
    select
        entity_id,
        any_value(entity_name) as name,
        mode(label) as label,
        list(distinct text order by text) as aliases,
        count(*) as n_mentions,
        count(distinct doc_id) as n_documents,
    from all_mentions
    group by entity_id
)

select * from final
