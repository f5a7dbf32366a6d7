/**
 * A unique violation (SQLSTATE 23505), on both databases; with `table`, only one raised by that table's
 * constraints (PostgreSQL names them `<table>_…`, and reports the table).
 */
export function isUniqueViolation(error: unknown, table?: string): boolean {
  const e = error as { code?: unknown; table?: unknown; constraint?: unknown } | null;
  if (e?.code !== '23505') return false;
  if (table === undefined) return true;
  return e.table === table || (typeof e.constraint === 'string' && e.constraint.startsWith(`${table}_`));
}

/** A foreign key violation (SQLSTATE 23503), on both databases. */
export function isForeignKeyViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23503';
}
