-- inputs_in_one_place: an input is a source or a reject, never both.
-- grain: one row per input in both views (must be none). inputs: sources, rejects.
select source from sources
intersect
select source from rejects
