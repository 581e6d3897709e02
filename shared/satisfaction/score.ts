import type { Interaction } from '../workbook';

/** One survey answer: its score and the top of its scale (5 for a 1–5 rating, 10 for the 0–10 NPS question). */
export interface SurveyAnswer {
  score: number;
  max: 5 | 10;
}

/**
 * What a set of answers says, per scale: for 1–5 ratings the mean and the share satisfied (4 or 5, the usual
 * "top two boxes"); for 0–10 the Net Promoter Score, the share of promoters (9–10) minus the share of detractors
 * (0–6), in points from −100 to 100. Null where there is no answer on that scale.
 */
export interface ScoreSummary {
  answers: number;
  ratings: number;
  meanRating: number | null;
  satisfiedShare: number | null;
  npsAnswers: number;
  promoters: number;
  detractors: number;
  nps: number | null;
}

/** The survey answer an Interaction holds (kind survey with a score on its scale), else undefined. */
export function surveyAnswerOf(i: Pick<Interaction, 'kind' | 'score' | 'score_max'>): SurveyAnswer | undefined {
  if (i.kind !== 'survey' || i.score === undefined || !Number.isFinite(i.score)) return undefined;
  // A blank score_max is the 0–10 question: the demo and answers typed by hand leave it blank.
  const max = i.score_max === 5 ? 5 : 10;
  const low = max === 5 ? 1 : 0;
  if (i.score < low || i.score > max) return undefined;
  return { score: i.score, max };
}

/** Summarises answers on both scales (see ScoreSummary). */
export function summariseScores(answers: readonly SurveyAnswer[]): ScoreSummary {
  let ratings = 0;
  let ratingSum = 0;
  let satisfied = 0;
  let npsAnswers = 0;
  let promoters = 0;
  let detractors = 0;
  for (const a of answers) {
    if (a.max === 5) {
      ratings++;
      ratingSum += a.score;
      if (a.score >= 4) satisfied++;
    } else {
      npsAnswers++;
      if (a.score >= 9) promoters++;
      else if (a.score <= 6) detractors++;
    }
  }
  return {
    answers: answers.length,
    ratings,
    meanRating: ratings === 0 ? null : ratingSum / ratings,
    satisfiedShare: ratings === 0 ? null : satisfied / ratings,
    npsAnswers,
    promoters,
    detractors,
    nps: npsAnswers === 0 ? null : (100 * (promoters - detractors)) / npsAnswers,
  };
}
