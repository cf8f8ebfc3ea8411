/** What Express's router keeps of a route, read by shape: no public API answers which routes a path matches. */
interface RouteLayer {
  readonly route?: { readonly path?: unknown; readonly methods?: Readonly<Record<string, boolean>> };
  match?(path: string): boolean;
}

/**
 * The methods the api's routes take on `path` (`GET`, `POST`…, `HEAD` beside `GET`, `OPTIONS` always), read from
 * the Express application's endpoints; empty when no endpoint of the api (`/api/…`) has this path, so that a 404
 * stays a 404 (the api's endpoints have no wildcard; a wildcard route is a middleware's). Nothing else uses the router's layers between two requests: matching one here changes no routing.
 */
export function allowedMethods(app: unknown, path: string): string[] {
  const stack = (app as { router?: { stack?: unknown } } | null)?.router?.stack;
  if (!Array.isArray(stack) || !path.startsWith('/api/')) return [];
  const methods = new Set<string>();
  for (const layer of stack as RouteLayer[]) {
    const route = layer.route;
    if (!route?.methods || typeof route.path !== 'string' || !route.path.startsWith('/api/') || typeof layer.match !== 'function') continue;
    // A wildcard is a middleware's, not an endpoint's: Nest registers a middleware of every path (the request
    // logging's `{*path}`) as a route of every method, which would answer every path with every method.
    if (route.path.includes('*')) continue;
    if (!layer.match(path)) continue;
    for (const [method, on] of Object.entries(route.methods)) if (on && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}
