/**
 * The SDK's browser bundle (issue 11): esbuild bundles lib/sdk/index.ts for the browser, minified, and
 * this checks that no server module got in (the record registry, zod, the database, Node built-ins) and
 * prints its size. `npx tsx bench/sdk-size.ts` runs it alone; bench/run.ts may call `sdkBundleReport()`.
 */
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
/** Inputs that mean server code reached the bundle: any of the app's own modules outside lib/sdk, or a server package. */
const SERVER_MODULES = [/^lib\/(?!sdk\/)/, /^(db|app|components|scripts)\//, /node_modules\/(zod|kysely|pg|@electric-sql|next|next-auth|hono|@hono|nodemailer|pdf-lib)\//];

export interface SdkBundle {
  bytes: number;
  gzipBytes: number;
  inputs: string[];
  serverInputs: string[];
}

export async function bundleSdk(): Promise<SdkBundle> {
  const result = await build({
    entryPoints: [resolve(ROOT, 'lib/sdk/index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    alias: { '@': ROOT },
    absWorkingDir: ROOT,
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.keys(result.metafile.inputs);
  return {
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    inputs,
    serverInputs: inputs.filter((input) => SERVER_MODULES.some((pattern) => pattern.test(input))),
  };
}

/** One line for the bench report; throws when server code is in the bundle. */
export async function sdkBundleReport(): Promise<string> {
  const bundle = await bundleSdk();
  if (bundle.serverInputs.length > 0) throw new Error(`The SDK's browser bundle carries server modules: ${bundle.serverInputs.join(', ')}`);
  return `sdk browser bundle: ${(bundle.bytes / 1024).toFixed(1)} KiB minified, ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzipped, ${bundle.inputs.length} modules, no server code`;
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('sdk-size.ts')) {
  sdkBundleReport().then(
    (line) => console.log(line),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
