-- Version 11 on PostgreSQL: nothing to change. SQLite's version 11 (migrations/011-report-line-order.sql)
-- replaces its version 10 indexes by storing the report's whole-week tables in line-then-week order;
-- PostgreSQL's tables are heaps (no order to turn round) and kept their plan at version 10 (see its
-- note). The version exists so both engines stay at the same numbers.
SELECT 1;
