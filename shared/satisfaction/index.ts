/** Satisfaction from survey answers: 1–5 ratings (mean, share satisfied) and the 0–10 Net Promoter Score, over time and by segment. */
export { summariseScores, surveyAnswerOf, type ScoreSummary, type SurveyAnswer } from './score';
export { satisfactionView, type SatisfactionInput, type SatisfactionView, type SegmentMembers } from './trend';
export { satisfactionSheetTables } from './sheet-block';
