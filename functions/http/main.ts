import { authConfigFromEnv, type AuthConfig } from './auth';
import { functionTable, registerFunctions } from './routes';
import { createFunctionsServer } from './server';

// Entry of the deployed bundle (dist/functions/index.js); configuration comes from the environment (Secret
// Manager-backed variables). index.ts is the folder's public face and runs nothing.
let config: AuthConfig | undefined;
const auth = (): AuthConfig => (config ??= authConfigFromEnv(process.env));
registerFunctions(auth);

// `node index.js --serve` runs our own server instead of functions-framework's (the container's command and
// `npm run functions`): every function at /NAME, or only FUNCTION_TARGET at every path when that is set.
if (process.argv.includes('--serve')) {
  const only = process.env.FUNCTION_TARGET?.trim() || undefined;
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? (process.env.K_SERVICE ? '0.0.0.0' : '127.0.0.1');
  createFunctionsServer(functionTable(auth), only ? { only } : {}).listen(port, host, () => {
    console.log(`regulars functions on http://${host}:${port}/ ${only ? `(${only} at every path)` : Object.keys(functionTable(auth)).map((n) => `/${n}`).join(' ')}`);
  });
}
