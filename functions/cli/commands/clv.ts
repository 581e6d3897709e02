import type { Command } from '../command';

/** Placeholder until the clv command lands; says so instead of pretending. */
export const run: Command = (_args, io) => {
  io.stderr('regulars clv: not built yet\n');
  return Promise.resolve(1);
};
