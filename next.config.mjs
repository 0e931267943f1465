/** @type {import('next').NextConfig} */
const nextConfig = {
  // Several checkouts' builds can live side by side (e.g. an e2e build beside a dev build).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled; pg-boss (the job
  // queue on PostgreSQL) is one process-wide instance shared with server.ts, so it is loaded, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pg-boss'],
  poweredByHeader: false,
  // The same 1 MB body limit as the API (lib/http/limits.ts, engine.md §2), counted while streaming.
  experimental: { serverActions: { bodySizeLimit: '1mb' } },
  typedRoutes: false,
  // `npm test` type-checks the whole project (tsc) before it builds for e2e; the build need not repeat it.
  typescript: { ignoreBuildErrors: process.env.OPSDESK_TYPES_CHECKED === '1' },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
        ],
      },
    ];
  },
};

export default nextConfig;
