import type { Campaign, LoyaltyTier, ProfileField } from '../../shared/workbook';

/** The demo business: a bike shop with a workshop, selling to riders, companies, clubs and other shops. */
export const DEMO_SETTINGS: Readonly<Record<string, string | number>> = {
  business_name: 'Fynbos Cycles',
  country: 'ZA',
  time_zone: 'Africa/Johannesburg',
  currency: 'ZAR',
  sender_name: 'Fynbos Cycles',
  sender_email: 'hello@fynboscycles.example',
  reply_to: 'service@fynboscycles.example',
  delivery: 'addon',
  margin_pct: 32,
  discount_rate: 0.12,
  complaint_days: 14,
  cool_down_days: 7,
  date_order: 'dmy',
  business_phone: '+27 21 555 0142',
  business_address: '12 Bree Street, Cape Town, 8001',
  website: 'https://fynboscycles.example',
};

type NewCampaign = Omit<Campaign, 'id' | 'send_date' | 'survey_scale' | 'holdout_pct'>;

const SIGN_OFF = '\n\nRide safe,\n{{sender_name}}';

/** The default automated messages, one per trigger (holidays: a few South African public holidays). */
export const DEMO_CAMPAIGNS: readonly NewCampaign[] = [
  { name: 'Welcome', trigger: 'welcome', offset_days: 0, segment: '', subject: 'Welcome to {{business_name}}, {{first_name}}', body: `Hi {{first_name}},\n\nThank you for choosing {{business_name}}. Your first workshop check-up is on us — just bring your bike in.${SIGN_OFF}`, active: true, send_hour: 9 },
  { name: 'Thank you', trigger: 'thank_you', offset_days: 1, segment: '', subject: 'Thank you for your purchase, {{first_name}}', body: `Hi {{first_name}},\n\nThank you for shopping with us. If anything about your purchase is not right, reply to this e-mail and we will sort it out.${SIGN_OFF}`, active: true, send_hour: 10 },
  { name: 'Birthday', trigger: 'birthday', offset_days: 0, segment: '', subject: 'Happy birthday, {{first_name}}!', body: `Hi {{first_name}},\n\nHappy birthday from all of us! Show this e-mail in store this month for 15% off any accessory.${SIGN_OFF}`, active: true, send_hour: 8 },
  { name: 'Anniversary', trigger: 'anniversary', offset_days: 0, segment: '', subject: 'Another year of riding together', body: `Hi {{first_name}},\n\nYou have been riding with us since {{customer_since}}. Thank you — a free chain clean is waiting for you.${SIGN_OFF}`, active: true, send_hour: 9 },
  { name: 'Christmas', trigger: 'holiday:christmas_day', offset_days: -3, segment: '', subject: 'Season’s greetings from {{business_name}}', body: `Hi {{first_name}},\n\nThank you for a great year on the road and the trails. We are open until noon on 24 December.${SIGN_OFF}`, active: true, send_hour: 9 },
  { name: 'Heritage Day', trigger: 'holiday:heritage_day', offset_days: -2, segment: '', subject: 'Braai, ride, repeat', body: `Hi {{first_name}},\n\nHeritage Day is coming: join our community ride on the morning of the 24th.${SIGN_OFF}`, active: false, send_hour: 9 },
  { name: 'New Year', trigger: 'holiday:new_years_day', offset_days: 0, segment: '', subject: 'Happy New Year, {{first_name}}', body: `Hi {{first_name}},\n\nHere is to many good rides this year.${SIGN_OFF}`, active: true, send_hour: 10 },
  { name: 'How did we do?', trigger: 'survey_after_purchase', offset_days: 7, segment: '', subject: 'How did we do, {{first_name}}?', body: `Hi {{first_name}},\n\nOn a scale of 0 to 10, how likely are you to recommend us to a friend? Pick a number below.${SIGN_OFF}`, active: true, send_hour: 11 },
  { name: 'Workshop reminder', trigger: 'appointment_reminder', offset_days: -1, segment: '', subject: 'Your workshop booking tomorrow', body: `Hi {{first_name}},\n\nA reminder that your bike is booked in with us tomorrow. Reply if you need to move it.${SIGN_OFF}`, active: true, send_hour: 8 },
  { name: 'We miss you', trigger: 'win_back', offset_days: 0, segment: '', subject: 'We miss you, {{first_name}}', body: `Hi {{first_name}},\n\nIt has been a while. Bring your bike in for a free safety check this month.${SIGN_OFF}`, active: true, send_hour: 10 },
  { name: 'Tier upgrade', trigger: 'tier_upgrade', offset_days: 0, segment: '', subject: 'You are now {{membership_tier}}', body: `Hi {{first_name}},\n\nThank you for your loyalty: you are now a {{tier}} member (card {{membership_no}}), with {{discount_pct}} % off every visit.${SIGN_OFF}`, active: true, send_hour: 9 },
  // Off until the owner switches them on: examples of a Profile date (30 days before a company's contract renewal) and a referral's thanks.
  { name: 'Contract renewal', trigger: 'profile:contract_renewal', offset_days: -30, segment: '', subject: 'Your service contract renews on {{profile_date}}', body: `Hi {{first_name}},\n\nYour service contract with {{business_name}} renews on {{profile_date}}. Reply to this mail if anything should change.${SIGN_OFF}`, active: false, send_hour: 9 },
  { name: 'Referral thanks', trigger: 'referral_thanks', offset_days: 0, segment: '', subject: 'Thank you for sending {{referred_first_name}} our way', body: `Hi {{first_name}},\n\n{{referred_first_name}} came to us on your word and bought from us today. Thank you!${SIGN_OFF}`, active: false, send_hour: 9 },
];

