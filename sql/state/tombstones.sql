-- tombstones: the tombstones after a run: the previous ones, less those of documents shown again,
-- and those of the documents the run takes out of the views.
-- grain: one row per (doc_id, batch_id). inputs: tombstones, revived, dead.
with

kept as (
    select doc_id, batch_id from tombstones
    except
    select doc_id, batch_id from revived
),

final as (
    select doc_id, batch_id from kept
    union
    select doc_id, batch_id from dead
)

select * from final
order by doc_id, batch_id
