/** Record ids are UUIDs in their canonical 8-4-4-4-12 hexadecimal form (what PostgreSQL's uuid prints). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}
