import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Client } from './support';

/** Which server a post went to: the survivor, the one killed mid-burst, or that one restarted. */
export type ServerName = 'A (survivor)' | 'B (killed)' | 'B (restarted)';

export interface Post {
  server: ServerName;
  who: string;
  kind: 'pay' | 'award';
  /** The tranche paid or the project awarded. */
  target: string;
  /** Whether this person may do it (the payer of the contract, the purchaser of the project). */
  allowed: boolean;
  form: Record<string, string>;
  path: string;
  /** The HTTP status, or the network error when no answer came. */
  status?: number;
  error?: string;
  /** The server's X-Request-Id, which the audit row of a change carries. */
  requestId?: string;
}

/** Counts the posts in flight per server: a post is in flight from its send until its answer is read. */
export class Burst {
  readonly posts: Post[] = [];
  readonly inFlight = new Map<ServerName, number>();

  constructor(private readonly cookies: Record<string, string>) {}

  async send(base: string, post: Omit<Post, 'status' | 'error' | 'requestId'>): Promise<Post> {
    const p: Post = { ...post };
    this.posts.push(p);
    const client = new Client(base);
    client.cookie = this.cookies[p.who]!;
    this.inFlight.set(p.server, (this.inFlight.get(p.server) ?? 0) + 1);
    try {
      // A post that hangs is a failure to report, not a test timeout.
      const r = await client.post(p.path, p.form, { signal: AbortSignal.timeout(30_000) });
      await r.text();
      p.status = r.status;
      p.requestId = r.headers.get('x-request-id') ?? undefined;
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      p.error = cause?.code ?? cause?.message ?? (e as Error).name;
    } finally {
      this.inFlight.set(p.server, this.inFlight.get(p.server)! - 1);
    }
    return p;
  }

  /** Answers per status (or network error) per server, for the report and the assertions. */
  tally(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const p of this.posts) {
      const key = p.status !== undefined ? String(p.status) : `network error (${p.error})`;
      const row = (out[p.server] ??= {});
      row[key] = (row[key] ?? 0) + 1;
    }
    return out;
  }
}

/**
 * The client ports of a process's TCP connections to PostgreSQL (on dbPort), read from /proc: its
 * socket inodes, matched against the kernel's TCP table. pg_stat_activity.client_port names the
 * same connections, so the test can see which database sessions belong to which server process.
 */
export function postgresClientPorts(pid: number, dbPort: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // the descriptor closed while we listed them
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || !inodes.has(cols[9]!)) continue;
      const local = parseInt(cols[1]!.split(':')[1]!, 16);
      const remote = parseInt(cols[2]!.split(':')[1]!, 16);
      if (remote === dbPort) ports.add(local);
    }
  }
  return ports;
}
