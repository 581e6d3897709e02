/** Printable cards: the membership card as a PDF. */
export { CARD_SIZE, membershipCardPdf, type CardPdf } from './membership-pdf';
