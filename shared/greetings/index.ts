/** Greetings: which messages are due (planner), what they say (templates), and sending each exactly once (runner). */
export * from './address';
export * from './dates';
export * from './template';
export * from './token';
export * from './mailer';
export * from './mime';
export * from './planner';
export * from './data';
export * from './compose';
export * from './outbox';
export * from './runner';
export * from './segments';
export * from './plan-input';
export * from './unsubscribe';
export * from './approval';
export * from './public-url';
export * from './labels';
