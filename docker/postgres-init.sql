-- Run once by the postgres image on first start (docker-entrypoint-initdb.d),
-- through psql as the superuser, so psql meta-commands work here.
-- Creates the two roles of the application and its database:
--   nmrf_owner  owns the database and the schema; migrations connect as it.
--   nmrf_app    the application at run time: no special attributes, owns nothing.
-- Idempotent, so it can also be run by hand against an existing server.

\set ON_ERROR_STOP on

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nmrf_owner') THEN
		CREATE ROLE nmrf_owner LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'nmrf_owner';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nmrf_app') THEN
		CREATE ROLE nmrf_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD 'nmrf_app';
	END IF;
END
$$;

ALTER ROLE nmrf_owner LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'nmrf_owner';
ALTER ROLE nmrf_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD 'nmrf_app';

SELECT 'CREATE DATABASE nmrf OWNER nmrf_owner ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'nmrf')
\gexec

ALTER DATABASE nmrf OWNER TO nmrf_owner;

\connect nmrf

ALTER SCHEMA public OWNER TO nmrf_owner;
GRANT CREATE ON SCHEMA public TO nmrf_owner;
