import { health } from '~/lib/startup.server';

/** For load balancers and people: the database kind and the migration state, as JSON. */
export async function loader() {
  try {
    const h = await health();
    return Response.json({ ok: h.migrations.pending.length === 0, ...h }, { status: h.migrations.pending.length ? 503 : 200 });
  } catch (e) {
    return Response.json({ ok: false, error: (e as Error).message }, { status: 503 });
  }
}
