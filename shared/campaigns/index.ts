/** Campaigns as the owner weighs them: what a campaign brought and, with a control group, what it caused (who it reaches now: greetings' campaignAudience). */
export { campaignResults, type CampaignResults, type GroupOutcome, type Interval, type Lift, type LiftVerdict, type ResultsInput } from './results';
export { money, resultsSentence } from './words';
