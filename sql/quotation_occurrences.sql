-- quotation_occurrences: each statement that quotes words, with the quotation it belongs to
-- across the corpus and how it matched it.
-- grain: one row per direct or mixed statement with quoted words. key: statement_id.
-- inputs: statements (the view: speakers resolved), statements parquet (quote keys, computed when
-- the document was parsed), documents (publication dates), tombstones parquet.
-- Matching: statements with the same normalized words are one form. Two forms that share a
-- fingerprint match when the words of one are inside the other's (a trimmed part: any part of
-- seven words or more shares one), or when they share at least half the fingerprints of the one
-- with fewer, two at least (a word or two changed). Each form joins the longest form it matches,
-- and that form's own choice (two hops). Quotes under four words have no fingerprints: they group
-- on the same words only.
with

keyed as (
    select rows.statement_id, rows.quote_keys,
    from {{ source('statements') }} as rows
    anti join {{ source('tombstones') }} as dead
        on dead.doc_id = rows.doc_id
        and dead.batch_id = rows.batch_id
    where rows.quote_keys is not null
),

dated as (
    select doc_id, published, from {{ source('documents') }}
    anti join {{ source('tombstones') }} as dead using (doc_id, batch_id)
),

occurrences as (
    select
        statements.statement_id,
        statements.doc_id,
        statements.quote,
        statements.speaker_name,
        statements.speaker_entity_id,
        dated.published,
        keyed.quote_keys[1] as form_key,
        keyed.quote_keys[2:] as fingerprints,
        trim(regexp_replace(
            regexp_replace(lower(statements.quote), '\.\.\.|…', ' ', 'g'), '[^\pL\pN_]+', ' ', 'g'
        )) as words,
    from statements
    inner join keyed on keyed.statement_id = statements.statement_id
    left join (select distinct on (doc_id) doc_id, published from dated) as dated
        on dated.doc_id = statements.doc_id
),

-- One row per distinct normalized quote: what is matched.
forms as (
    select
        form_key,
        any_value(fingerprints) as fingerprints,
        len(any_value(fingerprints)) as n_fingerprints,
        any_value(words) as words,
        len(string_split(any_value(words), ' ')) as n_words,
        -- shown as the form first published (then the lowest statement id)
        arg_min(quote, (published is null, published, statement_id)) as text,
    from occurrences
    group by form_key
),

form_fingerprints as (
    select form_key, unnest(fingerprints) as fingerprint, n_fingerprints, from forms
),

shared as (
    select a.form_key as form_a, b.form_key as form_b, count(*) as n_shared,
    from form_fingerprints as a
    inner join form_fingerprints as b
        on a.fingerprint = b.fingerprint
        and a.form_key <> b.form_key
    group by all
),

links as (
    select shared.form_a, shared.form_b,
    from shared
    inner join forms as a on a.form_key = shared.form_a
    inner join forms as b on b.form_key = shared.form_b
    where contains(a.words, b.words)
        or contains(b.words, a.words)
        or (
            shared.n_shared * 2 >= least(a.n_fingerprints, b.n_fingerprints)
            and least(a.n_fingerprints, b.n_fingerprints) >= 2
        )
    union all
    select form_key, form_key, from forms
),

-- The longest form each form matches (then the earlier shown text, then the lower key).
choice as (
    select
        links.form_a,
        arg_max(links.form_b, (forms.n_words, forms.text, -forms.form_key)) as form_b,
    from links
    inner join forms on forms.form_key = links.form_b
    group by links.form_a
),

roots as (
    select first.form_a as form_key, second.form_b as root_key,
    from choice as first
    inner join choice as second on second.form_a = first.form_b
),

final as (
    select
        occurrences.statement_id,
        printf('%016x', roots.root_key) as quotation_id,
        occurrences.doc_id,
        occurrences.quote,
        occurrences.speaker_name,
        occurrences.speaker_entity_id,
        occurrences.published,
        case
            when occurrences.quote = root.text then 'exact'
            when occurrences.form_key = roots.root_key then 'normalised'
            when contains(root.words, occurrences.words) then 'contained'
            else 'near'
        end as match,
    from occurrences
    inner join roots on roots.form_key = occurrences.form_key
    inner join forms as root on root.form_key = roots.root_key
)

select * from final
