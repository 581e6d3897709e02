import { createRequire } from 'node:module';
import path from 'node:path';

/** A middleware that leaves the request as it came: its body unread. */
const passThrough = (_req: unknown, _res: unknown, next: () => void): void => next();

/**
 * Makes functions-framework leave request bodies unread, so serve() reads each one itself after verifying the
 * caller, within its limits. The framework (v5, server.js) has no option for this: it installs body-parser's
 * json, text, urlencoded and raw parsers with a 1 GB limit, inflating gzip, before any function runs. It builds
 * them when its server is created, after our module is loaded, so replacing those four factories on the
 * body-parser module it requires turns them into pass-throughs. Call before the framework creates its server
 * (registerFunctions does); false when the framework or its body-parser cannot be found.
 */
export function leaveBodiesToServe(): boolean {
  try {
    const framework = createRequire(path.join(process.cwd(), 'index.js')).resolve('@google-cloud/functions-framework');
    const parsers = createRequire(framework)('body-parser') as Record<string, unknown>;
    for (const name of ['json', 'text', 'urlencoded', 'raw']) parsers[name] = () => passThrough;
    return true;
  } catch {
    return false;
  }
}
