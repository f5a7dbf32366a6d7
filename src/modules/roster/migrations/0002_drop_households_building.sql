-- households (building_id) duplicates the leading column of UNIQUE (building_id, stairwell, room), which
-- serves every lookup by building as well; one index fewer to maintain per household a roster import adds.
DROP INDEX IF EXISTS households_building;
