-- entity_forms: the entity index's mentions per entity and form after the run.
-- grain: one row per (entity_id, label, entity_name, text). inputs: entity_forms (before), delta.
with

combined as (
    select entity_id, label, entity_name, text, n_mentions, from entity_forms
    union all
    select entity_id, label, entity_name, text, n_mentions, from delta where n_documents is null
),

final as (
    select
        entity_id,
        label,
        entity_name,
        text,
        sum(n_mentions)::bigint as n_mentions,
    from combined
    group by all
    having sum(n_mentions) > 0
)

select * from final
order by entity_id, entity_name, text
