import type { CellFault } from '../workbook';

// The problem shape every customer operation reports, in a file of its own: the card, the edits and the referral
// check all produce it, and the shared types below the card need it without importing any of them.

/** Why a request or a field was refused; user messages are rendered from it and never echo the value. */
export type ApiFault =
  | CellFault
  | 'invalid_input'
  | 'not_found'
  | 'no_selection'
  | 'not_a_phone'
  | 'out_of_range'
  | 'too_long'
  | 'unknown_field'
  | 'read_only'
  | 'conflict'
  | 'merged'
  | 'no_name'
  | 'phone_needs_country'
  | 'not_open'
  | 'not_a_complaint'
  | 'unconfirmed'
  | 'bad_time_zone';

/** One problem: where in the input (or row) it is, its code, and a message fit to show next to the field. */
export interface ApiIssue {
  /** Mirrors the input: ['changes', 'email'], ['profile', 'vat_number'], ['query']; [] for the whole request. */
  path: string[];
  code: ApiFault;
  message: string;
}
