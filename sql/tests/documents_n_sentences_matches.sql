-- documents_n_sentences_matches: n_sentences is the number of the document's sentences.
-- grain: one row per mismatching document (must be none). inputs: documents, sentences.
with

counted as (
    select
        doc_id,
        count(*) as n,
    from sentences
    group by doc_id
),

final as (
    select documents.doc_id
    from documents
    left join counted on counted.doc_id = documents.doc_id
    where documents.n_sentences <> coalesce(counted.n, 0)
)

select * from final
