/**
 * The job handlers the server's runner loads before it starts polling (lib/jobs/runner.ts
 * `startJobRunner`). A module that registers handlers (`registerJobHandler`) is imported here, so the
 * runner knows every job name; a job whose name no instance has registered stays queued.
 */
import '@/lib/notifications/jobs';
import './sla-check';
import './access-expiry';
import './webhook-deliver';
import './maintenance';
