import { STOPS, type Mailer, type RunReport } from '../../shared/greetings';
import { access } from 'node:fs/promises';
import { fileSendJournal, lockFile } from '../greetings';
import { mailerFor } from '../mail';
import { fileSecretStore, localSecretsFile, unsubscribeSigner } from '../secrets';
import { UsageError, type CliIO } from './command';
import type { SendArgs } from './send-args';

/** Why a sending command's run stopped, in the engine's words (with the transport's fault code), or undefined. */
export function stopMessage(report: RunReport): string | undefined {
  if (report.stopped === undefined) return undefined;
  const words = STOPS[report.stopped].message;
  return report.detail ? `${words} (${report.detail})` : words;
}

/**
 * The exit code of `greetings run` and `campaign send`, by the engine's stop policy: 2 when the Settings tab
 * must change before anything can go (bad input), 1 when a send failed, is uncertain or the run stopped on a
 * problem, 0 when the run completed (skips, caps and deferrals included).
 */
export function sendExitCode(report: RunReport): 0 | 1 | 2 {
  if (report.stopped !== undefined && STOPS[report.stopped].settings) return 2;
  return report.problem ? 1 : 0;
}

/** The mailer for --transport, made when the run has something to send; one that cannot be used is bad input (exit 2). */
export function transportMailer(spec: string, io: CliIO): () => Mailer {
  return () => {
    try {
      return mailerFor(spec, io.cwd);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  };
}

/**
 * What `greetings run` and `campaign send` give the engine alike: the transport, the workbook's own signing key and
 * send journal, and the CLI's sending rules (the owner's --approve, small record batches, retries with back-off).
 */
export function localSendOptions(args: SendArgs, io: CliIO) {
  return {
    date: args.date,
    mailer: transportMailer(args.transport, io),
    signer: () => unsubscribeSigner(fileSecretStore(localSecretsFile(args.workbook))),
    now: () => Date.now(),
    journal: fileSendJournal(args.workbook),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    retries: { tries: 3, backoffMs: 1000 },
    // Each record rewrites only the Outbox sheet; small batches keep what a crash can leave in doubt small.
    batchSize: 25,
    role: 'local' as const,
    exclusive: true,
    // The CLI runs as the owner: --approve is the owner's yes.
    approve: args.approve,
  };
}

/** The lines both sending commands end their report with: caps, the issues met on the way, and why the run stopped. */
export function reportFooter(report: RunReport): string[] {
  const lines: string[] = [];
  if (report.capped > 0) lines.push(`${report.capped} over the caps (Settings cap_per_campaign, cap_per_run) wait for the next run`);
  for (const issue of report.issues) lines.push(`warning: ${issue.campaign ? `campaign "${issue.campaign}"` : `Customers row ${issue.row}`}: ${issue.code.replace(/_/g, ' ')}`);
  const stop = stopMessage(report);
  if (stop) lines.push(`stopped: ${stop}`);
  return lines;
}

/**
 * Runs a sending command on a workbook it holds alone: refuses a missing file (exit 2), answers 1 when another run
 * holds the lock, and fails loudly should Node run out of work mid-send (a transport that never answered), which
 * would otherwise end with exit 0 and no word; rows being sent stay leased and the next run puts them up for review.
 */
export async function underSendLock(command: string, workbook: string, io: CliIO, send: () => Promise<number>): Promise<number> {
  await access(workbook).catch(() => {
    throw new UsageError(`cannot read ${workbook}: no such file`);
  });
  const lock = await lockFile(workbook);
  if ('heldBy' in lock) {
    io.stderr(`regulars ${command}: another run (pid ${lock.heldBy}) is using ${workbook}; nothing was sent\n`);
    return 1;
  }
  let finished = false;
  const onDrain = (): void => {
    if (finished) return;
    finished = true;
    io.stderr(`regulars ${command}: the run stopped before it finished (the transport never answered); messages being sent are left for review\n`);
    process.exitCode = 1;
  };
  process.once('beforeExit', onDrain);
  try {
    return await send();
  } finally {
    finished = true;
    process.removeListener('beforeExit', onDrain);
    await lock.release();
  }
}
