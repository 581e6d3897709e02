// The HTTP functions, the public face of functions/http: the function table our server and functions-framework
// serve, and the public pages behind signed mail links that the workbench mounts too. The deployed entry, which
// registers and serves them, is main.ts.
export { functionTable, registerFunctions, DATA_BODY } from './routes';
export { createFunctionsServer, type ServerOptions } from './server';
export { authConfigFromEnv, type AuthConfig } from './auth';
export { handleUnsubscribeRequest, unsubscribeFunction, type UnsubscribeRequest, type UnsubscribeResponse } from './unsubscribe';
export { handleSurveyRequest, surveyFunction, type SurveyDeps, type SurveyRequest, type SurveyResponse } from './survey';
export { handleConfirmRequest, confirmFunction, type ConfirmDeps, type ConfirmRequest, type ConfirmResponse } from './confirm';
export type { HttpFunction, ServedFunction } from './serve';
