-- entities: one row per entity id of the live mentions, as the corpus-level merge reads it: its
-- label, its most frequent name (longer first on ties), every form it was written in, and the
-- number of documents that mention it.
-- grain: one row per entity_id. inputs: entity_forms, entity_docs.
with

names as (
    select
        entity_id,
        entity_name,
        sum(n_mentions) as n,
    from entity_forms
    group by all
),

best_name as (
    select
        entity_id,
        entity_name as name,
    from names
    qualify row_number() over (
        partition by entity_id order by n desc, length(entity_name) desc, entity_name
    ) = 1
),

labels as (
    select
        entity_id,
        arg_max(label, n_label) as label,
    from (select entity_id, label, sum(n_mentions) as n_label from entity_forms group by all)
    group by entity_id
),

forms as (
    select
        entity_id,
        list(distinct text order by text) as aliases,
    from entity_forms
    group by entity_id
),

final as (
    select
        labels.entity_id,
        labels.label,
        best_name.name,
        forms.aliases,
        coalesce(entity_docs.n_documents, 0) as n_documents,
    from labels
    inner join best_name on best_name.entity_id = labels.entity_id
    inner join forms on forms.entity_id = labels.entity_id
    left join entity_docs on entity_docs.entity_id = labels.entity_id
)

select * from final
order by entity_id
