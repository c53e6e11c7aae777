import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowsOf } from './migrate';

/**
 * Two database roles in production (ADR 013): the owner, which runs migrations and owns every table,
 * trigger and function; and the runtime role the app serves requests as. An owner can always disable
 * or drop a trigger, so the append-only triggers bind only a role that owns nothing: the runtime
 * role may SELECT and INSERT history, never UPDATE, DELETE or TRUNCATE it.
 */
export const HISTORY_TABLES = ['audit_events', 'ledger_accounts', 'ledger_transactions', 'ledger_entries'] as const;
/** The migrator's bookkeeping: the app reads it for /healthz and never writes it. */
const READ_ONLY_TABLES = ['app_migrations'] as const;
/**
 * The job queue's schema (pg-boss, app/lib/jobs.server.ts uses this name), created by the owner with the
 * migrations. The app's workers fetch, complete, retry and archive jobs and keep the cron's schedule:
 * DML on its tables, its sequences, its functions; never DDL (queues are created by the owner).
 */
export const JOB_SCHEMA = 'pgboss';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Grants the runtime role what it needs, idempotently, as the owner (after migrations, every start):
 * DML on ordinary tables, SELECT and INSERT on history, the sequences' nextval, and the same by
 * default for tables the owner creates later; DML on the job queue's schema once it is installed.
 * A later append-only table must be added to HISTORY_TABLES, or default privileges will let the app
 * UPDATE it.
 */
export async function grantRuntimeRole(db: Db, role: string): Promise<void> {
  const r = quoteIdent(role);
  const [me] = rowsOf<{ me: string; exists: boolean; superuser: boolean | null }>(
    await db.execute(
      sql`SELECT current_user AS me, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${role}) AS exists, (SELECT rolsuper FROM pg_roles WHERE rolname = ${role}) AS superuser`,
    ),
  );
  if (!me!.exists) throw new Error(`the runtime role ${role} does not exist: create it first (README, "Production")`);
  if (me!.me === role) throw new Error(`the runtime role ${role} is the role running migrations: the app must run under a role that owns nothing`);
  if (me!.superuser) throw new Error(`the runtime role ${role} is a superuser: no trigger or privilege binds it`);
  const history = HISTORY_TABLES.join(', ');
  await db.transaction(async (tx) => {
    for (const statement of [
      `GRANT USAGE ON SCHEMA public TO ${r}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
      `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${r}`,
      `REVOKE UPDATE, DELETE ON ${history} FROM ${r}`,
      `REVOKE INSERT, UPDATE, DELETE ON ${READ_ONLY_TABLES.join(', ')} FROM ${r}`,
      // USAGE allows nextval (inserts, and the audit id taken before its MAC); not setval.
      `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${r}`,
      `GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO ${r}`,
    ]) {
      await tx.execute(sql.raw(statement));
    }
    const [jobs] = rowsOf<{ installed: boolean }>(await tx.execute(sql`SELECT to_regnamespace(${JOB_SCHEMA}) IS NOT NULL AS installed`));
    if (!jobs!.installed) return;
    const q = quoteIdent(JOB_SCHEMA);
    for (const statement of [
      `GRANT USAGE ON SCHEMA ${q} TO ${r}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${q} TO ${r}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${q} TO ${r}`,
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${q} TO ${r}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${q} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${q} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${q} GRANT EXECUTE ON FUNCTIONS TO ${r}`,
    ]) {
      await tx.execute(sql.raw(statement));
    }
  });
}

export interface RoleExposure {
  role: string;
  superuser: boolean;
  /** History tables the role owns, or may UPDATE, DELETE or TRUNCATE. */
  writable: string[];
}

/** What the connected role could do to history: nothing, in a production set-up. */
export async function roleExposure(db: Db): Promise<RoleExposure> {
  const rows = rowsOf<{ role: string; superuser: boolean; tbl: string | null }>(
    await db.execute(sql`
      SELECT current_user AS role, r.rolsuper AS superuser, t.name AS tbl
      FROM pg_roles r
      LEFT JOIN LATERAL (
        SELECT c.relname AS name FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname = ANY(${sql.raw(`ARRAY[${HISTORY_TABLES.map((t) => `'${t}'`).join(',')}]`)})
          AND (pg_has_role(current_user, c.relowner, 'USAGE')
            OR has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE'))
      ) t ON true
      WHERE r.rolname = current_user`),
  );
  return {
    role: rows[0]!.role,
    superuser: rows[0]!.superuser,
    writable: rows
      .map((x) => x.tbl)
      .filter((x): x is string => !!x)
      .sort(),
  };
}
