import { useLoaderData } from '@remix-run/react';
import { WorkspaceView } from '~/components/workspace-view';
import { constantWorkspace } from '~/bench/fixtures';

/**
 * Benchmark baseline: a county bureau's workspace (one unit, eleven lists, 39 items) from constant
 * data and no database, so /workspace ÷ this measures what reading the queues costs.
 */
export async function loader() {
  return constantWorkspace();
}

export default function WorkspaceBaseline() {
  const data = useLoaderData<typeof loader>();
  return <WorkspaceView {...data} />;
}
