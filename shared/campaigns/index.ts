/** Campaigns as the owner weighs them: who a campaign reaches now, and what it brought (with a control group, what it caused). */
export { campaignAudience, type AudienceInput, type AudienceMember, type CampaignAudience } from './audience';
export { campaignResults, type CampaignResults, type GroupOutcome, type Interval, type Lift, type LiftVerdict, type ResultsInput } from './results';
export { money, resultsSentence } from './words';
