/**
 * Build-time settings (README.md, "Deploying"): read when `next build` runs and baked into the
 * build, so they are set where the build happens (the Dockerfile, Vercel's build environment).
 *
 * - BASE_PATH: serve the console under a sub-path such as `/inspector` (Next.js's `basePath`).
 *   The browser's own fetches and Auth.js's routes need it too, so it is also written into every
 *   bundle as NEXT_PUBLIC_BASE_PATH (read by lib/base-path.ts alone).
 * - NEXT_OUTPUT=standalone: the self-contained server the container image runs. Left off
 *   otherwise: `next start` (npm start, npm run demo, the browser tests) warns that it does not
 *   support that output.
 * - NEXT_DIST_DIR: build somewhere other than `.next` (scripts/try-base-path.sh, so a trial build
 *   under a sub-path leaves the one the tests and the demo use alone); set it for `next start` too.
 */
export function buildSettings(env) {
  const problems = [];
  const basePath = (env.BASE_PATH ?? "").trim();
  // Path segments of plain characters, no trailing slash: the value is pasted into URLs, cookies' paths and the CSP.
  if (basePath !== "" && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    problems.push(`BASE_PATH must start with "/" and have no trailing slash, e.g. /inspector (got "${basePath}")`);
  }
  if (/(^|\/)\.\.?(\/|$)/.test(basePath)) problems.push(`BASE_PATH must not contain "." or ".." segments`);
  const output = (env.NEXT_OUTPUT ?? "").trim();
  if (output !== "" && output !== "standalone") {
    problems.push(`NEXT_OUTPUT must be "standalone" or unset (got "${output}")`);
  }
  const distDir = (env.NEXT_DIST_DIR ?? "").trim();
  if (distDir !== "" && (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(distDir) || /(^|\/)\.\.(\/|$)/.test(distDir))) {
    problems.push(`NEXT_DIST_DIR must be a relative path inside the project, e.g. .next/try (got "${distDir}")`);
  }
  if (problems.length) throw new Error(`Invalid build configuration:\n  - ${problems.join("\n  - ")}`);
  return { basePath, standalone: output === "standalone", distDir };
}

const { basePath, standalone, distDir } = buildSettings(process.env);

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  ...(basePath ? { basePath } : {}),
  ...(standalone ? { output: "standalone" } : {}),
  ...(distDir ? { distDir } : {}),
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  // Headers for every response; the per-request CSP (with its nonce) and HSTS are set in proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Peer and session ids in our URLs are nobody else's business.
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
