// What an import column can become, and the header names each export uses for it (folded: "E-mail 1 - Value" → "email1value").
import { foldHeader } from '../workbook';

/**
 * Import targets: Customers fields, plus `full_name` (split into first and last), `street2` (joined to street),
 * `address` (one-line address, Mailchimp style) and `consent` (a marketing-consent column → email_consent).
 */
export const CUSTOMER_TARGETS = [
  'first_name', 'last_name', 'full_name', 'company', 'email', 'phone', 'street', 'street2', 'address', 'city', 'region',
  'postcode', 'country', 'birth_date', 'customer_since', 'notes', 'tags', 'consent', 'membership_no', 'account_manager',
  'industry', 'contact_type', 'category', 'referred_by',
] as const;

export type CustomerTarget = (typeof CUSTOMER_TARGETS)[number];

/** Targets that take every matching column in order (the first is the value, the rest are kept in notes). */
export const REPEATED: ReadonlySet<string> = new Set(['email', 'phone']);

/**
 * Header patterns per target, best first. A column is claimed by the first target whose pattern matches;
 * for a single-valued target the best-ranked matching column wins, so Outlook's Home Street beats Business Street.
 */
export const CUSTOMER_ALIASES: Readonly<Record<CustomerTarget, readonly RegExp[]>> = {
  first_name: [/^(first|given|fore)name$/, /^first$/, /^fname$/, /^billingfirstname$/, /^namefirst$/],
  last_name: [/^(last|family|sur)name$/, /^surname$/, /^last$/, /^lname$/, /^billinglastname$/, /^namelast$/],
  full_name: [/^(full|display|customer|contact|client)?name$/, /^billingname$/],
  company: [/^(company|organi[sz]ation1?|business|employer)(name)?$/, /^organi[sz]ation1name$/, /^defaultaddresscompany$/, /^billingcompany$/],
  email: [/^e?mail(address)?$/, /^e?mail\d+(value|address)?$/, /^billingemail$/, /^emailaddress\d*$/],
  phone: [
    /^(mobile|cell|cellphone)(phone)?(number)?$/, /^phone(number)?$/, /^phone\d+(value)?$/, /^tel(ephone)?(number)?$/, /^primaryphone$/,
    /^homephone\d*$/, /^businessphone\d*$/, /^otherphone$/, /^defaultaddressphone$/, /^billingphone$/, /^mobilephonenumber$/,
  ],
  street: [/^(street|streetaddress|address1street|addressline1|address1|homestreet|street1|streetaddress1|billingaddress1|defaultaddressaddress1)$/, /^businessstreet$/],
  street2: [/^(address2|addressline2|streetaddress2|street2|address1extendedaddress|billingaddress2|defaultaddressaddress2)$/],
  address: [/^address$/, /^(mailing|postal|full)address$/],
  city: [/^(city|town|suburb|locality|address1city|homecity|defaultaddresscity|billingcity)$/, /^businesscity$/],
  region: [/^(region|state|province|county|stateregion|address1region|homestate|provincecode|statecode|defaultaddressprovincecode|billingstate)$/, /^businessstate$/],
  postcode: [/^(postcode|postalcode|zip|zipcode|address1postalcode|homepostalcode|defaultaddresszip|billingpostcode)$/, /^businesspostalcode$/],
  country: [/^(country|countrycode|countryregion|address1country|homecountryregion|defaultaddresscountrycode|billingcountry)$/, /^businesscountryregion$/],
  birth_date: [/^(birthday|birthdate|dateofbirth|dob|born)$/],
  customer_since: [/^(customersince|membersince|since|joined|dateregistered|firstvisit|createdate|createdat|datecreated|signupdate)$/],
  notes: [/^(notes?|memo|comments?|remarks)$/],
  tags: [/^(tags|labels|groups|groupmembership|categories)$/],
  consent: [/^(acceptsemailmarketing|acceptsmarketing|emailsubscriptionstatus|emailmarketingconsent|marketingconsent|emailconsent|optin|emailoptin|subscribed|newsletter)$/],
  membership_no: [/^(membershipno|membershipnumber|membernumber|loyaltynumber|cardnumber)$/],
  account_manager: [/^(accountmanager|contactowner|salesrep|manager)$/],
  industry: [/^(industry|sector)$/],
  contact_type: [/^(contacttype)$/],
  category: [/^(category|customercategory)$/],
  referred_by: [/^(referredby|referredbyid|referrer|referrerid|referredbycustomerid)$/],
};

/** The folded form used for every header comparison. */
export const fold = foldHeader;
