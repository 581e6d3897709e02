/** Statistics the product reports with: intervals for a proportion, a difference of proportions and of means. */
export { incompleteBeta, studentTCdf, studentTQuantile } from './student-t';
export { newcombeDifference, welchDifference, wilsonInterval, Z95, type Estimate } from './intervals';
