/** The CLI's engines refuse a refund exceeding its day with the core's one sentence. */
export { refundRefusal } from '../../../shared/clv';
