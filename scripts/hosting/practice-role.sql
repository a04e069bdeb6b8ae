-- One practice, one PostgreSQL role: the database enforces the isolation.
--
--   psql "postgresql://ADMIN@HOST/DB" -v practice=riverside -v admin=mend_admin \
--        -f scripts/hosting/practice-role.sql
--
-- Run as a role that may create roles (a cluster admin). It makes:
--   * the role `practice` (LOGIN; set its password, or certificate, apart:
--     \password riverside), which owns the schema `practice`, where mend keeps
--     that practice's tables (mend init --practice riverside as that role);
--   * the role's search_path: its own schema only, so that behind PgBouncer
--     in transaction mode (MEND_OPEN_TRANSACTION_POOLING, pooled per role)
--     every server connection it gets is already in its practice;
--   * no access for anyone else: the schema is revoked from PUBLIC, the role
--     may not create in public, and it gets no grant on any other practice,
--     so a connection made for this practice cannot read another's tables
--     even with raw SQL (permission denied for schema);
--   * the cluster admin (`admin`, which runs mend practice list and
--     mend practice migrate --all) a member of the role: mend migrates a
--     practice as its owner (SET LOCAL ROLE), so new tables stay the
--     practice's.
-- Names are a-z, 0-9 and _ (mend's rule for a practice), quoted by psql.
\set ON_ERROR_STOP on

SELECT :'practice' ~ '^[a-z][a-z0-9_]{0,62}$' AND :'practice' !~ '^pg_' AS ok \gset
\if :ok
\else
  \echo 'practice must be 1-63 characters of a-z, 0-9 and _, starting with a letter (not pg_)'
  \quit
\endif

CREATE ROLE :"practice" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
CREATE SCHEMA :"practice" AUTHORIZATION :"practice";
REVOKE ALL ON SCHEMA :"practice" FROM PUBLIC;
ALTER ROLE :"practice" SET search_path = :"practice";
-- PostgreSQL 15 already revokes CREATE on public from PUBLIC; older ones do not.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- The database: connect, nothing more (no temporary tables).
SELECT current_database() AS db \gset
REVOKE TEMPORARY ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"practice";
GRANT :"practice" TO :"admin";
