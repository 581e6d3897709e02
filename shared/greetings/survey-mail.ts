import type { PlannedMessage } from './planned-message';
import { escapeHtml, type RenderedContent } from './template';
import type { Signer } from './token';
import { signSurveyToken, surveyScale, surveyScores, surveyUrl } from './survey-token';

/** One rating link of a survey mail: the score it answers and its signed URL. */
export interface SurveyLink {
  score: number;
  url: string;
}

/** The signed rating links of a survey message (one per score of the campaign's scale), pointing at base/survey. */
export function surveyLinks(message: PlannedMessage, signer: Signer, base: string): SurveyLink[] {
  const max = surveyScale(message.campaign.survey_scale);
  const claim = { campaign: message.campaign.name.trim(), customerId: message.customer.record.id.trim(), occasion: message.occasion, max, issued: message.plannedFor };
  return surveyScores(max).map((score) => ({ score, url: surveyUrl(base, signSurveyToken({ ...claim, score }, signer)) }));
}

/**
 * The rendered mail with its rating links added: a line of numbered links in the HTML part, placed above
 * the unsubscribe footer, and one `score: URL` line each in the text part. Each link only opens a page;
 * the answer is recorded when the recipient confirms it there (a POST), never by following the link.
 */
export function withSurveyLinks(content: RenderedContent, links: readonly SurveyLink[]): RenderedContent {
  if (links.length === 0) return content;
  const low = links[0]!.score;
  const high = links[links.length - 1]!.score;
  const intro = `Choose a score from ${low} (${high === 10 ? 'not at all likely' : 'poor'}) to ${high} (${high === 10 ? 'extremely likely' : 'excellent'}):`;
  const buttons = links
    .map((l) => `<a href="${escapeHtml(l.url)}" style="display:inline-block;min-width:1.6em;padding:.3em .5em;margin:2px;border:1px solid #888;border-radius:4px;text-align:center;text-decoration:none;color:#222">${l.score}</a>`)
    .join('');
  const block = `<p>${escapeHtml(intro)}</p>\n<p>${buttons}</p>\n`;
  const footer = content.html.lastIndexOf('<p style="font-size:12px');
  const at = footer >= 0 ? footer : content.html.lastIndexOf('</body>');
  const html = at >= 0 ? content.html.slice(0, at) + block + content.html.slice(at) : content.html + block;
  const lines = links.map((l) => `${l.score}: ${l.url}`).join('\n');
  const parts = content.text.split('\n\n--\n');
  const text = parts.length > 1 ? `${parts[0]}\n\n${intro}\n${lines}\n\n--\n${parts.slice(1).join('\n\n--\n')}` : `${content.text}\n\n${intro}\n${lines}\n`;
  return { ...content, html, text };
}
