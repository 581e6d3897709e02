/** Privacy: erasing a customer's personal data everywhere we keep it, keeping the fact of their opt-out. */
export { eraseCustomer, PERSONAL_FIELDS, type ErasureResult, type ErasureSummary } from './erase';
