/** Loyalty: tiers from the last 12 months' spend and orders, frequent-buyer discounts, membership numbers. */
export { isUpgrade, loyaltyStandings, sortTiers, standingOf, tierFor, windowStart, type LoyaltyStanding } from './tiers';
export { discountedTotal, volumeDiscount, type DiscountStep } from './discounts';
export { allocateMembershipNumbers, isValidMembershipNumber, luhnDigit, MEMBERSHIP_COUNTER, membershipNumber } from './membership';
export { customersOnly, isCustomerContact } from './contacts';
export { MEMBERSHIP_RULES, planLoyalty, type LoyaltyChange, type LoyaltyInput, type LoyaltyPlan, type MembershipRule } from './assign';
export { loyaltyTemplateValues, nextTierGap, tierDiscount } from './template';
export { cardName, membershipCardOf, type MembershipCard } from './card';
export { readLadder, type LadderField, type LadderProblem, type LadderStep, type LadderStepInput } from './ladder';
export { recentUpgrades, tierCounts, type TierCounts, type TierUpgrade } from './overview';
