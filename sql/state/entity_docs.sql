-- entity_docs: the entity index's documents per entity after the run.
-- grain: one row per entity_id. inputs: entity_docs (before), delta.
with

combined as (
    select entity_id, n_documents, from entity_docs
    union all
    select entity_id, n_documents, from delta where n_documents is not null
),

final as (
    select
        entity_id,
        sum(n_documents)::bigint as n_documents,
    from combined
    group by entity_id
    having sum(n_documents) > 0
)

select * from final
order by entity_id
