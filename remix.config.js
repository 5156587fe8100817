// Remix options, shared with vite.config.ts (the Vite plugin is the only compiler we use:
// the classic `remix build` cannot read v3_routeConfig; see docs/decisions/0001-stack.md).

/** @type {import('@remix-run/dev').VitePluginConfig} */
const remixConfig = {
  appDirectory: "app",
  buildDirectory: "build",
  ignoredRouteFiles: ["**/*.css", "**/*.test.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    v3_routeConfig: true,
  },
};

export default remixConfig;
