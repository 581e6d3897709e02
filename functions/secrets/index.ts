// Where the functions and the CLI keep their secrets, the public face of functions/secrets: a file next to the
// workbook locally, Secret Manager when deployed, and the signers made from them.
export { hmacSigner, newSecret, secretOnFirstUse, unsubscribeSigner, UNSUBSCRIBE_SECRET, type SecretStore } from './secret-store';
export { fileSecretStore, localSecretsFile } from './file-secret-store';
export { createSecretManagerClient, secretManagerStore, type SecretManagerClient } from './secret-manager-store';
