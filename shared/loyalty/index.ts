/** Loyalty: tiers from the last 12 months' spend and orders, frequent-buyer discounts, membership numbers. */
export { isUpgrade, loyaltyStandings, sortTiers, tierFor, type LoyaltyStanding } from './tiers';
export { discountedTotal, volumeDiscount, type DiscountStep } from './discounts';
export { isValidMembershipNumber, luhnDigit, membershipNumber } from './membership';
