/**
 * "12 months" for CLV, the one definition: 365.25 days (the mean calendar year). The CLI's default horizon, the
 * function's, the sheet's clv_12m, the monthly scoring steps (a twelfth of it) and the annual discount all use it.
 */
export const CLV_YEAR_DAYS = 365.25;