/** Loyalty tiers by the last 12 months' spend (ZAR) and orders; a customer needs both minimums. */
export const DEMO_LOYALTY: readonly Omit<LoyaltyTier, 'id'>[] = [
  { tier: 'Bronze', min_spend_12m: 0, min_orders_12m: 1, discount_pct: 0, perks: 'Birthday discount' },
  { tier: 'Silver', min_spend_12m: 3000, min_orders_12m: 2, discount_pct: 5, perks: 'Free annual safety check' },
  { tier: 'Gold', min_spend_12m: 8000, min_orders_12m: 4, discount_pct: 10, perks: 'Free services; priority workshop bookings' },
  { tier: 'Platinum', min_spend_12m: 20000, min_orders_12m: 6, discount_pct: 15, perks: 'Free services; demo bikes; invitations to launch rides' },
];

/** Extra profile fields, some for every category and some only for companies or shops. */
export const DEMO_PROFILE_FIELDS: readonly Omit<ProfileField, 'id'>[] = [
  { field: 'preferred_contact', type: 'choice', choices: 'email, phone, sms, whatsapp', required: false, categories: 'individual' },
  { field: 'riding_style', type: 'choice', choices: 'road, mountain, gravel, commuter, e-bike', required: false, categories: 'individual' },
  { field: 'frame_size', type: 'choice', choices: 'XS, S, M, L, XL', required: false, categories: 'individual' },
  { field: 'language', type: 'choice', choices: 'English, Afrikaans, isiZulu, isiXhosa, Sesotho', required: false, categories: '' },
  { field: 'vat_number', type: 'text', choices: '', required: true, categories: 'corporate, reseller' },
  { field: 'registration_no', type: 'text', choices: '', required: false, categories: 'corporate, reseller' },
  { field: 'company_size', type: 'choice', choices: '1-9, 10-49, 50-249, 250+', required: false, categories: 'corporate, government, non-profit' },
  { field: 'fleet_size', type: 'number', choices: '', required: false, categories: 'corporate, government, non-profit' },
  { field: 'purchase_order_required', type: 'yes/no', choices: '', required: false, categories: 'corporate, government' },
  { field: 'contract_renewal', type: 'date', choices: '', required: false, categories: 'corporate, government' },
  { field: 'reseller_discount_pct', type: 'number', choices: '', required: false, categories: 'reseller' },
];
