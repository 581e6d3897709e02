import { authConfigFromEnv, type AuthConfig } from './auth';
import { registerFunctions } from './routes';

// Entry of the deployed bundle; configuration comes from the environment (Secret Manager-backed variables).
let config: AuthConfig | undefined;
registerFunctions(() => (config ??= authConfigFromEnv(process.env)));
