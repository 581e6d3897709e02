import { FREE_MAIL, NAME_GROUPS } from './names';
import { asciiSlug, drawBirthDate, drawFirst, drawLandline, drawMobile, drawPerson, drawPlace, type DrawContext, type Person } from './people';
import { dayNumber } from '../../shared/kernel';

/** Kinds of rows that look alike but belong to different people. */
export type TrapKind = 'twins' | 'father_and_son' | 'shared_mailbox' | 'shared_landline' | 'namesakes';

/** A group of look-alike people, as indices into the returned list. */
export interface TrapGroup {
  kind: TrapKind;
  members: number[];
}

/**
 * About `budget` people in groups that a careless dedupe would merge: twins, a father and son of the same
 * name at one address, families sharing a mailbox or a landline, and namesakes in other towns.
 */
export function drawTraps(ctx: DrawContext, budget: number): { people: Person[]; groups: TrapGroup[] } {
  const { rng, today } = ctx;
  const people: Person[] = [];
  const groups: TrapGroup[] = [];
  const add = (kind: TrapKind, members: Person[]) => {
    groups.push({ kind, members: members.map((p) => people.push(p) - 1) });
  };
  const count = (share: number, size: number) => Math.max(budget >= 10 ? 1 : 0, Math.round((budget * share) / size));
  const individual = { contactType: 'customer', category: 'individual' } as const;

  for (let i = 0; i < count(0.18, 2); i++) {
    const base = drawPerson(ctx, { ...individual, birthDate: drawBirthDate(rng, today, 18, 45) });
    const sex = rng.chance(0.5) ? base.sex : base.sex === 'male' ? 'female' : 'male';
    const names = NAME_GROUPS[base.group][sex].filter((n) => n !== base.first);
    // Twins are often given names that start alike (Anri and Annelie), the hardest case.
    const alike = names.filter((n) => n[0] === base.first[0]);
    const first = rng.pick(alike.length > 0 && rng.chance(0.6) ? alike : names);
    const twin = drawPerson(ctx, { ...individual, place: base.place, group: base.group, sex, first, last: base.last, street: base.street, birthDate: base.birthDate, since: base.since + rng.int(0, 30) });
    add('twins', [base, twin]);
  }
  for (let i = 0; i < count(0.14, 2); i++) {
    const father = drawPerson(ctx, { ...individual, sex: 'male', birthDate: drawBirthDate(rng, today, 52, 78) });
    const gap = rng.int(22, 34);
    const sonBirth = `${Number(father.birthDate.slice(0, 4)) + gap}${drawBirthDate(rng, today).slice(4)}`;
    const home = rng.chance(0.5) ? drawLandline(rng, father.place) : father.phone;
    const son = drawPerson(ctx, { ...individual, sex: 'male', place: father.place, group: father.group, first: father.first, last: father.last, street: father.street, birthDate: validOr(sonBirth), phone: drawMobile(rng) });
    father.phone = home;
    add('father_and_son', [father, son]);
  }
  for (let made = 0, n = count(0.3, 3); made < n; made++) {
    const place = drawPlace(rng);
    const parent = drawPerson(ctx, { ...individual, place, birthDate: drawBirthDate(rng, today, 38, 60) });
    const mailbox = rng.chance(0.5) ? parent.email || familyMailbox(ctx, parent.last) : familyMailbox(ctx, parent.last);
    parent.email = mailbox;
    if (parent.consent === 'no') parent.consent = 'yes';
    const family = [parent];
    const size = rng.int(2, 4);
    for (let k = 1; k < size; k++) {
      const sex = rng.chance(0.5) ? 'male' : 'female';
      const taken = new Set(family.map((p) => p.first));
      const first = rng.pick(NAME_GROUPS[parent.group][sex].filter((f) => !taken.has(f)));
      const partner = k === 1 && rng.chance(0.6);
      family.push(drawPerson(ctx, { ...individual, place, group: parent.group, sex, first, last: parent.last, street: parent.street, email: mailbox, consent: 'yes', birthDate: drawBirthDate(rng, today, partner ? 38 : 18, partner ? 60 : 26), phone: rng.chance(0.7) ? drawMobile(rng) : '' }));
    }
    add('shared_mailbox', family);
  }
  for (let i = 0; i < count(0.16, 2); i++) {
    const a = drawPerson(ctx, individual);
    a.phone = drawLandline(rng, a.place);
    const sex = a.sex === 'male' ? 'female' : 'male';
    const b = drawPerson(ctx, { ...individual, place: a.place, group: a.group, sex, first: drawFirst(rng, a.group, sex), last: a.last, street: a.street, phone: a.phone });
    add('shared_landline', [a, b]);
  }
  for (let i = 0; i < count(0.22, 2); i++) {
    const a = drawPerson(ctx, individual);
    let place = drawPlace(rng);
    while (place.city === a.place.city) place = drawPlace(rng);
    const b = drawPerson(ctx, { ...individual, place, group: a.group, sex: a.sex, first: a.first, last: a.last });
    add('namesakes', [a, b]);
  }
  return { people, groups };
}

function familyMailbox(ctx: DrawContext, last: string): string {
  let email = `the${asciiSlug(last)}s@${ctx.rng.pick(FREE_MAIL)}`;
  while (ctx.emails.has(email)) email = `the${asciiSlug(last)}s${ctx.rng.int(1, 99)}@${ctx.rng.pick(FREE_MAIL)}`;
  ctx.emails.add(email);
  return email;
}

/** The date, or the 28th of its month when the day does not exist in that year (a 29 February). */
function validOr(iso: string): string {
  return dayNumber(iso) !== undefined ? iso : `${iso.slice(0, 8)}28`;
}
