import { BAD_TIME_ZONE_MESSAGE } from '../kernel';
import type { SendFault } from './mailer';

/** Why a greetings run stopped before sending everything due: a closed set, each with its policy in STOPS. */
export type StopCode =
  | 'not_the_sender'
  | 'bad_time_zone'
  | 'no_sender'
  | 'no_public_url'
  | 'no_unsubscribe_key'
  | 'quota'
  | 'deadline'
  | 'transport_down'
  | 'transport_refused';

/** What a stop means for whoever ran the run: the HTTP status, the CLI's exit code and the add-on's checkpoint follow it. */
export interface StopPolicy {
  /** Calling again soon may succeed (nothing is ever sent twice): the Scheduler's retry is worth it. */
  retry: boolean;
  /** Nothing can go until someone changes the Settings tab: bad input rather than bad luck. */
  settings: boolean;
  /** The run left due messages unsent for a reason that needs attention (not a cap, a clock or another sender). */
  problem: boolean;
  /** What happened and what to do, in words safe to show anyone (no address, name or key). */
  message: string;
}

/** The policy of every stop, decided here once for the CLI, the HTTP function, the add-on and the workbench. */
export const STOPS: Readonly<Record<StopCode, StopPolicy>> = {
  not_the_sender: { retry: false, settings: false, problem: false, message: 'Settings delivery names another sender for this document; this run sent nothing' },
  bad_time_zone: { retry: false, settings: true, problem: true, message: BAD_TIME_ZONE_MESSAGE },
  no_sender: { retry: false, settings: true, problem: true, message: 'Settings needs sender_email (or reply_to) to send from' },
  no_public_url: { retry: false, settings: true, problem: true, message: 'Settings needs public_url (the address unsubscribe links point to, such as the workbench\'s http://localhost:8080)' },
  no_unsubscribe_key: { retry: true, settings: false, problem: true, message: 'the key that signs unsubscribe links could not be read, so nothing was sent; the next run tries again' },
  quota: { retry: false, settings: false, problem: false, message: 'the daily sending quota is used up; the rest waits for the next run' },
  deadline: { retry: false, settings: false, problem: false, message: 'the run ran out of time; the rest waits for the next run' },
  transport_down: { retry: true, settings: false, problem: true, message: 'the mail transport is down or did not answer; what was not sent waits for the next run' },
  transport_refused: { retry: false, settings: false, problem: true, message: 'the mail transport refused this sender (login, TLS or authorisation); fix its configuration, then run again' },
};

/** True when calling again soon may succeed (a 5xx for the Scheduler); false for a finished or settings-bound run. */
export function retryable(code: StopCode | undefined): boolean {
  return code !== undefined && STOPS[code].retry;
}

/**
 * The stop a fault that every message would share ends the run with: a refusal that retrying cannot fix
 * (a bad login) is `transport_refused`; a server down, busy or silent is `transport_down`.
 */
export function transportStop(fault: SendFault): StopCode {
  return fault.fault === 'permanent' ? 'transport_refused' : 'transport_down';
}
