import { type RouteConfig, index, route } from "@remix-run/route-config";

// The route table (v3_routeConfig). Paths are English; pages are Vietnamese-first.
export default [
  index("routes/home.tsx"),
  route("procedures", "routes/procedures.tsx"),
  route("procedures/:code", "routes/procedures.$code.tsx"),
  route("procedures/:code/templates/:sha256", "routes/procedures.$code.templates.$sha256.ts"),
  route("dossiers/new/:code", "routes/dossiers.new.$code.tsx"),
  route("dossiers/track", "routes/dossiers.track.tsx"),
  route("feedback", "routes/feedback.tsx"),
  route("statistics", "routes/statistics.tsx"),
  route("sign-in", "routes/sign-in.tsx"),
  route("agencies", "routes/agencies.tsx"),
  route("accessibility", "routes/accessibility.tsx"),
  route("privacy", "routes/privacy.tsx"),
  route("ui", "routes/ui.tsx"),
  route("language", "routes/language.ts"),
  route("healthz", "routes/healthz.ts"),
  route("*", "routes/$.tsx"),
] satisfies RouteConfig;
