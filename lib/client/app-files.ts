// Whether an app has files to update: not when its install failed while fetching them (a wrong URL or path, no
// network), which leaves it a name and a source but no folder.
import type { AppDetail } from '@/lib/shared/app';

export function filesNeverArrived(app: AppDetail): boolean {
  return (
    app.state === 'install-failed' &&
    app.runs.find((r) => r.runId === app.error?.runId)?.script === 'fetch'
  );
}
