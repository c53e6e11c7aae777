import { health } from '~/lib/startup.server';
import { RETRY_AFTER_SECONDS } from '~/lib/http.server';

/**
 * For load balancers and people, within one second whatever the database does: 200 with the
 * database kind and the migration state when this process can serve pages; otherwise 503 saying
 * what is wrong (a pending migration, or `problem`: timeout, refused, reset, … with its `code`).
 */
export async function loader() {
  const h = await health();
  return Response.json(h, {
    status: h.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store', ...(h.ok ? {} : { 'Retry-After': String(RETRY_AFTER_SECONDS) }) },
  });
}
