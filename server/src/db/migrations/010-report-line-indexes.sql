-- The weekly report groups each whole-week table by its line (department or station): read in the
-- primary key's week order, every row went through a temporary B-tree to be grouped (about 7 ms of
-- CPU for ten years of six offices). These covering indexes hold the rows in line order, then week:
-- a long period is read straight through in groups (no sort, no table lookups), a shorter one by
-- skip-scan on the week bounds, a week or two still by the primary key. The planner chooses from
-- sqlite_stat1: these tables are analysed when the server opens the database (open-sql-client.ts)
-- and every few hours after (sqlite-client.ts).

CREATE INDEX weekly_department_totals_line ON weekly_department_totals (department, week_start, documents, sheets, pages);
CREATE INDEX registered_weekly_totals_line ON registered_weekly_totals (department, week_start, documents, sheets);
CREATE INDEX weekly_station_totals_line ON weekly_station_totals (station_id, week_start, documents, sheets, pages);
