import type { SecretStore } from './secret-store';

/** The Secret Manager v1 methods the store calls: a structural subset of googleapis' secretmanager_v1. */
export interface SecretManagerClient {
  projects: {
    secrets: {
      create(params: { parent: string; secretId: string; requestBody: { replication: { automatic: Record<string, never> } } }): Promise<unknown>;
      addVersion(params: { parent: string; requestBody: { payload: { data: string } } }): Promise<unknown>;
      versions: {
        access(params: { name: string }): Promise<{ data: { payload?: { data?: string | null } | null } }>;
      };
    };
  };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; status?: unknown; response?: { status?: unknown } };
  const code = e.response?.status ?? e.status ?? e.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Secrets in Google Secret Manager. The value is version 1 of the secret: two instances creating it at
 * the same moment may add two versions, but both then read version 1, so they sign alike.
 */
export function secretManagerStore(client: SecretManagerClient, project: string): SecretStore {
  const secretName = (name: string): string => `projects/${project}/secrets/${name}`;
  const read = async (name: string): Promise<string | undefined> => {
    try {
      const got = await client.projects.secrets.versions.access({ name: `${secretName(name)}/versions/1` });
      const data = got.data.payload?.data;
      return data ? Buffer.from(data, 'base64').toString('utf8') : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  };
  return {
    get: read,
    async create(name, value) {
      try {
        await client.projects.secrets.create({ parent: `projects/${project}`, secretId: name, requestBody: { replication: { automatic: {} } } });
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
      const existing = await read(name);
      if (existing !== undefined) return existing;
      await client.projects.secrets.addVersion({ parent: secretName(name), requestBody: { payload: { data: Buffer.from(value, 'utf8').toString('base64') } } });
      return (await read(name)) ?? value;
    },
  };
}

/** A Secret Manager client from the secretmanager sub-module of googleapis (Application Default Credentials). */
export async function createSecretManagerClient(): Promise<SecretManagerClient> {
  const { secretmanager } = await import('googleapis/build/src/apis/secretmanager');
  const { GoogleAuth } = await import('google-auth-library');
  const auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  // googleapis-common bundles its own google-auth-library, whose GoogleAuth type differs only nominally.
  return secretmanager({ version: 'v1', auth: auth as never });
}
