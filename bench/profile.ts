/**
 * `npm run bench -- --profile`: where the server's CPU goes. The server runs with `--cpu-prof`; when the
 * run ends it writes a V8 CPU profile (open it in Chrome DevTools › Performance, or speedscope), and this
 * prints its self time by package and the functions with the most self time — enough to see what a request
 * costs beyond the floor's one query (token check, session read, routing, validation, serialisation).
 *
 *   npx tsx bench/profile.ts <file.cpuprofile>     (summarises a profile written earlier)
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: a package under node_modules, node's own code, the app's bundle, or V8. */
function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/dist/server.cjs')) return 'app (dist/server.cjs)';
  if (url.includes('/.next/')) return 'next (app bundle)';
  return url.replace(/^file:\/\//, '');
}

export function summariseProfile(file: string, top = 25): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  // Self time per node from the samples and their time deltas (hitCount alone ignores irregular intervals).
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + delta);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url, functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const key = `${functionName || '(anonymous)'}  ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  // Inclusive time of the app's own functions (each sample counted once per function on its stack): the
  // cost of a step of the request path with everything it calls (resolveCaller, verifyToken, listRecords…).
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = nodeById.get(at)!.callFrame;
      if (!url.includes('/dist/server.cjs') || !functionName) continue;
      const key = `${functionName}  :${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const idle = byPlace.get('(idle)') ?? 0;
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const rows = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .filter(([name]) => name !== '(idle)' && !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`)
      .join('\n');
  return [
    `CPU profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)} %); shares below are of the busy time.`,
    'Self time by place:',
    rows(byPlace, 20),
    `Functions with the most self time (top ${top}):`,
    rows(byFunction, top),
    `The app's functions by inclusive time (top ${top}):`,
    rows(inclusive, top),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) console.log(summariseProfile(file));
}
