-- overview: what the warehouse holds: documents, dated documents and their span, rows of each view.
-- grain: one row. inputs: documents, sentences, mentions, entities, statements, speakers, sources, rejects.
select
    (select count(*) from documents) as documents,
    (select count(*) from documents where published is not null) as dated_documents,
    (select min(published) from documents) as first_published,
    (select max(published) from documents) as last_published,
    (select count(*) from sentences) as sentences,
    (select count(*) from mentions) as mentions,
    (select count(*) from entities) as entities,
    (select count(*) from statements) as statements,
    (select count(*) from speakers) as speakers,
    (select count(*) from sources) as inputs,
    (select count(*) from rejects) as rejected_inputs
