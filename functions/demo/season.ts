/** How much more (or less) people buy in each month; December is the peak. */
export const SEASON = [0.8, 0.8, 0.9, 0.95, 0.85, 0.7, 0.7, 0.8, 1, 1.1, 1.3, 2.2] as const;

/** The busiest month's weight, which turns a month's weight into a chance. */
export const SEASON_PEAK = Math.max(...SEASON);
