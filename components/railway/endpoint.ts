/**
 * Where requests go. Railway's Cloudflare edge applies a strict ~10 requests/second limit (error 1015,
 * no rate-limit headers, blocks that can last much longer than a second) to `/graphql/v2` requests that
 * carry no query string (docs/railway-api-notes.md, "Endpoint and the source tag"), so every URL gets a `?source=` tag.
 */

export const RAILWAY_API_URL = "https://backboard.railway.com/graphql/v2";
export const SOURCE_TAG = "pulumi-railway-app";

/** The endpoint for `RAILWAY_API_URL` (the emulator, a proxy) or Railway's own, always with a query string. */
export function railwayEndpoint(env: Record<string, string | undefined> = process.env): string {
  const url = new URL(env.RAILWAY_API_URL?.trim() || RAILWAY_API_URL);
  if (!url.search) url.searchParams.set("source", SOURCE_TAG);
  return url.toString();
}
