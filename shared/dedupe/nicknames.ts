// Common English/Afrikaans nicknames and spelling variants mapped to one canonical given name.
import { lazy } from '../kernel';

const GROUPS: readonly string[] = [
  'william bill billy will willy liam wim willem',
  'robert bob bobby rob robbie bert',
  'richard dick rick ricky rich richie',
  'james jim jimmy jamie',
  'john jack johnny jon johan johannes jan hannes',
  'jonathan jonny',
  'joseph joe joey jos',
  'thomas tom tommy',
  'michael mike mick mickey mikey',
  'charles charlie chuck chas',
  'edward ed eddie ted teddy ned',
  'henry harry hank hendrik henk',
  'andrew andy drew',
  'anthony tony',
  'christopher chris kit',
  'daniel dan danny',
  'david dave davy',
  'matthew matt',
  'nicholas nick nicky nico',
  'patrick pat paddy',
  'peter pete piet pieter',
  'samuel sam sammy',
  'stephen steve steven stevie stefan',
  'timothy tim timmy',
  'benjamin ben benny',
  'alexander alex alec sandy',
  'frederick fred freddie frederik fredrik',
  'gerald gerry jerry',
  'lawrence larry laurence',
  'leonard leo len lenny',
  'nathaniel nathan nate',
  'raymond ray',
  'ronald ron ronnie',
  'donald don donnie',
  'douglas doug',
  'gregory greg',
  'kenneth ken kenny',
  'philip phil phillip',
  'walter walt wally',
  'zachary zach zack',
  'jacob jake jaco jacobus koos',
  'gerrit gert gerhardus',
  'cornelius neels cornelis',
  'elizabeth liz lizzie beth betty eliza elsa elise lisa',
  'margaret maggie meg peggy marge greta margie',
  'katherine kate kathy katie catherine kathryn cathy kat',
  'jennifer jen jenny',
  'patricia patty trish tricia',
  'susan sue susie suzanne',
  'deborah deb debbie debra',
  'rebecca becky becca',
  'victoria vicky tori',
  'christine chris christina kristina chrissy',
  'alexandra alex sandra lexi',
  'abigail abby',
  'dorothy dot dottie',
  'eleanor ellie nora',
  'helen helena nell',
  'jacqueline jackie',
  'josephine jo josie',
  'judith judy',
  'kimberly kim',
  'pamela pam',
  'samantha sam sammie',
  'theresa teresa terri tess',
  'valerie val',
  'anna anne ann annie hannah',
  'mary maria marie molly polly mariette',
  'sarah sara sally',
  'johanna hanna',
  'magdalena lena magda',
  'wilhelmina mina willemien',
  'sipho siphiwe',
  'thabo thabang',
  'nomvula vuvu',
  'thandiwe thandi',
  'nokuthula thuli',
];

/** Canonical given name for each variant (only names in some group are present), built on first use. */
export const nicknames = lazy((): ReadonlyMap<string, string> => {
  const map = new Map<string, string>();
  for (const group of GROUPS) {
    const [canonical, ...variants] = group.split(' ') as [string, ...string[]];
    if (!map.has(canonical)) map.set(canonical, canonical);
    for (const v of variants) if (!map.has(v)) map.set(v, canonical);
  }
  return map;
});

/** The canonical form of a cleaned given name (itself when it has no known variants). */
export function canonicalGivenName(name: string): string {
  return nicknames().get(name) ?? name;
}
